"""SPARQL JSON results written piece by piece (kg.query.sparql) are the bytes json.dumps gives for the
document of term_json dictionaries, for every kind of term and awkward text."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.errors import QueryTooLarge
from kg.query.formats import RESULT_FORMATS
from kg.query.sparql import serialize_solutions, term_json

JSON = next(f for f in RESULT_FORMATS if f.token == "json")
TEXTS = ["plain", 'quote " and \\ backslash', "line\nbreak\ttab\r", "\x00\x01\x1f control", "é ü 中文 😀",
         "\u2028\u2029 separators", "", "</script>"]


def store() -> ox.Store:
    s = ox.Store()
    ex = "http://example.org/"
    for i, text in enumerate(TEXTS):
        subject = ox.NamedNode(f"{ex}s{i}?q=%22x%22&y=é")
        s.add(ox.Quad(subject, ox.NamedNode(ex + "plain"), ox.Literal(text)))
        s.add(ox.Quad(subject, ox.NamedNode(ex + "lang"), ox.Literal(text, language="en-GB")))
        s.add(ox.Quad(subject, ox.NamedNode(ex + "typed"),
                      ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#token"))))
        s.add(ox.Quad(subject, ox.NamedNode(ex + "node"), ox.BlankNode(f"b{i}")))
    s.add(ox.Quad(ox.NamedNode(ex + "n"), ox.NamedNode(ex + "int"), ox.Literal("42", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))))
    return s


def reference(result: ox.QuerySolutions) -> bytes:
    variables = [v.value for v in result.variables]
    bindings = [{name: term_json(row[name]) for name in variables if row[name] is not None} for row in result]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


QUERIES = [
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT ?s ?missing ?o WHERE { ?s ?p ?o OPTIONAL { ?s <http://example.org/none> ?missing } } ORDER BY ?s ?o",
    'SELECT ?weird ?t WHERE { BIND("x\\"y" AS ?weird) BIND(TRIPLE(<http://a>, <http://b>, "c") AS ?t) }',
    "SELECT ?s WHERE { ?s <http://example.org/none> ?o }",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_written_json_is_json_dumps_of_the_dictionaries(query: str) -> None:
    s = store()
    body, count = serialize_solutions(s.query(query), JSON, 10_000)
    assert body == reference(s.query(query))
    assert count == len(json.loads(body)["results"]["bindings"])


def test_the_row_limit_still_holds() -> None:
    with pytest.raises(QueryTooLarge):
        serialize_solutions(store().query("SELECT * WHERE { ?s ?p ?o }"), JSON, 5)
