"""/sparql queries answered ahead of FastAPI's router, as a plain ASGI handler.

A point lookup that Oxigraph's own server answers in 1.5 ms cost 4 ms here: about 1 ms of it was
FastAPI's routing, parameter validation and dependency injection, python-multipart's form parser
and Starlette's `url_for`, none of which a query needs. This handler reads the protocol's
parameters itself (a GET's query string, a POST's form or `application/sparql-query` body) and
answers with the bytes the query worker serialised, as they came.

It sits inside the server's other middleware (body limit, CORS), so those hold for it as for any
route, and it answers errors with the same problem documents (api.problems). Whatever it does not
answer itself goes on to the FastAPI routes in api.routers.sparql, which stay the reference and the
OpenAPI description: GET without a query (the service description), multipart forms, and forms of
a size python-multipart refuses with a message of its own. tests/test_sparql_*.py run through it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.routing import Router
from starlette.types import ASGIApp, Receive, Scope, Send

from api.limits import replay
from api.problems import PROBLEM_JSON, problem_answer
from kg.errors import QueryError, QueryRefused

if TYPE_CHECKING:
    from api.services import SparqlService

PATH = "/sparql"
# python-multipart refuses a form field over 1 MiB with a message of its own: such bodies (past
# the 200,000-character query limit anyway) go to the FastAPI route so the answer stays the same.
_FORM_FIELD_LIMIT = 1024 * 1024
_BASES_KEPT = 64  # endpoint URLs kept per Host header seen; the header is the client's to choose
_GET_UPDATE = "this endpoint is read-only: SPARQL updates are refused (and never sent by GET)"
_POST_UPDATE = "this endpoint is read-only: SPARQL updates are refused"
_TWO_QUERIES = "the request has more than one 'query' parameter; send exactly one"


class SparqlRoute:
    """ASGI middleware answering GET and POST /sparql with a query; everything else passes on."""

    def __init__(self, app: ASGIApp, service: "SparqlService", router: Router) -> None:
        self.app = app
        self.service = service
        self.router = router
        self._bases: dict[tuple[object, ...], str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "POST") or route_path(scope) != PATH:
            await self.app(scope, receive, send)
            return
        params = form_fields(scope["query_string"])
        try:
            if scope["method"] == "GET":
                query = _get_query(params)
                if query is None:  # the service description: FastAPI's route
                    await self.app(scope, receive, send)
                    return
                fields: list[tuple[str, str]] = []
            else:
                body = await _body(receive)
                if body is None:  # the client went away
                    return
                read = _post_query(scope, params, body)
                if read is None:
                    await self.app(scope, replay(body, receive), send)
                    return
                query, fields = read
            await self._answer(scope, send, query, params, fields)
        except Exception as error:  # noqa: BLE001 - answered as the app's handlers answer it
            await send_response(send, *problem_answer(error, scope["path"]), media_type=PROBLEM_JSON)

    async def _answer(self, scope: Scope, send: Send, query: str, params: list[tuple[str, str]],
                      fields: list[tuple[str, str]]) -> None:
        if not query.strip():
            raise QueryError("the query is empty")
        formats = [value for name, value in params if name == "format"]
        request = self.service.request(
            query, accept=_header(scope, b"accept"), fmt=formats[-1] if formats else None,
            default_graphs=tuple(_all(params, fields, "default-graph-uri")),
            named_graphs=tuple(_all(params, fields, "named-graph-uri")), base_iri=self._base(scope))
        answer = await self.service.answer(request)
        await send_response(send, 200, answer.body, {"vary": "Accept", "x-result-count": str(answer.count)},
                            media_type=answer.content_type)

    def _base(self, scope: Scope) -> str:
        """The endpoint's own URL, as the FastAPI route's url_for gives it: relative IRIs in a query
        resolve against it (SPARQL 1.1 Protocol, 2.1.4). Kept per Host header, scheme and root."""
        server = scope.get("server")
        key = (scope.get("scheme"), _header(scope, b"host"), tuple(server) if server else None,
               scope.get("app_root_path", scope.get("root_path", "")))
        base = self._bases.get(key)
        if base is None:
            if len(self._bases) >= _BASES_KEPT:
                self._bases.clear()
            base = str(self.router.url_path_for("sparql_get").make_absolute_url(Request(scope).base_url))
            self._bases[key] = base
        return base


def route_path(scope: Scope) -> str:
    """The path without the root path the server may be mounted under (as Starlette routes it)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def form_fields(data: bytes) -> list[tuple[str, str]]:
    """`parse_qsl(data.decode("latin-1"), keep_blank_values=True)`, in C where it can be: urllib's
    unquote decodes %XX in a Python loop, 60 us for a point lookup's form (84 escapes), 8 here.
    An ASCII field whose every % starts an escape decodes as unquote_to_bytes would decode it, by
    codecs.escape_decode once each % is written \\x (and each backslash doubled); anything else
    (raw non-ASCII bytes, a stray %) goes to parse_qsl itself."""
    if data.isascii():
        fields: list[tuple[str, str]] = []
        try:
            for piece in data.split(b"&"):
                if piece:
                    name, _, value = piece.partition(b"=")
                    fields.append((_unquote(name), _unquote(value)))
            return fields
        except ValueError:  # a % that starts no escape: unquote keeps it as it is
            pass
    return parse_qsl(data.decode("latin-1"), keep_blank_values=True)


