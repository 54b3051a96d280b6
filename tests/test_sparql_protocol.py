"""The SPARQL 1.1 Protocol at /sparql and the Graph Store Protocol's read side at /rdf-graphs."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.terms import CK, RDFS
from tests.api_fixtures import SEED_DOCUMENT, api_store, client  # noqa: F401 - fixtures

FRANCE_LABEL = "SELECT ?name WHERE { <https://w3id.org/commitments-kg/id/actor/france> rdfs:label ?name }"
STATES = "CONSTRUCT { ?s a ck:State } WHERE { ?s a ck:State } LIMIT 5"
COUNT = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ck:Commitment }"
FRANCE = URIRef("https://w3id.org/commitments-kg/id/actor/france")


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


# -- the three ways to send a query -------------------------------------------------------------------

def test_query_by_get(client) -> None:
    rows = bindings(client.get("/sparql", params={"query": FRANCE_LABEL}))
    assert rows[0]["name"]["value"] == "France"


def test_query_by_post_form(client) -> None:
    rows = bindings(client.post("/sparql", data={"query": COUNT}))
    assert rows[0]["n"]["value"] == "11"


def test_query_by_post_sparql_query_body(client) -> None:
    response = client.post("/sparql", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    assert bindings(response)[0]["n"]["value"] == "11"


def test_post_with_another_content_type_is_415(client) -> None:
    response = client.post("/sparql", content=COUNT.encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


# -- content negotiation ------------------------------------------------------------------------------

def test_select_defaults_to_sparql_json(client) -> None:
    response = client.get("/sparql", params={"query": FRANCE_LABEL}, headers={"Accept": "*/*"})
    assert response.headers["content-type"].startswith("application/sparql-results+json")


def test_select_as_xml(client) -> None:
    response = client.get("/sparql", params={"query": FRANCE_LABEL},
                          headers={"Accept": "application/sparql-results+xml"})
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(response.content)
    assert root.find(".//{http://www.w3.org/2005/sparql-results#}literal").text == "France"


def test_select_as_csv(client) -> None:
    response = client.get("/sparql", params={"query": FRANCE_LABEL}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(response.text))) == [["name"], ["France"]]


def test_select_as_tsv(client) -> None:
    response = client.get("/sparql", params={"query": FRANCE_LABEL},
                          headers={"Accept": "text/tab-separated-values"})
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    assert response.text.splitlines() == ["?name", '"France"']


def test_accept_quality_values_pick_the_preferred_format(client) -> None:
    response = client.get("/sparql", params={"query": FRANCE_LABEL},
                          headers={"Accept": "application/sparql-results+json;q=0.5, text/csv"})
    assert response.headers["content-type"].startswith("text/csv")


def test_ask_answers_a_boolean(client) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?c ck:committer <https://w3id.org/commitments-kg/id/actor/france> }"})
    assert response.json() == {"head": {}, "boolean": True}


def test_construct_defaults_to_turtle(client) -> None:
    response = client.get("/sparql", params={"query": STATES})
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) == 5


@pytest.mark.parametrize("accept, rdflib_format", [("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
                                                  ("application/rdf+xml", "xml"), ("text/turtle", "turtle")])
def test_construct_in_each_rdf_format(client, accept: str, rdflib_format: str) -> None:
    response = client.get("/sparql", params={"query": STATES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=response.content, format=rdflib_format)) == 5


def test_describe_gives_a_graph(client) -> None:
    response = client.get("/sparql", params={"query": "DESCRIBE <https://w3id.org/commitments-kg/id/actor/france>"},
                          headers={"Accept": "application/n-triples"})
    graph = Graph().parse(data=response.text, format="nt")
    assert (FRANCE, RDFS.label, Literal("France")) in graph


def test_format_parameter_overrides_accept(client) -> None:
    response = client.get("/sparql", params={"query": FRANCE_LABEL, "format": "tsv"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.headers["content-type"].startswith("text/tab-separated-values")


@pytest.mark.parametrize("query, accept", [(FRANCE_LABEL, "text/turtle"), (STATES, "application/sparql-results+json"),
                                           (FRANCE_LABEL, "image/png")])
def test_unsupported_media_type_is_406(client, query: str, accept: str) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("application/problem+json")


# -- datasets -----------------------------------------------------------------------------------------

def test_default_graph_is_the_union_of_the_documents(client) -> None:
    rows = bindings(client.get("/sparql", params={"query": COUNT}))
    assert rows[0]["n"]["value"] == "11"


def test_default_graph_uri_restricts_the_default_graph(client) -> None:
    params = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": SEED_DOCUMENT}
    narrowed = int(bindings(client.get("/sparql", params=params))[0]["n"]["value"])
    everything = int(bindings(client.get("/sparql", params={"query": params["query"]}))[0]["n"]["value"])
    assert 0 < narrowed < everything


def test_named_graph_uri_lists_the_graphs_graph_clauses_see(client) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = bindings(client.get("/sparql", params={"query": query, "named-graph-uri": SEED_DOCUMENT}))
    assert [r["g"]["value"] for r in rows] == [SEED_DOCUMENT]


def test_from_a_graph_of_the_store_is_honoured(client) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{SEED_DOCUMENT}> WHERE {{ ?s ?p ?o }}"
    via_from = bindings(client.get("/sparql", params={"query": query}))[0]["n"]["value"]
    via_protocol = bindings(client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                                          "default-graph-uri": SEED_DOCUMENT}))[0]["n"]["value"]
    assert via_from == via_protocol


# -- errors -------------------------------------------------------------------------------------------

def test_syntax_error_is_400_with_the_parser_message_and_position(client) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "syntax error" in detail and "line:1" in detail and "col:" in detail


def test_unknown_prefix_is_400(client) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s nope:thing ?o }"})
    assert response.status_code == 400
    assert "nope" in response.json()["detail"]


def test_empty_query_is_400(client) -> None:
    assert client.get("/sparql", params={"query": "  "}).status_code == 400


@pytest.mark.parametrize("update", ["INSERT DATA { <http://a> <http://b> <http://c> }", "DROP ALL", "CLEAR DEFAULT",
                                    "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/data.ttl>"])
def test_updates_are_refused_and_change_nothing(client, update: str) -> None:
    before = client.get("/stats").json()
    for response in (client.get("/sparql", params={"query": update}),
                     client.post("/sparql", data={"update": update}),
                     client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"})):
        assert response.status_code == 403, response.text
        assert "read-only" in response.json()["detail"]
    assert client.get("/stats").json() == before


# -- service description ------------------------------------------------------------------------------

def test_get_without_a_query_describes_the_service(client) -> None:
    response = client.get("/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = next(graph.objects(None, URIRef(sd + "endpoint")))
    assert str(endpoint).endswith("/sparql")
    assert (endpoint, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert (endpoint, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in graph
    assert (endpoint, URIRef(sd + "resultFormat"), URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph


def test_service_description_negotiates_rdf_xml(client) -> None:
    response = client.get("/sparql", headers={"Accept": "application/rdf+xml"})
    assert response.headers["content-type"].startswith("application/rdf+xml")
    assert len(Graph().parse(data=response.content, format="xml")) > 5


# -- Graph Store Protocol (read) -----------------------------------------------------------------------

def test_a_named_graph_is_served_in_the_negotiated_format(client, api_store) -> None:
    response = client.get("/rdf-graphs", params={"graph": SEED_DOCUMENT}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-triples")
    served = Graph().parse(data=response.text, format="nt")
    assert len(served) == len(list(api_store.raw.quads_for_pattern(None, None, None, ox.NamedNode(SEED_DOCUMENT))))
    assert (None, CK.commitmentType, CK.troop_deployment) in served


def test_the_default_graph_is_served_as_turtle(client) -> None:
    response = client.get("/rdf-graphs?default")
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (FRANCE, RDFS.label, Literal("France")) in graph


def test_an_unknown_graph_is_404(client) -> None:
    response = client.get("/rdf-graphs", params={"graph": "http://example.org/nothing"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_graph_store_needs_exactly_one_graph(client) -> None:
    assert client.get("/rdf-graphs").status_code == 400


def test_graph_store_refuses_results_formats(client) -> None:
    response = client.get("/rdf-graphs", params={"graph": SEED_DOCUMENT}, headers={"Accept": "text/csv"})
    assert response.status_code == 406


def test_results_carry_their_count_header(client) -> None:
    response = client.get("/sparql", params={"query": STATES})
    assert response.headers["x-result-count"] == "5"
    assert json.loads(client.get("/sparql", params={"query": COUNT}).text)["head"]["vars"] == ["n"]


def test_format_parameter_names_the_rdf_syntax_for_graphs(client) -> None:
    # SPARQLWrapper sends format=xml (and output=xml) whatever the query form.
    response = client.get("/sparql", params={"query": STATES, "format": "xml", "output": "xml"})
    assert response.headers["content-type"].startswith("application/rdf+xml")


def test_an_unknown_format_parameter_is_406(client) -> None:
    response = client.get("/sparql", params={"query": FRANCE_LABEL, "format": "png"})
    assert response.status_code == 406
