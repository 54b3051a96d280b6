"""Every document's records from an embedded store in one pass per predicate, for a catalogue
built without its snapshot.

Reading the document graphs one after the other (records.read_document) decodes every quad of
them, four terms each: 1.9M quads at 100,000 commitments, 15-19 s here, where pyoxigraph spends
its time decoding terms (counting the same quads takes 0.05 s). The records need about half of
those quads, and of each only the subject and the object. So this reads, per predicate the records
use, `SELECT ?s ?o WHERE { GRAPH ?g { ?s <p> ?o } }` (no graph or predicate decoded), keeps the
rows whose subject is a commitment, an event or one of their amount, quantity, evidence or
participation nodes, and hands them to the same record makers as read_document, so the records
are the same (tests/test_catalogue_scan.py compares the two on a generated store).

It relies on what the mapper writes: a commitment, an event and their nodes are described in
their document's graph only (their IRIs are made from the document's); the types and the links to
nodes are read with their graph, so quads of other graphs (actors, tracked commitments) are left
out.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from kg.catalogue.records import (_EVENT_OWN, _LINKED, _OWN, ROLE_PROPERTIES, DocumentRecords, SharedPairs, _About,
                                  _event, _record, read_document_facts)
from kg.terms import CK, RDF, SCHEMA

_COMMITMENT, _EVENT = str(CK.Commitment), str(CK.Event)
# What a commitment's or an event's own quads give its record (records._record and _event).
# Each once (ck:attributedTo and ck:reviewed are both a commitment's and an event's).
_OWN_PREDICATES: tuple[str, ...] = tuple(dict.fromkeys((*ROLE_PROPERTIES, str(CK.date), str(CK.commitmentType),
                                                        str(CK.status), *_OWN, *_EVENT_OWN, str(CK.eventKind))))
# Links to nodes whose quads the record reads too, and what it reads of them.
_NODE_LINKS: tuple[str, ...] = (*_LINKED, str(CK.participation))
_NODE_PREDICATES: tuple[str, ...] = tuple(sorted({p for names in _LINKED.values() for p in names} | {str(CK.participant)}))
# Whose values are few and repeated (records.py interns them in the records too); free text, amounts,
# the links to nodes (one node each) are not.
_REPEATING = frozenset({*ROLE_PROPERTIES, str(CK.date), str(CK.commitmentType), str(CK.status), str(CK.reviewed),
                        str(CK.attributedTo), str(CK.eventKind), str(CK.participant), str(SCHEMA.currency),
                        str(SCHEMA.unitText), str(CK.approximate)})


def _scan(raw: ox.Store, predicate: str) -> Iterator[tuple[str, str]]:
    """(subject, object's value) of every quad of `predicate` in a named graph; the values of
    predicates whose values repeat (actors, types, statuses, dates, review states...) interned as
    they are read: about 1.1M of them are held until the records are made at 100,000 commitments."""
    query = f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s <{predicate}> ?o }} }}"
    if predicate in _REPEATING:
        intern = sys.intern
        for row in raw.query(query):
            yield row[0].value, intern(row[1].value)
    else:
        for row in raw.query(query):
            yield row[0].value, row[1].value


def read_store(raw: ox.Store, is_document: Callable[[str], bool]) -> list[DocumentRecords]:
    """The records of every document graph (`is_document` says which named graphs are) that has
    commitments, events or a name, as records.read_document reads each."""
    graph_of: dict[str, str] = {}  # commitment or event -> its document graph
    commitments: dict[str, list[str]] = {}
    events: dict[str, list[str]] = {}
    for kind, found in ((_COMMITMENT, commitments), (_EVENT, events)):
        query = f"SELECT ?s ?g WHERE {{ GRAPH ?g {{ ?s <{RDF.type}> <{kind}> }} }}"
        for row in raw.query(query):
            subject, graph = row[0].value, row[1].value
            if is_document(graph):
                graph_of[subject] = graph
                found.setdefault(graph, []).append(subject)
    about: _About = {}
    for predicate in _OWN_PREDICATES:
        for subject, value in _scan(raw, predicate):
            if subject in graph_of:
                about.setdefault(subject, []).append((predicate, value))
    nodes: set[str] = set()
    for predicate in _NODE_LINKS:
        for subject, value in _scan(raw, predicate):
            if subject in graph_of:
                about.setdefault(subject, []).append((predicate, value))
                nodes.add(value)
    for predicate in _NODE_PREDICATES:
        for subject, value in _scan(raw, predicate):
            if subject in nodes:
                about.setdefault(subject, []).append((predicate, value))
    out = []
    shared = SharedPairs()
    for graph_node in raw.named_graphs():
        graph = graph_node.value
        if not isinstance(graph_node, ox.NamedNode) or not is_document(graph):
            continue
        found = DocumentRecords(read_document_facts(raw, graph),
                                [_record(graph, iri, about, shared) for iri in commitments.get(graph, [])],
                                [_event(graph, iri, about, shared) for iri in events.get(graph, [])])
        if found.listed:
            out.append(found)
    return out
