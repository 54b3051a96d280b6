"""The overview the landing page draws (GET /overview), and an actor's events with its part in
each (GET /actors/{id}/events)."""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from api import models as m
from api import overview as reading
from api import overview_models as om
from api import readers
from api.deps import get_catalogue, get_store
from api.params import DEFAULT_LIMIT, DEFAULT_SORT, Cursor, From, Limit, Sort, To, check_range
from api.problems import PROBLEM_SCHEMA
from kg import numbers
from kg.catalogue import CommitmentCatalogue
from kg.claims.vocabulary import EventKind
from kg.store import GraphStore

router = APIRouter(tags=["overview"])


def _json(model: om.Overview | m.Page[om.ActorEvent]) -> Response:
    # Sums are exact decimals: pydantic writes placeholders that become bare JSON numbers here.
    return Response(numbers.unmark(model.__pydantic_serializer__.to_json(model)), media_type="application/json")


@router.get("/overview", response_model=om.Overview, responses={422: PROBLEM_SCHEMA},
            summary="The whole store in aggregate: committers by type, amounts per currency, a timeline by "
                    "status, the committer -> beneficiary graph and the latest documents")
def get_overview(
    top: Annotated[int, Query(ge=1, le=200, description="Committers to detail (the most commitments; "
                                                       "per currency, the largest sums)")] = 15,
    currencies: Annotated[int, Query(ge=1, le=50, description="Currencies to detail (the most commitments)")] = 4,
    relations: Annotated[int, Query(ge=0, le=2000, description="Committer -> beneficiary pairs to give "
                                                               "(the most commitments)")] = 150,
    documents: Annotated[int, Query(ge=0, le=100, description="Latest documents to give")] = 8,
    granularity: Annotated[om.Granularity, Query(description="The timeline's bins")] = om.Granularity.AUTO,
    store: GraphStore = Depends(get_store),
    catalogue: CommitmentCatalogue | None = Depends(get_catalogue),
) -> Response:
    found = reading.aggregates(store, catalogue)
    return _json(reading.overview(store, found, top=top, currencies=currencies, relations=relations, documents=documents,
                                  granularity=granularity))


@router.get("/actors/{actor_id}/events", response_model=m.Page[om.ActorEvent],
            responses={404: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA},
            summary="Events an actor takes part in, newest first, with how it attended each")
def actor_events(
    request: Request,
    actor_id: Annotated[str, Path(description="The actor's id, e.g. `france`")],
    kind: Annotated[EventKind | None, Query(description="Only events of this kind")] = None,
    from_: From = None,
    to: To = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    sort: Sort = DEFAULT_SORT,
    store: GraphStore = Depends(get_store),
    catalogue: CommitmentCatalogue | None = Depends(get_catalogue),
) -> Response:
    check_range(from_, to)
    detail = readers.get_actor(store, actor_id)  # 404 for an unknown actor, as its commitments give
    page = readers.list_events(request, store, kind=kind.value if kind else None, actor=actor_id, from_=from_,
                               to=to, limit=limit, cursor=cursor, catalogue=catalogue, sort=sort)
    ref = m.ActorRef(id=detail.id, iri=detail.iri, name=detail.name)
    items = reading.with_roles(page.items, ref, reading.actor_modes(store, ox.NamedNode(detail.iri)))
    return _json(m.Page[om.ActorEvent](items=items, total=page.total, limit=page.limit,
                                       next_cursor=page.next_cursor, next=page.next))
