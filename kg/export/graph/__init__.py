"""Graph-visualisation export: the RDF graph projected into networkx, written for yEd, Gephi,
Cytoscape (desktop and cytoscape.js), D3 and Graphviz.

    graph = project(store, "actors", GraphFilter(actor="france", depth=2))
    with open("france.gexf", "wb") as out:
        write(graph, "gexf", out)

See docs/export.md for the views, the formats and what each file carries.
"""

from __future__ import annotations

from kg.export.graph.filters import MAX_DEPTH, GraphFilter
from kg.export.graph.projection import VIEWS, node_id, project
from kg.export.graph.writers import FORMATS, GRAPH_FORMATS, MAX_SVG_NODES, Format, chunks, write

__all__ = ["FORMATS", "GRAPH_FORMATS", "MAX_DEPTH", "MAX_SVG_NODES", "VIEWS", "Format", "GraphFilter", "chunks",
           "download_name", "node_id", "project", "write"]


def download_name(fmt: str, view: str, filters: GraphFilter | None = None) -> str:
    """A file name for an export: 'commitments-actors-france.gexf'."""
    parts = ["commitments", view]
    if filters is not None and filters.actor:
        parts.append("".join(c if c.isalnum() or c in "-_" else "-" for c in filters.actor)[:60])
    return "-".join(parts) + "." + FORMATS[fmt].extension
