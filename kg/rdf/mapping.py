"""Claims -> RDF: one document's triples, as pyoxigraph terms and as N-Triples lines.

The only module that knows how claims become triples (kg.rdf.reverse reads them back). IRIs
are minted by kg.rdf.iris, so mapping the same claims twice gives the same triples.

What a document claims (commitments, events, evidence, which actors it mentions) goes into the
document's own named graph. What describes an actor (kind, name, aliases, Wikidata id, posts)
goes into the one shared actors graph, so that each such triple is stored once: Oxigraph's
union default graph is a bag, and the same label in a thousand document graphs would multiply
every join through it a thousandfold.

The mapper builds pyoxigraph terms, not rdflib ones: an rdflib Graph.add costs about 20 us a
triple and a typed rdflib Literal 10-15 us, against well under 1 us for pyoxigraph, and the
triples only ever go to the validator and, as text, to the store. rdflib graphs of a document
are still there, built on demand, for the tests and tools that want them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.claims.io import check_references
from kg.claims.model import Claims, Commitment, Event, Quantity
from kg.claims.vocabulary import ActorKind, AttendanceMode, CommitmentType, EventKind, Status
from kg.rdf import iris
from kg.rdf.actors import ActorDirectory, ResolvedActor
from kg.store.convert import OxTerm, OxTriple, ox_nt_lines, to_ntriples, to_rdflib_graph
from kg.terms import CK, ID, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

if TYPE_CHECKING:
    from kg.gazetteer import Gazetteer

KIND_CLASS: dict[ActorKind, URIRef] = {
    ActorKind.STATE: CK.State,
    ActorKind.PERSON: CK.Person,
    ActorKind.ORGANISATION: CK.Organisation,
    ActorKind.GROUP: CK.Group,
    ActorKind.MEDIA: CK.Media,
}
ACTOR_ROLES: dict[str, URIRef] = {
    "committer": CK.committer,
    "beneficiary": CK.beneficiary,
    "target": CK.target,
    "counterparty": CK.counterparty,
    "announced_by": CK.announcedBy,
    "proposed_by": CK.proposedBy,
}


ACTORS_GRAPH = ID["graph/actors"]
ONTOLOGY_GRAPH = ID["graph/ontology"]


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


# The terms the mapper writes, as pyoxigraph nodes built once (they are immutable). Each is
# spelt out from kg.terms, so the ontology test that every ck: term named in the code is declared
# covers these too.
class _RDF:
    type = _node(RDF.type)


class _RDFS:
    label = _node(RDFS.label)


class _SKOS:
    altLabel = _node(SKOS.altLabel)  # noqa: N815 - the vocabulary's own name


class _XSD:
    boolean = _node(XSD.boolean)
    date = _node(XSD.date)
    dateTime = _node(XSD.dateTime)  # noqa: N815
    decimal = _node(XSD.decimal)
    integer = _node(XSD.integer)


class _ORG:
    Post = _node(ORG.Post)
    holds = _node(ORG.holds)
    postIn = _node(ORG.postIn)  # noqa: N815


class _PROV:
    used = _node(PROV.used)
    value = _node(PROV.value)
    wasAssociatedWith = _node(PROV.wasAssociatedWith)  # noqa: N815
    wasDerivedFrom = _node(PROV.wasDerivedFrom)  # noqa: N815
    wasGeneratedBy = _node(PROV.wasGeneratedBy)  # noqa: N815
    wasQuotedFrom = _node(PROV.wasQuotedFrom)  # noqa: N815


class _SCHEMA:
    MonetaryAmount = _node(SCHEMA.MonetaryAmount)
    QuantitativeValue = _node(SCHEMA.QuantitativeValue)
    currency = _node(SCHEMA.currency)
    datePublished = _node(SCHEMA.datePublished)  # noqa: N815
    headline = _node(SCHEMA.headline)
    location = _node(SCHEMA.location)
    mentions = _node(SCHEMA.mentions)
    name = _node(SCHEMA.name)
    startDate = _node(SCHEMA.startDate)  # noqa: N815
    unitText = _node(SCHEMA.unitText)  # noqa: N815
    url = _node(SCHEMA.url)
    value = _node(SCHEMA.value)


class _CK:
    Commitment = _node(CK.Commitment)
    Curation = _node(CK.Curation)
    Event = _node(CK.Event)
    Evidence = _node(CK.Evidence)
    Extraction = _node(CK.Extraction)
    Extractor = _node(CK.Extractor)
    Participation = _node(CK.Participation)
    SourceDocument = _node(CK.SourceDocument)
    amount = _node(CK.amount)
    approximate = _node(CK.approximate)
    attendanceMode = _node(CK.attendanceMode)  # noqa: N815
    attributedTo = _node(CK.attributedTo)  # noqa: N815
    commitmentType = _node(CK.commitmentType)  # noqa: N815
    component = _node(CK.component)
    condition = _node(CK.condition)
    confidence = _node(CK.confidence)
    contentHash = _node(CK.contentHash)  # noqa: N815
    cue = _node(CK.cue)
    date = _node(CK.date)
    endOffset = _node(CK.endOffset)  # noqa: N815
    evidence = _node(CK.evidence)
    eventKind = _node(CK.eventKind)  # noqa: N815
    isoCode = _node(CK.isoCode)  # noqa: N815
    participant = _node(CK.participant)
    participation = _node(CK.participation)
    quantity = _node(CK.quantity)
    reportedBy = _node(CK.reportedBy)  # noqa: N815
    reviewed = _node(CK.reviewed)
    startOffset = _node(CK.startOffset)  # noqa: N815
    status = _node(CK.status)
    title = _node(CK.title)
    vagueValue = _node(CK.vagueValue)  # noqa: N815
    wikidata = _node(CK.wikidata)


_KIND_CLASS: dict[ActorKind, ox.NamedNode] = {kind: _node(cls) for kind, cls in KIND_CLASS.items()}
_ACTOR_ROLES: dict[str, ox.NamedNode] = {role: _node(p) for role, p in ACTOR_ROLES.items()}
# The closed vocabularies' values are SKOS concepts of the same local name in ck:.
_CONCEPTS: dict[str, ox.NamedNode] = {
    member.value: _node(CK[member.value])
    for vocabulary in (CommitmentType, Status, EventKind, AttendanceMode) for member in vocabulary
}


@dataclass(frozen=True)
class DocumentGraph:
    """A document's claims as RDF: every triple as pyoxigraph terms (what SHACL validates as one
    batch), and the same triples as N-Triples lines split into the document's named graph and
    the shared actor descriptions (what the store writes), with the content hash.

    `triples` holds each triple once: the document's and the actor descriptions never share a
    subject, and each part is deduplicated as it is built. The rdflib views (`everything`,
    `combined()`, `graph`, `actors`) are for tests and tools and are built only when asked for."""

    iri: URIRef
    triples: list[OxTriple]
    document_lines: list[str]
    actor_lines: list[str]
    content_hash: str
    source: str
    items: dict[str, str] = field(default_factory=dict)

    def item_of(self, iri: str) -> str | None:
        """The file's item ("commitments[2] (France, troop_deployment)") an IRI, or a node under it, comes from."""
        for prefix, label in self.items.items():
            if iri == prefix or iri.startswith(prefix + "/"):
                return label
        return None

    @cached_property
    def everything(self) -> Graph:
        """Claims, actor descriptions and content hash as one rdflib graph, built on first use
        (tests and tools; ingestion validates `triples` and writes the lines)."""
        return to_rdflib_graph(self.triples)

    def combined(self) -> Graph:
        """Claims and actor descriptions together (the same graph each call: callers may add and
        remove triples)."""
        return self.everything

    @property
    def graph(self) -> Graph:
        """The document's named graph alone, as an rdflib graph."""
        return _parse_lines(self.document_lines)

    @property
    def actors(self) -> Graph:
        """The actor descriptions alone, as an rdflib graph."""
        return _parse_lines(self.actor_lines)