def _unquote(text: bytes) -> str:
    if b"%" not in text:
        return text.replace(b"+", b" ").decode("ascii")
    escaped = text.replace(b"+", b" ").replace(b"\\", b"\\\\").replace(b"%", b"\\x")
    return codecs.escape_decode(escaped)[0].decode("utf-8", "replace")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _all(params: Iterable[tuple[str, str]], fields: Iterable[tuple[str, str]], name: str) -> list[str]:
    """A repeatable parameter's values: the query string's, then the form's (as the route reads them)."""
    return [value for key, value in params if key == name] + [value for key, value in fields if key == name]


def _get_query(params: list[tuple[str, str]]) -> str | None:
    names = [name for name, _ in params]
    if "update" in names:
        raise QueryRefused(_GET_UPDATE)
    queries = [value for name, value in params if name == "query"]
    if len(queries) > 1:
        raise QueryError(_TWO_QUERIES)
    return queries[0] if queries else None


def _post_query(scope: Scope, params: list[tuple[str, str]],
                body: bytes) -> tuple[str, list[tuple[str, str]]] | None:
    """The query and the form's fields; None for what the FastAPI route answers (multipart, and
    forms whose size python-multipart refuses, and unsupported media types: its 415)."""
    media = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        if len(body) > _FORM_FIELD_LIMIT:
            return None
        fields = form_fields(body)
        if any(name == "update" for name, _ in fields) or any(name == "update" for name, _ in params):
            raise QueryRefused(_POST_UPDATE)
        queries = [value for name, value in fields if name == "query"]
        if len(queries) + sum(1 for name, _ in params if name == "query") > 1:
            raise QueryError(_TWO_QUERIES)
        if not queries:
            raise QueryError("the form has no 'query' field")
        return queries[0], fields
    if media == "application/sparql-query":
        if any(name == "query" for name, _ in params):
            raise QueryError("a query sent as application/sparql-query must not also come as a 'query' parameter")
        try:
            return body.decode("utf-8"), []
        except UnicodeDecodeError:
            raise QueryError("the query is not UTF-8 text") from None
    if media == "application/sparql-update":
        raise QueryRefused(_POST_UPDATE)
    return None


async def _body(receive: Receive) -> bytes | None:
    """The whole request body (the body limit ahead of this has bounded it); None on a disconnect."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def send_response(send: Send, status: int, body: bytes, headers: dict[str, str] | None, *,
                        media_type: str) -> None:
    """A whole response in two messages (this module's answers and errors, and api.list_routes')."""
    raw = [(b"content-type", media_type.encode("latin-1")), (b"content-length", str(len(body)).encode("latin-1"))]
    raw += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
