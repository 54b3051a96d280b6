"""Rows counted while pyoxigraph writes SPARQL JSON (kg.query.sparql): exact whatever the values hold
(`{}`, `,{"` and brackets in strings, empty rows) and wherever the writer's 8 KiB chunks split them,
with the row limit holding as it did when the rows were written one by one in Python."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest

from kg.errors import QueryTooLarge
from kg.query.formats import RESULT_FORMATS
from kg.query.sparql import serialize_solutions, term_json

JSON = next(f for f in RESULT_FORMATS if f.token == "json")
EX = "http://example.org/"
AWKWARD = ["{}", ',{"', "[{", ",{", '"bindings":[{}', "\\", '\\"', "}},{}", "x" * 9000 + "{}", "é{}中", ""]


def reference(result: ox.QuerySolutions) -> bytes:
    variables = [v.value for v in result.variables]
    bindings = [{name: term_json(row[name]) for name in variables if row[name] is not None} for row in result]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def store(rows: int, seed: int) -> ox.Store:
    """`rows` subjects, some with an awkward value, some with nothing the query binds."""
    rng = random.Random(seed)
    s = ox.Store()
    for i in range(rows):
        subject = ox.NamedNode(f"{EX}s{i:05d}")
        s.add(ox.Quad(subject, ox.NamedNode(EX + "a"), ox.Literal("row")))
        if rng.random() < 0.7:
            text = rng.choice(AWKWARD) if rng.random() < 0.5 else f"v{i}" * rng.randint(1, 40)
            s.add(ox.Quad(subject, ox.NamedNode(EX + "v"), ox.Literal(text)))
    return s


# ?v is unbound in some rows, and ?nothing in all: without ?s, such rows are empty ({}).
QUERY = f"SELECT ?v WHERE {{ ?s <{EX}a> ?x OPTIONAL {{ ?s <{EX}v> ?v }} }} ORDER BY ?s"
FULL = f"SELECT ?s ?v WHERE {{ ?s <{EX}a> ?x OPTIONAL {{ ?s <{EX}v> ?v }} }} ORDER BY ?s"


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("query", [QUERY, FULL])
def test_bytes_and_count_match_the_rows(seed: int, query: str) -> None:
    s = store(600 + seed * 150, seed)
    expected = reference(s.query(query))
    body, count = serialize_solutions(s.query(query), JSON, 10_000)
    assert body == expected
    assert count == len(json.loads(body)["results"]["bindings"])


@pytest.mark.parametrize("query", [QUERY, FULL])
def test_the_limit_refuses_exactly_one_row_more(query: str) -> None:
    s = store(900, 3)
    rows = len(json.loads(reference(s.query(query)))["results"]["bindings"])
    body, count = serialize_solutions(s.query(query), JSON, rows)
    assert count == rows
    with pytest.raises(QueryTooLarge):
        serialize_solutions(s.query(query), JSON, rows - 1)
    with pytest.raises(QueryTooLarge):
        serialize_solutions(s.query(query), JSON, 1)


def test_no_rows_and_only_empty_rows() -> None:
    s = store(50, 1)
    empty = f"SELECT ?s WHERE {{ ?s <{EX}none> ?o }}"
    assert serialize_solutions(s.query(empty), JSON, 0) == (reference(s.query(empty)), 0)
    blank = f"SELECT ?nothing WHERE {{ ?s <{EX}a> ?x }}"
    body, count = serialize_solutions(s.query(blank), JSON, 50)
    assert (body, count) == (reference(s.query(blank)), 50)
    with pytest.raises(QueryTooLarge):
        serialize_solutions(s.query(blank), JSON, 49)
    one = "SELECT ?x WHERE { BIND(1 AS ?x) }"
    with pytest.raises(QueryTooLarge):
        serialize_solutions(s.query(one), JSON, 0)


def test_a_large_result_stops_early() -> None:
    """The writer is stopped at the first row past the limit, not after writing everything."""
    s = ox.Store()
    for i in range(50_000):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(f"value {i}")))
    written: list[int] = []

    class Counting:
        def __init__(self) -> None:
            from kg.query.sparql import _SolutionsSink
            self.sink = _SolutionsSink(100)

        def write(self, chunk: bytes) -> int:
            written.append(len(chunk))
            return self.sink.write(chunk)

        def flush(self) -> None:
            pass

    with pytest.raises(QueryTooLarge):
        s.query("SELECT * WHERE { ?s ?p ?o }").serialize(Counting(), ox.QueryResultsFormat.JSON)
    assert sum(written) < 64 * 1024


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64, 8192])
@pytest.mark.parametrize("query", [QUERY, FULL])
def test_any_chunking_counts_the_same(size: int, query: str) -> None:
    """However the writer splits its output (it writes 8 KiB chunks now; any size may come)."""
    from kg.query.sparql import _SolutionsSink

    s = store(300, 5)
    expected = reference(s.query(query))
    sink = _SolutionsSink(10_000)
    for start in range(0, len(expected), size):
        sink.write(expected[start:start + size])
    assert sink.result() == (expected, len(json.loads(expected)["results"]["bindings"]))
