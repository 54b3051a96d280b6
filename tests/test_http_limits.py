"""Requests too big for the HTTP layer are answered like every other error: a problem document with
the status that names what was too long (414, 431, 413), from a real uvicorn server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from kg.store import GraphStore
from tests.api_fixtures import api_store, make_app, serve  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def address(api_store: GraphStore, preparer) -> Iterator[tuple[str, int]]:
    from api.app import create_app
    from tests.api_fixtures import settings_for

    app = create_app(settings_for(api_store.path), api_store, preparer=preparer)
    with serve(app) as url:
        parts = urlsplit(url)
        yield parts.hostname or "127.0.0.1", parts.port or 80
    app.state.sparql.close()


def _exchange(address: tuple[str, int], raw: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(address, timeout=10) as conn:
        try:
            conn.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading it all
        data = b""
        while True:
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    return status, headers, body


def _problem(status: int, headers: dict[str, str], body: bytes, expected: int) -> dict[str, object]:
    assert status == expected, body[:300]
    assert headers["content-type"] == "application/problem+json"
    document = json.loads(body)
    assert document["status"] == expected
    return document


def test_a_7_mb_query_string_is_a_414_problem(address: tuple[str, int]) -> None:
    raw = b"GET /sparql?query=" + b"a" * 7_000_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    document = _problem(*_exchange(address, raw), 414)
    assert "POST" in str(document["detail"])


def test_a_100000_character_path_is_a_414_problem(address: tuple[str, int]) -> None:
    raw = b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    _problem(*_exchange(address, raw), 414)


def test_a_megabyte_of_headers_is_a_431_problem(address: tuple[str, int]) -> None:
    raw = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1_000_000 + b"\r\nConnection: close\r\n\r\n"
    _problem(*_exchange(address, raw), 431)


def test_thousands_of_headers_are_a_431_problem(address: tuple[str, int]) -> None:
    many = b"".join(b"X-H%d: 1\r\n" % i for i in range(5000))
    _problem(*_exchange(address, b"GET /health HTTP/1.1\r\nHost: x\r\n" + many + b"Connection: close\r\n\r\n"), 431)


def test_a_body_over_the_limit_is_a_413_problem(address: tuple[str, int]) -> None:
    body = b"a" * (6 * 1024 * 1024)
    raw = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: "
           + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    _problem(*_exchange(address, raw), 413)


def test_what_is_not_http_is_a_400_problem(address: tuple[str, int]) -> None:
    _problem(*_exchange(address, b"\x16\x03\x01 hello, not http\r\n\r\n"), 400)


def test_a_long_but_allowed_query_string_is_answered(address: tuple[str, int]) -> None:
    query = "ASK{}" + "%20" * 9_000
    raw = f"GET /sparql?query={query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    status, _, body = _exchange(address, raw)
    assert status == 200, body[:300]
