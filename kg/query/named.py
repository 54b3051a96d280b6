"""Named queries: the .rq files next to this module, run with bound values, never pasted text.

Each file starts with a comment header::

    # summary: Commitments where one actor plays a role, in date order.
    # param actor: IRI of the actor (required)
    # param type: IRI of a commitment type concept, e.g. ck:troop_deployment (optional)

A header may also say `# plan: as written`: on Virtuoso (kg/store/remote.py) the query's joins
are then taken in the order written, for point lookups of many OPTIONALs whose planning costs
more than their answer; Oxigraph plans as it always does.

Parameters reach the query through pyoxigraph's `substitutions` (SPARQL SEP-0007): the engine
replaces the variable with the term before evaluation, so a value can never change the query's
shape. Substitution needs the variable in the SELECT projection, so every parameter is projected.
Optional parameters are left unbound when absent; the queries test them with
`COALESCE(STR(?param), "") = ""` (BOUND() does not see substituted values in pyoxigraph 0.5).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pyoxigraph as ox

from kg.store import GraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
_PARAM = re.compile(r"^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.+)$")
_SUMMARY = re.compile(r"^#\s*summary\s*:\s*(.+)$")

Value = ox.NamedNode | ox.Literal | str | int | bool | dt.date | None


@dataclass(frozen=True)
class NamedQuery:
    """One .rq file: its name, what it does, the parameters it takes, and its text."""

    name: str
    summary: str
    parameters: Mapping[str, str]
    text: str

    @property
    def form(self) -> str:
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith(("#", "PREFIX")))
        return body.split(None, 1)[0].upper() if body.strip() else ""


def _parse(name: str, text: str) -> NamedQuery:
    summary = ""
    parameters: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _SUMMARY.match(line):
            summary = match.group(1).strip()
        elif match := _PARAM.match(line):
            parameters[match.group(1)] = match.group(2).strip()
    if not summary:
        raise ValueError(f"named query {name}.rq has no '# summary:' line in its header")
    return NamedQuery(name=name, summary=summary, parameters=parameters, text=text)


@cache
def named_query(name: str) -> NamedQuery:
    """The named query `name` (the file kg/query/<name>.rq); `<list>__newest` is the keyset-paged
    list query <list>.rq in the other order (see newest_first)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ValueError(f"not a named query: {name!r}")
    if name.endswith(NEWEST):
        return newest_first(named_query(name[:-len(NEWEST)]))
    text = resources.files("kg.query").joinpath(f"{name}.rq").read_text(encoding="utf-8")
    return _parse(name, text)


NEWEST = "__newest"
# Every keyset-paged list query orders by (?key, ?tie), ?key being the date or "~" when undated,
# and continues after (?afterKey, ?afterTie) with this filter. Newest first keeps the undated
# last, as the catalogue does (kg.catalogue.index): dated items by date then tie-breaker, both
# descending, then the undated by tie-breaker descending.
_ASCENDING_ORDER = "ORDER BY ?key ?tie"
_NEWEST_ORDER = 'ORDER BY (?key = "~") DESC(?key) DESC(?tie)'
_ASCENDING_AFTER = """         || ?key > ?afterKey
         || (?key = ?afterKey && ?tie > ?afterTie))"""
_NEWEST_AFTER = """         || (?key != "~" && ?afterKey != "~" && (?key < ?afterKey || (?key = ?afterKey && ?tie < ?afterTie)))
         || (?key = "~" && ?afterKey != "~")
         || (?key = "~" && ?afterKey = "~" && ?tie < ?afterTie))"""


def newest_first(query: NamedQuery) -> NamedQuery:
    """A list query in newest-first order, from its text in oldest-first order."""
    text = query.text
    if text.count(_ASCENDING_ORDER) != 1 or text.count(_ASCENDING_AFTER) != 1:
        raise ValueError(f"{query.name}.rq is no keyset-paged list by (?key, ?tie)")
    text = text.replace(_ASCENDING_ORDER, _NEWEST_ORDER).replace(_ASCENDING_AFTER, _NEWEST_AFTER)
    return NamedQuery(name=query.name + NEWEST, summary=query.summary + " Newest first.",
                      parameters=query.parameters, text=text)


def all_named_queries() -> list[NamedQuery]:
    """Every .rq file shipped with the package, by name."""
    names = sorted(entry.name[:-3] for entry in resources.files("kg.query").iterdir() if entry.name.endswith(".rq"))
    return [named_query(name) for name in names]


def term(value: Value) -> ox.NamedNode | ox.Literal | None:
    """A Python value as an RDF term: dates as xsd:date, booleans and integers typed, text as xsd:string."""
    if value is None or isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"cannot bind a {type(value).__name__} to a query parameter")


def run(store: GraphStore, name: str, **params: Value) -> Any:
    """Run a named query with these parameter values (None leaves a parameter unbound)."""
    query = named_query(name)
    unknown = set(params) - set(query.parameters)
    if unknown:
        raise TypeError(f"{name}.rq takes no parameter(s) {sorted(unknown)}; it takes {sorted(query.parameters)}")
    bindings = {key: bound for key, value in params.items() if (bound := term(value)) is not None}
    return store.query(query.text, bindings)


def iter_rows(store: GraphStore, name: str, **params: Value) -> Iterator[dict[str, Any]]:
    """A named SELECT query's solutions, lazily, as dicts of variable name -> term (absent when unbound)."""
    solutions = run(store, name, **params)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {n: value for n in names if (value := solution[n]) is not None}


def rows(store: GraphStore, name: str, **params: Value) -> list[dict[str, Any]]:
    """Every solution of a named SELECT query (see iter_rows)."""
    return list(iter_rows(store, name, **params))


def total(store: GraphStore, name: str, **params: Value) -> int:
    """The sum of ?total over a count query's rows (count queries group by their parameters)."""
    return sum(int(row["total"].value) for row in iter_rows(store, name, **params) if "total" in row)


def ask(store: GraphStore, name: str, **params: Value) -> bool:
    return bool(run(store, name, **params))
