"""The REST API over the seeded store: what each route answers, as a specification."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef

from kg.terms import CK, RDFS
from tests.api_fixtures import api_store, client  # noqa: F401 - fixtures

PROBLEM = "application/problem+json"


def problem_of(response) -> dict:
    assert response.headers["content-type"].startswith(PROBLEM), response.text
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    assert body["status"] == response.status_code
    return body


# -- the acceptance example --------------------------------------------------------------------------

def test_france_commitments_list_its_troop_deployment_with_condition_attribution_and_quote(client) -> None:
    response = client.get("/actors/france/commitments")
    assert response.status_code == 200
    items = response.json()["items"]
    deployment = next(item for item in items if item["type"] == "troop_deployment")
    assert deployment["committer"]["id"] == "france"
    assert deployment["beneficiary"]["name"] == "Ukraine"
    assert deployment["status"] == "conditional"
    assert deployment["condition"] == "a future peace agreement"
    assert deployment["attributed_to"] == "Bloomberg citing unnamed sources"
    assert deployment["quote"].startswith("In particular, the United Kingdom and France are ready to send hundreds")
    assert deployment["quantity"] == {"value": None, "text": "hundreds", "unit": "soldiers", "approximate": True}
    assert deployment["document"]["id"] == "000-73c4d19ee7ae6c07"
    assert deployment["roles"] == ["committer"]


# -- actors -------------------------------------------------------------------------------------------

def every_actor(client, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        body = client.get("/actors", params={"limit": 500, **params, **({"cursor": cursor} if cursor else {})}).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_actors_are_listed_by_name_with_the_total(client) -> None:
    body = client.get("/actors", params={"limit": 500}).json()
    names = [a["name"] for a in every_actor(client)]
    assert names == sorted(names, key=str.lower)
    assert body["total"] == len(names) >= 30


def test_actors_search_matches_the_name_ignoring_case(client) -> None:
    items = client.get("/actors", params={"q": "fRaNcE"}).json()["items"]
    assert items[0]["id"] == "france"
    assert all("france" in a["name"].lower() for a in items)


def test_actors_search_puts_exact_then_prefix_matches_first(client) -> None:
    names = [a["name"] for a in client.get("/actors", params={"q": "united"}).json()["items"]]
    starting = [n for n in names if n.lower().startswith("united")]
    assert starting and names[:len(starting)] == starting


def test_actors_search_matches_an_alias(client) -> None:
    items = client.get("/actors", params={"q": "Kyiv"}).json()["items"]
    assert items[0]["id"] == "ukraine"


def test_actors_filter_by_kind(client) -> None:
    items = every_actor(client, kind="media")
    assert {a["kind"] for a in items} == {"media"}
    assert {"bloomberg", "the-wall-street-journal", "bfm-tv"} <= {a["id"] for a in items}


def test_actor_pages_follow_the_cursor_to_every_actor_once_in_a_stable_order(client) -> None:
    everything = [a["id"] for a in every_actor(client)]
    seen, cursor, pages = [], None, 0
    while True:
        body = client.get("/actors", params={"limit": 70, **({"cursor": cursor} if cursor else {})}).json()
        assert body["total"] == len(everything)
        seen += [a["id"] for a in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert body["next"].startswith("http")
    assert seen == everything
    assert pages == -(-len(everything) // 70)


def test_actor_shows_its_kind_and_aliases(client) -> None:
    body = client.get("/actors/ukraine").json()
    assert body["name"] == "Ukraine" and body["kind"] == "state"
    assert "Kyiv" in body["aliases"]


def test_actor_shows_the_posts_it_holds(client) -> None:
    posts = client.get("/actors/emmanuel-macron").json()["posts"]
    assert any(p["label"] == "President of France" and p["organisation"]["id"] == "france" for p in posts)


def test_actor_commitments_by_role(client) -> None:
    as_beneficiary = client.get("/actors/ukraine/commitments", params={"role": "beneficiary", "limit": 500}).json()
    assert as_beneficiary["total"] >= 5
    assert all(item["beneficiary"]["id"] == "ukraine" for item in as_beneficiary["items"])
    as_committer = client.get("/actors/ukraine/commitments", params={"role": "committer"}).json()
    assert [item["type"] for item in as_committer["items"]] == ["arms_purchase"]


def test_actor_commitments_any_role_lists_each_commitment_once_with_its_roles(client) -> None:
    body = client.get("/actors/united-states/commitments", params={"limit": 500}).json()
    ids = [item["id"] for item in body["items"]]
    assert len(ids) == len(set(ids)) == body["total"]
    roles = {tuple(item["roles"]) for item in body["items"]}
    assert ("committer",) in roles and ("counterparty",) in roles


def test_actor_commitments_filter_by_type_and_status(client) -> None:
    body = client.get("/actors/united-states/commitments",
                      params={"type": "security_guarantee", "status": "under_discussion"}).json()
    assert body["total"] == 2
    assert {(i["type"], i["status"]) for i in body["items"]} == {("security_guarantee", "under_discussion")}


def test_actor_commitments_date_range_keeps_dated_commitments_inside_it(client) -> None:
    body = client.get("/actors/united-states/commitments",
                      params={"from": "2025-08-19", "to": "2025-09-30", "limit": 500}).json()
    dates = [item["date"] for item in body["items"]]
    assert dates and all(d is not None and "2025-08-19" <= d <= "2025-09-30" for d in dates)


@pytest.mark.parametrize(("params", "newest"), [({}, True), ({"sort": "newest"}, True), ({"sort": "oldest"}, False)])
def test_actor_commitments_are_sorted_by_date_newest_first_unless_asked_with_undated_last(client, params,
                                                                                           newest: bool) -> None:
    items = client.get("/actors/ukraine/commitments", params={"limit": 500, **params}).json()["items"]
    dates = [item["date"] for item in items]
    dated = [d for d in dates if d]
    assert len(set(dated)) > 1
    assert dated == sorted(dated, reverse=newest)
    assert dates == dated + [None] * (len(dates) - len(dated))


def test_an_unknown_sort_is_refused(client) -> None:
    assert client.get("/commitments", params={"sort": "random"}).status_code == 422


def test_commitments_of_an_unknown_actor_are_404(client) -> None:
    response = client.get("/actors/atlantis/commitments")
    assert response.status_code == 404
    assert "atlantis" in problem_of(response)["detail"]


# -- commitments --------------------------------------------------------------------------------------

def test_commitments_list_every_commitment(client) -> None:
    body = client.get("/commitments", params={"limit": 500}).json()
    assert body["total"] == len(body["items"]) == 11


def test_commitments_filter_by_committer_and_beneficiary(client) -> None:
    body = client.get("/commitments", params={"committer": "united-states", "beneficiary": "ukraine"}).json()
    assert body["total"] == 3
    assert all(i["committer"]["id"] == "united-states" and i["beneficiary"]["id"] == "ukraine" for i in body["items"])


def test_commitments_filter_by_beneficiary_alone(client) -> None:
    body = client.get("/commitments", params={"beneficiary": "ukraine", "type": "troop_deployment"}).json()
    assert {i["committer"]["id"] for i in body["items"]} == {"france", "united-kingdom", "about-10-countries"}


def test_commitments_filter_by_status_and_date(client) -> None:
    body = client.get("/commitments", params={"status": "proposed", "from": "2025-09-01"}).json()
    assert [i["type"] for i in body["items"]] == ["sanctions"]


def test_commitment_shows_its_evidence_and_how_it_was_made(client) -> None:
    listed = client.get("/commitments", params={"committer": "ukraine"}).json()["items"][0]
    body = client.get(f"/commitments/{listed['id']}").json()
    assert body["amount"] == {"value": 90000000000.0, "currency": "USD"}
    assert body["counterparty"]["id"] == "united-states"
    assert body["announced_by"]["name"] == "Volodymyr Zelensky"
    assert body["evidence"]["quote"].startswith("Zelensky reported a package")
    assert (body["evidence"]["start"], body["evidence"]["end"]) == (1656, 1811)
    assert body["document"]["title"].startswith("European leaders will persuade Trump")
    assert body["reviewed"] is True and body["provenance"] == "reviewed"


def test_commitment_shows_its_components(client) -> None:
    items = client.get("/commitments", params={"committer": "united-states", "type": "security_guarantee"}).json()["items"]
    wsj = next(i for i in items if i["attributed_to"] == "The Wall Street Journal")
    body = client.get(f"/commitments/{wsj['id']}").json()
    assert "air defence" in body["components"]


def test_unknown_commitment_is_404_problem(client) -> None:
    response = client.get("/commitments/no-such-commitment")
    assert response.status_code == 404
    assert problem_of(response)["instance"] == "/commitments/no-such-commitment"


# -- events, documents, system ------------------------------------------------------------------------

def test_events_list_with_kind_and_participant_filters(client) -> None:
    assert client.get("/events").json()["total"] == 4
    calls = client.get("/events", params={"kind": "call"}).json()["items"]
    assert [e["name"] for e in calls] == ["Call with Donald Trump"]
    with_meloni = client.get("/events", params={"actor": "giorgia-meloni"}).json()["items"]
    assert [e["name"] for e in with_meloni] == ["Talks in Washington"]


def test_event_shows_participants_and_how_they_attended(client) -> None:
    event = next(e for e in client.get("/events").json()["items"] if e["name"] == "Coalition of the Willing meeting")
    body = client.get(f"/events/{event['id']}").json()
    modes = {p["actor"]["id"]: p["mode"] for p in body["participants"]}
    assert modes["volodymyr-zelensky"] == "in_person"
    assert modes["germany"] == "video"
    assert body["start"].startswith("2025-09-04T11:30:00")
    assert body["attributed_to"] == "BFM TV; unnamed sources"


def test_documents_list_and_one_document_with_its_contents(client) -> None:
    listed = client.get("/documents").json()
    assert listed["total"] == 1
    body = client.get(f"/documents/{listed['items'][0]['id']}").json()
    assert body["name"] == "000_73c4d19ee7ae6c07.txt"
    assert body["published"] == "2025-09-04"
    assert body["provenance"] == "reviewed"
    assert len(body["commitments"]) == 11 and len(body["events"]) == 4
    assert all(c["committer_name"] for c in body["commitments"])
    assert "Press conference" in {e["name"] for e in body["events"]}
    assert body["triples"] > 100


def test_stats_count_the_seed(client) -> None:
    body = client.get("/stats").json()
    assert body["documents"] == 1 and body["commitments"] == 11 and body["events"] == 4


def test_health_is_ok_and_says_the_catalogue_holds_the_seeds_commitments(client) -> None:
    assert client.get("/health").json() == {"status": "ok", "catalogue": "ready", "catalogue_commitments": 11}


# -- errors and hostile input -------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ['france" } UNION { ?s ?p ?o', "france> ?p ?o . } #", "x}{", "france%22",
                                  "' OR 1=1 --", "<script>", "a..b", " ", "%2F..%2Fetc"])
def test_ids_with_quotes_braces_or_union_find_nothing(client, bad: str) -> None:
    for route in ("/actors/{}", "/actors/{}/commitments", "/commitments/{}", "/events/{}", "/documents/{}"):
        response = client.get(route.format(bad))
        assert response.status_code in (404, 405), (route, bad, response.text)
        assert response.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize("bad", ['ukraine" } UNION { ?c ?p ?o', "ukraine>", "x}{"])
def test_filter_values_with_query_syntax_find_nothing_and_break_nothing(client, bad: str) -> None:
    for params in ({"committer": bad}, {"beneficiary": bad}, {"q": bad}):
        route = "/actors" if "q" in params else "/commitments"
        response = client.get(route, params=params)
        assert response.status_code == 200, response.text
        assert response.json()["items"] == [] and response.json()["total"] == 0
    assert client.get("/events", params={"actor": bad}).json()["total"] == 0
    assert client.get("/stats").json()["commitments"] == 11


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"type": "teleportation"}, {"status": "maybe"},
                                    {"from": "yesterday"}, {"from": "2025-09-10", "to": "2025-09-01"},
                                    {"role": "bystander"}])
def test_bad_parameters_are_422_problems(client, params: dict) -> None:
    response = client.get("/actors/ukraine/commitments", params=params)
    assert response.status_code == 422
    body = problem_of(response)
    assert body["errors"]


def test_a_tampered_cursor_is_422(client) -> None:
    response = client.get("/actors", params={"cursor": "not-a-cursor"})
    assert response.status_code == 422
    assert "cursor" in problem_of(response)["detail"]


def test_a_cursor_from_other_filters_is_422(client) -> None:
    cursor = client.get("/actors", params={"limit": 2}).json()["next_cursor"]
    response = client.get("/actors", params={"limit": 2, "kind": "person", "cursor": cursor})
    assert response.status_code == 422


def test_unknown_route_is_a_404_problem(client) -> None:
    response = client.get("/no/such/thing")
    assert response.status_code == 404
    assert problem_of(response)["type"] == "about:blank"


# -- JSON-LD ------------------------------------------------------------------------------------------

def test_context_is_published(client) -> None:
    response = client.get("/context.jsonld")
    assert response.headers["content-type"].startswith("application/ld+json")
    assert response.json()["@context"]["iri"] == "@id"


def _as_graph(client, path: str) -> Graph:
    response = client.get(path, headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    document = response.json()
    assert document["@context"].endswith("/context.jsonld")
    document["@context"] = client.get("/context.jsonld").json()["@context"]  # no network in tests
    return Graph().parse(data=json.dumps(document), format="json-ld")


def test_jsonld_commitments_read_as_the_ontology_says(client) -> None:
    graph = _as_graph(client, "/actors/france/commitments")
    france = URIRef("https://w3id.org/commitments-kg/id/actor/france")
    commitment = graph.value(None, CK.committer, france)
    assert commitment is not None
    assert graph.value(commitment, CK.commitmentType) == CK.troop_deployment
    assert graph.value(commitment, CK.status) == CK.conditional
    assert graph.value(commitment, CK.condition) == Literal("a future peace agreement")
    assert graph.value(france, RDFS.label) == Literal("France")


def test_jsonld_actor_is_typed_by_its_kind(client) -> None:
    graph = _as_graph(client, "/actors/france")
    assert (URIRef("https://w3id.org/commitments-kg/id/actor/france"), None, CK.State) in graph


def test_plain_json_is_the_default(client) -> None:
    response = client.get("/actors/france", headers={"Accept": "*/*"})
    assert response.headers["content-type"] == "application/json"
    assert "@context" not in response.json()
