"""Actors: states, people, organisations, groups and media, with the commitments they take part in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from api import models as m
from api import readers
from api.deps import get_catalogue, get_store
from api.jsonld import JSONLD_RESPONSE, render
from api.params import DEFAULT_LIMIT, DEFAULT_SORT, Cursor, From, Limit, Sort, To, check_range
from api.problems import PROBLEM_SCHEMA
from kg.catalogue import CommitmentCatalogue
from kg.claims.vocabulary import ActorKind, CommitmentType, Status
from kg.store import GraphStore

router = APIRouter(tags=["actors"])
ActorPath = Annotated[str, Path(description="The actor's id, e.g. `france`")]


@router.get("/actors", response_model=m.Page[m.ActorSummary], responses={200: JSONLD_RESPONSE, 422: PROBLEM_SCHEMA},
            summary="Actors, searched by name or alias, by name")
def list_actors(
    request: Request,
    kind: Annotated[ActorKind | None, Query(description="Only actors of this kind")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text to find in the name or an alias")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    store: GraphStore = Depends(get_store),
):
    page = readers.list_actors(request, store, kind=kind.value if kind else None, q=q, limit=limit, cursor=cursor)
    return render(request, page)


@router.get("/actors/{actor_id}", response_model=m.ActorDetail,
            responses={200: JSONLD_RESPONSE, 404: PROBLEM_SCHEMA}, summary="One actor, with the posts it holds")
def get_actor(request: Request, actor_id: ActorPath, store: GraphStore = Depends(get_store)):
    return render(request, readers.get_actor(store, actor_id))


@router.get("/actors/{actor_id}/commitments", response_model=m.Page[m.ActorCommitment],
            responses={200: JSONLD_RESPONSE, 404: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA},
            summary="Commitments an actor makes, receives, is targeted by or announces, newest first")
def actor_commitments(
    request: Request,
    actor_id: ActorPath,
    role: Annotated[m.RoleFilter, Query(description="The actor's part in the commitment")] = m.RoleFilter.ANY,
    type: Annotated[CommitmentType | None, Query(description="Only this type of commitment")] = None,  # noqa: A002
    status: Annotated[Status | None, Query(description="Only commitments with this status")] = None,
    from_: From = None,
    to: To = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    sort: Sort = DEFAULT_SORT,
    store: GraphStore = Depends(get_store),
    catalogue: CommitmentCatalogue | None = Depends(get_catalogue),
):
    check_range(from_, to)
    page = readers.actor_commitments(request, store, actor_id, role=role, type_=type.value if type else None,
                                     status=status.value if status else None, from_=from_, to=to, limit=limit,
                                     cursor=cursor, catalogue=catalogue, sort=sort)
    return render(request, page)
