"""The tracked-commitment routes over the real app and a real store, through an HTTP client."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.ingest import ingest_paths
from kg.store import GraphStore
from tests.api_fixtures import TOKEN, make_app  # noqa: F401 - a fixture

DOCS = Path(__file__).resolve().parent / "link_docs"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def api(tmp_path: Path, preparer, make_app):  # noqa: F811
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [DOCS], preparer)
    app = make_app(store, write_token=TOKEN)
    with TestClient(app) as client:
        yield client


def the_one(api: TestClient) -> dict:
    page = api.get("/tracked", params={"committer": "germany"}).json()
    many = [item for item in page["items"] if item["report_count"] > 1]
    assert len(many) == 1, page
    return api.get(f"/tracked/{many[0]['id']}").json()


def test_the_list_filters_and_pages(api: TestClient) -> None:
    page = api.get("/tracked", params={"committer": "germany", "limit": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["next_cursor"]
    second = api.get("/tracked", params={"committer": "germany", "limit": 1, "cursor": page["next_cursor"]}).json()
    assert second["next_cursor"] is None and second["items"][0]["id"] != page["items"][0]["id"]
    assert api.get("/tracked", params={"status": "delivered"}).json()["total"] == 1
    assert api.get("/tracked", params={"committer": "france"}).json()["total"] == 0
    bad = api.get("/tracked", params={"status": "maybe"})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def test_one_item_with_its_history_links_figures_and_conflict(api: TestClient) -> None:
    one = the_one(api)
    assert one["status"] == "delivered" and one["fulfilment"] == "full" and one["report_count"] == 5
    assert [(r["day"], r["status"], r["status_after"]) for r in one["reports"]] == [
        ("2025-01-10", "proposed", "proposed"), ("2025-02-03", "pledged", "pledged"),
        ("2025-02-10", "refused", "refused"), ("2025-04-14", "delivered", "delivered"),
        ("2025-06-30", "delivered", "delivered")]
    assert all(r["document"]["name"] for r in one["reports"])
    assert one["pledged"] == [{"value": 500000000, "currency": "EUR"}]
    assert one["delivered"] == [{"value": 500000000, "currency": "EUR"}]
    assert len(one["links"]) == 4 and all(link["reasons"] for link in one["links"])
    assert [c["kind"] for c in one["conflicts"]] == ["status"] and len(one["conflicts"][0]["reports"]) == 2
    assert api.get("/tracked/nothing-here").status_code == 404


def test_an_actor_s_rows_and_fulfilment(api: TestClient) -> None:
    rows = api.get("/actors/germany/tracked").json()
    assert sorted(item["report_count"] for item in rows["items"]) == [1, 5]
    assert all(item["reports"] is None for item in rows["items"])
    every = api.get("/actors/germany/tracked", params={"reports": "all"}).json()
    assert sorted(len(item["reports"]) for item in every["items"]) == [1, 5]
    assert api.get("/actors/ukraine/tracked", params={"role": "beneficiary"}).json()["total"] == 2
    summary = api.get("/actors/germany/fulfilment").json()["rows"]
    assert summary == [{"committer": {"id": "germany", "iri": "https://w3id.org/commitments-kg/id/actor/germany",
                                      "name": "Germany"},
                        "beneficiary": {"id": "ukraine", "iri": "https://w3id.org/commitments-kg/id/actor/ukraine",
                                        "name": "Ukraine"},
                        "type": "air_defence", "currency": "EUR", "tracked": 2, "pledged": 1700000000,
                        "delivered": 500000000, "fulfilled": 1, "partly": 0}]
    assert api.get("/actors/atlantis/tracked").status_code == 404


def test_fulfilment_as_beneficiary_lists_only_what_the_actor_receives(api: TestClient) -> None:
    received = api.get("/actors/ukraine/fulfilment", params={"role": "beneficiary"}).json()["rows"]
    assert [(r["committer"]["id"], r["beneficiary"]["id"]) for r in received] == [("germany", "ukraine")]
    assert api.get("/actors/germany/fulfilment", params={"role": "beneficiary"}).json()["rows"] == []


def test_jsonld(api: TestClient) -> None:
    one = the_one(api)
    body = api.get(f"/tracked/{one['id']}", headers={"Accept": "application/ld+json"}).json()
    assert body["@type"] == "TrackedCommitment" and body["@context"].endswith("/context.jsonld")


def test_deleting_a_document_through_the_api_updates_the_tracked_commitment(api: TestClient) -> None:
    assert api.delete("/documents/link-d4-full-delivery", headers=AUTH).status_code == 204
    one = the_one(api)
    assert one["report_count"] == 4 and one["fulfilment"] == "partial"
    assert one["delivered"] == [{"value": 250000000, "currency": "EUR"}]
