"""The commitment catalogue behind the REST lists: the same answers as the named queries, and in
step with every write.

The catalogue answers the lists from memory; with KG_CATALOGUE=false every page is a named
SPARQL query. The named queries are the reference: both must give the same items, in the same
order, with the same totals and cursors.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bench import generate
from kg.catalogue import CatalogueQuery, CommitmentCatalogue
from kg.ingest import ingest_paths
from kg.store import GraphStore
from tests.api_fixtures import SEED_CLAIMS, TOKEN, fresh_store, make_app, seeded_template  # noqa: F401

CK = "https://w3id.org/commitments-kg/ontology#"
ACTOR = "https://w3id.org/commitments-kg/id/actor/"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, preparer) -> GraphStore:
    """The seed and 400 generated commitments in 8 documents: many actors, types, statuses, dates."""
    root = tmp_path_factory.mktemp("catalogue")
    corpus = generate.generate_corpus(400, seed=7, per_doc=50, cache_dir=root / "corpus")
    store = GraphStore.open(root / "store")
    results = ingest_paths(store, [SEED_CLAIMS, *corpus.files], preparer)
    assert {r.outcome.value for r in results} == {"written"}, results
    return store


@pytest.fixture(scope="module")
def clients(corpus_store: GraphStore, preparer) -> Iterator[tuple[TestClient, TestClient]]:
    """(catalogue, named queries): two apps over the same store."""
    from api.app import create_app
    from tests.api_fixtures import settings_for

    with_catalogue = create_app(settings_for(corpus_store.path), corpus_store, preparer=preparer)
    without = create_app(settings_for(corpus_store.path, catalogue=False), corpus_store, preparer=preparer)
    with TestClient(with_catalogue) as fast, TestClient(without) as reference:
        assert with_catalogue.state.catalogue.wait_ready(60)
        yield fast, reference


def every_page(client: TestClient, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    pages, cursor = [], None
    while True:
        response = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body)
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def busiest_actors(client: TestClient, count: int) -> list[str]:
    totals = {}
    for actor in client.get("/actors", params={"limit": 500}).json()["items"]:
        totals[actor["id"]] = client.get(f"/actors/{actor['id']}/commitments", params={"limit": 1}).json()["total"]
    return sorted(totals, key=lambda a: (-totals[a], a))[:count]


ACTOR_FILTERS = [
    {}, {"role": "committer"}, {"role": "beneficiary"}, {"type": "financial_aid"}, {"status": "pledged"},
    {"type": "arms_delivery", "status": "delivered"}, {"from": "2022-06-01"}, {"to": "2023-01-31"},
    {"from": "2022-03-01", "to": "2022-09-30", "role": "committer"},
]


# Both orders (the default is newest first): half the generated commitments are undated, so
# pages cross from the dated to the undated ones in each.
SORTS = [{}, {"sort": "oldest"}]


def sort_id(sort: dict[str, str]) -> str:
    return sort.get("sort", "default")


@pytest.mark.parametrize("sort", SORTS, ids=sort_id)
@pytest.mark.parametrize("filters", ACTOR_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_actor_commitment_pages_are_the_named_queries_pages(clients, filters: dict[str, str], sort) -> None:
    fast, reference = clients
    for actor in busiest_actors(reference, 3):
        path = f"/actors/{actor}/commitments"
        params = {**filters, **sort, "limit": 7}
        assert every_page(fast, path, params) == every_page(reference, path, params)


LIST_FILTERS = [
    {}, {"type": "sanctions"}, {"status": "conditional"}, {"type": "troop_deployment", "status": "pledged"},
    {"from": "2022-05-01", "to": "2022-12-31"}, {"to": "2023-06-30", "type": "financial_aid"},
    {"committer": "united-states"}, {"beneficiary": "ukraine"}, {"committer": "germany", "beneficiary": "ukraine"},
    {"committer": "germany", "status": "pledged", "from": "2022-01-01"},
]


@pytest.mark.parametrize("sort", SORTS, ids=sort_id)
@pytest.mark.parametrize("filters", LIST_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_commitment_list_pages_are_the_named_queries_pages(clients, filters: dict[str, str], sort) -> None:
    fast, reference = clients
    pages = every_page(fast, "/commitments", {**filters, **sort, "limit": 40})
    assert pages == every_page(reference, "/commitments", {**filters, **sort, "limit": 40})
    assert sum(len(page["items"]) for page in pages) == pages[0]["total"]


EVENT_FILTERS = [
    {}, {"kind": "summit"}, {"kind": "call", "from": "2022-03-01"}, {"to": "2022-10-31"},
    {"actor": "united-states"}, {"actor": "germany", "kind": "meeting"},
    {"actor": "united-states", "from": "2023-01-01"}, {"from": "2023-01-01"}, {"actor": "nobody-at-all"},
]


@pytest.mark.parametrize("sort", SORTS, ids=sort_id)
@pytest.mark.parametrize("filters", EVENT_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_event_pages_are_the_named_queries_pages(clients, filters: dict[str, str], sort) -> None:
    fast, reference = clients
    pages = every_page(fast, "/events", {**filters, **sort, "limit": 9})
    assert pages == every_page(reference, "/events", {**filters, **sort, "limit": 9})
    assert sum(len(page["items"]) for page in pages) == pages[0]["total"]


def test_a_cursor_from_one_answers_the_other(clients) -> None:
    fast, reference = clients
    first = fast.get("/commitments", params={"type": "sanctions", "limit": 5}).json()
    after_fast = fast.get("/commitments", params={"type": "sanctions", "limit": 5, "cursor": first["next_cursor"]})
    after_reference = reference.get("/commitments",
                                    params={"type": "sanctions", "limit": 5, "cursor": first["next_cursor"]})
    assert after_fast.json() == after_reference.json()


@pytest.mark.parametrize("client_index", [0, 1], ids=["catalogue", "named-queries"])
def test_newest_first_is_oldest_first_backwards_with_the_undated_still_last(clients, client_index: int) -> None:
    client = clients[client_index]
    newest = [item for page in every_page(client, "/commitments", {"limit": 33}) for item in page["items"]]
    oldest = [item for page in every_page(client, "/commitments", {"sort": "oldest", "limit": 33})
              for item in page["items"]]
    dated = [item["id"] for item in oldest if item["date"]]
    undated = [item["id"] for item in oldest if not item["date"]]
    assert dated and undated, "the corpus has both"
    assert [item["id"] for item in newest] == dated[::-1] + undated[::-1]
    dates = [item["date"] for item in newest if item["date"]]
    assert dates == sorted(dates, reverse=True)


def test_a_cursor_keeps_its_order(clients) -> None:
    fast, _ = clients
    first = fast.get("/commitments", params={"limit": 5}).json()
    response = fast.get("/commitments", params={"sort": "oldest", "limit": 5, "cursor": first["next_cursor"]})
    assert response.status_code == 422


def test_a_cursor_for_other_filters_is_refused_by_the_catalogue_too(clients) -> None:
    fast, _ = clients
    first = fast.get("/commitments", params={"type": "sanctions", "limit": 5}).json()
    response = fast.get("/commitments", params={"type": "training", "limit": 5, "cursor": first["next_cursor"]})
    assert response.status_code == 422


# -- in step with writes ----------------------------------------------------------------------------

@pytest.fixture
def writable(fresh_store: GraphStore, make_app) -> Iterator[TestClient]:  # noqa: F811
    app = make_app(fresh_store, write_token=TOKEN)
    with TestClient(app) as client:
        assert app.state.catalogue.wait_ready(60)
        yield client


def post_corpus_document(client: TestClient, tmp_path: Path, index: int) -> dict[str, Any]:
    corpus = generate.generate_corpus(20, seed=100 + index, per_doc=20, cache_dir=tmp_path / f"c{index}")
    body = corpus.files[0].read_text(encoding="utf-8")
    response = client.post("/documents", content=body, headers={"Authorization": f"Bearer {TOKEN}",
                                                                "Content-Type": "application/yaml"})
    assert response.status_code in (200, 201), response.text
    return response.json()


def total(client: TestClient, **params: str) -> int:
    return client.get("/commitments", params=params).json()["total"]


def test_a_posted_document_is_in_the_lists_at_once(writable: TestClient, tmp_path: Path) -> None:
    before, events_before = total(writable), writable.get("/events").json()["total"]
    post_corpus_document(writable, tmp_path, 1)
    assert total(writable) == before + 20
    assert writable.get("/events").json()["total"] > events_before


def test_a_deleted_document_leaves_the_lists_at_once(writable: TestClient, tmp_path: Path) -> None:
    before = total(writable)
    written = post_corpus_document(writable, tmp_path, 2)
    response = writable.delete(f"/documents/{written['id']}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204, response.text
    assert total(writable) == before


def test_a_replaced_document_shows_its_new_commitments_only(writable: TestClient) -> None:
    import json

    import yaml

    claims = json.loads(json.dumps(yaml.safe_load(SEED_CLAIMS.read_text(encoding="utf-8")), default=str))
    france = [c for c in claims["commitments"] if c["committer"] == "France"]
    claims["commitments"] = [c for c in claims["commitments"] if c["committer"] != "France"]
    response = writable.post("/documents", json=claims, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (200, 201), response.text
    listed = writable.get("/actors/france/commitments", params={"role": "committer"}).json()
    assert france and listed["total"] == 0 and listed["items"] == []


# -- the catalogue itself -----------------------------------------------------------------------------

def test_the_catalogue_catches_up_on_writes_made_to_the_store_directly(fresh_store: GraphStore,  # noqa: F811
                                                                       preparer, tmp_path: Path) -> None:
    catalogue = CommitmentCatalogue(fresh_store)
    catalogue.build()
    before = len(catalogue)
    corpus = generate.generate_corpus(30, seed=5, per_doc=30, cache_dir=tmp_path / "corpus")
    ingest_paths(fresh_store, corpus.files, preparer)
    assert catalogue.sync() and len(catalogue) == before + 30


def test_a_catalogue_further_behind_than_the_change_log_starts_over(fresh_store: GraphStore,  # noqa: F811
                                                                   preparer, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = CommitmentCatalogue(fresh_store)
    catalogue.build()
    before = len(catalogue)
    forgotten = iter([None])  # the log no longer reaches back to the catalogue's generation, once
    original = fresh_store.changed_graphs
    monkeypatch.setattr(fresh_store, "changed_graphs", lambda since: next(forgotten, original(since)))
    corpus = generate.generate_corpus(30, seed=6, per_doc=30, cache_dir=tmp_path / "corpus")
    ingest_paths(fresh_store, corpus.files, preparer)
    assert catalogue.sync() and len(catalogue) == before + 30


def test_the_store_change_log_names_the_graphs_written_since(fresh_store: GraphStore) -> None:  # noqa: F811
    start = fresh_store.generation
    assert fresh_store.changed_graphs(start) == frozenset()
    fresh_store.add_ntriples("https://example.org/g1", "<https://example.org/a> <https://example.org/p> \"x\" .")
    middle = fresh_store.generation
    fresh_store.remove_graph("https://example.org/g1")
    assert fresh_store.changed_graphs(start) == {"https://example.org/g1"}
    assert fresh_store.changed_graphs(middle) == {"https://example.org/g1"}
    assert fresh_store.changed_graphs(fresh_store.generation) == frozenset()


def test_pages_of_an_unbuilt_catalogue_are_refused() -> None:
    catalogue = CommitmentCatalogue(GraphStore.open(None))
    assert not catalogue.sync()
    with pytest.raises(RuntimeError):
        catalogue.page(CatalogueQuery())


def test_a_date_range_leaves_out_the_undated_and_keeps_its_bounds(corpus_store: GraphStore) -> None:
    catalogue = CommitmentCatalogue(corpus_store)
    catalogue.build()
    everything = catalogue.page(CatalogueQuery(limit=10_000)).records
    dated = [r.date for r in everything if r.date is not None]
    low, high = sorted(dated)[len(dated) // 4], sorted(dated)[3 * len(dated) // 4]
    inside = catalogue.page(CatalogueQuery(date_from=low, date_to=high, limit=10_000)).records
    assert inside and all(r.date is not None and low <= r.date <= high for r in inside)
    assert len(inside) == sum(1 for d in dated if low <= d <= high)


# -- the snapshot beside the store --------------------------------------------------------------------

def all_pages(catalogue: CommitmentCatalogue) -> tuple[list[str], list[str]]:
    from kg.catalogue import EventQuery

    return ([r.iri for r in catalogue.page(CatalogueQuery(limit=100_000)).records],
            [e.iri for e in catalogue.events_page(EventQuery(limit=100_000)).records])


def test_a_restart_over_the_same_documents_reads_the_snapshot_not_the_store(
        corpus_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.catalogue.index as index

    path = tmp_path / "store.catalogue.json"
    first = CommitmentCatalogue(corpus_store, snapshot_path=path)
    first.build()
    assert path.is_file() and not first.from_snapshot

    def no_reading(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("the snapshot should have been used")

    monkeypatch.setattr(index, "read_document", no_reading)
    again = CommitmentCatalogue(corpus_store, snapshot_path=path)
    again.build()
    assert again.from_snapshot and all_pages(again) == all_pages(first)
    everything = CatalogueQuery(limit=100_000)
    assert again.page(everything).records == first.page(everything).records, "every field of every record"
    actor = ACTOR + "united-states"
    assert again.page(CatalogueQuery(actor=actor, limit=20)) == first.page(CatalogueQuery(actor=actor, limit=20))


def test_a_snapshot_of_other_documents_is_ignored(fresh_store: GraphStore, preparer, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "store.catalogue.json"
    CommitmentCatalogue(fresh_store, snapshot_path=path).build()
    corpus = generate.generate_corpus(30, seed=8, per_doc=30, cache_dir=tmp_path / "corpus")
    ingest_paths(fresh_store, corpus.files, preparer)
    again = CommitmentCatalogue(fresh_store, snapshot_path=path)
    again.build()
    assert not again.from_snapshot and len(again) == 11 + 30


def test_writes_after_the_build_are_saved_at_shutdown(fresh_store: GraphStore, preparer,  # noqa: F811
                                                       tmp_path: Path) -> None:
    path = tmp_path / "store.catalogue.json"
    catalogue = CommitmentCatalogue(fresh_store, snapshot_path=path)
    catalogue.build()
    corpus = generate.generate_corpus(30, seed=9, per_doc=30, cache_dir=tmp_path / "corpus")
    ingest_paths(fresh_store, corpus.files, preparer)
    assert catalogue.save()
    again = CommitmentCatalogue(fresh_store, snapshot_path=path)
    again.build()
    assert again.from_snapshot and all_pages(again) == all_pages(catalogue)


@pytest.mark.parametrize("damage", ["cut mid-line", "cut at a line's end"])
def test_a_damaged_snapshot_is_ignored(corpus_store: GraphStore, tmp_path: Path, damage: str) -> None:
    path = tmp_path / "store.catalogue.json"
    first = CommitmentCatalogue(corpus_store, snapshot_path=path)
    first.build()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines)[:1000] if damage == "cut mid-line" else "".join(lines[:-1]), encoding="utf-8")
    again = CommitmentCatalogue(corpus_store, snapshot_path=path)
    again.build()
    assert not again.from_snapshot and len(again) == len(first)


def test_the_server_keeps_its_snapshot_beside_the_store(fresh_store: GraphStore, make_app) -> None:  # noqa: F811
    app = make_app(fresh_store)
    with TestClient(app):
        assert app.state.catalogue.wait_ready(60)
    assert (fresh_store.path.parent / f"{fresh_store.path.name}.catalogue.json").is_file()


def _edit_records(path: Path, old: str, new: str) -> None:
    """Change the records' text, leaving the header (and so the fingerprint) as it was."""
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    assert old in rest
    path.write_text(header + "\n" + rest.replace(old, new), encoding="utf-8")


