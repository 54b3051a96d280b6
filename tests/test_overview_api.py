"""GET /overview (the landing page's aggregates) and GET /actors/{id}/events (an actor's events
with its part in each): every figure checked against the REST lists it links to."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from api import overview as reading
from kg.store import GraphStore
from tests.api_fixtures import (  # noqa: F401 - fixtures
    api_store,
    client,
    fresh_store,
    make_app,
    seeded_template,
    writable_client,
)
from tests.test_api_writes import post

REFUSAL = {
    "document": "overview-refusal-article.txt",
    "title": "Norway will not send troops or money to Ukraine",
    "published": "2025-09-05",
    "actors": [{"name": "Norway", "kind": "state"}, {"name": "Ukraine", "kind": "state"}],
    "commitments": [{
        "committer": "Norway", "type": "financial_aid", "beneficiary": "Ukraine", "status": "refused",
        "amount": "1500000.25", "currency": "EUR", "date": "2025-09-05",
        "quote": "Norway will not pay Ukraine 1.5 million euros.",
    }],
}


def total(client: TestClient, path: str, **params: str) -> int:
    response = client.get(path, params={**params, "limit": 1})
    assert response.status_code == 200, response.text
    return response.json()["total"]


def test_the_overview_counts_every_commitment_of_the_store(client: TestClient) -> None:
    body = client.get("/overview").json()
    assert body["commitments"] == total(client, "/commitments") == 11
    assert body["refusals"] == 0 and body["documents_total"] == 1


def test_each_committer_and_type_count_is_the_total_of_its_filtered_list(client: TestClient) -> None:
    committers = client.get("/overview").json()["committers"]
    assert committers
    for row in committers:
        listed = total(client, "/commitments", committer=row["committer"]["id"], type=row["type"])
        assert row["count"] + row["refused"] == listed, row


def test_committers_come_most_commitments_first_and_are_cut_at_top(client: TestClient) -> None:
    body = client.get("/overview", params={"top": 2}).json()
    shown = list(dict.fromkeys(row["committer"]["id"] for row in body["committers"]))
    assert len(shown) == 2 and body["committers_total"] == 7
    counts = [total(client, "/commitments", committer=actor) for actor in shown]
    assert counts == sorted(counts, reverse=True)


def test_amounts_are_exact_sums_per_currency(client: TestClient) -> None:
    response = client.get("/overview")
    assert '"total":90000000000,' in response.text  # a bare JSON number, exact
    (row,) = response.json()["amounts"]
    assert (row["committer"]["id"], row["type"], row["currency"], row["count"]) == ("ukraine", "arms_purchase", "USD", 1)


def test_each_timeline_bin_is_the_total_of_its_filtered_list(client: TestClient) -> None:
    body = client.get("/overview").json()
    assert body["granularity"] == "day"
    dated = [b for b in body["timeline"] if b["start"]]
    undated = [b for b in body["timeline"] if not b["start"]]
    assert dated and undated  # the seed has both
    for b in dated:
        assert b["count"] == total(client, "/commitments", status=b["status"], **{"from": b["start"], "to": b["end"]})
    assert sum(b["count"] for b in body["timeline"]) == body["commitments"]


def test_the_timeline_bins_by_month_on_request(client: TestClient) -> None:
    body = client.get("/overview", params={"granularity": "month"}).json()
    assert body["granularity"] == "month"
    starts = {(b["start"], b["end"]) for b in body["timeline"] if b["start"]}
    assert starts == {("2025-08-01", "2025-08-31"), ("2025-09-01", "2025-09-30")}


def test_each_relation_is_the_total_of_its_committer_and_beneficiary_list(client: TestClient) -> None:
    body = client.get("/overview").json()
    assert body["relations"] and body["relations_total"] == len(body["relations"])
    for relation in body["relations"]:
        listed = total(client, "/commitments", committer=relation["committer"]["id"],
                       beneficiary=relation["beneficiary"]["id"])
        assert relation["count"] == sum(relation["statuses"].values()) == listed, relation
    named = {actor["id"]: actor for actor in body["actors"]}
    assert named["ukraine"]["kind"] == "state" and named["ukraine"]["name"] == "Ukraine"


def test_the_latest_document_comes_first_with_its_counts(writable_client: TestClient) -> None:
    assert post(writable_client, REFUSAL).status_code == 201
    documents = writable_client.get("/overview").json()["documents"]
    assert [d["published"] for d in documents] == ["2025-09-05", "2025-09-04"]
    assert documents[0]["title"] == REFUSAL["title"]
    assert (documents[0]["commitments"], documents[0]["refusals"]) == (1, 1)
    assert (documents[1]["commitments"], documents[1]["refusals"]) == (11, 0)


def test_refusals_are_counted_apart_from_commitments(writable_client: TestClient) -> None:
    assert post(writable_client, REFUSAL).status_code == 201
    body = writable_client.get("/overview").json()
    assert (body["commitments"], body["refusals"]) == (12, 1)
    (norway,) = [row for row in body["committers"] if row["committer"]["id"] == "norway"]
    assert (norway["type"], norway["count"], norway["refused"]) == ("financial_aid", 0, 1)
    (money,) = [row for row in body["amounts"] if row["committer"]["id"] == "norway"]
    assert (money["total"], money["count"]) == (0, 0)
    assert (Decimal(str(money["refused_total"])), money["refused_count"]) == (Decimal("1500000.25"), 1)
    (relation,) = [r for r in body["relations"] if r["committer"]["id"] == "norway"]
    assert relation["statuses"] == {"refused": 1}
    assert {"start": "2025-09-05", "end": "2025-09-05", "status": "refused", "count": 1} in body["timeline"]


def test_the_catalogue_and_the_queries_give_the_same_overview(fresh_store: GraphStore, make_app) -> None:
    app = make_app(fresh_store, write_token="t")
    with TestClient(app) as client:
        assert post(client, REFUSAL, headers={"Authorization": "Bearer t"}).status_code == 201
        catalogue = app.state.catalogue
        assert catalogue.wait_ready(60) and catalogue.sync()
        from_queries = reading.aggregates(fresh_store, None)
        from_catalogue = reading.aggregates(fresh_store, catalogue)
    assert sorted(from_queries.timeline, key=str) == sorted(from_catalogue.timeline, key=str)
    for name in ("committers", "amounts", "relations"):
        assert sorted(getattr(from_queries, name), key=str) == sorted(getattr(from_catalogue, name), key=str), name
    assert len(from_queries.committers) == 11


def test_the_overview_of_an_empty_store_is_empty(store: GraphStore, make_app) -> None:
    with TestClient(make_app(store)) as client:
        body = client.get("/overview").json()
    assert (body["commitments"], body["committers"], body["timeline"], body["documents"]) == (0, [], [], [])


def test_an_actors_events_say_how_that_actor_attended(client: TestClient) -> None:
    body = client.get("/actors/united-kingdom/events").json()
    assert body["total"] == total(client, "/events", actor="united-kingdom") >= 1
    meeting = next(e for e in body["items"] if e["name"] == "Coalition of the Willing meeting")
    assert meeting["actor"]["name"] == "United Kingdom"
    assert (meeting["role"], meeting["mode"]) == ("participant", "video")
    zelensky = client.get("/actors/volodymyr-zelensky/events").json()["items"]
    assert next(e for e in zelensky if e["name"] == "Coalition of the Willing meeting")["mode"] == "in_person"


def test_the_events_of_an_unknown_actor_are_a_404(client: TestClient) -> None:
    response = client.get("/actors/narnia/events")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")

