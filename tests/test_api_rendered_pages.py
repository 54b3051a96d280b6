"""Catalogue pages as JSON are put together from each item's JSON, kept between requests
(api.read_cache): the bytes must be those the models give, and a write must show at once."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import models as m
from kg import numbers
from tests.test_api_catalogue import clients, corpus_store  # noqa: F401 - fixtures

ROUTES = [
    ("/actors/united-states/commitments", {"limit": 7}),
    ("/actors/ukraine/commitments", {"limit": 30, "role": "beneficiary"}),
    ("/actors/united-states/commitments", {"limit": 5, "sort": "oldest", "type": "financial_aid"}),
    ("/commitments", {"limit": 25}),
    ("/commitments", {"limit": 10, "committer": "united-states"}),
    ("/commitments", {"limit": 50, "type": "sanctions", "sort": "oldest"}),
]


def model_bytes(page: dict[str, Any], model: type[m.CommitmentSummary]) -> bytes:
    """The page as render() writes a pydantic page of `model` (amounts as exact numbers)."""
    built = m.Page[model].model_validate(page)
    return numbers.unmark(built.__pydantic_serializer__.to_json(built))


@pytest.mark.parametrize(("path", "params"), ROUTES)
def test_a_page_is_the_bytes_its_models_give_and_the_same_again(clients, path: str, params: dict[str, Any]) -> None:
    fast, reference = clients
    first = fast.get(path, params=params)
    again = fast.get(path, params=params)  # from the kept items
    expected = reference.get(path, params=params)  # the named queries' models, rendered whole
    assert first.status_code == again.status_code == expected.status_code == 200
    assert first.content == again.content == expected.content
    model = m.ActorCommitment if path.startswith("/actors/") else m.CommitmentSummary
    assert first.content == model_bytes(first.json(parse_float=numbers.parse), model)


def test_json_ld_is_still_written_from_the_models(clients) -> None:
    fast, _ = clients
    response = fast.get("/actors/united-states/commitments", params={"limit": 3},
                        headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    body = response.json()
    assert body["@context"].endswith("/context.jsonld")
    assert [item["@type"] for item in body["items"]] == ["Commitment"] * 3


def test_an_unknown_actor_is_404_before_and_after_it_was_asked(clients) -> None:
    fast, _ = clients
    for _ in range(2):
        assert fast.get("/actors/nobody-at-all/commitments").status_code == 404


def test_a_page_asked_twice_with_a_write_between_shows_the_write(clients, corpus_store) -> None:  # noqa: F811
    fast: TestClient = clients[0]
    before = fast.get("/actors/united-states/commitments", params={"limit": 500}).json()
    from kg.rdf.mapping import ACTORS_GRAPH

    label = "http://www.w3.org/2000/01/rdf-schema#label"
    actor = "https://w3id.org/commitments-kg/id/actor/united-states"
    old = next(i["committer"]["name"] for i in before["items"] if i["committer"]["id"] == "united-states")
    corpus_store.raw.update(f'DELETE DATA {{ GRAPH <{ACTORS_GRAPH}> {{ <{actor}> <{label}> "{old}" }} }} ; '
                            f'INSERT DATA {{ GRAPH <{ACTORS_GRAPH}> {{ <{actor}> <{label}> "Renamed States" }} }}')
    corpus_store._changed(ACTORS_GRAPH)  # as the store's own writes record theirs
    try:
        after = fast.get("/actors/united-states/commitments", params={"limit": 500}).json()
        assert {i["committer"]["name"] for i in after["items"] if i["committer"]["id"] == "united-states"} == \
            {"Renamed States"}
    finally:
        corpus_store.raw.update(f'DELETE DATA {{ GRAPH <{ACTORS_GRAPH}> {{ <{actor}> <{label}> "Renamed States" }} }} ; '
                                f'INSERT DATA {{ GRAPH <{ACTORS_GRAPH}> {{ <{actor}> <{label}> "{old}" }} }}')
        corpus_store._changed(ACTORS_GRAPH)


ODD_REQUESTS = [
    ("/actors/united-states/commitments", {"cursor": "not-a-cursor"}),  # 422 from the reader
    ("/actors/united-states/commitments", {"from": "2023-01-01", "to": "2022-01-01"}),  # 422 from the range
    ("/actors/nobody-at-all/commitments", {}),  # 404
    ("/actors/united-states/commitments", {"limit": "0"}),  # left to FastAPI: its 422
    ("/actors/united-states/commitments", {"limit": "07"}),
    ("/actors/united-states/commitments", {"type": "not_a_type"}),
    ("/actors/united-states/commitments", {"from": "2022-6-1"}),
    ("/actors/united-states/commitments", {"role": "committer", "unknown": "x"}),
    ("/commitments", {"committer": "united-states", "type": ""}),
    ("/commitments", {"cursor": ""}),
    ("/commitments", {"to": "2022-02-30"}),
]


@pytest.mark.parametrize(("path", "params"), ODD_REQUESTS)
def test_odd_requests_are_answered_as_the_fastapi_routes_answer_them(clients, path: str, params: dict[str, Any]) -> None:
    fast, reference = clients
    got, expected = fast.get(path, params=params), reference.get(path, params=params)
    assert (got.status_code, got.headers["content-type"], got.content) == \
        (expected.status_code, expected.headers["content-type"], expected.content)


def test_a_repeated_parameter_is_answered_as_fastapi_answers_it(clients) -> None:
    fast, reference = clients
    url = "/actors/united-states/commitments?limit=3&limit=4"
    assert fast.get(url).content == reference.get(url).content
