"""What the public endpoint refuses and where it stops: no outbound requests, no files, a time limit
that kills the work, a limit on result size, and a server that keeps answering meanwhile."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from kg.store import GraphStore
from tests.api_fixtures import (  # noqa: F401 - fixtures
    SEED_DOCUMENT,
    api_store,
    client,
    fresh_store,
    make_app,
    seeded_template,
    serve,
)

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Listener:
    """A TCP server on a free loopback port that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(4096) or b"<connected>")
                except OSError:
                    self.connections.append(b"<connected>")
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: 48\r\n\r\n{\"head\":{\"vars\":[]},\"results\":{\"bindings\":[]}}")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


# -- no outbound requests, no files -----------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x a ?y OPTIONAL {{ SERVICE <{url}> {{ ?x ?p ?o }} }} }} LIMIT 1",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
    "SELECT * WHERE {{ BIND(<{url}> AS ?svc) SERVICE ?svc {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX remote: <{url}#> select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_before_any_request_is_made(client, listener: Listener, template: str) -> None:
    query = template.format(url=listener.url)
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403, response.text
    assert "SERVICE" in response.json()["detail"]
    time.sleep(0.2)
    assert listener.connections == []


def test_load_is_refused_and_fetches_nothing(client, listener: Listener) -> None:
    for response in (client.get("/sparql", params={"query": f"LOAD <{listener.url}>"}),
                     client.post("/sparql", data={"update": f"LOAD <{listener.url}>"})):
        assert response.status_code == 403
    time.sleep(0.2)
    assert listener.connections == []


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_from_an_outside_graph_is_refused_and_fetches_nothing(client, listener: Listener, clause: str) -> None:
    response = client.get("/sparql", params={"query": f"SELECT * {clause} <{listener.url}> WHERE {{ ?s ?p ?o }}"})
    assert response.status_code == 403
    assert "not a graph of this store" in response.json()["detail"]
    time.sleep(0.2)
    assert listener.connections == []


def test_from_a_file_is_refused(client, tmp_path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://a> <http://b> <http://c> .")
    response = client.get("/sparql", params={"query": f"SELECT * FROM <file://{secret}> WHERE {{ ?s ?p ?o }}"})
    assert response.status_code == 403


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_protocol_graphs_outside_the_store_are_refused(client, listener: Listener, parameter: str) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", parameter: listener.url})
    assert response.status_code == 403
    time.sleep(0.2)
    assert listener.connections == []


def test_service_mentioned_in_a_string_is_not_refused(client) -> None:
    response = client.get("/sparql", params={"query": 'SELECT ("a SERVICE and a LOAD" AS ?x) WHERE {}'})
    assert response.status_code == 200


# -- limits ---------------------------------------------------------------------------------------

def test_a_result_over_the_row_limit_is_refused_with_413(api_store: GraphStore, make_app) -> None:
    with TestClient(make_app(api_store, query_max_rows=5)) as small:
        response = small.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert response.status_code == 413
        assert "more than 5 rows" in response.json()["detail"]
        assert small.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}).status_code == 200
        graph = small.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert graph.status_code == 413 and "triples" in graph.json()["detail"]


def test_a_query_past_the_time_limit_is_stopped_and_its_worker_killed(api_store: GraphStore, make_app) -> None:
    app = make_app(api_store, query_timeout_s=1.0, query_workers=1)
    with TestClient(app) as slow_client:
        assert slow_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        workers = app.state.sparql.workers
        [pid] = workers.pids()
        started = time.monotonic()
        response = slow_client.get("/sparql", params={"query": SLOW})
        elapsed = time.monotonic() - started
        assert response.status_code == 504
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "time limit" in response.json()["detail"]
        assert 0.9 < elapsed < 5
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # the worker that ran it is gone: the work really stopped
        # A fresh worker takes its place and answers the next query.
        assert slow_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        assert workers.pids() and workers.pids() != [pid]


def test_the_server_keeps_answering_while_a_slow_query_runs(api_store: GraphStore, make_app) -> None:
    app = make_app(api_store, query_timeout_s=2.0)
    with serve(app) as url:
        outcome: dict[str, httpx.Response] = {}

        def slow() -> None:
            outcome["slow"] = httpx.get(f"{url}/sparql", params={"query": SLOW}, timeout=30)

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.3)  # the slow query is running in its worker now
        for _ in range(5):
            started = time.monotonic()
            health = httpx.get(f"{url}/health", timeout=5)
            assert health.status_code == 200
            assert time.monotonic() - started < 0.5
        rest = httpx.get(f"{url}/actors/france/commitments", timeout=5)
        assert rest.status_code == 200
        other = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
        assert other.json()["boolean"] is True  # the second worker answers meanwhile
        thread.join(timeout=30)
        assert outcome["slow"].status_code == 504


def test_an_in_memory_store_is_queried_in_process_within_the_row_limit(make_app) -> None:
    store = GraphStore.open(None)
    store.raw.update("INSERT DATA { GRAPH <http://g/1> { <http://a> <http://b> 1, 2, 3 } }")
    with TestClient(make_app(store, query_max_rows=2)) as memory:
        assert memory.get("/sparql", params={"query": "ASK { <http://a> <http://b> 2 }"}).json()["boolean"] is True
        assert memory.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}).status_code == 413


def test_writes_after_start_are_seen_by_the_query_workers(fresh_store: GraphStore, make_app) -> None:
    with TestClient(make_app(fresh_store)) as fresh:
        query = {"query": "ASK { <http://example.org/new> ?p ?o }"}
        assert fresh.get("/sparql", params=query).json()["boolean"] is False
        fresh_store.raw.update(f"INSERT DATA {{ GRAPH <{SEED_DOCUMENT}> {{ <http://example.org/new> <http://b> 1 }} }}")
        assert fresh.get("/sparql", params=query).json()["boolean"] is True
