"""Tracked commitments as JSON-LD: a /tracked/{id} answer, expanded by rdflib's JSON-LD parser with the
published @context, gives the triples the linker wrote to the store, in the ontology's terms
(ck:trackedCommitter, ck:currentStatus, ck:report...), and its reports keep the report terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.ingest import ingest_paths
from kg.store import GraphStore
from kg.terms import CK, PROV, RDFS, SCHEMA
from tests.api_fixtures import settings_for

DOCS = Path(__file__).resolve().parent / "link_docs"
ROOT = Path(__file__).resolve().parent.parent
GERMANY = URIRef("https://w3id.org/commitments-kg/id/actor/germany")
UKRAINE = URIRef("https://w3id.org/commitments-kg/id/actor/ukraine")
# What a tracked commitment says of itself in the store, and must say in JSON-LD too.
OWN = [CK.trackedCommitter, CK.trackedType, CK.currentStatus, CK.trackedBeneficiary, CK.report, CK.reportCount,
       CK.firstReported, CK.lastReported, CK.fulfilment]


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, preparer) -> GraphStore:
    store = GraphStore.open(tmp_path_factory.mktemp("tracked-jsonld") / "store")
    assert {r.outcome.value for r in ingest_paths(store, [DOCS], preparer)} == {"written"}
    return store


@pytest.fixture(scope="module")
def api(linked: GraphStore, preparer) -> TestClient:
    from api.app import create_app

    app = create_app(settings_for(linked.path), linked, preparer=preparer)
    try:
        with TestClient(app) as client:
            yield client
    finally:
        app.state.sparql.close()


@pytest.fixture(scope="module")
def the_one(api: TestClient) -> dict:
    (one,) = [item for item in api.get("/tracked", params={"committer": "germany"}).json()["items"]
              if item["report_count"] > 1]
    return one


def as_graph(api: TestClient, path: str) -> Graph:
    response = api.get(path, headers={"Accept": "application/ld+json"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    document = response.json()
    assert document["@context"].endswith("/context.jsonld")
    document["@context"] = api.get("/context.jsonld").json()["@context"]  # no network in tests
    return Graph().parse(data=json.dumps(document), format="json-ld")


def stored(store: GraphStore, iri: str) -> set[tuple[URIRef, URIRef, object]]:
    """The tracked commitment's own triples (OWN properties) as the store holds them, as rdflib terms."""
    found = set()
    for prop in OWN:
        for row in store.query(f"SELECT ?o WHERE {{ <{iri}> <{prop}> ?o }}"):
            term = row["o"]
            if hasattr(term, "datatype"):  # a simple literal is an xsd:string (RDF 1.1), as rdflib reads JSON-LD
                datatype = None if term.datatype.value == str(XSD.string) else URIRef(term.datatype.value)
                value = Literal(term.value, datatype=datatype)
            else:
                value = URIRef(term.value)
            found.add((URIRef(iri), prop, value))
    return found


def test_a_tracked_commitment_reads_as_the_store_holds_it(api: TestClient, linked: GraphStore, the_one: dict) -> None:
    graph = as_graph(api, f"/tracked/{the_one['id']}")
    tracked = URIRef(the_one["iri"])
    expected = stored(linked, the_one["iri"])
    assert len(expected) >= 13  # committer, type, status, beneficiary, 5 reports, count, first, last, fulfilment
    found = {(s, p, o) for s, p, o in graph.triples((tracked, None, None)) if p in OWN}
    assert found == expected
    assert (tracked, RDF.type, CK.TrackedCommitment) in graph
    assert graph.value(tracked, CK.currentStatus) == CK.delivered
    assert graph.value(tracked, CK.firstReported) == Literal("2025-01-10", datatype=XSD.date)
    # never the report terms on the tracked commitment
    assert not {p for _, p, _ in graph.triples((tracked, None, None))} & {CK.committer, CK.status, CK.commitmentType}


def test_its_reports_keep_the_report_terms_with_their_sources(api: TestClient, the_one: dict) -> None:
    graph = as_graph(api, f"/tracked/{the_one['id']}")
    reports = set(graph.objects(URIRef(the_one["iri"]), CK.report))
    assert len(reports) == 5
    statuses = sorted(str(graph.value(r, CK.status)).rsplit("#", 1)[-1] for r in reports)
    assert statuses == ["delivered", "delivered", "pledged", "proposed", "refused"]
    for report in reports:
        assert (report, RDF.type, CK.Commitment) in graph
        document = graph.value(report, PROV.wasDerivedFrom)
        assert document is not None and graph.value(document, SCHEMA.name)
    attributions = {str(graph.value(r, CK.attributedTo)) for r in reports}
    assert "Der Spiegel citing a government spokesperson" in attributions


def test_figures_links_and_conflicts_use_the_ontology_s_terms(api: TestClient, the_one: dict) -> None:
    graph = as_graph(api, f"/tracked/{the_one['id']}")
    tracked = URIRef(the_one["iri"])
    reports = set(graph.objects(tracked, CK.report))
    (pledged,) = graph.objects(tracked, CK.pledgedAmount)
    assert graph.value(pledged, SCHEMA.currency) == Literal("EUR")
    assert graph.value(pledged, SCHEMA.value).toPython() == 500000000
    assert (pledged, RDF.type, SCHEMA.MonetaryAmount) in graph
    assert len(set(graph.objects(tracked, CK.deliveredAmount))) == 1
    links = list(graph.objects(tracked, CK.link))
    assert len(links) == 4
    for link in links:
        assert (link, RDF.type, CK.ReportLink) in graph
        assert {graph.value(link, CK.linkFrom), graph.value(link, CK.linkTo)} <= reports  # report IRIs, not ids
        assert str(graph.value(link, CK.linkKind)) in {"same", "fulfils", "curated"}
        assert list(graph.objects(link, CK.linkReason)) and graph.value(link, CK.linkScore) is not None
    (conflict,) = graph.objects(tracked, CK.conflict)
    assert str(graph.value(conflict, CK.conflictKind)) == "status" and graph.value(conflict, RDFS.comment)
    assert len(set(graph.objects(conflict, CK.conflictingReport)) & reports) == 2


def test_every_ck_term_of_the_answers_is_declared_in_the_ontology(api: TestClient, the_one: dict) -> None:
    ontology = Graph().parse(ROOT / "ontology" / "commitments.ttl")
    ontology.parse(ROOT / "ontology" / "vocabularies.ttl")
    declared = set(ontology.subjects())
    for path in (f"/tracked/{the_one['id']}", "/tracked?reports=all", "/actors/germany/tracked",
                 "/actors/germany/fulfilment"):
        graph = as_graph(api, path)
        used = {term for triple in graph for term in triple if isinstance(term, URIRef) and term.startswith(str(CK))}
        assert used - declared == set(), path
    listing = as_graph(api, "/actors/germany/tracked")
    assert set(listing.subjects(CK.trackedCommitter, GERMANY)) and set(listing.subjects(CK.trackedBeneficiary, UKRAINE))
    # the fulfilment summary is an aggregate with no ontology term: it claims nothing
    assert not [t for t in as_graph(api, "/actors/germany/fulfilment") if t[1] in (CK.committer, CK.commitmentType)]
