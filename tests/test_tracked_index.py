"""The tracked-commitment index behind GET /tracked (kg/catalogue/tracked.py): the same answers as
the named queries (tracked.rq, tracked_count.rq, tracked_facts.rq), and in step with every write.

With KG_CATALOGUE=false every page is a named SPARQL query: that is the reference, and the index
must give the same items, in the same order, with the same totals and cursors.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bench import generate
from kg.catalogue import CommitmentCatalogue
from kg.catalogue.tracked import TRACKED_PREFIX, read_all, read_tracked
from kg.ingest import ingest_paths
from kg.link.curated import write_curated
from kg.link.linker import Linker
from kg.store import GraphStore
from tests.api_fixtures import TOKEN, settings_for

DOCS = Path(__file__).resolve().parent / "link_docs"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def linked_store(tmp_path_factory: pytest.TempPathFactory, preparer) -> GraphStore:
    """The six German IRIS-T reports and 300 generated commitments, linked as ingestion links them."""
    root = tmp_path_factory.mktemp("tracked-index")
    batch = generate.write_batch(root / "docs", 6, 23, per_doc=50)
    store = GraphStore.open(root / "store")
    results = ingest_paths(store, [DOCS, *batch], preparer)
    assert {r.outcome.value for r in results} == {"written"}, results
    return store


@pytest.fixture(scope="module")
def clients(linked_store: GraphStore, preparer) -> Iterator[tuple[TestClient, TestClient]]:
    """(index, named queries): two apps over the same store."""
    from api.app import create_app

    indexed = create_app(settings_for(linked_store.path, write_token=TOKEN), linked_store, preparer=preparer)
    reference = create_app(settings_for(linked_store.path, catalogue=False), linked_store, preparer=preparer)
    with TestClient(indexed) as fast, TestClient(reference) as slow:
        assert indexed.state.tracked_index.wait_ready(60)
        assert reference.state.tracked_index is None
        yield fast, slow
    indexed.state.sparql.close()
    reference.state.sparql.close()


def every_page(client: TestClient, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    pages, cursor = [], None
    while True:
        response = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        pages.append(response.json())
        cursor = pages[-1]["next_cursor"]
        if cursor is None or len(pages) > 200:
            return pages


def _lists(client: TestClient) -> list[tuple[str, dict[str, Any]]]:
    """Filters that every list is read with: none, each alone, several together, date bounds."""
    first = client.get("/tracked", params={"limit": 500}).json()["items"]
    committers = sorted({item["committer"]["id"] for item in first})[:4] + ["germany"]
    beneficiaries = sorted({b["id"] for item in first for b in item["beneficiaries"]})[:3]
    lists: list[tuple[str, dict[str, Any]]] = [("/tracked", {"limit": 7})]
    lists += [("/tracked", {"committer": c, "limit": 3}) for c in committers]
    lists += [("/tracked", {"beneficiary": b, "limit": 9}) for b in beneficiaries]
    lists += [("/tracked", {"type": "arms_delivery", "limit": 5}), ("/tracked", {"status": "pledged", "limit": 5}),
              ("/tracked", {"type": "financial_aid", "status": "delivered"}),
              ("/tracked", {"committer": committers[0], "type": "arms_delivery"}),
              ("/tracked", {"beneficiary": "ukraine", "status": "pledged", "limit": 4}),
              ("/tracked", {"from": "2023-01-01", "to": "2024-06-30", "limit": 11}),
              ("/tracked", {"to": "2023-01-01", "committer": committers[0]}),
              ("/tracked", {"committer": "germany", "reports": "all"}),
              ("/tracked", {"committer": "nobody-at-all"}),
              ("/actors/germany/tracked", {}), ("/actors/ukraine/tracked", {"role": "beneficiary", "limit": 6})]
    return lists


def test_every_page_total_and_cursor_is_the_named_queries(clients: tuple[TestClient, TestClient]) -> None:
    fast, slow = clients
    lists = _lists(slow)
    items = 0
    for path, params in lists:
        mine, theirs = every_page(fast, path, params), every_page(slow, path, params)
        assert mine == theirs, (path, params)
        items += sum(len(page["items"]) for page in mine)
    assert items > 300  # the lists are not empty: the comparison compares something
    # A cursor one gave out is good with the other.
    page = fast.get("/tracked", params={"limit": 5}).json()
    assert slow.get("/tracked", params={"limit": 5, "cursor": page["next_cursor"]}).json() == \
        fast.get("/tracked", params={"limit": 5, "cursor": page["next_cursor"]}).json()


def test_the_index_follows_writes_and_deletes(clients: tuple[TestClient, TestClient]) -> None:
    fast, slow = clients
    germany = {"committer": "germany", "limit": 500}

    def counts(page: dict[str, Any]) -> list[int]:
        return sorted(item["report_count"] for item in page["items"])

    before = fast.get("/tracked", params=germany).json()
    assert counts(before)[-1] == 5  # the IRIS-T pledge and its four other reports
    assert fast.delete("/documents/link-d4-full-delivery", headers=AUTH).status_code == 204
    after = fast.get("/tracked", params=germany).json()
    assert after == slow.get("/tracked", params=germany).json()
    assert counts(after)[-1] == 4
    body = (DOCS / "d4_full.claims.yaml").read_text(encoding="utf-8")
    written = fast.post("/documents", content=body, headers={**AUTH, "Content-Type": "application/yaml"})
    assert written.status_code in (200, 201), written.text
    assert fast.get("/tracked", params=germany).json() == before
    for path, params in _lists(slow)[:6]:
        assert every_page(fast, path, params) == every_page(slow, path, params), (path, params)


def test_one_graph_at_a_time_reads_what_the_whole_store_scan_reads(linked_store: GraphStore) -> None:
    """The build scans the store a property at a time; a write re-reads one graph: the same records."""
    everything = list(read_all(linked_store.raw))
    graphs = [g for g in linked_store.graph_iris() if str(g).startswith(TRACKED_PREFIX)]
    assert len(everything) == len(graphs) > 200
    assert all(read_tracked(linked_store.raw, record.iri) == record for record in everything)
    assert any(record.beneficiaries for record in everything) and any(record.reports > 1 for record in everything)


def test_tracked_graphs_and_curated_links_leave_the_catalogue_snapshot_valid(tmp_path: Path, preparer) -> None:
    """kg.link's graphs are no documents: relinking (here after a curated file) neither makes the
    commitment catalogue's snapshot stale nor, with the curated graph, impossible to make."""
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [DOCS], preparer)
    commitments = sorted(r["c"].value.rsplit("/", 1)[-1] for r in store.query(
        "SELECT ?c WHERE { ?t ck:reportCount 5 ; ck:report ?c }"))  # the IRIS-T pledge's five reports
    curated = tmp_path / "links.yaml"
    curated.write_text(f"distinct_from:\n  - [{commitments[0]}, {commitments[1]}]\n", encoding="utf-8")
    linker = Linker(store)
    write_curated(store, curated)
    assert linker.sync().written > 0
    path = tmp_path / "store.catalogue.json"
    path.unlink(missing_ok=True)  # kg ingest leaves one: this test makes its own
    first = CommitmentCatalogue(store, snapshot_path=path)
    first.build()
    assert path.exists() and not first.from_snapshot
    curated.write_text("same_as: []\n", encoding="utf-8")
    write_curated(store, curated)
    assert linker.sync().written > 0  # tracked graphs rewritten, no document touched
    again = CommitmentCatalogue(store, snapshot_path=path)
    again.build()
    assert again.from_snapshot and len(again) == len(first) > 0
