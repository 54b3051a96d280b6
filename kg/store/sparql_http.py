"""HTTP to a SPARQL 1.1 server: the Query and Update protocols and the Graph Store protocol's GET.

One `httpx.Client` per thread (the API answers on many threads; a digest-auth state and a
connection pool are not shared between them). Credentials come from the settings (the
environment), go only into the auth object, and are never part of a URL or a message.

Servers differ in small ways that change what the project reads back; `Dialect` names the ones
handled here (Virtuoso 7: booleans as 1/0 in JSON results, system graphs in the default union,
ResultSetMaxRows truncation announced in a header).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg import __version__
from kg.errors import QueryError, QuerySyntaxError, QueryTimeout, QueryTooLarge, StoreError

SCHEMES = ("sparql+http", "sparql+https")
RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BNODE_CHARS = re.compile(r"[^A-Za-z0-9_]")
# What `_term` fixes, and an ASK's boolean (Virtuoso may write 1): an answer holding none of these
# bytes needs no fixing. A JSON string cannot hold an unescaped quote, so `"bnode"` and
# `"boolean"` are found only as a type or a key; the boolean datatype only where a value names
# it (a false alarm only takes the careful path).
_NEEDS_FIXING = (b'"bnode"', b'"boolean"', XSD_BOOLEAN.encode("ascii"))


@dataclass(frozen=True)
class Endpoints:
    """Where to send queries, updates and Graph Store requests."""

    query: str
    update: str
    graph_store: str | None
    dialect: str  # "virtuoso", "generic", or "auto": told by the server's Server header

    @property
    def display(self) -> str:
        return self.query


def is_remote(location: str | None) -> bool:
    return bool(location) and str(location).split("://", 1)[0].lower() in SCHEMES


def endpoints(location: str, *, update_url: str | None = None, graph_store_url: str | None = None,
              dialect: str = "auto") -> Endpoints:
    """The endpoints of `sparql+http://host:port/path`: queries and updates at http://host:port/path
    unless told otherwise; the Graph Store protocol beside Virtuoso's /sparql-auth at
    /sparql-graph-crud-auth, elsewhere only when `graph_store_url` names it."""
    scheme, rest = location.split("://", 1)
    parts = urlsplit(scheme.lower().removeprefix("sparql+") + "://" + rest)
    if parts.username or parts.password:
        raise StoreError("the store's URL must not carry credentials: set KG_STORE_USER and KG_STORE_PASSWORD "
                         "in the environment (or the settings file) instead")
    url = urlunsplit(parts)
    if graph_store_url is None and parts.path.rstrip("/").endswith("/sparql-auth"):
        graph_store_url = urlunsplit(parts._replace(path=parts.path.rstrip("/")[:-len("sparql-auth")]
                                                    + "sparql-graph-crud-auth", query=""))
    return Endpoints(query=url, update=update_url or url, graph_store=graph_store_url, dialect=dialect)


class SparqlHttp:
    """Blocking calls to one server; each raises kg.errors, never an httpx error."""

    def __init__(self, where: Endpoints, *, user: str | None, password: str | None, timeout_s: float,
                 auth: str = "digest") -> None:
        self.where = where
        self._user = user
        self._password = password
        self._auth_kind = auth
        self.timeout_s = timeout_s
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._clients_lock = threading.Lock()
        self.dialect = where.dialect

    def _client(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            auth: httpx.Auth | None = None
            if self._user:
                password = self._password or ""
                auth = (httpx.BasicAuth(self._user, password) if self._auth_kind == "basic"
                        else httpx.DigestAuth(self._user, password))
            client = httpx.Client(auth=auth, timeout=httpx.Timeout(self.timeout_s, connect=10.0),
                                  headers={"User-Agent": f"commitments-kg/{__version__}"})
            self._local.client = client
            with self._clients_lock:
                self._clients.append(client)
        return client

    def close(self) -> None:
        with self._clients_lock:
            for client in self._clients:
                client.close()
            self._clients.clear()
        self._local = threading.local()

    # -- the protocols ------------------------------------------------------------------------

    def query(self, text: str, *, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              timeout_s: float | None = None, max_bytes: int | None = None,
              triples: bool = False) -> tuple[str, bytes, httpx.Headers]:
        """POST a query (form-encoded); returns the answer's media type, body and headers. With
        `max_bytes`, an answer longer than that is refused (QueryTooLarge) as it arrives."""
        form: dict[str, str | list[str]] = {"query": text}
        if default_graphs:
            form["default-graph-uri"] = list(default_graphs)
        if named_graphs:
            form["named-graph-uri"] = list(named_graphs)
        headers = {"Accept": NTRIPLES if triples else RESULTS_JSON}
        response = self._send("POST", self.where.query, data=form, headers=headers, timeout_s=timeout_s,
                              what="query", max_bytes=max_bytes)
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return media, response.content, response.headers

    def probe(self) -> str:
        """Ask the server the smallest question (checks address and credentials); learn its dialect."""
        response = self._send("POST", self.where.query, data={"query": "ASK {}"},
                              headers={"Accept": RESULTS_JSON}, what="query")
        if self.dialect == "auto":
            self.dialect = "virtuoso" if response.headers.get("server", "").lower().startswith("virtuoso") else "generic"
        return self.dialect

    def update(self, text: str) -> None:
        self._send("POST", self.where.update, data={"update": text}, what="update")

    def graph(self, graph_iri: str) -> bytes | None:
        """One graph as N-Triples through the Graph Store protocol; None when there is none."""
        if self.where.graph_store is None:
            raise StoreError("no Graph Store endpoint is configured")
        response = self._send("GET", self.where.graph_store, params={"graph": graph_iri},
                              headers={"Accept": NTRIPLES}, what="graph read", missing_ok=True)
        return None if response.status_code == 404 else response.content

    def _send(self, method: str, url: str, *, what: str, timeout_s: float | None = None, missing_ok: bool = False,
              max_bytes: int | None = None, **kwargs: Any) -> httpx.Response:
        try:
            if timeout_s is not None:
                kwargs["timeout"] = httpx.Timeout(timeout_s, connect=10.0)
            if max_bytes is None:
                response = self._client().request(method, url, **kwargs)
            else:
                response = self._bounded(method, url, max_bytes, timeout_s, **kwargs)
        except httpx.TimeoutException:
            if what == "query":
                raise QueryTimeout(f"the SPARQL server at {self.where.display} did not answer within "
                                   f"{timeout_s or self.timeout_s:g} s") from None
            raise StoreError(f"the SPARQL server at {self.where.display} did not answer the {what} within "
                             f"{self.timeout_s:g} s") from None
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach the SPARQL server at {self.where.display}: "
                             f"{type(error).__name__}: {error}") from None
        if response.status_code < 300 or (missing_ok and response.status_code == 404):
            return response
        raise _failure(response, what, self.where.display)

    def _bounded(self, method: str, url: str, max_bytes: int, timeout_s: float | None, **kwargs: Any) -> httpx.Response:
        """The request, its answer read as it streams in and refused past `max_bytes` (a public query
        that would return millions of rows must not fill this process's memory first), and past
        `timeout_s` in all (httpx's own timeout bounds each read, not the whole answer)."""
        import time

        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        with self._client().stream(method, url, **kwargs) as response:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise QueryTooLarge(f"the answer is larger than {max_bytes // (1024 * 1024)} MB, the most this "
                                        "endpoint reads from its store; narrow the query or add a LIMIT")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the answer took too long")
                chunks.append(chunk)
            response._content = b"".join(chunks)
        return response

    # -- reading answers ----------------------------------------------------------------------

    def solutions(self, media: str, body: bytes, headers: httpx.Headers) -> Any:
        """SPARQL JSON results as pyoxigraph's own QuerySolutions or QueryBoolean, read exactly as an
        embedded query's answer is (the server's quirks undone first)."""
        if headers.get("x-sparql-maxrows"):
            raise StoreError(f"the SPARQL server cut the result at {headers['x-sparql-maxrows']} rows (Virtuoso's "
                             "ResultSetMaxRows); raise that limit in its virtuoso.ini ([SPARQL] section)")
        if not any(marker in body for marker in _NEEDS_FIXING):
            # Nothing to undo (pyoxigraph reads SPARQL 1.0's "typed-literal" itself): its parser
            # reads the server's bytes as they are, rows as they are iterated. Reading and
            # rewriting them in Python first cost 29 ms for 3,333 rows (aggregate_amounts).
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        document = json.loads(body)
        head = {"vars": document.get("head", {}).get("vars", [])}
        if "boolean" in document:
            fixed: dict[str, Any] = {"head": {}, "boolean": bool(document["boolean"])}
        else:
            bindings = [{name: _term(value) for name, value in row.items()}
                        for row in document.get("results", {}).get("bindings", [])]
            fixed = {"head": head, "results": {"bindings": bindings}}
        return ox.parse_query_results(json.dumps(fixed).encode("utf-8"), format=ox.QueryResultsFormat.JSON)


def _term(value: dict[str, Any]) -> dict[str, Any]:
    """One JSON result term as SPARQL 1.1 writes it: "typed-literal" (SPARQL 1.0) is a literal; Virtuoso
    writes an xsd:boolean as 1 or 0; a blank node label must be a valid one."""
    kind = value.get("type")
    if kind == "typed-literal":
        value = {**value, "type": "literal"}
        kind = "literal"
    if kind == "literal" and value.get("datatype") == XSD_BOOLEAN and value.get("value") in ("1", "0"):
        value = {**value, "value": "true" if value["value"] == "1" else "false"}
    elif kind == "bnode":
        value = {**value, "value": _BNODE_CHARS.sub("_", value["value"])}
    return value


def _failure(response: httpx.Response, what: str, where: str) -> Exception:
    """The server's refusal as the project's error, with the server's first words of explanation."""
    status = response.status_code
    message = " ".join(response.text.split("SPARQL query:")[0].split())[:500] or response.reason_phrase
    if status in (401, 403):
        return StoreError(f"the SPARQL server at {where} refused the {what} ({status}): check KG_STORE_USER and "
                          f"KG_STORE_PASSWORD, and that the user may write (Virtuoso: GRANT SPARQL_UPDATE)")
    if what == "query" and status == 400:
        if "syntax" in message.lower() or "SP030" in message:
            return QuerySyntaxError(f"SPARQL syntax error (from the server): {message}")
        return QueryError(f"the query cannot be evaluated: {message}")
    if what == "query" and status in (500, 503) and "timeout" in message.lower():
        return QueryTimeout(f"the SPARQL server stopped the query: {message}")
    return StoreError(f"the SPARQL server at {where} failed the {what} ({status}): {message}")
