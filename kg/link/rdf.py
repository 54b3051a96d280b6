"""A tracked commitment as the triples of its own named graph (the graph's IRI is its IRI).

Its terms are its own (ck:trackedCommitter, ck:currentStatus, ck:report...), never the report
properties (ck:committer, ck:status): a query that reads reports without naming their class
(`?c ck:committer ?x`) must not meet tracked commitments too. Document graphs are not touched.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pyoxigraph as ox

from kg.catalogue.records import LINK_GRAPHS
from kg.link.tracked import Tracked
from kg.store.convert import OxTriple, ox_nt_lines
from kg.terms import CK, RDF, RDFS, SCHEMA, XSD

TRACKED_PREFIX, CURATED_GRAPH = LINK_GRAPHS  # the catalogue must know them as no documents
PARTY_PROPERTIES = {"beneficiary": CK.trackedBeneficiary, "target": CK.trackedTarget,
                    "counterparty": CK.trackedCounterparty}


def is_tracked(iri: str) -> bool:
    return iri.startswith(TRACKED_PREFIX)


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


# The terms every graph uses, made once: an rdflib namespace lookup per triple was a third of
# the time of writing a store's tracked commitments.
_CK = {name: _n(CK[name]) for name in (
    "TrackedCommitment", "trackedCommitter", "trackedType", "currentStatus", "reportCount", "firstReported",
    "lastReported", "report", "sourceDocument", "fulfilment", "pledgedAmount", "deliveredAmount", "pledgedQuantity",
    "deliveredQuantity", "approximate", "link", "ReportLink", "linkFrom", "linkTo", "linkScore", "linkKind",
    "linkReason", "conflict", "Conflict", "conflictKind", "conflictingReport", "contentHash")}
_PARTY = {role: _n(prop) for role, prop in PARTY_PROPERTIES.items()}
_TYPE, _COMMENT, _VALUE = _n(RDF.type), _n(RDFS.comment), _n(SCHEMA.value)
_CURRENCY, _UNIT = _n(SCHEMA.currency), _n(SCHEMA.unitText)
_MONEY, _QUANTITY = _n(SCHEMA.MonetaryAmount), _n(SCHEMA.QuantitativeValue)
_DECIMAL, _DATE, _INTEGER, _BOOLEAN = _n(XSD.decimal), _n(XSD.date), _n(XSD.integer), _n(XSD.boolean)
_FALSE = ox.Literal("false", datatype=_BOOLEAN)
_FIGURES = (("pledgedAmount", True), ("deliveredAmount", True), ("pledgedQuantity", False),
            ("deliveredQuantity", False))


def _decimal(value: Decimal | float) -> ox.Literal:
    text = f"{value:f}" if isinstance(value, Decimal) else f"{value:.3f}"
    return ox.Literal(text, datatype=_DECIMAL)


def _date(value: str) -> ox.Literal:
    return ox.Literal(value[:10], datatype=_DATE)


def _token(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{CK}{name}")


def triples(tracked: Tracked) -> list[OxTriple]:
    t = ox.NamedNode(tracked.iri)
    ck = _CK
    out: list[OxTriple] = [(t, _TYPE, ck["TrackedCommitment"]), (t, ck["trackedCommitter"], ox.NamedNode(tracked.committer)),
                           (t, ck["trackedType"], _token(tracked.type))]
    add = out.append
    for role, actor in sorted(tracked.parties):
        add((t, _PARTY[role], ox.NamedNode(actor)))
    add((t, ck["currentStatus"], _token(tracked.status)))
    add((t, ck["reportCount"], ox.Literal(str(len(tracked.history)), datatype=_INTEGER)))
    if tracked.first_day:
        add((t, ck["firstReported"], _date(tracked.first_day)))
    if tracked.last_day:
        add((t, ck["lastReported"], _date(tracked.last_day)))
    for iri in tracked.reports:
        add((t, ck["report"], ox.NamedNode(iri)))
    for document in sorted(tracked.documents):
        add((t, ck["sourceDocument"], ox.NamedNode(document)))
    add((t, ck["fulfilment"], ox.Literal(tracked.fulfilment)))
    figures = (tracked.pledged, tracked.delivered, tracked.pledged_quantity, tracked.delivered_quantity)
    for (name, money), values in zip(_FIGURES, figures):
        for key, value in sorted(values.items()):
            node = ox.NamedNode(f"{tracked.iri}/{name}/{_segment(key)}")
            add((t, ck[name], node))
            add((node, _TYPE, _MONEY if money else _QUANTITY))
            add((node, _VALUE, _decimal(value)))
            if money:
                add((node, _CURRENCY, ox.Literal(key)))
            else:
                add((node, _UNIT, ox.Literal(key)))
                add((node, ck["approximate"], _FALSE))
    for index, edge in enumerate(tracked.edges):
        link = ox.NamedNode(f"{tracked.iri}/link/{index}")
        add((t, ck["link"], link))
        add((link, _TYPE, ck["ReportLink"]))
        add((link, ck["linkFrom"], ox.NamedNode(edge.first)))
        add((link, ck["linkTo"], ox.NamedNode(edge.second)))
        add((link, ck["linkScore"], _decimal(edge.score)))
        add((link, ck["linkKind"], ox.Literal(edge.kind)))
        for reason in edge.reasons:
            add((link, ck["linkReason"], ox.Literal(reason)))
    for index, conflict in enumerate(tracked.conflicts):
        node = ox.NamedNode(f"{tracked.iri}/conflict/{index}")
        add((t, ck["conflict"], node))
        add((node, _TYPE, ck["Conflict"]))
        add((node, ck["conflictKind"], ox.Literal(conflict.kind)))
        add((node, _COMMENT, ox.Literal(conflict.description)))
        for report in conflict.reports:
            add((node, ck["conflictingReport"], ox.NamedNode(report)))
    return out


def _segment(key: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in key.lower()) or "x"


def graph(tracked: Tracked) -> tuple[list[OxTriple], str]:
    """The graph's triples, ending with its content hash, and the hash (over the others' lines)."""
    found = triples(tracked)
    digest = hashlib.sha256("\n".join(sorted(set(ox_nt_lines(found)))).encode("utf-8")).hexdigest()
    return found + [(ox.NamedNode(tracked.iri), _CK["contentHash"], ox.Literal(digest))], digest
