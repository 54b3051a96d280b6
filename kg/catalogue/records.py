"""One document graph's quads -> the records the REST lists show, without a SPARQL query.

A commitment record holds what a list item shows (type, status, date, the actors in their
roles, amount, quantity, condition, attribution, quote, review state), an event record likewise
(kind, date, participants, name, start, location, attribution, quote, review state), and each
the item's place in the lists' order: the date ("~" when undated, so undated items come last) and a tie-breaker, the first 15
hex digits of the MD5 of the IRI. The named queries (kg/query/actor_commitments.rq, events.rq and
their siblings) sort by the same pair, so a cursor means the same thing whichever of the two answers.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple

import pyoxigraph as ox

from kg.terms import CK, PROV, RDF, SCHEMA

UNDATED = "~"
# kg.link's graphs are no documents: a tracked commitment's own graph (by this prefix) and the
# curated links (kg/link/rdf.py, which imports this package, names them the same).
LINK_GRAPHS = ("https://w3id.org/commitments-kg/id/tracked/", "https://w3id.org/commitments-kg/id/graph/links-curated")
ROLE_PROPERTIES: tuple[str, ...] = tuple(str(CK[name]) for name in (
    "committer", "beneficiary", "target", "counterparty", "announcedBy", "proposedBy"))
_ROLES = frozenset(ROLE_PROPERTIES)
BENEFICIARY, COMMITTER = str(CK.beneficiary), str(CK.committer)
_TYPE, _COMMITMENT, _EVENT = str(RDF.type), str(CK.Commitment), str(CK.Event)
_EVENT_KIND, _PARTICIPATION, _PARTICIPANT = str(CK.eventKind), str(CK.participation), str(CK.participant)
_EVENT_OWN = {str(SCHEMA.name): "name", str(SCHEMA.startDate): "start", str(SCHEMA.location): "location",
              str(CK.attributedTo): "attributedTo", str(CK.reviewed): "reviewed"}
_DATE, _KIND, _STATUS = str(CK.date), str(CK.commitmentType), str(CK.status)
_AMOUNT, _QUANTITY, _EVIDENCE = str(CK.amount), str(CK.quantity), str(CK.evidence)
# Facts read straight off the commitment, and off the nodes it links to, by the names the REST
# readers give them (kg/query/commitment_facts.rq uses the same names).
_OWN = {str(CK.condition): "condition", str(CK.attributedTo): "attributedTo", str(CK.reviewed): "reviewed"}
_LINKED = {
    _AMOUNT: {str(SCHEMA.value): "amount", str(SCHEMA.currency): "currency"},
    _QUANTITY: {str(SCHEMA.value): "quantityValue", str(CK.vagueValue): "quantityText",
                str(SCHEMA.unitText): "quantityUnit", str(CK.approximate): "quantityApproximate"},
    _EVIDENCE: {str(PROV.value): "quote"},
}
_REVIEWED, _QUOTE = str(CK.reviewed), str(PROV.value)
_FREE_TEXT = frozenset({str(PROV.value), str(SCHEMA.value)})
_DOCUMENT = {str(SCHEMA.name): "name", str(SCHEMA.headline): "title", str(SCHEMA.datePublished): "published"}


def tie_breaker(iri: str) -> str:
    """The second sort key of every list: SUBSTR(MD5(STR(?c)), 1, 15) in the named queries."""
    return hashlib.md5(iri.encode("utf-8")).hexdigest()[:15]


def _facts(record: "CommitmentRecord | EventRecord") -> tuple[tuple[str, str], ...]:
    """(field name, lexical value) for the list view, sorted."""
    items = record.fact_items
    return tuple(zip(items[0::2], items[1::2]))


def _order(record: "CommitmentRecord | EventRecord") -> tuple[str, str, str]:
    """(date or "~", tie-breaker, IRI): the lists' order, unique."""
    return (record.day, record.tie, record.iri)


def _date(record: "CommitmentRecord | EventRecord") -> str | None:
    return None if record.day == UNDATED else record.day


# Records are named tuples, not frozen dataclasses: as immutable and as readable, and made four
# times faster (a frozen dataclass sets each field through object.__setattr__), which is most of
# loading 100,000 of them from the snapshot at start-up.
# The lists' order, (date or "~", tie-breaker, IRI), is a property made from three fields rather
# than a tuple kept per record: a tuple of three is 64 bytes, 6 MiB at 100,000 commitments, and
# sorting and paging read it by ORDER (a C attrgetter of the three fields, the same tuple).
class CommitmentRecord(NamedTuple):
    iri: str
    document: str
    day: str  # the date, or "~" when undated (undated items sort last)
    tie: str  # tie_breaker(iri)
    type: str
    status: str
    roles: tuple[tuple[str, str], ...]  # (role property IRI, actor IRI)
    fact_items: tuple[str, ...]  # field name, lexical value, field name, value...: the facts, flat

    # The same three for both kinds of record (a NamedTuple takes no base class of ours)
    facts = property(_facts)
    order = property(_order)
    date = property(_date)

    def plays(self, actor: str, role: str | None = None) -> bool:
        return any(a == actor and (role is None or r == role) for r, a in self.roles)

    def actors(self) -> set[str]:
        return {actor for _, actor in self.roles}


