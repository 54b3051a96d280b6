"""Serialising SPARQL results for the CLI and the HTTP endpoint."""

from __future__ import annotations

import io
from typing import Any

import pyoxigraph as ox

from kg.terms import PREFIXES

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def kind_of(result: Any) -> str:
    """'select', 'ask' or 'graph'."""
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


def term_text(term: Any) -> str:
    """A compact display of a term: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table(result: Any) -> str:
    """A plain text table for a terminal."""
    kind = kind_of(result)
    if kind == "ask":
        return "true" if bool(result) else "false"
    if kind == "graph":
        return serialize_graph(result, "turtle")
    names = [v.value for v in result.variables]
    rows = [[term_text(solution[name]) for name in names] for solution in result]
    widths = [min(60, max([len(n), *(len(r[i]) for r in rows)])) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= 60 else c[:57] + "...").ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def serialize_results(result: Any, fmt: str) -> bytes:
    """SELECT/ASK results as SPARQL JSON, XML, CSV or TSV."""
    buffer = io.BytesIO()
    result.serialize(buffer, RESULT_FORMATS[fmt])
    return buffer.getvalue()


def serialize_graph(result: Any, fmt: str) -> str:
    """CONSTRUCT/DESCRIBE triples in an RDF syntax."""
    prefixes = PREFIXES if fmt in ("turtle", "trig") else None
    data = ox.serialize(result, format=GRAPH_FORMATS[fmt], prefixes=prefixes)
    return (data or b"").decode("utf-8")
