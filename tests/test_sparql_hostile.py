"""Hostile and clumsy clients of /sparql: no request leaves the server whatever the query says, every
client error is a 4xx problem that says what is wrong, one query cannot take the server's memory,
and a flood of queries is queued or refused while the rest of the server answers."""

from __future__ import annotations

import csv
import io
import os
import threading
import time
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from kg.query.sandbox import network_denied
from kg.query.sparql import SparqlRequest
from kg.query.workers import QueryWorkers, _serve
from kg.store import GraphStore
from tests.api_fixtures import api_store, client, make_app, serve  # noqa: F401 - fixtures
from tests.test_sparql_limits import Listener, listener  # noqa: F401 - fixtures

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PROBLEM = "application/problem+json"


def _is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    return response.json()


# -- the escape that once got SERVICE past the guard ---------------------------------------------

@pytest.mark.parametrize("escape", ["\\'", "\\#", "\\(", "\\,"])
def test_service_hidden_behind_a_local_name_escape_is_refused_and_no_host_is_called(
        client: TestClient, listener: Listener, escape: str) -> None:
    query = (f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ?p ?o . ?s ex:a{escape} ?o "
             f"FILTER EXISTS {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }} }} LIMIT 1 # '")
    body = _is_problem(client.get("/sparql", params={"query": query}), 403)
    assert "SERVICE" in body["detail"]
    time.sleep(0.2)
    assert listener.connections == []


def test_service_glued_to_a_prefixed_name_is_refused(client: TestClient, listener: Listener) -> None:
    query = f"PREFIX ex: <{listener.url}#> SELECT * WHERE {{ SERVICEex:y {{ ?s ?p ?o }} }}"
    _is_problem(client.get("/sparql", params={"query": query}), 403)
    time.sleep(0.2)
    assert listener.connections == []


# -- the second defence: query workers have no network ---------------------------------------------

