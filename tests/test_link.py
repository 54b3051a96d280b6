"""Linking reports into tracked commitments, through the real ingestion into a real store.

tests/link_docs/ holds six small documents about one German pledge of IRIS-T systems to
Ukraine: a proposal, the pledge, a partial delivery, the full delivery, a denial a week after the
pledge, and a look-alike (another German air-defence pledge to Ukraine, of another amount).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.ingest import ingest_paths
from kg.link.linker import Linker
from kg.link.rdf import CURATED_GRAPH
from kg.rdf.iris import document_iri
from kg.store import GraphStore

DOCS = Path(__file__).resolve().parent / "link_docs"
CK = "https://w3id.org/commitments-kg/ontology#"


def tracked(store: GraphStore) -> dict[str, dict]:
    """Every tracked commitment: its reports' documents, status, fulfilment, figures, conflicts."""
    found: dict[str, dict] = {}
    for row in store.query("SELECT ?t ?s ?f ?n WHERE { ?t a ck:TrackedCommitment ; ck:currentStatus ?s ; "
                           "ck:fulfilment ?f ; ck:reportCount ?n }"):
        found[row["t"].value] = {"status": row["s"].value[len(CK):], "fulfilment": row["f"].value,
                                 "count": int(row["n"].value), "documents": set(), "conflicts": [], "figures": {}}
    for row in store.query("SELECT ?t ?name WHERE { ?t ck:report ?c . ?c prov:wasDerivedFrom/schema:name ?name }"):
        found[row["t"].value]["documents"].add(row["name"].value)
    for row in store.query("SELECT ?t ?k (COUNT(?r) AS ?n) WHERE { ?t ck:conflict ?x . ?x ck:conflictKind ?k ; "
                           "ck:conflictingReport ?r } GROUP BY ?t ?x ?k"):
        found[row["t"].value]["conflicts"].append((row["k"].value, int(row["n"].value)))
    for row in store.query("SELECT ?t ?p ?v ?u WHERE { VALUES ?p { ck:pledgedAmount ck:deliveredAmount "
                           "ck:pledgedQuantity ck:deliveredQuantity } ?t ?p ?m . ?m schema:value ?v . "
                           "OPTIONAL { ?m schema:currency ?u } OPTIONAL { ?m schema:unitText ?u } }"):
        key = (row["p"].value[len(CK):], row["u"].value)
        found[row["t"].value]["figures"][key] = Decimal(row["v"].value)
    return found


def the_one(store: GraphStore) -> dict:
    many = [t for t in tracked(store).values() if t["count"] > 1]
    assert len(many) == 1, tracked(store)
    return many[0]


@pytest.fixture
def linked(store: GraphStore, preparer) -> GraphStore:
    results = ingest_paths(store, [DOCS], preparer)
    assert {r.outcome.value for r in results} == {"written"}, results
    return store


def test_six_reports_give_one_tracked_commitment_and_the_lookalike_apart(linked: GraphStore) -> None:
    everything = tracked(linked)
    assert len(everything) == 2
    one = the_one(linked)
    assert one["documents"] == {"link-d1-proposal.txt", "link-d2-pledge.txt", "link-d3-partial-delivery.txt",
                                "link-d4-full-delivery.txt", "link-d5-contradiction.txt"}
    alone = [t for t in everything.values() if t["count"] == 1]
    assert [t["documents"] for t in alone] == [{"link-d6-lookalike.txt"}]
    assert alone[0]["status"] == "pledged" and alone[0]["fulfilment"] == "none"


def test_status_history_fulfilment_and_the_contradiction(linked: GraphStore) -> None:
    one = the_one(linked)
    assert one["status"] == "delivered"
    assert one["fulfilment"] == "full"
    assert one["figures"] == {("pledgedAmount", "EUR"): Decimal(500000000), ("deliveredAmount", "EUR"): Decimal(500000000),
                              ("pledgedQuantity", "system"): Decimal(4), ("deliveredQuantity", "system"): Decimal(4)}
    assert one["conflicts"] == [("status", 2)]
    history = [(row["day"].value, row["status"].value[len(CK):]) for row in linked.query(
        "SELECT ?day ?status WHERE { ?t ck:reportCount 5 ; ck:report ?c . ?c ck:status ?status ; "
        "prov:wasDerivedFrom ?d . OPTIONAL { ?c ck:date ?date } ?d schema:datePublished ?p . "
        "BIND(COALESCE(?date, ?p) AS ?day) } ORDER BY ?day")]
    assert history == [("2025-01-10", "proposed"), ("2025-02-03", "pledged"), ("2025-02-10", "refused"),
                       ("2025-04-14", "delivered"), ("2025-06-30", "delivered")]