class EventRecord(NamedTuple):
    iri: str
    document: str
    day: str  # as for commitments
    tie: str
    kind: str
    participants: tuple[str, ...]  # actor IRIs
    fact_items: tuple[str, ...]  # field name, lexical value, field name, value...: the facts, flat

    # The same three for both kinds of record (a NamedTuple takes no base class of ours)
    facts = property(_facts)
    order = property(_order)
    date = property(_date)


# A record's order tuple, made in C (the sort key of every list, and bisect's); record.order is the same.
ORDER = attrgetter("day", "tie", "iri")


# Facts whose values repeat across records (a review state, a currency, a source's name, a unit):
# one string each, shared by the records, instead of a string per record. Quotes, amounts and
# conditions are mostly unique, and keeping them in the table of shared values would cost more
# than it saves. A record keeps its facts flat (name, value, name, value...), not as a tuple of
# pairs: a pair is a 64-byte tuple, 8.5 MiB of them at 100,000 commitments.
REPEATED_FACTS = frozenset({"reviewed", "currency", "attributedTo", "quantityUnit", "quantityApproximate"})


class SharedPairs:
    """One tuple per distinct (role, actor) pair and per distinct tuple of roles, and one string
    per repeated fact value, across documents."""

    def __init__(self) -> None:
        self._pairs: dict[tuple[str, str], tuple[str, str]] = {}
        # Whole role tuples too: records repeat the same actors in the same roles (a committer and
        # its usual beneficiary), so 100,000 commitments have far fewer distinct tuples of roles.
        self._roles: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}
        self._values: dict[str, str] = {}

    def roles(self, pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        shared = self._pairs.setdefault
        found = tuple([shared(pair, pair) for pair in pairs])
        return self._roles.setdefault(found, found)

    def facts(self, pairs: Iterable[tuple[str, str]]) -> tuple[str, ...]:
        """A record's fact_items: the pairs flat, the repeated values shared."""
        items: list[str] = []
        for name, value in pairs:
            items += (name, value)
        return self.flat_facts(items)

    def flat_facts(self, items: list[str]) -> tuple[str, ...]:
        """fact_items from [name, value, name, value...] (changed in place: repeated values shared)."""
        shared = self._values.setdefault
        for at in range(0, len(items), 2):
            if items[at] in REPEATED_FACTS:
                value = items[at + 1]
                items[at + 1] = shared(value, value)
        return tuple(items)


def _flat(facts: list[tuple[str, str]], shared: SharedPairs | None) -> tuple[str, ...]:
    return shared.facts(facts) if shared else tuple([item for pair in facts for item in pair])


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    iri: str
    name: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class DocumentRecords:
    document: DocumentFacts
    commitments: list[CommitmentRecord]
    events: list[EventRecord]

    @property
    def listed(self) -> bool:
        """Whether the catalogue keeps this graph: it has commitments, events or a name."""
        return bool(self.commitments or self.events or self.document.name is not None)


# Every predicate the records are read from (by read_triples, _record and _event): read_triples
# passes over the other triples of a document (offsets, cues, provenance: half of them).
_READ = frozenset({_TYPE, *_ROLES, _DATE, _KIND, _STATUS, *_OWN, *_LINKED,
                   *(p for names in _LINKED.values() for p in names), _EVENT_KIND, _PARTICIPATION,
                   _PARTICIPANT, *_EVENT_OWN, _EVIDENCE, _QUOTE, *_DOCUMENT})


# subject -> (predicate, lexical value or IRI) of its quads: strings, not pyoxigraph terms, so that
# a reader of a whole store can keep one string per repeated value (kg/catalogue/scan.py).
_About = dict[str, list[tuple[str, str]]]


def read_document(graph: str, quads: Iterable[ox.Quad]) -> DocumentRecords:
    """The document's own facts, its commitments and its events, from the quads of its named graph."""
    return read_triples(graph, ((quad.subject, quad.predicate, quad.object) for quad in quads))


def read_triples(graph: str, triples: Iterable[tuple[Any, Any, Any]]) -> DocumentRecords:
    """read_document from (subject, predicate, object) terms: the mapper's triples at ingest, before
    they are stored (triples of other graphs among them, actor descriptions, change nothing)."""
    about: _About = {}
    commitments: list[str] = []
    events: list[str] = []
    # The mapper writes a node's triples one after another with the same subject term: its
    # list is looked up once per run of them, not once per triple.
    last: Any = None
    facts: list[tuple[str, str]] = []
    for subject_term, predicate_term, value_term in triples:
        predicate = predicate_term.value
        if predicate not in _READ:
            continue
        if subject_term is not last:
            last = subject_term
            subject = subject_term.value
            facts = about.setdefault(subject, [])
        value = value_term.value
        facts.append((predicate, value))
        if predicate == _TYPE:
            if value == _COMMITMENT:
                commitments.append(subject)
            elif value == _EVENT:
                events.append(subject)
    own = about.get(graph, [])
    document = DocumentFacts(graph, **{_DOCUMENT[p]: v for p, v in own if p in _DOCUMENT})
    return DocumentRecords(document, [_record(graph, iri, about) for iri in commitments],
                           [_event(graph, iri, about) for iri in events])


def _event(graph: str, iri: str, about: _About, shared: SharedPairs | None = None) -> EventRecord:
    intern = sys.intern
    date, kind = UNDATED, ""
    participants: list[str] = []
    facts: list[tuple[str, str]] = []
    for predicate, value in about.get(iri, []):
        if predicate == _DATE:
            date = intern(value)
        elif predicate == _EVENT_KIND:
            kind = intern(value)
        elif predicate == _PARTICIPATION:
            participants.extend(intern(v) for p, v in about.get(value, []) if p == _PARTICIPANT)
        elif predicate in _EVENT_OWN:
            facts.append((_EVENT_OWN[predicate], value))
        elif predicate == _EVIDENCE:
            facts.extend(("quote", v) for p, v in about.get(value, []) if p == _QUOTE)
    return EventRecord(iri=iri, document=graph, day=date, tie=tie_breaker(iri), kind=kind,
                       participants=tuple(sorted(set(participants))),
                       fact_items=_flat(sorted(facts), shared))


def _record(graph: str, iri: str, about: _About, shared: SharedPairs | None = None) -> CommitmentRecord:
    date, kind, status = UNDATED, "", ""
    roles: list[tuple[str, str]] = []
    facts: list[tuple[str, str]] = []
    # Interned: a hundred thousand records share a few hundred actors, types, statuses and dates.
    intern = sys.intern
    for predicate, value in about.get(iri, []):
        if predicate in _ROLES:
            roles.append((intern(predicate), intern(value)))
        elif predicate == _DATE:
            date = intern(value)
        elif predicate == _KIND:
            kind = intern(value)
        elif predicate == _STATUS:
            status = intern(value)
        elif predicate in _OWN:
            facts.append((_OWN[predicate], intern(value) if predicate == _REVIEWED else value))
        elif predicate in _LINKED:
            names = _LINKED[predicate]
            facts.extend((names[p], v if p in _FREE_TEXT else intern(v))
                         for p, v in about.get(value, []) if p in names)
    return CommitmentRecord(iri=iri, document=graph, day=date, tie=tie_breaker(iri), type=kind, status=status,
                            roles=shared.roles(sorted(roles)) if shared else tuple(sorted(roles)),
                            fact_items=_flat(sorted(facts), shared))


_LINKED_NODES = frozenset(_LINKED)


def read_commitment(raw: ox.Store, graph: str, iri: str) -> CommitmentRecord | None:
    """One commitment's record read by index lookups (its own quads and those of its amount,
    quantity and evidence nodes), not by reading its whole document graph; None when absent."""
    graph_node = ox.NamedNode(graph)
    about: _About = {}
    own = [(q.predicate.value, q.object) for q in raw.quads_for_pattern(ox.NamedNode(iri), None, None, graph_node)]
    if not own:
        return None
    about[iri] = [(predicate, value.value) for predicate, value in own]
    for predicate, value in own:
        if predicate in _LINKED_NODES and isinstance(value, ox.NamedNode):
            about[value.value] = [(q.predicate.value, q.object.value)
                                  for q in raw.quads_for_pattern(value, None, None, graph_node)]
    return _record(graph, iri, about)


def read_document_facts(raw: ox.Store, graph: str) -> DocumentFacts:
    """A document's name, title and publication date, from its own graph."""
    node = ox.NamedNode(graph)
    found = {_DOCUMENT[q.predicate.value]: q.object.value for q in raw.quads_for_pattern(node, None, None, node)
             if q.predicate.value in _DOCUMENT}
    return DocumentFacts(graph, **found)