def test_a_snapshot_with_an_edited_record_is_ignored_and_the_lists_answer_what_the_store_holds(
        fresh_store: GraphStore, make_app, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    path = fresh_store.path.parent / f"{fresh_store.path.name}.catalogue.json"
    query = {"committer": "ukraine"}
    first = make_app(fresh_store)
    with TestClient(first) as client:
        assert first.state.catalogue.wait_ready(60)
        truth = client.get("/commitments", params=query).json()
    assert [i["amount"] for i in truth["items"]] == [{"value": 90000000000, "currency": "USD"}]
    _edit_records(path, '"90000000000"', '"1"')

    again = make_app(fresh_store)
    with caplog.at_level("WARNING", logger="kg.catalogue.snapshot"), TestClient(again) as client:
        assert again.state.catalogue.wait_ready(60)
        assert not again.state.catalogue.from_snapshot
        assert client.get("/commitments", params=query).json() == truth
    assert any("checksum does not match" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("damage", ["an edited record", "an edited checksum", "no checksum", "not JSON", "empty"])
def test_a_snapshot_that_is_not_what_was_saved_is_rebuilt_from_the_store_and_saved_again(
        fresh_store: GraphStore, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str) -> None:  # noqa: F811
    path = tmp_path / "store.catalogue.json"
    first = CommitmentCatalogue(fresh_store, snapshot_path=path)
    first.build()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if damage == "an edited record":
        _edit_records(path, "sanctions", "training")
    elif damage == "an edited checksum":
        path.write_text("".join(lines[:-1]) + '{"sha256": "' + "0" * 64 + '"}\n', encoding="utf-8")
    elif damage == "no checksum":
        path.write_text("".join(lines[:-1]), encoding="utf-8")
    elif damage == "not JSON":
        path.write_text(lines[0] + "this is not JSON\n" + "".join(lines[2:]), encoding="utf-8")
    else:
        path.write_text("", encoding="utf-8")
    with caplog.at_level("WARNING", logger="kg.catalogue.snapshot"):
        again = CommitmentCatalogue(fresh_store, snapshot_path=path)
        again.build()
    everything = CatalogueQuery(limit=100_000)
    assert not again.from_snapshot and again.page(everything) == first.page(everything)
    assert [r.levelname for r in caplog.records if "ignoring the catalogue snapshot" in r.getMessage()] == ["WARNING"]
    third = CommitmentCatalogue(fresh_store, snapshot_path=path)
    third.build()
    assert third.from_snapshot and third.page(everything) == first.page(everything)
