"""The HTTP/1.1 connection: limits on the request line and headers, answered as problem+json.

uvicorn answers a request its parser cannot take with a plain-text 400 ("Invalid HTTP request
received."), whatever the cause, before the application sees it: a 7 MB query string, a
100,000-character path (its URL parser stores offsets in 16 bits), a megabyte of headers. This
protocol counts the request line and the headers as they arrive, stops reading at the limit, and
answers 414 or 431 (or 400 for what is not HTTP at all) as application/problem+json, like every
other error of this server.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.problems import PROBLEM_JSON, problem_document

MAX_URL_BYTES = 32 * 1024       # below the 64 KiB uvicorn's URL parser can hold; long queries go by POST
MAX_HEADER_BYTES = 64 * 1024
MAX_HEADERS = 200


class _Refused(Exception):
    """Raised from a parser callback to stop reading the request."""


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with request-line and header limits, and errors as problem+json."""

    _refusal: tuple[int, str, str] | None = None
    _url_bytes = 0
    _header_bytes = 0
    _header_count = 0

    def on_message_begin(self) -> None:
        self._refusal = None
        self._url_bytes = self._header_bytes = self._header_count = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        if self._url_bytes > MAX_URL_BYTES:
            self._refuse(414, "uri-too-long", f"the request's URL is longer than {MAX_URL_BYTES:,} bytes; send a long "
                                              "SPARQL query by POST (application/sparql-query)")
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value)
        self._header_count += 1
        if self._header_bytes > MAX_HEADER_BYTES or self._header_count > MAX_HEADERS:
            self._refuse(431, "headers-too-large", f"the request's headers are over the limit of {MAX_HEADERS} "
                                                   f"headers or {MAX_HEADER_BYTES:,} bytes")
        super().on_header(name, value)

    def _refuse(self, status: int, kind: str, detail: str) -> None:
        self._refusal = (status, kind, detail)
        raise _Refused(detail)

    def send_400_response(self, msg: str) -> None:
        status, kind, detail = self._refusal or (400, "bad-request", "the request is not valid HTTP/1.1")
        self._refusal = None
        body = json.dumps(problem_document(status, HTTPStatus(status).phrase, detail, kind=kind)).encode("utf-8")
        head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode("ascii")]
        for name, value in self.server_state.default_headers:
            head.append(name + b": " + value + b"\r\n")
        head.append(f"content-type: {PROBLEM_JSON}\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n"
                    .encode("ascii"))
        self.transport.write(b"".join(head) + body)
        self.transport.close()
