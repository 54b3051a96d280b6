"""A tracked commitment as the triples of its own named graph (the graph's IRI is its IRI).

Its terms are its own (ck:trackedCommitter, ck:currentStatus, ck:report...), never the report
properties (ck:committer, ck:status): a query that reads reports without naming their class
(`?c ck:committer ?x`) must not meet tracked commitments too. Document graphs are not touched.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pyoxigraph as ox

from kg.link.tracked import Tracked
from kg.store.convert import OxTerm, OxTriple, ox_nt_lines
from kg.terms import CK, RDF, RDFS, SCHEMA, XSD

TRACKED_PREFIX = "https://w3id.org/commitments-kg/id/tracked/"
CURATED_GRAPH = "https://w3id.org/commitments-kg/id/graph/links-curated"
PARTY_PROPERTIES = {"beneficiary": CK.trackedBeneficiary, "target": CK.trackedTarget,
                    "counterparty": CK.trackedCounterparty}


def is_tracked(iri: str) -> bool:
    return iri.startswith(TRACKED_PREFIX)


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _decimal(value: Decimal | float) -> ox.Literal:
    text = f"{value:f}" if isinstance(value, Decimal) else f"{value:.3f}"
    return ox.Literal(text, datatype=_n(XSD.decimal))


def _date(value: str) -> ox.Literal:
    return ox.Literal(value[:10], datatype=_n(XSD.date))


def triples(tracked: Tracked) -> list[OxTriple]:
    t = _n(tracked.iri)
    out: list[OxTriple] = []

    def add(s: ox.NamedNode, p: object, o: OxTerm) -> None:
        out.append((s, _n(p), o))

    add(t, RDF.type, _n(CK.TrackedCommitment))
    add(t, CK.trackedCommitter, _n(tracked.committer))
    add(t, CK.trackedType, _n(CK[tracked.type]))
    for role, actor in sorted(tracked.parties):
        add(t, PARTY_PROPERTIES[role], _n(actor))
    add(t, CK.currentStatus, _n(CK[tracked.status]))
    add(t, CK.reportCount, ox.Literal(str(len(tracked.history)), datatype=_n(XSD.integer)))
    if tracked.first_day:
        add(t, CK.firstReported, _date(tracked.first_day))
    if tracked.last_day:
        add(t, CK.lastReported, _date(tracked.last_day))
    for iri in tracked.reports:
        add(t, CK.report, _n(iri))
    for document in sorted(tracked.documents):
        add(t, CK.sourceDocument, _n(document))
    add(t, CK.fulfilment, ox.Literal(tracked.fulfilment))
    for prop, figures, money in ((CK.pledgedAmount, tracked.pledged, True), (CK.deliveredAmount, tracked.delivered, True),
                                 (CK.pledgedQuantity, tracked.pledged_quantity, False),
                                 (CK.deliveredQuantity, tracked.delivered_quantity, False)):
        for key, value in sorted(figures.items()):
            node = _n(f"{tracked.iri}/{str(prop).rsplit('#', 1)[-1]}/{_segment(key)}")
            add(t, prop, node)
            add(node, RDF.type, _n(SCHEMA.MonetaryAmount if money else SCHEMA.QuantitativeValue))
            add(node, SCHEMA.value, _decimal(value))
            if money:
                add(node, SCHEMA.currency, ox.Literal(key))
            else:
                add(node, SCHEMA.unitText, ox.Literal(key))
                add(node, CK.approximate, ox.Literal("false", datatype=_n(XSD.boolean)))
    for index, edge in enumerate(tracked.edges):
        link = _n(f"{tracked.iri}/link/{index}")
        add(t, CK.link, link)
        add(link, RDF.type, _n(CK.ReportLink))
        add(link, CK.linkFrom, _n(edge.first))
        add(link, CK.linkTo, _n(edge.second))
        add(link, CK.linkScore, _decimal(edge.score))
        add(link, CK.linkKind, ox.Literal(edge.kind))
        for reason in edge.reasons:
            add(link, CK.linkReason, ox.Literal(reason))
    for index, conflict in enumerate(tracked.conflicts):
        node = _n(f"{tracked.iri}/conflict/{index}")
        add(t, CK.conflict, node)
        add(node, RDF.type, _n(CK.Conflict))
        add(node, CK.conflictKind, ox.Literal(conflict.kind))
        add(node, RDFS.comment, ox.Literal(conflict.description))
        for report in conflict.reports:
            add(node, CK.conflictingReport, _n(report))
    return out


def _segment(key: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in key.lower()) or "x"


def graph(tracked: Tracked) -> tuple[list[OxTriple], str]:
    """The graph's triples, ending with its content hash, and the hash (over the others' lines)."""
    found = triples(tracked)
    digest = hashlib.sha256("\n".join(sorted(set(ox_nt_lines(found)))).encode("utf-8")).hexdigest()
    return found + [(_n(tracked.iri), _n(CK.contentHash), ox.Literal(digest))], digest