def test_every_link_has_a_score_and_reasons(linked: GraphStore) -> None:
    rows = list(linked.query("SELECT ?l ?s (COUNT(?r) AS ?n) WHERE { ?t ck:link ?l . ?l ck:linkScore ?s ; "
                             "ck:linkReason ?r } GROUP BY ?l ?s"))
    assert len(rows) == 4  # five reports, a tree of four links
    assert all(0 < float(r["s"].value) <= 1 and int(r["n"].value) >= 2 for r in rows)


def test_document_graphs_stay_as_they_are(store: GraphStore, linked: GraphStore, preparer, tmp_path: Path) -> None:
    bare = GraphStore.open(tmp_path / "unlinked")
    ingest_paths(bare, [DOCS], preparer, link=False)
    for name in ("link-d2-pledge.txt", "link-d5-contradiction.txt"):
        iri = document_iri(name)
        assert sorted(map(str, linked.graph_triples(iri))) == sorted(map(str, bare.graph_triples(iri)))


def test_deleting_a_document_updates_history_fulfilment_and_conflicts(linked: GraphStore) -> None:
    linker = Linker(linked)
    linked.remove_graph(document_iri("link-d4-full-delivery.txt"))
    linker.sync()
    one = the_one(linked)
    assert one["count"] == 4 and one["fulfilment"] == "partial"
    assert one["figures"][("deliveredAmount", "EUR")] == Decimal(250000000)
    linked.remove_graph(document_iri("link-d5-contradiction.txt"))
    linker.sync()
    one = the_one(linked)
    assert one["conflicts"] == [] and one["count"] == 3
    for name in ("link-d1-proposal.txt", "link-d2-pledge.txt", "link-d3-partial-delivery.txt"):
        linked.remove_graph(document_iri(name))
    linker.sync()
    assert [t["documents"] for t in tracked(linked).values()] == [{"link-d6-lookalike.txt"}]


def curate(store: GraphStore, same: list[tuple[str, str]] = (), distinct: list[tuple[str, str]] = ()) -> None:
    lines = [f"<{a}> <{CK}sameCommitmentAs> <{b}> ." for a, b in same]
    lines += [f"<{a}> <{CK}distinctCommitmentFrom> <{b}> ." for a, b in distinct]
    store.replace_ntriples(URIRef(CURATED_GRAPH), "\n".join(lines))


def report_of(store: GraphStore, name: str) -> str:
    rows = list(store.query("SELECT ?c ?n WHERE { ?c a ck:Commitment ; prov:wasDerivedFrom ?d . ?d schema:name ?n }",
                            {"n": ox.Literal(name)}))
    return rows[0]["c"].value


def test_the_curated_word_wins(linked: GraphStore) -> None:
    linker = Linker(linked)
    pledge, lookalike = report_of(linked, "link-d2-pledge.txt"), report_of(linked, "link-d6-lookalike.txt")
    denial = report_of(linked, "link-d5-contradiction.txt")
    curate(linked, same=[(pledge, lookalike)], distinct=[(pledge, denial)])
    linker.sync()
    everything = tracked(linked)
    merged = [t for t in everything.values() if "link-d6-lookalike.txt" in t["documents"]]
    assert merged[0]["documents"] >= {"link-d2-pledge.txt", "link-d6-lookalike.txt"}
    assert not any({"link-d2-pledge.txt", "link-d5-contradiction.txt"} <= t["documents"] for t in everything.values())
    curate(linked)
    linker.sync()
    assert the_one(linked)["count"] == 5


def test_iris_and_content_are_stable_across_a_rebuild_in_another_order(linked: GraphStore, preparer,
                                                                        tmp_path: Path) -> None:
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for path in sorted(DOCS.iterdir(), reverse=True):  # ingested one by one, newest first
        shutil.copy(path, shuffled / path.name)
    other = GraphStore.open(tmp_path / "other")
    for path in sorted(shuffled.iterdir(), reverse=True):
        ingest_paths(other, [path], preparer)

    def hashes(store: GraphStore) -> dict[str, str]:
        return {r["t"].value: r["h"].value for r in store.query(
            "SELECT ?t ?h WHERE { GRAPH ?t { ?t a ck:TrackedCommitment ; ck:contentHash ?h } }")}

    assert hashes(other) == hashes(linked) and len(hashes(linked)) == 2
    assert Linker(other).rebuild().written == 0  # recomputed from scratch: nothing to change


def test_tracked_graphs_conform_to_the_shapes(linked: GraphStore, validator) -> None:
    graphs = [g for g in linked.graph_iris() if "/id/tracked/" in str(g)]
    assert len(graphs) == 2
    for graph in graphs:
        result = validator.validate(linked.graph(graph))
        assert result.conforms, result.violations
