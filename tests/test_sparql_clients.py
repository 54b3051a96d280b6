"""Real SPARQL clients against a real server: SPARQLWrapper, rdflib's SPARQLStore and curl."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.terms import CK
from tests.api_fixtures import api_store, live_server  # noqa: F401 - fixtures

FRANCE = URIRef("https://w3id.org/commitments-kg/id/actor/france")
TROOPS = """PREFIX ck: <https://w3id.org/commitments-kg/ontology#>
SELECT ?committer ?condition WHERE {
  ?c ck:commitmentType ck:troop_deployment ; ck:committer/rdfs:label ?committer ; ck:condition ?condition .
} ORDER BY ?committer"""


def wrapper(live_server: str, query: str, fmt: str = JSON, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{live_server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql


def test_sparqlwrapper_select_as_json(live_server: str) -> None:
    result = wrapper(live_server, TROOPS).queryAndConvert()
    committers = [row["committer"]["value"] for row in result["results"]["bindings"]]
    assert committers == ["France", "United Kingdom", "about 10 countries"]


def test_sparqlwrapper_select_as_xml_by_post(live_server: str) -> None:
    document = wrapper(live_server, TROOPS, XML, POST).queryAndConvert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert "France" in literals and "a future peace agreement" in literals


def test_sparqlwrapper_select_as_csv(live_server: str) -> None:
    text = wrapper(live_server, TROOPS, CSV).queryAndConvert().decode("utf-8")
    assert text.splitlines()[0] == "committer,condition"


def test_sparqlwrapper_ask(live_server: str) -> None:
    query = "ASK { ?c <https://w3id.org/commitments-kg/ontology#committer> <https://w3id.org/commitments-kg/id/actor/france> }"
    assert wrapper(live_server, query).queryAndConvert()["boolean"] is True


def test_sparqlwrapper_construct_as_turtle(live_server: str) -> None:
    query = f"CONSTRUCT {{ <{FRANCE}> ?p ?o }} WHERE {{ <{FRANCE}> ?p ?o }}"
    data = wrapper(live_server, query, TURTLE).queryAndConvert()
    graph = Graph().parse(data=data, format="turtle")
    assert (FRANCE, RDFS.label, Literal("France")) in graph


def test_sparqlwrapper_construct_as_rdfxml_gives_a_graph(live_server: str) -> None:
    query = f"CONSTRUCT {{ <{FRANCE}> ?p ?o }} WHERE {{ <{FRANCE}> ?p ?o }}"
    graph = wrapper(live_server, query, XML).queryAndConvert()
    assert isinstance(graph, Graph) and (FRANCE, RDFS.label, Literal("France")) in graph


def test_sparqlwrapper_reports_a_bad_query(live_server: str) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(live_server, "SELECT * WHERE { ?s ?p }").query()


def test_rdflib_sparqlstore_queries(live_server: str) -> None:
    graph = Graph(store=SPARQLStore(f"{live_server}/sparql"))
    rows = list(graph.query(TROOPS))
    assert [str(row.committer) for row in rows] == ["France", "United Kingdom", "about 10 countries"]


def test_rdflib_sparqlstore_reads_triples(live_server: str) -> None:
    graph = Graph(store=SPARQLStore(f"{live_server}/sparql"))
    assert Literal("France") in set(graph.objects(FRANCE, RDFS.label))
    kinds = set(graph.objects(FRANCE, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
    assert CK.State in kinds


def _curl(*args: str) -> subprocess.CompletedProcess:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    return subprocess.run(["curl", "-sS", "--max-time", "20", *args], capture_output=True, text=True, check=True)


def test_curl_get_with_accept(live_server: str) -> None:
    result = _curl("-G", f"{live_server}/sparql", "-H", "Accept: text/csv", "--data-urlencode", f"query={TROOPS}")
    assert result.stdout.splitlines()[1] == "France,a future peace agreement"


def test_curl_post_sparql_query(live_server: str) -> None:
    result = _curl("-X", "POST", f"{live_server}/sparql", "-H", "Content-Type: application/sparql-query",
                   "-H", "Accept: application/sparql-results+json", "--data-binary", TROOPS)
    assert json.loads(result.stdout)["results"]["bindings"][0]["committer"]["value"] == "France"


def test_curl_rest_route(live_server: str) -> None:
    result = _curl(f"{live_server}/actors/france/commitments")
    assert json.loads(result.stdout)["items"][0]["type"] == "troop_deployment"