class _ServiceProbe:
    """Unpickled inside a query worker, it runs a SERVICE query there with pyoxigraph directly (no
    guard on the way) and becomes an ordinary request that reports what happened."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (_probe_in_worker, (self.url,))


def _probe_in_worker(url: str) -> SparqlRequest:
    import pyoxigraph

    try:
        list(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
        outcome = "answered"
    except Exception as error:  # noqa: BLE001 - the outcome is the test's to judge
        outcome = type(error).__name__
    return SparqlRequest(query=f'SELECT ("{outcome}" AS ?outcome) WHERE {{}}', accept="application/json")


def test_a_service_query_handed_straight_to_a_worker_reaches_no_host(api_store: GraphStore,
                                                                     listener: Listener) -> None:
    workers = QueryWorkers(api_store.path, size=1, timeout_s=10)
    try:
        answer = workers.run(_ServiceProbe(listener.url))  # type: ignore[arg-type]
        [pid] = workers.pids()
        assert network_denied(pid)
    finally:
        workers.close()
    assert b'"PermissionError"' in answer.body
    time.sleep(0.2)
    assert listener.connections == []


def test_without_the_sandbox_the_same_probe_does_reach_the_host(api_store: GraphStore, listener: Listener) -> None:
    """The control for the test above: the probe is able to call out when nothing stops it."""
    workers = QueryWorkers(api_store.path, size=1, timeout_s=10, sandbox=False)
    try:
        workers.run(_ServiceProbe(listener.url))  # type: ignore[arg-type]
    finally:
        workers.close()
    time.sleep(0.2)
    assert listener.connections


def test_a_query_that_fails_in_the_engine_is_not_run_again(api_store: GraphStore,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from multiprocessing import Pipe

    import kg.query.sparql
    from kg.errors import StoreError

    calls: list[str] = []

    def failing(store: GraphStore, request: SparqlRequest) -> None:
        calls.append(request.query)
        raise StoreError("IO error: a table file went away")

    monkeypatch.setattr(kg.query.sparql, "execute", failing)
    ours, theirs = Pipe()
    loop = threading.Thread(target=_serve, args=(theirs, str(api_store.path)), daemon=True)
    loop.start()
    assert ours.recv()[0] == "ready"
    ours.send(SparqlRequest(query="ASK {}"))
    status, (kind, message) = ours.recv()
    ours.close()
    loop.join(timeout=5)
    assert (status, kind) == ("error", "QueryInterrupted")
    assert "not repeated" in message
    assert calls == ["ASK {}"]


# -- client errors are 400s that say what is wrong --------------------------------------------------

def test_an_unknown_function_is_a_400(client: TestClient) -> None:
    query = "SELECT ?x WHERE { BIND(<http://example.org/no-such-function>(1) AS ?x) }"
    body = _is_problem(client.get("/sparql", params={"query": query}), 400)
    assert "no-such-function" in body["detail"]


def test_service_with_a_variable_is_refused_as_a_client_error(client: TestClient) -> None:
    body = _is_problem(client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"}), 403)
    assert "SERVICE" in body["detail"]


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
])
def test_deep_nesting_is_a_400_naming_the_limit(client: TestClient, query: str) -> None:
    body = _is_problem(client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"}),
                       400)
    assert "64" in body["detail"] and "deep" in body["detail"]


def test_a_filter_of_200000_terms_is_a_400_naming_the_limit(client: TestClient) -> None:
    query = "SELECT * WHERE { BIND(1 AS ?a) FILTER(" + "||".join(["?a=1"] * 200_000) + ") }"
    body = _is_problem(client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"}),
                       400)
    assert "characters" in body["detail"] and "200,000" in body["detail"]


def test_long_operator_chains_within_the_limits_are_answered(client: TestClient) -> None:
    """8 MB of stack overflows at about 10,000 chained operators; the workers' stack holds the limit."""
    query = "ASK { FILTER(" + "!" * 15_000 + "true) }"
    response = client.post("/sparql", content=query, headers={"content-type": "application/sparql-query",
                                                              "accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True  # an even number of negations


def test_a_syntax_error_names_its_line_and_column(client: TestClient) -> None:
    body = _is_problem(client.get("/sparql", params={"query": "SELECT * WHERE {\n ?s ?p ` }"}), 400)
    assert "line 2, column 8" in body["detail"]


# -- memory ---------------------------------------------------------------------------------------

def _string_bomb() -> str:
    """Each level repeats the previous string ten times: 1 KB to 1 GB in six steps."""
    query = 'SELECT (STRLEN(?g) AS ?n) WHERE { BIND("' + "x" * 1000 + '" AS ?a) '
    previous = "?a"
    for name in "bcdefg":
        query += f"BIND(CONCAT({','.join([previous] * 10)}) AS ?{name}) "
        previous = "?" + name
    return query + "}"


def test_a_query_past_the_memory_ceiling_is_stopped_with_503_and_its_worker_replaced(
        api_store: GraphStore, make_app) -> None:
    app = make_app(api_store, query_workers=1, query_memory_mb=200, query_timeout_s=30)
    with TestClient(app) as limited:
        assert limited.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        [pid] = app.state.sparql.workers.pids()
        body = _is_problem(limited.get("/sparql", params={"query": _string_bomb()}), 503)
        assert "200 MB" in body["detail"]
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        answer = limited.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert answer.json()["boolean"] is True
        assert app.state.sparql.workers.pids() != [pid]


# -- a flood of queries -----------------------------------------------------------------------------

def test_queries_past_the_queue_are_refused_with_503_and_retry_after_while_rest_answers(
        api_store: GraphStore, make_app) -> None:
    app = make_app(api_store, query_workers=1, query_queue=1, query_timeout_s=2.0)
    with serve(app) as url:
        httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=30)
        answers: list[httpx.Response] = []

        def slow() -> None:
            answers.append(httpx.get(f"{url}/sparql", params={"query": SLOW}, timeout=30))

        threads = [threading.Thread(target=slow) for _ in range(5)]
        for thread in threads:
            thread.start()
            time.sleep(0.05)
        started = time.monotonic()
        rest = httpx.get(f"{url}/actors/france/commitments", timeout=5)
        assert rest.status_code == 200 and time.monotonic() - started < 1.0
        for thread in threads:
            thread.join(timeout=30)
    statuses = sorted(a.status_code for a in answers)
    busy = [a for a in answers if a.status_code == 503]
    assert len(busy) >= 3, statuses                      # one runs, one waits, the rest are turned away
    assert all(a.headers.get("retry-after") for a in busy)
    assert set(statuses) <= {503, 504}


# -- protocol details ------------------------------------------------------------------------------

def test_two_query_parameters_are_a_400(client: TestClient) -> None:
    both = [("query", "ASK {}"), ("query", "ASK { ?s ?p ?o }")]
    _is_problem(client.get("/sparql", params=both), 400)
    _is_problem(client.post("/sparql", data={"query": ["ASK {}", "ASK { ?s ?p ?o }"]}), 400)


def test_an_update_by_get_is_refused(client: TestClient) -> None:
    _is_problem(client.get("/sparql", params={"update": "CLEAR ALL"}), 403)


def test_relative_iris_resolve_against_the_endpoint(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { BIND(<thing> AS ?x) }"},
                          headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    [row] = response.json()["results"]["bindings"]
    assert row["x"]["value"] == "http://testserver/thing"


def test_csv_quotes_an_iri_with_a_comma(client: TestClient) -> None:
    query = 'SELECT ?x ?y WHERE { BIND(<http://example.org/a,b> AS ?x) BIND("plain" AS ?y) }'
    response = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [["x", "y"], ["http://example.org/a,b", "plain"]]
    assert '"http://example.org/a,b"' in response.text