def _parse_lines(lines: list[str]) -> Graph:
    graph = Graph()
    if lines:
        graph.parse(data="\n".join(lines), format="nt")
    return graph


# Literals, with the lexical forms the rdflib mapper wrote (stored lines and content hashes
# depend on them): rdflib writes a Decimal as f"{value:f}" and a bool as true/false.
def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _date(value: object) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD.date)


def _decimal(value: Decimal) -> ox.Literal:
    lexical = f"{value:f}" if isinstance(value, Decimal) else str(value)  # the model gives Decimals
    return ox.Literal(lexical, datatype=_XSD.decimal)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD.integer)


def _boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=_XSD.boolean)


class _Mapper:
    def __init__(self, claims: Claims, source: str, gazetteer: Gazetteer | None) -> None:
        self.claims = claims
        self.source = source
        self.directory = ActorDirectory(claims, gazetteer)
        # Each commitment's actors by role, asked of the model once (it builds a dict each time)
        self.references = [commitment.actor_references() for commitment in claims.commitments]
        known = self.directory.known_names()
        check_references(claims, source, known | self._gazetteer_names(gazetteer, known))
        # Dicts as ordered sets: a triple written twice is kept once, in first-seen order.
        self.doc_triples: dict[OxTriple, None] = {}
        self.described: dict[OxTriple, None] = {}
        self.doc = iris.document_iri(claims.document)
        self.doc_node = _node(self.doc)
        self.activity = _node(f"{self.doc}/{'curation' if claims.reviewed else 'extraction'}")
        self.reviewed = _boolean(claims.reviewed)
        self.minted: set[ox.NamedNode] = set()
        self.actor_nodes: dict[str, ox.NamedNode] = {}  # canonical name -> IRI: slugging is not free
        self.items: dict[str, str] = {}  # IRI -> the item of the file it comes from, for reports

    def _gazetteer_names(self, gazetteer: Gazetteer | None, known: set[str]) -> set[str]:
        """The names (casefolded) the gazetteer knows, of those the file uses and check_references
        would not find among `known` anyway: the others need no lookup (a tenth of mapping)."""
        if gazetteer is None:
            return set()
        found = {name.casefold() for name in known}
        names = {name for references in self.references for name in references.values()}
        names |= {p.actor for e in self.claims.events for p in e.participants}
        return {folded for name in names
                if (folded := name.casefold()) not in found and gazetteer.resolve(name) is not None}

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: OxTerm) -> None:
        self.doc_triples[(s, p, o)] = None

    def describe(self, s: ox.NamedNode, p: ox.NamedNode, o: OxTerm) -> None:
        self.described[(s, p, o)] = None

    def actor_node(self, canonical_name: str) -> ox.NamedNode:
        node = self.actor_nodes.get(canonical_name)
        if node is None:
            node = self.actor_nodes[canonical_name] = _node(iris.actor_iri(canonical_name))
        return node

    def actor(self, name: str) -> ox.NamedNode:
        resolved = self.directory.resolve(name)
        assert resolved is not None, "check_references guarantees every name resolves"
        return self.actor_node(resolved.name)

    def run(self) -> None:
        self.document()
        for index, commitment in enumerate(self.claims.commitments):
            self.commitment(commitment, index)
        for index, event in enumerate(self.claims.events):
            node = self.event(event)
            self.items[node.value] = f"events[{index}] ({event.name})"
        # Actors last: resolving names above (and the bodies of posts below) brings in
        # gazetteer actors, so describe until no new actor turns up.
        described: set[str] = set()
        while pending := [a for name, a in self.directory.actors.items() if name not in described]:
            for resolved in pending:
                described.add(resolved.name)
                self.add(self.doc_node, _SCHEMA.mentions, self.actor_node(resolved.name))
                self.actor_triples(resolved)

    def document(self) -> None:
        claims, doc = self.claims, self.doc_node
        self.add(doc, _RDF.type, _CK.SourceDocument)
        self.add(doc, _SCHEMA.name, _text(claims.document))
        if claims.published:
            self.add(doc, _SCHEMA.datePublished, _date(claims.published))
        if claims.title:
            self.add(doc, _SCHEMA.headline, _text(claims.title))
        if claims.url:
            self.add(doc, _SCHEMA.url, _text(claims.url))
        activity = self.activity
        self.add(activity, _RDF.type, _CK.Curation if claims.reviewed else _CK.Extraction)
        self.add(activity, _PROV.used, doc)
        if claims.extracted_by:
            agent = _node(iris.extractor_iri(claims.extracted_by))
            self.describe(agent, _RDF.type, _CK.Extractor)
            self.describe(agent, _RDFS.label, _text(claims.extracted_by))
            self.add(activity, _PROV.wasAssociatedWith, agent)

    def actor_triples(self, resolved: ResolvedActor) -> None:
        node = self.actor_node(resolved.name)
        self.describe(node, _RDF.type, _KIND_CLASS[resolved.kind])
        self.describe(node, _RDFS.label, _text(resolved.name))
        for alias in sorted(resolved.aliases):
            self.describe(node, _SKOS.altLabel, _text(alias))
        if resolved.wikidata:
            self.describe(node, _CK.wikidata, _text(resolved.wikidata))
        if resolved.iso2 and resolved.kind is ActorKind.STATE:
            self.describe(node, _CK.isoCode, _text(resolved.iso2))
        if resolved.role:
            title, body = self.directory.resolve_post_body(resolved.role)
            label = f"{title} of {body.name}" if body else resolved.role
            post = _node(iris.post_iri(label))
            self.describe(node, _ORG.holds, post)
            self.describe(post, _RDF.type, _ORG.Post)
            self.describe(post, _RDFS.label, _text(label))
            if body is not None:
                self.describe(post, _CK.title, _text(title))
                self.describe(post, _ORG.postIn, self.actor_node(body.name))

    def reporters(self, attribution: str) -> list[ResolvedActor]:
        """Known actors named in an attribution: 'Bloomberg citing unnamed sources' -> Bloomberg."""
        found: dict[str, ResolvedActor] = {}
        for part in re.split(r"[;,]| citing | according to | via ", attribution):
            words = part.split()
            for length in range(len(words), 0, -1):
                resolved = self.directory.resolve(" ".join(words[:length]))
                if resolved is not None:
                    found[resolved.name] = resolved
                    break
        return list(found.values())

    def evidence(self, subject: ox.NamedNode, item: Commitment | Event) -> None:
        self.add(subject, _PROV.wasDerivedFrom, self.doc_node)
        self.add(subject, _PROV.wasGeneratedBy, self.activity)
        self.add(subject, _CK.reviewed, self.reviewed)
        if item.attributed_to:
            self.add(subject, _CK.attributedTo, _text(item.attributed_to))
            for reporter in self.reporters(item.attributed_to):
                self.add(subject, _CK.reportedBy, self.actor_node(reporter.name))
        if item.quote is None and item.confidence is None and not item.cues:
            return
        evidence = _node(f"{subject.value}/evidence")
        self.add(subject, _CK.evidence, evidence)
        self.add(evidence, _RDF.type, _CK.Evidence)
        self.add(evidence, _PROV.wasQuotedFrom, self.doc_node)
        if item.quote is not None:
            self.add(evidence, _PROV.value, _text(item.quote))
        if item.quote_start is not None and item.quote_end is not None:
            self.add(evidence, _CK.startOffset, _integer(item.quote_start))
            self.add(evidence, _CK.endOffset, _integer(item.quote_end))
        if item.confidence is not None:
            self.add(evidence, _CK.confidence, ox.Literal(f"{item.confidence:.3f}", datatype=_XSD.decimal))
        for cue in item.cues:
            self.add(evidence, _CK.cue, _text(cue))

    def commitment_node(self, commitment: Commitment, index: int, committer: str) -> ox.NamedNode:
        distinguishing = [commitment.quote or "", commitment.beneficiary or "", commitment.target or "",
                          commitment.counterparty or ""]
        node = _node(iris.iri_text("commitment", iris.commitment_id(
            self.claims.document, committer, commitment.type.value, *distinguishing)))
        if node in self.minted:  # the same claim twice in one file: keep both, apart
            node = _node(iris.iri_text("commitment", iris.commitment_id(
                self.claims.document, committer, commitment.type.value, *distinguishing, str(index))))
        self.minted.add(node)
        return node

    def commitment(self, commitment: Commitment, index: int) -> None:
        committer = self.directory.resolve(commitment.committer)
        assert committer is not None
        node = self.commitment_node(commitment, index, committer.name)
        self.items[node.value] = f"commitments[{index}] ({commitment.committer}, {commitment.type.value})"
        self.add(node, _RDF.type, _CK.Commitment)
        self.add(node, _CK.commitmentType, _CONCEPTS[commitment.type.value])
        self.add(node, _CK.status, _CONCEPTS[commitment.status.value])
        for role, name in self.references[index].items():
            self.add(node, _ACTOR_ROLES[role], self.actor(name))
        if commitment.condition:
            self.add(node, _CK.condition, _text(commitment.condition))
        if commitment.date:
            self.add(node, _CK.date, _date(commitment.date))
        for component in commitment.components:
            self.add(node, _CK.component, _text(component))
        if commitment.amount is not None:
            assert commitment.currency is not None, "the model refuses an amount without a currency"
            self.amount(node, commitment.amount, commitment.currency)
        if commitment.quantity is not None:
            self.quantity(node, commitment.quantity)
        self.evidence(node, commitment)

    def amount(self, node: ox.NamedNode, value: Decimal, currency: str) -> None:
        amount = _node(f"{node.value}/amount")
        self.add(node, _CK.amount, amount)
        self.add(amount, _RDF.type, _SCHEMA.MonetaryAmount)
        self.add(amount, _SCHEMA.value, _decimal(value))
        self.add(amount, _SCHEMA.currency, _text(currency))

    def quantity(self, node: ox.NamedNode, quantity: Quantity) -> None:
        target = _node(f"{node.value}/quantity")
        self.add(node, _CK.quantity, target)
        self.add(target, _RDF.type, _SCHEMA.QuantitativeValue)
        if isinstance(quantity.value, str):
            self.add(target, _CK.vagueValue, _text(quantity.value))
        else:
            self.add(target, _SCHEMA.value, _decimal(quantity.value))
        if quantity.unit:
            self.add(target, _SCHEMA.unitText, _text(quantity.unit))
        self.add(target, _CK.approximate, _boolean(quantity.approximate))

    def event_node(self, event: Event) -> ox.NamedNode:
        return _node(iris.event_iri(self.claims.document, event.name, event.date.isoformat() if event.date else None))

    def event(self, event: Event) -> ox.NamedNode:
        node = self.event_node(event)
        self.add(node, _RDF.type, _CK.Event)
        self.add(node, _SCHEMA.name, _text(event.name))
        self.add(node, _CK.eventKind, _CONCEPTS[event.kind.value])
        if event.date:
            self.add(node, _CK.date, _date(event.date))
        if event.start:
            self.add(node, _SCHEMA.startDate, ox.Literal(_canonical_datetime(event.start), datatype=_XSD.dateTime))
        if event.location:
            self.add(node, _SCHEMA.location, _text(event.location))
        for participant in event.participants:
            actor = self.actor(participant.actor)
            participation = _node(f"{node.value}/participant/{actor.value.rsplit('/', 1)[-1]}")
            self.add(node, _CK.participation, participation)
            self.add(participation, _RDF.type, _CK.Participation)
            self.add(participation, _CK.participant, actor)
            if participant.mode:
                self.add(participation, _CK.attendanceMode, _CONCEPTS[participant.mode.value])
        self.evidence(node, event)
        return node


