"""Claims -> RDF: one rdflib graph per source document, in the ontology's terms.

The only module that knows how claims become triples (kg.rdf.reverse reads them back). IRIs
are minted by kg.rdf.iris, so mapping the same claims twice gives the same graph.

What a document claims (commitments, events, evidence, which actors it mentions) goes into the
document's own named graph. What describes an actor (kind, name, aliases, Wikidata id, posts)
goes into the one shared actors graph, so that each such triple is stored once: Oxigraph's
union default graph is a bag, and the same label in a thousand document graphs would multiply
every join through it a thousandfold.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.claims.io import check_references
from kg.claims.model import Claims, Commitment, Event
from kg.claims.vocabulary import ActorKind
from kg.rdf import iris
from kg.rdf.actors import ActorDirectory, ResolvedActor
from kg.store.convert import nt_term, to_ntriples
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


@dataclass(frozen=True)
class DocumentGraph:
    """A document's claims as RDF: one rdflib graph of everything (what SHACL validates as one
    batch), and the same triples split as N-Triples lines into the document's named graph and the
    shared actor descriptions (what the store writes), with the content hash."""

    iri: URIRef
    everything: Graph
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

    def combined(self) -> Graph:
        """Claims and actor descriptions together (no copy: callers may add and remove triples)."""
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


def _date(value: object) -> Literal:
    return Literal(str(value), datatype=XSD.date)


class _Mapper:
    def __init__(self, claims: Claims, source: str, gazetteer: Gazetteer | None) -> None:
        self.claims = claims
        self.source = source
        self.directory = ActorDirectory(claims, gazetteer)
        check_references(claims, source, self.directory.known_names() | self._gazetteer_names(claims, gazetteer))
        # One rdflib graph to validate, and plain lists of terms for the two graphs the store
        # writes: copying between rdflib graphs cost more than the mapping itself.
        self.graph = Graph()
        self.doc_triples: list[tuple[Node, Node, Node]] = []
        self.described: dict[tuple[Node, Node, Node], None] = {}
        self.doc = iris.document_iri(claims.document)
        self.activity = URIRef(f"{self.doc}/{'curation' if claims.reviewed else 'extraction'}")
        self.reviewed = Literal(claims.reviewed)
        self.minted: set[URIRef] = set()
        self.items: dict[str, str] = {}  # IRI -> the item of the file it comes from, for reports

    @staticmethod
    def _gazetteer_names(claims: Claims, gazetteer: Gazetteer | None) -> set[str]:
        if gazetteer is None:
            return set()
        names = {c_name for c in claims.commitments for c_name in c.actor_references().values()}
        names |= {p.actor for e in claims.events for p in e.participants}
        return {name.casefold() for name in names if gazetteer.resolve(name) is not None}

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.graph.add((s, p, o))
        self.doc_triples.append((s, p, o))

    def describe(self, s: Node, p: Node, o: Node) -> None:
        self.graph.add((s, p, o))
        self.described[(s, p, o)] = None

    def actor(self, name: str) -> URIRef:
        resolved = self.directory.resolve(name)
        assert resolved is not None, "check_references guarantees every name resolves"
        return iris.actor_iri(resolved.name)

    def run(self) -> Graph:
        self.document()
        for index, commitment in enumerate(self.claims.commitments):
            self.commitment(commitment, index)
        for index, event in enumerate(self.claims.events):
            self.event(event)
            self.items[str(self.event_node(event))] = f"events[{index}] ({event.name})"
        # Actors last: resolving names above (and the bodies of posts below) brings in
        # gazetteer actors, so describe until no new actor turns up.
        described: set[str] = set()
        while pending := [a for name, a in self.directory.actors.items() if name not in described]:
            for resolved in pending:
                described.add(resolved.name)
                self.add(self.doc, SCHEMA.mentions, iris.actor_iri(resolved.name))
                self.actor_triples(resolved)
        return self.graph

    def document(self) -> None:
        claims, doc = self.claims, self.doc
        self.add(doc, RDF.type, CK.SourceDocument)
        self.add(doc, SCHEMA.name, Literal(claims.document))
        if claims.published:
            self.add(doc, SCHEMA.datePublished, _date(claims.published))
        if claims.title:
            self.add(doc, SCHEMA.headline, Literal(claims.title))
        if claims.url:
            self.add(doc, SCHEMA.url, Literal(claims.url))
        activity = self.activity
        self.add(activity, RDF.type, CK.Curation if claims.reviewed else CK.Extraction)
        self.add(activity, PROV.used, doc)
        if claims.extracted_by:
            agent = iris.extractor_iri(claims.extracted_by)
            self.describe(agent, RDF.type, CK.Extractor)
            self.describe(agent, RDFS.label, Literal(claims.extracted_by))
            self.add(activity, PROV.wasAssociatedWith, agent)

    def actor_triples(self, resolved: ResolvedActor) -> None:
        node = iris.actor_iri(resolved.name)
        self.describe(node, RDF.type, KIND_CLASS[resolved.kind])
        self.describe(node, RDFS.label, Literal(resolved.name))
        for alias in sorted(resolved.aliases):
            self.describe(node, SKOS.altLabel, Literal(alias))
        if resolved.wikidata:
            self.describe(node, CK.wikidata, Literal(resolved.wikidata))
        if resolved.iso2 and resolved.kind is ActorKind.STATE:
            self.describe(node, CK.isoCode, Literal(resolved.iso2))
        if resolved.role:
            title, body = self.directory.resolve_post_body(resolved.role)
            post = iris.post_iri(f"{title} of {body.name}" if body else resolved.role)
            self.describe(node, ORG.holds, post)
            self.describe(post, RDF.type, ORG.Post)
            self.describe(post, RDFS.label, Literal(f"{title} of {body.name}" if body else resolved.role))
            if body is not None:
                self.describe(post, CK.title, Literal(title))
                self.describe(post, ORG.postIn, iris.actor_iri(body.name))

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

    def evidence(self, subject: URIRef, item: Commitment | Event) -> None:
        self.add(subject, PROV.wasDerivedFrom, self.doc)
        self.add(subject, PROV.wasGeneratedBy, self.activity)
        self.add(subject, CK.reviewed, self.reviewed)
        if item.attributed_to:
            self.add(subject, CK.attributedTo, Literal(item.attributed_to))
            for reporter in self.reporters(item.attributed_to):
                self.add(subject, CK.reportedBy, iris.actor_iri(reporter.name))
        if item.quote is None and item.confidence is None and not item.cues:
            return
        evidence = URIRef(f"{subject}/evidence")
        self.add(subject, CK.evidence, evidence)
        self.add(evidence, RDF.type, CK.Evidence)
        self.add(evidence, PROV.wasQuotedFrom, self.doc)
        if item.quote is not None:
            self.add(evidence, PROV.value, Literal(item.quote))
        if item.quote_start is not None and item.quote_end is not None:
            self.add(evidence, CK.startOffset, Literal(item.quote_start, datatype=XSD.integer))
            self.add(evidence, CK.endOffset, Literal(item.quote_end, datatype=XSD.integer))
        if item.confidence is not None:
            self.add(evidence, CK.confidence, Literal(f"{item.confidence:.3f}", datatype=XSD.decimal))
        for cue in item.cues:
            self.add(evidence, CK.cue, Literal(cue))

    def commitment(self, commitment: Commitment, index: int) -> None:
        committer = self.directory.resolve(commitment.committer)
        assert committer is not None
        distinguishing = [commitment.quote or "", commitment.beneficiary or "", commitment.target or "",
                          commitment.counterparty or ""]
        node = iris.commitment_iri(self.claims.document, committer.name, commitment.type.value, *distinguishing)
        if node in self.minted:  # the same claim twice in one file: keep both, apart
            node = iris.commitment_iri(self.claims.document, committer.name, commitment.type.value,
                                       *distinguishing, str(index))
        self.minted.add(node)
        self.items[str(node)] = f"commitments[{index}] ({commitment.committer}, {commitment.type.value})"
        self.add(node, RDF.type, CK.Commitment)
        self.add(node, CK.commitmentType, CK[commitment.type.value])
        self.add(node, CK.status, CK[commitment.status.value])
        for role, name in commitment.actor_references().items():
            self.add(node, ACTOR_ROLES[role], self.actor(name))
        if commitment.condition:
            self.add(node, CK.condition, Literal(commitment.condition))
        if commitment.date:
            self.add(node, CK.date, _date(commitment.date))
        for component in commitment.components:
            self.add(node, CK.component, Literal(component))
        if commitment.amount is not None:
            amount = URIRef(f"{node}/amount")
            self.add(node, CK.amount, amount)
            self.add(amount, RDF.type, SCHEMA.MonetaryAmount)
            self.add(amount, SCHEMA.value, Literal(commitment.amount, datatype=XSD.decimal))
            self.add(amount, SCHEMA.currency, Literal(commitment.currency))
        if commitment.quantity is not None:
            quantity = URIRef(f"{node}/quantity")
            self.add(node, CK.quantity, quantity)
            self.add(quantity, RDF.type, SCHEMA.QuantitativeValue)
            value = commitment.quantity.value
            if isinstance(value, str):
                self.add(quantity, CK.vagueValue, Literal(value))
            else:
                self.add(quantity, SCHEMA.value, Literal(value, datatype=XSD.decimal))
            if commitment.quantity.unit:
                self.add(quantity, SCHEMA.unitText, Literal(commitment.quantity.unit))
            self.add(quantity, CK.approximate, Literal(commitment.quantity.approximate))
        self.evidence(node, commitment)

    def event_node(self, event: Event) -> URIRef:
        return iris.event_iri(self.claims.document, event.name, event.date.isoformat() if event.date else None)

    def event(self, event: Event) -> None:
        node = self.event_node(event)
        self.add(node, RDF.type, CK.Event)
        self.add(node, SCHEMA.name, Literal(event.name))
        self.add(node, CK.eventKind, CK[event.kind.value])
        if event.date:
            self.add(node, CK.date, _date(event.date))
        if event.start:
            self.add(node, SCHEMA.startDate, Literal(event.start.isoformat(), datatype=XSD.dateTime))
        if event.location:
            self.add(node, SCHEMA.location, Literal(event.location))
        for participant in event.participants:
            actor = self.actor(participant.actor)
            participation = URIRef(f"{node}/participant/{actor.rsplit('/', 1)[-1]}")
            self.add(node, CK.participation, participation)
            self.add(participation, RDF.type, CK.Participation)
            self.add(participation, CK.participant, actor)
            if participant.mode:
                self.add(participation, CK.attendanceMode, CK[participant.mode.value])
        self.evidence(node, event)


def content_hash(*graphs: Graph) -> str:
    """SHA-256 of the graphs' sorted N-Triples: equal graphs (no blank nodes here) hash equal."""
    return _hash_lines([line for graph in graphs for line in to_ntriples(graph).splitlines()])


def _hash_lines(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(set(lines))).encode("utf-8")).hexdigest()


def _lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    return [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in triples]


def claims_to_graph(claims: Claims, source: str, gazetteer: Gazetteer | None = None) -> DocumentGraph:
    """Map one document's claims to RDF; unknown actor names raise InvalidClaims naming the item."""
    mapper = _Mapper(claims, source, gazetteer)
    everything = mapper.run()
    document_lines = _lines(dict.fromkeys(mapper.doc_triples))
    # The hash covers the document's claims only: actor descriptions are shared facts, added to
    # the actors graph on every ingest (adding a triple that is there changes nothing).
    digest = _hash_lines(document_lines)
    marker = (mapper.doc, CK.contentHash, Literal(digest))
    everything.add(marker)
    document_lines.extend(_lines([marker]))
    return DocumentGraph(iri=mapper.doc, everything=everything, document_lines=document_lines,
                         actor_lines=_lines(mapper.described), content_hash=digest, source=source,
                         items=mapper.items)
