"""Each SHACL shape accepts a well-formed document graph and rejects one that breaks its rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.claims.io import load_claims
from kg.rdf.mapping import claims_to_graph
from kg.terms import CK, ORG, PROV, SCHEMA, TIME, XSD, shape_files

from .conftest import SEED_CLAIMS

ID = "https://w3id.org/commitments-kg/id/"


@pytest.fixture(scope="module")
def seed_graph(gazetteer) -> Graph:
    return claims_to_graph(load_claims(SEED_CLAIMS), "seed", gazetteer).combined()


def first(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def drop(predicate: URIRef, cls: URIRef) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.remove((first(graph, cls), predicate, None))
    return mutate


def put(cls: URIRef, predicate: URIRef, value: object) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        node = first(graph, cls)
        graph.remove((node, predicate, None))
        graph.add((node, predicate, value))
    return mutate


def add_tenure(flaw: str | None) -> Callable[[Graph], None]:
    """A tenure of Emmanuel Macron as President of France, well formed or with one flaw."""
    def mutate(graph: Graph) -> None:
        tenure, interval, start = URIRef(ID + "tenure/t"), URIRef(ID + "tenure/t/i"), URIRef(ID + "tenure/t/s")
        graph.add((tenure, RDF.type, CK.Tenure))
        if flaw != "no holder":
            graph.add((tenure, CK.holder, URIRef(ID + "actor/emmanuel-macron")))
        graph.add((tenure, CK.post, URIRef(ID + "post/president-of-france")))
        graph.add((tenure, CK.during, interval))
        graph.add((interval, RDF.type, TIME.Interval))
        graph.add((interval, TIME.hasBeginning, start))
        if flaw == "beginning is no instant":
            graph.add((interval, TIME.hasBeginning, URIRef(ID + "actor/france")))
        graph.add((start, RDF.type, TIME.Instant))
        date = Literal("May 2017") if flaw == "date is text" else Literal("2017-05-14", datatype=XSD.date)
        graph.add((start, TIME.inXSDDate, date))
    return mutate


def also(cls: URIRef, predicate: URIRef, value: object) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.add((first(graph, cls), predicate, value))
    return mutate


def add_extraction(valid: bool) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        activity, agent = URIRef(ID + "document/x/extraction"), URIRef(ID + "agent/kg-extract-0-1-0")
        graph.add((activity, RDF.type, CK.Extraction))
        graph.add((activity, PROV.used, first(graph, CK.SourceDocument)))
        graph.add((agent, RDF.type, CK.Extractor))
        if valid:
            graph.add((agent, RDFS.label, Literal("kg-extract 0.1.0")))
            graph.add((activity, PROV.wasAssociatedWith, agent))
    return mutate


def add_tracked(flaw: str | None) -> Callable[[Graph], None]:
    """A tracked commitment grouping the seed's first commitment, with a link and a conflict,
    well formed or with one flaw."""
    def mutate(graph: Graph) -> None:
        report = first(graph, CK.Commitment)
        tracked, link, conflict = (URIRef(ID + "tracked/t"), URIRef(ID + "tracked/t/link/0"),
                                   URIRef(ID + "tracked/t/conflict/0"))
        graph.add((tracked, RDF.type, CK.TrackedCommitment))
        graph.add((tracked, CK.trackedCommitter, URIRef(ID + "actor/france")))
        graph.add((tracked, CK.trackedType, CK.troop_deployment))
        graph.add((tracked, CK.currentStatus, CK.conditional if flaw != "status is a type" else CK.sanctions))
        graph.add((tracked, CK.report, report))
        graph.add((tracked, CK.sourceDocument, first(graph, CK.SourceDocument)))
        graph.add((tracked, CK.reportCount, Literal(2)))
        graph.add((tracked, CK.fulfilment, Literal("none")))
        graph.add((tracked, CK.contentHash, Literal("0" * 64)))
        graph.add((tracked, CK.link, link))
        graph.add((link, RDF.type, CK.ReportLink))
        graph.add((link, CK.linkFrom, report))
        graph.add((link, CK.linkTo, report))
        graph.add((link, CK.linkScore, Literal("1.5" if flaw == "score over 1" else "0.8", datatype=XSD.decimal)))
        graph.add((link, CK.linkKind, Literal("same")))
        graph.add((link, CK.linkReason, Literal("same committer and type")))
        graph.add((tracked, CK.conflict, conflict))
        graph.add((conflict, RDF.type, CK.Conflict))
        graph.add((conflict, CK.conflictKind, Literal("status")))
        graph.add((conflict, RDFS.comment, Literal("pledged and refused, 3 days apart")))
        graph.add((conflict, CK.conflictingReport, report))
        if flaw != "one report in conflict":
            graph.add((conflict, CK.conflictingReport, URIRef(ID + "commitment/other")))
    return mutate


# shape -> a mutation of the seed's graph that breaks exactly that shape's rules
BREAKERS: dict[str, Callable[[Graph], None]] = {
    "ActorShape": put(CK.State, CK.wikidata, Literal("142")),
    "PostShape": drop(RDFS.label, ORG.Post),
    "TenureShape": add_tenure("no holder"),
    "IntervalShape": add_tenure("beginning is no instant"),
    "InstantShape": add_tenure("date is text"),
    "SourceDocumentShape": put(CK.SourceDocument, CK.contentHash, Literal("not-a-hash")),
    "ActivityShape": drop(PROV.used, CK.Curation),
    "ExtractionShape": add_extraction(valid=False),
    "ExtractorShape": add_extraction(valid=False),
    "EvidenceShape": put(CK.Evidence, CK.confidence, Literal("1.5", datatype=XSD.decimal)),
    "CommitmentShape": drop(CK.committer, CK.Commitment),
    "MonetaryAmountShape": put(SCHEMA.MonetaryAmount, SCHEMA.value, Literal("-5", datatype=XSD.decimal)),
    "QuantitativeValueShape": also(SCHEMA.QuantitativeValue, CK.vagueValue, Literal("dozens")),
    "EventShape": put(CK.Event, CK.eventKind, CK.pledged),
    "ParticipationShape": put(CK.Participation, CK.attendanceMode, CK.meeting),
    "TrackedCommitmentShape": add_tracked("status is a type"),
    "ReportLinkShape": add_tracked("score over 1"),
    "ConflictShape": add_tracked("one report in conflict"),
}
FIXERS: dict[str, Callable[[Graph], None]] = {
    "TenureShape": add_tenure(None),
    "IntervalShape": add_tenure(None),
    "InstantShape": add_tenure(None),
    "ExtractionShape": add_extraction(valid=True),
    "ExtractorShape": add_extraction(valid=True),
    "TrackedCommitmentShape": add_tracked(None),
    "ReportLinkShape": add_tracked(None),
    "ConflictShape": add_tracked(None),
}


def shape_names() -> list[str]:
    graph = Graph()
    for path in shape_files():
        graph.parse(path)
    return sorted(str(s).rsplit("#", 1)[-1] for s in graph.subjects(RDF.type, SH.NodeShape))


def test_every_shape_has_a_failing_example() -> None:
    assert set(shape_names()) == set(BREAKERS)


def test_the_seed_graph_conforms(seed_graph: Graph, validator) -> None:
    result = validator.validate(seed_graph)
    assert result.conforms, result.violations


def targets(shape: str) -> set[URIRef]:
    graph = Graph()
    for path in shape_files():
        graph.parse(path)
    return set(graph.objects(URIRef(f"https://w3id.org/commitments-kg/shapes#{shape}"), SH.targetClass))


@pytest.mark.parametrize("shape", sorted(BREAKERS))
def test_shape_accepts_a_well_formed_example(shape: str, seed_graph: Graph, validator) -> None:
    graph = Graph() + seed_graph
    FIXERS.get(shape, lambda g: None)(graph)
    assert any(graph.value(None, RDF.type, cls) for cls in targets(shape)), "the example exercises the shape"
    result = validator.validate(graph)
    assert result.conforms, result.violations


@pytest.mark.parametrize("shape", sorted(BREAKERS))
def test_shape_rejects_a_broken_example(shape: str, seed_graph: Graph, validator) -> None:
    graph = Graph() + seed_graph
    BREAKERS[shape](graph)
    result = validator.validate(graph)
    assert not result.conforms
    assert any(v.startswith(f"[{shape}]") for v in result.violations), result.violations
