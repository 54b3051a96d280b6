"""The public SPARQL endpoint's work: check a query, evaluate it, serialise its result within limits.

The check happens BEFORE pyoxigraph sees the query: pyoxigraph evaluates `SERVICE <iri>` against
any host (ENGINE-FACTS.md), and would read outside graphs named in FROM. rdflib's parser and
algebra translator make no request, so the query is parsed by rdflib, its algebra walked for
SERVICE, its dataset (FROM / FROM NAMED) and the protocol's default-graph-uri / named-graph-uri
checked against the store's own graphs, and updates (INSERT, LOAD, DROP...) refused outright.

`execute` is what a worker process runs (kg.query.workers) and what the API runs in-process for a
store without a folder. It reads at most `max_rows` + 1 rows or triples, so a huge result costs
no more memory than the limit allows before it is refused.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, QueryRefused, QueryTooLarge
from kg.query.formats import Format, choose
from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS
from kg.store import GraphStore
from kg.terms import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


@dataclass(frozen=True)
class SparqlRequest:
    """One protocol request: the query, how to answer it, and the dataset the client asked for."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000


@dataclass(frozen=True)
class SparqlAnswer:
    body: bytes
    content_type: str
    form: str
    count: int


@dataclass(frozen=True)
class Checked:
    """A query that passed the checks: its form and the dataset to evaluate it over."""

    form: str
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    notes: list[str] = field(default_factory=list)


# -- checking ---------------------------------------------------------------------------------

_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*",
)
_FORBIDDEN_KEYWORD = re.compile(r"(?<![?$:\w-])(SERVICE|LOAD)(?![:\w-])", re.IGNORECASE)


def _walk(node: Any, seen: set[int] | None = None) -> Any:
    """Every node of an rdflib algebra tree (CompValues are dicts; expressions nest them too)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            yield from _walk(value, seen)


def _syntax_message(error: Exception) -> str:
    text = " ".join(str(error).split())
    return f"SPARQL syntax error: {text}"


def check(store: GraphStore, query: str, default_graphs: tuple[str, ...] = (),
          named_graphs: tuple[str, ...] = ()) -> Checked:
    """Refuse what this read-only endpoint does not do, without evaluating or fetching anything."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    # First a lexical look: SERVICE or LOAD as a keyword outside strings, IRIs and comments (rdflib's
    # grammar does not know a lower-case `service`, which pyoxigraph would evaluate).
    if _FORBIDDEN_KEYWORD.search(_STRINGS_IRIS_COMMENTS.sub(" ", query)):
        raise QueryRefused("this endpoint is read-only and makes no outbound requests: SERVICE and LOAD are refused")
    try:
        parsed = parseQuery(query)
    except ParseException as error:
        try:
            parseUpdate(query)
        except Exception:  # noqa: BLE001 - not an update either: report the query parser's message
            raise QueryError(_syntax_message(error)) from None
        raise QueryRefused("this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, "
                           "ADD, MOVE, COPY) are refused; documents are written through POST /documents") from None
    except Exception as error:  # noqa: BLE001 - pyparsing raises a few kinds
        raise QueryError(_syntax_message(error)) from None
    try:
        algebra = translateQuery(parsed, initNs=PREFIXES).algebra
    except Exception as error:  # noqa: BLE001 - rdflib raises bare Exceptions for unknown prefixes
        raise QueryError(f"SPARQL error: {' '.join(str(error).split())}") from None

    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise QueryRefused("SERVICE is refused: this endpoint answers from its own store and makes no "
                               "outbound requests")

    clauses = algebra["datasetClause"] if "datasetClause" in algebra else None
    from_default = [str(c["default"]) for c in clauses or [] if "default" in c]
    from_named = [str(c["named"]) for c in clauses or [] if "named" in c]
    for iri in (*default_graphs, *named_graphs, *from_default, *from_named):
        if not _is_store_graph(store, iri):
            raise QueryRefused(f"<{iri}> is not a graph of this store: FROM, FROM NAMED, default-graph-uri and "
                               "named-graph-uri may only name the store's document graphs (nothing is fetched)")
    form = _FORMS.get(algebra.name, "select")
    if default_graphs or named_graphs:  # the protocol's dataset overrides the query's
        return Checked(form, list(default_graphs), list(named_graphs) if named_graphs else
                       ([] if default_graphs else None))
    if from_default or from_named:
        return Checked(form, from_default, from_named)
    return Checked(form)


def _is_store_graph(store: GraphStore, iri: str) -> bool:
    try:
        return store.raw.contains_named_graph(ox.NamedNode(iri))
    except ValueError:
        return False


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


def serialize_solutions(result: Any, fmt: Format, max_rows: int) -> tuple[bytes, int]:
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
    document = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt.token == "json":
        return document, len(bindings)
    # oxigraph's own serialisers write XML, CSV and TSV exactly as the specifications say.
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    buffer = io.BytesIO()
    parsed.serialize(buffer, RESULT_FORMATS[fmt.token])
    return buffer.getvalue(), len(bindings)


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


# Only these keywords can make a query reach outside the store (or be an update); a query without
# them, outside strings, IRIs and comments, skips rdflib's parser, which costs more than most
# queries' evaluation (15 ms against 1 ms for a commitment with its evidence at 1.9M triples).
_NEEDS_FULL_CHECK = re.compile(
    r"(?<![?$:\w-])(FROM|SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![:\w-])", re.IGNORECASE)
_RESULT_FORMS = {ox.QuerySolutions: "select", ox.QueryBoolean: "ask", ox.QueryTriples: "construct"}


def _quick_check(request: SparqlRequest) -> Checked | None:
    """The full check where the query or the protocol names anything beyond the store's union."""
    if request.default_graphs or request.named_graphs:
        return None
    if _NEEDS_FULL_CHECK.search(_STRINGS_IRIS_COMMENTS.sub(" ", request.query)):
        return None
    return Checked(form="")


def execute(store: GraphStore, request: SparqlRequest) -> SparqlAnswer:
    """Check, negotiate, evaluate and serialise one query. Raises kg.errors Query* and NotAcceptable."""
    checked = _quick_check(request) or check(store, request.query, request.default_graphs, request.named_graphs)
    if checked.form:
        choose(checked.form, request.accept, request.format)  # refuse an unacceptable format before the work
    try:
        result = store.query(request.query, default_graph=checked.default_graphs, named_graphs=checked.named_graphs)
    except QueryError:
        if checked.form:
            raise
        # rdflib's check gives the precise answer: a refused update, or the parser's message.
        check(store, request.query, request.default_graphs, request.named_graphs)
        raise
    form = checked.form or _RESULT_FORMS.get(type(result), "construct")
    fmt = choose(form, request.accept, request.format)
    checked = Checked(form, checked.default_graphs, checked.named_graphs)
    failure: QueryError | None = None
    try:
        if checked.form == "select":
            body, count = serialize_solutions(result, fmt, request.max_rows)
        elif checked.form == "ask":
            body, count = serialize_boolean(result, fmt), 1
        else:
            body, count = serialize_triples(result, fmt, request.max_rows)
    except QueryTooLarge as error:
        failure = QueryTooLarge(str(error))
    except OSError as error:
        failure = QueryError(f"query failed: {error}")
    except SyntaxError as error:  # evaluation errors pyoxigraph reports late
        failure = QueryError(f"SPARQL error: {error}")
    # pyoxigraph's results must be dropped on the thread that made them: the error is raised only
    # now, so that no traceback carries the result to the event loop's thread.
    del result
    if failure is not None:
        raise failure
    return SparqlAnswer(body=body, content_type=fmt.content_type, form=checked.form, count=count)
