"""The benchmark's load phase (bench/load.py): how answers are binned, the read-back of written
documents, and its small HTTP client. No timing is checked here (the suite prints its targets)."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

from bench import load
from bench.load import HttpConnection, LoadConfig, LoadPlan, Response, classify, next_cursor


def test_answers_are_binned_as_answered_refused_or_errors() -> None:
    assert classify("rest", 200, {}) == "answered"
    assert classify("write", 201, {}) == "answered"
    assert classify("sparql", 503, {"retry-after": "1"}) == "refused"
    assert classify("sparql", 503, {"Retry-After": "2"}) == "refused"
    # a 503 without Retry-After, or anywhere but /sparql, is an error
    assert classify("sparql", 503, {}) == "HTTP 503 without Retry-After"
    assert classify("rest", 503, {"retry-after": "1"}) == "HTTP 503"
    assert classify("write", 503, {"retry-after": "1"}) == "HTTP 503"
    assert classify("sparql", 504, {}) == "HTTP 504"
    assert classify("rest", 404, {}) == "HTTP 404"


def test_next_cursor_is_read_without_parsing_the_page() -> None:
    page = {"items": [{"id": "a", "note": '"next_cursor": "fake"'}], "total": 3, "next_cursor": 'x"y\\z'}
    # the real key comes after the items (as the API writes it); a value inside an item is a string
    assert next_cursor(json.dumps({"next_cursor": "abc", "items": []}).encode()) == "abc"
    assert next_cursor(json.dumps({"items": [], "next_cursor": None}).encode()) is None
    assert next_cursor(json.dumps({"items": [], "next_cursor": 'x"y\\z'}).encode()) == 'x"y\\z'
    assert next_cursor(json.dumps(page).encode()) == 'x"y\\z'


class FakeServer:
    """Answers like kg serve would, without sockets: every third query is refused with Retry-After;
    some reads of an actor's commitments fail and one written document cannot be read back, if asked."""

    def __init__(self, per_doc: int, fail_rest: bool = False, lose: str | None = None) -> None:
        self.per_doc = per_doc
        self.fail_rest = fail_rest
        self.lose = lose
        self.queries = 0
        self.rest = 0
        self.documents: dict[str, bytes] = {}
        self.deleted: list[str] = []

    def connect(self, base_url: str, timeout_s: float) -> "FakeConnection":
        return FakeConnection(self)


class FakeConnection:
    def __init__(self, server: FakeServer) -> None:
        self.server = server

    async def request(self, method: str, url: str, *, params: dict[str, Any] | None = None,
                      data: dict[str, str] | None = None, content: bytes = b"",
                      headers: dict[str, str] | None = None) -> Response:
        await asyncio.sleep(0.001)
        server = self.server
        if url == "/sparql":
            server.queries += 1
            query = (data or {}).get("query", "")
            if "VALUES ?g" in query:  # the read-back's visibility check
                found = [g for g in re.findall(r"<([^>]+)>", query) if not g.endswith(server.lose or "-")]
                body = {"results": {"bindings": [{"g": {"type": "uri", "value": g}} for g in found]}}
                return Response(200, {}, json.dumps(body).encode())
            if server.queries % 3 == 0:
                return Response(503, {"retry-after": "0", "content-type": "application/problem+json"},
                                b'{"title": "Too busy"}')
            return Response(200, {}, b'{"results": {"bindings": []}}')
        if method == "POST" and url == "/documents":
            assert headers and headers["Authorization"] == "Bearer sesame"
            name = json.loads(content)["document"]
            server.documents[name] = content
            return Response(201, {}, json.dumps({"id": name, "iri": f"https://example.org/{name}",
                                                 "outcome": "written"}).encode())
        if method == "DELETE":
            server.deleted.append(url.rsplit("/", 1)[-1])
            return Response(204, {}, b"")
        if url.startswith("/documents/"):
            name = url.rsplit("/", 1)[-1]
            if name not in server.documents or name == server.lose:
                return Response(404, {}, b"{}")
            listed = [{"id": f"{name}-c{i}"} for i in range(server.per_doc)]
            return Response(200, {}, json.dumps({"commitments": listed}).encode())
        server.rest += 1
        if server.fail_rest and url.startswith("/actors/") and server.rest % 5 == 0:
            raise ConnectionResetError("reset by the fake")
        if url == "/events" and not (params or {}).get("cursor"):
            return Response(200, {}, b'{"items": [], "next_cursor": "page2"}')
        return Response(200, {}, b'{"items": [], "next_cursor": null}')

    def close(self) -> None:
        pass


def _plan(documents: int, per_doc: int = 2) -> LoadPlan:
    docs = [(f"load-doc-{i}", json.dumps({"document": f"load-doc-{i}"}).encode()) for i in range(documents)]
    return LoadPlan(actor_urls=["/actors/a/commitments", "/actors/b/commitments"],
                    commitment_urls=["/commitments/c1"], list_type="arms_delivery",
                    sparql_texts={"light": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "heavy": "SELECT ?s WHERE { ?s ?p ?o }"},
                    documents=docs, per_doc=per_doc)


