"""The public SPARQL endpoint's work: check a query, evaluate it, serialise its result within limits.

The check (kg.query.guard) happens BEFORE pyoxigraph sees the query: pyoxigraph evaluates
`SERVICE <iri>` against any host (ENGINE-FACTS.md), and would read outside graphs named in FROM.

`execute` is what a worker process runs (kg.query.workers) and what the API runs in-process for a
store without a folder. It reads at most `max_rows` + 1 rows or triples, so a huge result costs
no more memory than the limit allows before it is refused.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, QueryError, QuerySyntaxError, QueryTooLarge
from kg.query.formats import Format, choose
from kg.query.guard import QueryLimits, check, explain
from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS
from kg.store import GraphStore
from kg.store.oxigraph import runtime_error
from kg.terms import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

@dataclass(frozen=True)
class SparqlRequest:
    """One protocol request: the query, how to answer it, and the dataset the client asked for."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)
    limits: QueryLimits = field(default_factory=QueryLimits)


@dataclass(frozen=True)
class SparqlAnswer:
    body: bytes
    content_type: str
    form: str
    count: int


# -- serialising ------------------------------------------------------------------------------

def term_json(term: Any) -> dict[str, Any]:
    """One term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _too_large(limit: int, what: str) -> QueryTooLarge:
    return QueryTooLarge(f"the result has more than {limit} {what}, the most this endpoint returns; "
                         "narrow the query or add a LIMIT")


# Where rows begin in the SPARQL JSON that pyoxigraph writes (no whitespace, every quote inside a
# string escaped): `,{"` starts a row with a binding after another row, and cannot occur inside a
# string; the first row follows `"bindings":[`. A row with nothing bound is `{}`, which a string may
# also hold, so output containing `{}` is counted by a reading that skips strings (_ExactRows).
_NEXT_ROW = b',{"'
_EMPTY_ROW = b"{}"
_BINDINGS = b'"bindings":['
# Outside strings: a whole string, the opening quote of one the data so far does not close, or a row.
_STRING_OR_ROW = re.compile(rb'"(?:[^"\\]|\\.)*"|"|[\[,]\{')


class _ExactRows:
    """Rows counted by reading the JSON's strings as strings: exact whatever the values hold, and
    linear however the chunks split a long string."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.rows = 0
        self._at = 0  # everything before it is read
        self._in_string = False

    def feed(self, chunk: bytes) -> None:
        self.data += chunk
        data, at = self.data, self._at
        while True:
            if self._in_string:
                quote = data.find(b'"', at)
                if quote < 0:
                    at = len(data)
                    break
                backslashes = 0
                while data[quote - 1 - backslashes] == 0x5C:  # the string's opening quote stops this
                    backslashes += 1
                at = quote + 1
                if backslashes % 2 == 0:
                    self._in_string = False
                continue
            found = _STRING_OR_ROW.search(data, at)
            if found is None:
                at = max(at, len(data) - 1)  # a `,` or `[` at the end may begin a row in the next chunk
                break
            first = data[found.start()]
            if first != 0x22:  # `[{` or `,{`
                self.rows += 1
            elif found.end() - found.start() == 1:  # a string the data so far does not close
                self._in_string = True
            at = found.end()
        self._at = at


