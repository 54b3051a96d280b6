"""The SPARQL 1.1 Protocol (query operation) at /sparql and the Graph Store Protocol's read side.

Read-only: updates, SERVICE, LOAD and outside graphs are refused before evaluation
(kg.query.guard), and the processes that evaluate queries have no network (kg.query.sandbox).
Queries run in worker processes with time and memory limits that kill them and a limit on the
rows they return (kg.query.workers); the handler waits on a thread of the SPARQL service's own,
so the server keeps answering other requests meanwhile.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from api.deps import get_settings, get_sparql, get_store
from api.problems import PROBLEM_SCHEMA
from api.services import SparqlService
from kg.config import Settings
from kg.errors import NotFound, QueryError, QueryRefused
from kg.query.formats import GRAPH_FORMATS, RESULT_FORMATS, choose
from kg.store import GraphStore

router = APIRouter(tags=["sparql"])

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_FORMAT_IRIS = {"json": FORMATS.SPARQL_Results_JSON, "xml": FORMATS.SPARQL_Results_XML,
                "csv": FORMATS.SPARQL_Results_CSV, "tsv": FORMATS.SPARQL_Results_TSV,
                "turtle": FORMATS.Turtle, "ntriples": FORMATS["N-Triples"], "jsonld": FORMATS["JSON-LD"],
                "rdfxml": FORMATS.RDF_XML}
_RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}

_RESULT_CONTENT = {f.media_type: {} for f in (*RESULT_FORMATS, *GRAPH_FORMATS)}
_ANSWERS = {
    200: {"description": "Query results (SELECT/ASK) or an RDF graph (CONSTRUCT/DESCRIBE), as negotiated; "
                         "GET without a query gives the service description", "content": _RESULT_CONTENT},
    400: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 406: PROBLEM_SCHEMA, 413: PROBLEM_SCHEMA,
    503: PROBLEM_SCHEMA, 504: PROBLEM_SCHEMA,
}
FormatParam = Annotated[str | None, Query(
    description="Answer in this format whatever the Accept header says: json, xml, csv, tsv (SELECT, ASK) or "
                "turtle, ntriples, jsonld, rdfxml (CONSTRUCT, DESCRIBE)")]
GraphUris = Annotated[list[str], Query()]


async def _answer(service: SparqlService, request: Request, query: str, fmt: str | None,
                  default_graphs: list[str], named_graphs: list[str]) -> Response:
    if not query.strip():
        raise QueryError("the query is empty")
    # Relative IRIs in a query resolve against the endpoint's own URL (SPARQL 1.1 Protocol, 2.1.4).
    base = str(request.url_for("sparql_get"))
    sparql_request = service.request(query, accept=request.headers.get("accept"), fmt=fmt,
                                     default_graphs=tuple(default_graphs), named_graphs=tuple(named_graphs),
                                     base_iri=base)
    answer = await service.answer(sparql_request)
    return Response(content=answer.body, media_type=answer.content_type,
                    headers={"Vary": "Accept", "X-Result-Count": str(answer.count)})


@router.get("/sparql", responses=_ANSWERS, summary="SPARQL query (GET), or the service description without one")
async def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="A SPARQL 1.1 query; without it, the service description")] = None,
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri",
                                                  description="Graphs whose merge is the default graph")] = [],  # noqa: B006
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri",
                                                description="Graphs GRAPH clauses may name")] = [],  # noqa: B006
    format: FormatParam = None,
    service: SparqlService = Depends(get_sparql),
    settings: Settings = Depends(get_settings),
) -> Response:
    if "update" in request.query_params:
        raise QueryRefused("this endpoint is read-only: SPARQL updates are refused (and never sent by GET)")
    if len(request.query_params.getlist("query")) > 1:
        raise QueryError("the request has more than one 'query' parameter; send exactly one")
    if query is None:
        return service_description(request, settings, format)
    return await _answer(service, request, query, format, default_graph_uri, named_graph_uri)


_POST_BODY = {"requestBody": {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "query": {"type": "string"},
        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
        "named-graph-uri": {"type": "array", "items": {"type": "string"}}}, "required": ["query"]}},
    "application/sparql-query": {"schema": {"type": "string"}},
}}}


@router.post("/sparql", responses={**_ANSWERS, 415: PROBLEM_SCHEMA}, openapi_extra=_POST_BODY,
             summary="SPARQL query (POST, as a form or as application/sparql-query)")
async def sparql_post(
    request: Request,
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],  # noqa: B006
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],  # noqa: B006
    format: FormatParam = None,
    service: SparqlService = Depends(get_sparql),
) -> Response:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    defaults, named = list(default_graph_uri), list(named_graph_uri)
    if media == "application/x-www-form-urlencoded" or media == "multipart/form-data":
        form = await request.form()
        if "update" in form or "update" in request.query_params:
            raise QueryRefused("this endpoint is read-only: SPARQL updates are refused")
        if len(form.getlist("query")) + len(request.query_params.getlist("query")) > 1:
            raise QueryError("the request has more than one 'query' parameter; send exactly one")
        query = form.get("query")
        if not isinstance(query, str):
            raise QueryError("the form has no 'query' field")
        defaults += [v for v in form.getlist("default-graph-uri") if isinstance(v, str)]
        named += [v for v in form.getlist("named-graph-uri") if isinstance(v, str)]
    elif media == "application/sparql-query":
        if "query" in request.query_params:
            raise QueryError("a query sent as application/sparql-query must not also come as a 'query' parameter")
        try:
            query = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            raise QueryError("the query is not UTF-8 text") from None
    elif media == "application/sparql-update":
        raise QueryRefused("this endpoint is read-only: SPARQL updates are refused")
    else:
        from fastapi import HTTPException

        raise HTTPException(415, f"send the query as application/x-www-form-urlencoded or application/sparql-query, "
                                 f"not {media or 'no content type'}")
    return await _answer(service, request, query, format, defaults, named)


def service_description(request: Request, settings: Settings, fmt: str | None) -> Response:
    """The endpoint described in the SPARQL 1.1 Service Description vocabulary."""
    chosen = choose("graph", request.headers.get("accept"), fmt)
    endpoint = URIRef(str(request.url_for("sparql_get")))
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    graph.bind("dcterms", DCTERMS)
    graph.add((endpoint, RDF.type, SD.Service))
    graph.add((endpoint, SD.endpoint, endpoint))
    graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    for iri in _FORMAT_IRIS.values():
        graph.add((endpoint, SD.resultFormat, iri))
    graph.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    graph.add((endpoint, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    dataset, default_graph = BNode(), BNode()
    graph.add((endpoint, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((dataset, DCTERMS.description, Literal(
        "The default graph is the union of the named graphs: one per source document, the shared actors graph "
        "and the ontology.")))
    graph.add((endpoint, DCTERMS.title, Literal("Commitments knowledge graph: SPARQL endpoint")))
    graph.add((endpoint, DCTERMS.description, Literal(
        f"Read-only. Updates, SERVICE and LOAD are refused; FROM and FROM NAMED may name only this store's graphs. "
        f"Each query is stopped after {settings.query_timeout_s:g} s and may return at most "
        f"{settings.query_max_rows} rows or triples.")))
    graph.add((endpoint, URIRef(str(SD) + "queryTimeLimit"), Literal(settings.query_timeout_s, datatype=XSD.decimal)))
    body = graph.serialize(format=_RDFLIB_FORMATS[chosen.token], encoding="utf-8")
    return Response(content=body, media_type=chosen.content_type, headers={"Vary": "Accept"})


@router.get("/rdf-graphs", tags=["graph store"], responses={**_ANSWERS, 404: PROBLEM_SCHEMA},
            summary="Graph Store Protocol (read): one document's named graph, or the default graph")
async def graph_store_get(
    request: Request,
    graph: Annotated[str | None, Query(description="IRI of a named graph (a document's IRI)")] = None,
    default: Annotated[str | None, Query(description="Present (?default) for the default graph: the union")] = None,
    format: FormatParam = None,
    service: SparqlService = Depends(get_sparql),
    store: GraphStore = Depends(get_store),
) -> Response:
    if (graph is None) == (default is None):
        raise QueryError("name exactly one graph: ?graph=IRI or ?default")
    choose("graph", request.headers.get("accept"), format)  # 406 before any work
    if graph is not None:
        if not _known_graph(store, graph):
            raise NotFound(f"no graph <{graph}> in this store")
        sparql_request = service.request("CONSTRUCT WHERE { ?s ?p ?o }", accept=request.headers.get("accept"),
                                         fmt=format, default_graphs=(graph,))
    else:
        sparql_request = service.request("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
                                         accept=request.headers.get("accept"), fmt=format)
    answer = await service.answer(sparql_request)
    return Response(content=answer.body, media_type=answer.content_type,
                    headers={"Vary": "Accept", "X-Result-Count": str(answer.count)})


def _known_graph(store: GraphStore, iri: str) -> bool:
    try:
        return store.has_graph(URIRef(iri)) if "<" not in iri and ">" not in iri else False
    except ValueError:
        return False
