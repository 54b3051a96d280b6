"""Reading a SPARQL server's JSON results (kg/store/sparql_http.py), without a server: the fast
path (pyoxigraph reads the bytes as they are) gives the same terms as the careful one, and is not
taken where Virtuoso's quirks need undoing."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox

from kg.store.sparql_http import Endpoints, SparqlHttp

XSD = "http://www.w3.org/2001/XMLSchema#"


def _http() -> SparqlHttp:
    return SparqlHttp(Endpoints("http://127.0.0.1:1/sparql", "http://127.0.0.1:1/sparql", None, "virtuoso"),
                      user=None, password=None, timeout_s=1.0)


def _virtuoso(bindings: list[dict], names: list[str]) -> bytes:
    """A body as Virtuoso 7.2 writes it (its spacing, `link`, `distinct`, `ordered`)."""
    rows = ",\n".join("    { " + "\t, ".join(f'"{k}": {json.dumps(v)}' for k, v in row.items()) + " }" for row in bindings)
    return ('\n{ "head": { "link": [], "vars": ' + json.dumps(names) + ' },\n  "results": { "distinct": false, '
            '"ordered": true, "bindings": [\n' + rows + " ] } }").encode()


def _rows(result) -> list[dict]:
    return [{name: solution[name] for name in ("a", "b") if solution[name] is not None} for solution in result]


def test_typed_literals_and_strings_are_read_as_they_are():
    body = _virtuoso([{"a": {"type": "uri", "value": "https://w3id.org/commitments-kg/id/actor/x"},
                       "b": {"type": "typed-literal", "datatype": XSD + "date", "value": "2023-05-10"}},
                      {"a": {"type": "literal", "value": 'say "bnode" and "boolean"? no: \\ é'},
                       "b": {"type": "literal", "xml:lang": "en", "value": "x"}}], ["a", "b"])
    assert b'"bnode"' not in body and b'"boolean"' not in body  # escaped quotes in the value
    rows = _rows(_http().solutions("application/sparql-results+json", body, httpx.Headers()))
    assert rows == [{"a": ox.NamedNode("https://w3id.org/commitments-kg/id/actor/x"),
                     "b": ox.Literal("2023-05-10", datatype=ox.NamedNode(XSD + "date"))},
                    {"a": ox.Literal('say "bnode" and "boolean"? no: \\ é'), "b": ox.Literal("x", language="en")}]


def test_virtuoso_booleans_and_blank_nodes_are_still_fixed():
    body = _virtuoso([{"a": {"type": "typed-literal", "datatype": XSD + "boolean", "value": "1"},
                       "b": {"type": "bnode", "value": "nodeID://b10001"}}], ["a", "b"])
    [row] = _rows(_http().solutions("application/sparql-results+json", body, httpx.Headers()))
    assert row["a"] == ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    assert isinstance(row["b"], ox.BlankNode)


def test_ask():
    http = _http()
    assert bool(http.solutions("application/sparql-results+json", b'{ "head": { "link": [] }, "boolean": true }',
                               httpx.Headers())) is True
    assert bool(http.solutions("application/sparql-results+json", b'{ "head": {}, "boolean": 0 }',
                               httpx.Headers())) is False