def test_a_phase_counts_refusals_apart_and_reads_every_written_document_back() -> None:
    server = FakeServer(per_doc=2)
    config = LoadConfig(clients=4, duration_s=0.4, sparql_share=0.5, write_interval_s=0.05, write_per_doc=2, seed=3)
    result = load.run_load("http://fake", _plan(12), config, write_token="sesame", connect=server.connect)

    rest, query, write = (result["classes"][name] for name in ("rest", "sparql", "write"))
    assert rest["answered"] > 0 and query["answered"] > 0
    assert query["refused"] > 0 and result["sparql_retries_after_refusal"] == query["refused"]
    assert result["errors"] == 0 and rest["refused"] == 0
    assert write["answered"] == result["documents_written"] == len(server.documents) > 0
    assert result["documents_missing"] == 0 and result["documents_missing_sparql"] == 0
    assert sorted(server.deleted) == sorted(server.documents)
    assert set(query["by_name"]) <= {"light", "heavy"}
    assert set(rest["by_name"]) <= set(load.REST_KINDS) and len(rest["by_name"]) >= 3
    assert result["requests"] == rest["requests"] + query["requests"] + write["requests"]

    keys = load.summary_keys(result)
    assert keys["load_sparql_refused"] == query["refused"] and keys["load_errors"] == 0
    assert keys["load_missing_documents"] == 0 and keys["load_rest_p99_ms"] is not None
    text = "\n".join(load.lines(result))
    assert "REST read" in text and "SPARQL" in text and "missing afterwards 0" in text


def test_errors_and_missing_documents_are_reported() -> None:
    server = FakeServer(per_doc=2, fail_rest=True, lose="load-doc-1")
    config = LoadConfig(clients=3, duration_s=0.3, sparql_share=0.2, write_interval_s=0.05, write_per_doc=2, seed=4)
    result = load.run_load("http://fake", _plan(8), config, write_token="sesame", connect=server.connect)

    rest = result["classes"]["rest"]
    assert rest["errors"] > 0 and rest["error_kinds"] == {"ConnectionResetError": rest["errors"]}
    assert result["errors"] == rest["errors"]
    assert result["documents_missing"] == 1 and result["documents_missing_sparql"] == 1
    assert "load-doc-1" in result["missing_examples"][0]


def test_the_phase_stops_by_itself_at_its_request_cap() -> None:
    server = FakeServer(per_doc=2)
    config = LoadConfig(clients=5, duration_s=30.0, sparql_share=0.0, write_interval_s=0, max_requests=40, seed=5)
    result = load.run_load("http://fake", _plan(0), config, connect=server.connect)
    assert 40 <= result["requests"] <= 45 and result["elapsed_s"] < 10
    assert result["documents_written"] == 0 and result["documents_missing"] == 0


def test_the_same_seed_draws_the_same_requests() -> None:
    def names(seed: int) -> dict[str, int]:
        server = FakeServer(per_doc=2)
        config = LoadConfig(clients=1, duration_s=30.0, sparql_share=0.3, write_interval_s=0, max_requests=60,
                            seed=seed)
        result = load.run_load("http://fake", _plan(0), config, connect=server.connect)
        counts = {}
        for cls in ("rest", "sparql"):
            for name, figures in result["classes"][cls]["by_name"].items():
                counts[f"{cls}:{name}"] = figures["answered"] + figures["refused"] + figures["errors"]
        return counts

    assert names(11) == names(11)
    assert names(11) != names(12)


# --------------------------------------------------------------------------------------------
# The HTTP client against a small server on a loopback port
# --------------------------------------------------------------------------------------------


async def _serve(handler: Any) -> tuple[asyncio.AbstractServer, str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes] | None:
    head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
    if not head:
        return None
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return lines[0], headers, body


def test_the_client_keeps_connections_alive_reopens_stale_ones_and_reads_chunked_answers() -> None:
    connections: list[int] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        served = 0
        try:
            while True:
                try:
                    request = await _read_request(reader)
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                if request is None:
                    return
                line, headers, body = request
                served += 1
                if line.startswith("GET /chunked"):
                    writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                elif line.startswith("POST /echo"):
                    payload = json.dumps({"line": line, "body": body.decode(), "type": headers.get("content-type")})
                    writer.write(f"HTTP/1.1 200 OK\r\nContent-Length: {len(payload)}\r\n\r\n{payload}".encode())
                else:
                    writer.write(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 2\r\n\r\n{}")
                await writer.drain()
                if line.startswith("GET /close-after"):
                    writer.close()  # a keep-alive connection the server drops while idle
                    return
        finally:
            writer.close()

    async def main() -> None:
        server, base = await _serve(handler)
        async with server:
            async with HttpConnection(base, timeout_s=5) as connection:
                answer = await connection.request("GET", "/chunked")
                assert answer.status_code == 200 and answer.content == b"hello world"
                echoed = (await connection.request("POST", "/echo", params={"a": "1 2"},
                                                   data={"query": "SELECT * { ?s ?p ?o }"})).json()
                assert echoed["line"] == "POST /echo?a=1+2 HTTP/1.1"
                assert echoed["body"] == "query=SELECT+%2A+%7B+%3Fs+%3Fp+%3Fo+%7D"
                assert echoed["type"] == "application/x-www-form-urlencoded"
                assert len(connections) == 1  # one connection so far, kept alive
                refused = await connection.request("GET", "/close-after")
                assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
                await asyncio.sleep(0.05)
                again = await connection.request("GET", "/chunked")  # reopened once, transparently
                assert again.content == b"hello world" and len(connections) == 2

    asyncio.run(main())


def test_the_client_times_out() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(2)
        writer.close()

    async def main() -> None:
        server, base = await _serve(handler)
        async with server:
            connection = HttpConnection(base, timeout_s=0.2)
            with pytest.raises(TimeoutError):
                await connection.request("GET", "/slow")
            connection.close()

    asyncio.run(main())
