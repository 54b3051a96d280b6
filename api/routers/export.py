"""GET /export: the graph, or one actor's neighbourhood, for yEd, Gephi, Cytoscape, D3 or Graphviz.

The projection runs before the response starts, so an unknown actor (404), a filter that
matches nothing (422) or SVG asked of a server without Graphviz (503) is a problem+json document
(from api.problems' handlers), never an empty or broken file. The body is then streamed chunk by
chunk from the writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from itertools import chain
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse

from api.deps import get_store
from api.params import ActorId, From, To, check_range
from api.problems import PROBLEM_SCHEMA
from kg.claims.vocabulary import CommitmentType, Status
from kg.export.graph import FORMATS, MAX_DEPTH, GraphFilter, chunks, download_name, project
from kg.store import GraphStore

router = APIRouter(tags=["export"])

GraphFormat = StrEnum("GraphFormat", {name.replace("-", "_"): name for name in FORMATS})  # type: ignore[misc]


class View(StrEnum):
    FULL = "full"
    ACTORS = "actors"


_CONTENT = {media: {} for media in sorted({f.media_type for f in FORMATS.values()})}


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"description": "The graph in the requested format, as a download", "content": _CONTENT},
               404: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA, 503: PROBLEM_SCHEMA},
    summary="The graph (or one actor's neighbourhood) as GraphML, GEXF, Cytoscape.js JSON, node-link JSON, DOT or SVG",
    description=(
        "`view=full`: actors, commitments, events and documents as nodes, roles, participation and provenance as "
        "edges. `view=actors`: actors only, one edge per commitment from committer to beneficiary (else target, "
        "else counterparty). `format=cytoscape` returns `{\"data\": {...}, \"elements\": {\"nodes\": [...], "
        "\"edges\": [...]}}`, ready for `cytoscape({elements: body.elements})`. Filters: `actor` and `depth` "
        "(actors reachable through at most `depth` commitments or events), `type`, `status`, `from`/`to` "
        "(undated items are then left out), `reviewed_only`. 404 for an unknown actor, 422 when nothing matches, "
        "503 for `format=svg` where the server lacks Graphviz (`format=dot` is the same drawing, to render elsewhere)."),
)
def export_graph(
    format: Annotated[GraphFormat, Query(description="Output format")] = GraphFormat("cytoscape"),  # noqa: A002
    view: Annotated[View, Query(description="`full` or `actors`")] = View.FULL,
    actor: ActorId = None,
    depth: Annotated[int | None, Query(ge=1, le=MAX_DEPTH, description="Steps from `actor` (default 1)")] = None,
    type: Annotated[CommitmentType | None, Query(description="Only commitments of this type")] = None,  # noqa: A002
    status: Annotated[Status | None, Query(description="Only commitments with this status")] = None,
    from_: From = None,
    to: To = None,
    reviewed_only: Annotated[bool, Query(description="Only reviewed (hand-checked) claims")] = False,
    store: GraphStore = Depends(get_store),
) -> Response:
    check_range(from_, to)
    if depth is not None and actor is None:
        raise RequestValidationError([{"loc": ("query", "depth"), "msg": "'depth' needs 'actor'",
                                       "type": "value_error"}])
    fmt = str(format.value)
    filters = GraphFilter(actor=actor, depth=depth or 1, type=type.value if type else None,
                          status=status.value if status else None, date_from=from_, date_to=to,
                          reviewed_only=reviewed_only)
    graph = project(store, view.value, filters)
    body = chunks(graph, fmt)
    first = next(body, b"")  # SVG renders here: a Graphviz failure is still a problem document
    name = download_name(fmt, view.value, filters)
    headers = {"Content-Disposition": f'attachment; filename="{name}"',
               "X-Graph-Nodes": str(graph.number_of_nodes()), "X-Graph-Edges": str(graph.number_of_edges())}
    stream: Iterator[bytes] = chain([first], body)
    return StreamingResponse(stream, media_type=FORMATS[fmt].media_type, headers=headers)