class _SolutionsSink:
    """The file pyoxigraph's JSON writer writes to (8 KiB at a time): keeps the bytes and counts
    rows as they come, stopping the writer at the first row past `max_rows`."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.parts: list[bytes] = []
        self.next_rows = 0  # `,{"` seen
        self.tail = b""
        self.exact: _ExactRows | None = None

    def write(self, chunk: bytes) -> int:
        exact = self.exact
        if exact is None:
            edge = self.tail + chunk[:2]  # what a chunk boundary may split
            if _EMPTY_ROW in chunk or _EMPTY_ROW in edge:
                exact = self.exact = _ExactRows()
                exact.feed(b"".join(self.parts))
                self.parts = []
            else:
                self.parts.append(chunk)
                self.next_rows += chunk.count(_NEXT_ROW) + edge.count(_NEXT_ROW)
                self.tail = (self.tail + chunk)[-2:]
                if self.next_rows >= max(self.max_rows, 1):  # a row after max_rows others
                    raise _too_large(self.max_rows, "rows")
                return len(chunk)
        exact.feed(chunk)
        if exact.rows > self.max_rows:
            raise _too_large(self.max_rows, "rows")
        return len(chunk)

    def flush(self) -> None:
        pass

    def result(self) -> tuple[bytes, int]:
        if self.exact is not None:
            body, count = bytes(self.exact.data), self.exact.rows
        else:
            body = b"".join(self.parts)
            start = body.find(_BINDINGS) + len(_BINDINGS)
            count = self.next_rows + (1 if body[start:start + 1] == b"{" else 0)
        if count > self.max_rows:
            raise _too_large(self.max_rows, "rows")
        return body, count


def _json_solutions(result: Any, max_rows: int) -> tuple[bytes, int]:
    """SPARQL JSON results by pyoxigraph's own writer (4-5x faster than writing them in Python), the
    bytes `json.dumps` gives for the document of term_json dictionaries
    (tests/test_sparql_json_text.py), at most `max_rows` rows."""
    sink = _SolutionsSink(max_rows)
    result.serialize(sink, ox.QueryResultsFormat.JSON)
    return sink.result()


def serialize_solutions(result: Any, fmt: Format, max_rows: int) -> tuple[bytes, int]:
    if fmt.token == "json":
        return _json_solutions(result, max_rows)
    variables = [v.value for v in result.variables]
    bindings = []
    for solution in result:
        if len(bindings) >= max_rows:
            raise _too_large(max_rows, "rows")
        row = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                row[name] = term_json(value)
        bindings.append(row)
    if fmt.token == "csv":
        return _csv(variables, bindings), len(bindings)
    # oxigraph's own serialisers write XML and TSV exactly as the specifications say.
    document = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    buffer = io.BytesIO()
    parsed.serialize(buffer, RESULT_FORMATS[fmt.token])
    return buffer.getvalue(), len(bindings)


def _csv(variables: list[str], bindings: list[dict[str, Any]]) -> bytes:
    """SPARQL 1.1 Query Results CSV, with fields quoted as RFC 4180 says (pyoxigraph's writer leaves an
    IRI with a comma unquoted, which shifts the columns)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(variables)
    for row in bindings:
        writer.writerow([_csv_value(row.get(name)) for name in variables])
    return buffer.getvalue().encode("utf-8")


def _csv_value(term: dict[str, Any] | None) -> str:
    if term is None:
        return ""
    if term["type"] == "bnode":
        return "_:" + term["value"]
    if term["type"] == "triple":
        inner = term["value"]
        return " ".join(_csv_value(inner[key]) for key in ("subject", "predicate", "object"))
    return str(term["value"])


def serialize_boolean(result: Any, fmt: Format) -> bytes:
    buffer = io.BytesIO()
    result.serialize(buffer, RESULT_FORMATS[fmt.token])
    return buffer.getvalue()


def serialize_triples(result: Any, fmt: Format, max_rows: int) -> tuple[bytes, int]:
    triples = []
    for triple in result:
        if len(triples) >= max_rows:
            raise _too_large(max_rows, "triples")
        triples.append(triple)
    prefixes = PREFIXES if fmt.token == "turtle" else None
    data = ox.serialize(triples, format=GRAPH_FORMATS[fmt.token], prefixes=prefixes) or b""
    return data, len(triples)


_RESULT_FORMS = {ox.QuerySolutions: "select", ox.QueryBoolean: "ask", ox.QueryTriples: "construct"}


def execute(store: GraphStore, request: SparqlRequest) -> SparqlAnswer:
    """Check, negotiate, evaluate and serialise one query. Raises kg.errors Query* and NotAcceptable."""
    checked = check(store, request.query, request.default_graphs, request.named_graphs, base_iri=request.base_iri,
                    limits=request.limits)
    if checked.form:
        choose(checked.form, request.accept, request.format)  # refuse an unacceptable format before the work
    try:
        result = store.query(request.query, default_graph=checked.default_graphs,
                             named_graphs=checked.named_graphs, base_iri=request.base_iri)
    except QuerySyntaxError as error:
        raise QuerySyntaxError(explain(request.query, request.base_iri) or str(error)) from None
    form = checked.form or _RESULT_FORMS.get(type(result), "construct")
    try:
        fmt = choose(form, request.accept, request.format)
    except KGError:
        del result  # pyoxigraph's results must be dropped on this thread, not with the traceback
        raise
    failure: KGError | None = None
    try:
        if form == "select":
            body, count = serialize_solutions(result, fmt, request.max_rows)
        elif form == "ask":
            body, count = serialize_boolean(result, fmt), 1
        else:
            body, count = serialize_triples(result, fmt, request.max_rows)
    except QueryTooLarge as error:
        failure = QueryTooLarge(str(error))
    except OSError as error:
        failure = QueryError(f"query failed: {error}")
    except SyntaxError as error:  # evaluation errors pyoxigraph reports late
        failure = QueryError(f"SPARQL error: {error}")
    except RuntimeError as error:  # an unsupported function met while iterating, or the store's files
        failure = runtime_error(error)
    # pyoxigraph's results must be dropped on the thread that made them: the error is raised only
    # now, so that no traceback carries the result to the event loop's thread.
    del result
    if failure is not None:
        raise failure
    return SparqlAnswer(body=body, content_type=fmt.content_type, form=form, count=count)
