"""The read-only guard of the public SPARQL endpoint: what a query may ask, decided before evaluation.

pyoxigraph evaluates `SERVICE <iri>` against any host (ENGINE-FACTS.md) and would read any graph
named in FROM, so every query is first read by kg.query.lexer, which follows the grammar's
terminals and reads ambiguous places every way the engine might:

* any word spelling SERVICE is refused (the engine needs no word boundary around a keyword);
* update keywords (INSERT, DELETE, LOAD, ...) are refused with a pointer to POST /documents;
* a query over the size, token or nesting limits is refused before the engine's recursive
  parser can overflow its stack on it;
* FROM / FROM NAMED, the protocol's dataset parameters, and a query the lexer could not settle
  go through rdflib's full parser, whose algebra is walked for SERVICE and whose dataset must
  name only the store's own graphs.

This is one of two defences: the worker processes that evaluate public queries cannot open
network sockets at all (kg.query.sandbox), whatever this module lets through.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, QueryOverLimit, QueryRefused, QuerySyntaxError
from kg.query.lexer import scan
from kg.store import GraphStore
from kg.terms import PREFIXES

_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})

SERVICE_REFUSED = "SERVICE is refused: this endpoint answers from its own store and makes no outbound requests"
UPDATE_REFUSED = ("this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, "
                  "COPY) are refused; documents are written through POST /documents")


@dataclass(frozen=True)
class QueryLimits:
    """How much query text the endpoint reads before it evaluates anything."""

    max_chars: int = 200_000
    max_tokens: int = 20_000
    max_depth: int = 64


@dataclass(frozen=True)
class Checked:
    """A query that passed the checks: its form ('' when only the engine will tell) and its dataset."""

    form: str
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None


def check(store: GraphStore, query: str, default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = (),
          *, base_iri: str | None = None, limits: QueryLimits = QueryLimits()) -> Checked:
    """Refuse what this read-only endpoint does not do, without evaluating or fetching anything."""
    if len(query) > limits.max_chars:
        raise QueryOverLimit(f"the query is {len(query):,} characters long; this endpoint reads at most "
                             f"{limits.max_chars:,}")
    lexed = _lexed_kept if len(query) <= _KEPT_MAX_CHARS else _lexed
    if default_graphs or named_graphs or lexed(query, limits):
        return _full_check(store, query, default_graphs, named_graphs, base_iri)
    return Checked(form="")


def _lexed(query: str, limits: QueryLimits) -> bool:
    """The lexer's refusals (raised), else whether the full parser must read the query (FROM, or a
    reading the lexer could not settle). A function of the text and the limits alone."""
    seen = scan(query, max_tokens=limits.max_tokens)
    if seen.depth > limits.max_depth:
        raise QueryOverLimit(f"the query nests brackets ( {{ [ << {seen.depth} deep; this endpoint reads at most "
                             f"{limits.max_depth} levels")
    if seen.contains("SERVICE"):
        raise QueryRefused(SERVICE_REFUSED)
    if seen.words & _UPDATE_WORDS:
        raise QueryRefused(UPDATE_REFUSED)
    return seen.contains("FROM") or seen.undecided


# Clients send the same texts again and again (applications, dashboards, the benchmark): lexing a
# point lookup's 600 characters cost 0.15 ms of its 1.2 ms in a worker. Texts that passed are kept
# (refusals raise, and are not), up to _KEPT texts of at most _KEPT_MAX_CHARS: 5 MB at worst.
_KEPT = 256
_KEPT_MAX_CHARS = 20_000
_lexed_kept = functools.lru_cache(maxsize=_KEPT)(_lexed)


def _full_check(store: GraphStore, query: str, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...],
                base_iri: str | None) -> Checked:
    algebra = _parse(query, base_iri)
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise QueryRefused(SERVICE_REFUSED)

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


def explain(query: str, base_iri: str | None = None) -> str | None:
    """rdflib's reading of a query the engine found malformed: its message names the prefix or the
    position in words a person reads more easily than the engine's list of expected characters."""
    try:
        _parse(query, base_iri)
    except QueryError as error:
        return str(error)
    return None


def _parse(query: str, base_iri: str | None) -> Any:
    """rdflib's algebra of a query (rdflib parses without fetching anything)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(query)
    except ParseException as error:
        raise QuerySyntaxError(_syntax_message(error)) from None
    except RecursionError:
        raise QueryOverLimit("the query nests too deeply to be read") from None
    except Exception as error:  # noqa: BLE001 - pyparsing raises a few kinds
        raise QuerySyntaxError(_syntax_message(error)) from None
    try:
        return translateQuery(parsed, base=base_iri, initNs=PREFIXES).algebra
    except RecursionError:
        raise QueryOverLimit("the query nests too deeply to be read") from None
    except Exception as error:  # noqa: BLE001 - rdflib raises bare Exceptions for unknown prefixes
        raise QueryError(f"SPARQL error: {' '.join(str(error).split())}") from None


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


def _is_store_graph(store: GraphStore, iri: str) -> bool:
    try:
        return store.raw.contains_named_graph(ox.NamedNode(iri))
    except ValueError:
        return False