def content_hash(*graphs: Graph) -> str:
    """SHA-256 of the graphs' sorted N-Triples: equal graphs (no blank nodes here) hash equal."""
    return _hash_lines([line for graph in graphs for line in to_ntriples(graph).splitlines()])


def _hash_lines(lines: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(set(lines))).encode("utf-8")).hexdigest()


def claims_to_graph(claims: Claims, source: str, gazetteer: Gazetteer | None = None) -> DocumentGraph:
    """Map one document's claims to RDF; unknown actor names raise InvalidClaims naming the item."""
    mapper = _Mapper(claims, source, gazetteer)
    mapper.run()
    document = list(mapper.doc_triples)
    document_lines = ox_nt_lines(document)
    # The hash covers the document's claims only: actor descriptions are shared facts, added to
    # the actors graph on every ingest (adding a triple that is there changes nothing).
    digest = _hash_lines(document_lines)
    marker = (mapper.doc_node, _CK.contentHash, _text(digest))
    document_lines.extend(ox_nt_lines([marker]))
    described = list(mapper.described)
    return DocumentGraph(iri=mapper.doc, triples=[*document, marker, *described], document_lines=document_lines,
                         actor_lines=ox_nt_lines(described), content_hash=digest, source=source,
                         items=mapper.items)


def _canonical_datetime(value: dt.datetime) -> str:
    """xsd:dateTime in the form the store keeps ("Z" for UTC, as Oxigraph writes it back), so that
    what the mapper hands on (the catalogue's records at ingest) reads as what a query returns."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
