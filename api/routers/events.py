"""Events: meetings, summits, calls, press conferences and statements, with who took part and how."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from api import models as m
from api import readers
from api.deps import get_catalogue, get_store
from api.jsonld import JSONLD_RESPONSE, render
from api.params import DEFAULT_LIMIT, DEFAULT_SORT, ActorId, Cursor, From, Limit, Sort, To, check_range
from api.problems import PROBLEM_SCHEMA
from kg.catalogue import CommitmentCatalogue
from kg.claims.vocabulary import EventKind
from kg.store import GraphStore

router = APIRouter(tags=["events"])


@router.get("/events", response_model=m.Page[m.EventSummary], responses={200: JSONLD_RESPONSE, 422: PROBLEM_SCHEMA},
            summary="Events, filtered, newest first")
def list_events(
    request: Request,
    kind: Annotated[EventKind | None, Query(description="Only events of this kind")] = None,
    actor: ActorId = None,
    from_: From = None,
    to: To = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    sort: Sort = DEFAULT_SORT,
    store: GraphStore = Depends(get_store),
    catalogue: CommitmentCatalogue | None = Depends(get_catalogue),
):
    check_range(from_, to)
    page = readers.list_events(request, store, kind=kind.value if kind else None, actor=actor, from_=from_, to=to,
                               limit=limit, cursor=cursor, catalogue=catalogue, sort=sort)
    return render(request, page)


@router.get("/events/{event_id}", response_model=m.EventDetail, responses={200: JSONLD_RESPONSE, 404: PROBLEM_SCHEMA},
            summary="One event with its participants and how they attended")
def get_event(request: Request, event_id: Annotated[str, Path(description="The event's id")],
              store: GraphStore = Depends(get_store)):
    return render(request, readers.get_event(store, event_id))
