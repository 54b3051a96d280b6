"""Tracked commitments: one real-world commitment across its reports, with its history,
pledged versus delivered, and the reports that disagree (kg/link)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from api import models as m
from api import readers
from api import tracked_models as t
from api import tracked_readers as tr
from api.deps import get_store
from api.jsonld import JSONLD_RESPONSE, render
from api.params import DEFAULT_LIMIT, ActorId, Cursor, From, Limit, To, check_range
from api.problems import PROBLEM_SCHEMA
from kg.catalogue.tracked import TrackedIndex
from kg.claims.vocabulary import CommitmentType, Status
from kg.store import GraphStore

router = APIRouter(tags=["tracked commitments"])
TypeFilter = Annotated[CommitmentType | None, Query(description="Only this type of commitment")]
StatusFilter = Annotated[Status | None, Query(description="Only those whose current status is this")]


def get_tracked_index(request: Request) -> TrackedIndex | None:
    """The in-memory index of tracked commitments, or None when the catalogue is off (KG_CATALOGUE=false)."""
    return getattr(request.app.state, "tracked_index", None)


class Reports(StrEnum):
    COUNT = "count"
    ALL = "all"


class ActorRole(StrEnum):
    COMMITTER = "committer"
    BENEFICIARY = "beneficiary"


ReportsParam = Annotated[Reports, Query(description="`count` (the default): each row with its report count; "
                                                    "`all`: with every report too")]


@router.get("/tracked", response_model=m.Page[t.TrackedSummary], responses={200: JSONLD_RESPONSE, 422: PROBLEM_SCHEMA},
            summary="Tracked commitments (each one commitment across its reports), by first report")
def list_tracked(request: Request, type: TypeFilter = None, status: StatusFilter = None,  # noqa: A002
                 committer: ActorId = None, beneficiary: ActorId = None, from_: From = None, to: To = None,
                 reports: ReportsParam = Reports.COUNT, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
                 store: GraphStore = Depends(get_store), index: TrackedIndex | None = Depends(get_tracked_index)):
    check_range(from_, to)
    return render(request, tr.list_tracked(request, store, committer=committer, beneficiary=beneficiary,
                                           type_=type.value if type else None, status=status.value if status else None,
                                           from_=from_, to=to, limit=limit, cursor=cursor, reports=reports.value,
                                           index=index))


@router.get("/tracked/{tracked_id}", response_model=t.TrackedDetail,
            responses={200: JSONLD_RESPONSE, 404: PROBLEM_SCHEMA},
            summary="One tracked commitment: its reports as a dated history, links with reasons, figures, conflicts")
def get_tracked(request: Request, tracked_id: Annotated[str, Path(description="The tracked commitment's id")],
                store: GraphStore = Depends(get_store)):
    return render(request, tr.get_tracked(store, tracked_id))


@router.get("/actors/{actor_id}/tracked", response_model=m.Page[t.TrackedSummary],
            responses={200: JSONLD_RESPONSE, 404: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA},
            summary="An actor's commitments, one row per tracked commitment with its report count (every report "
                    "with reports=all)")
def actor_tracked(request: Request, actor_id: Annotated[str, Path(description="The actor's id, e.g. `germany`")],
                  role: Annotated[ActorRole, Query(description="The actor's part")] = ActorRole.COMMITTER,
                  type: TypeFilter = None, status: StatusFilter = None, from_: From = None,  # noqa: A002
                  to: To = None, reports: ReportsParam = Reports.COUNT, limit: Limit = DEFAULT_LIMIT,
                  cursor: Cursor = None, store: GraphStore = Depends(get_store), index: TrackedIndex | None = Depends(get_tracked_index)):
    check_range(from_, to)
    readers.require_actor(store, actor_id)
    who = {"committer": actor_id} if role is ActorRole.COMMITTER else {"beneficiary": actor_id}
    return render(request, tr.list_tracked(request, store, **who, **({"beneficiary": None} if "committer" in who else {"committer": None}),
                                           type_=type.value if type else None, status=status.value if status else None,
                                           from_=from_, to=to, limit=limit, cursor=cursor, reports=reports.value,
                                           index=index))


@router.get("/fulfilment", response_model=t.FulfilmentSummary, responses={200: JSONLD_RESPONSE, 422: PROBLEM_SCHEMA},
            summary="Pledged versus delivered per committer, beneficiary, type and currency (never across currencies)")
def fulfilment(request: Request, committer: ActorId = None, beneficiary: ActorId = None, type: TypeFilter = None,  # noqa: A002
               store: GraphStore = Depends(get_store)):
    return render(request, tr.fulfilment(store, committer=committer, beneficiary=beneficiary,
                                         type_=type.value if type else None))


@router.get("/actors/{actor_id}/fulfilment", response_model=t.FulfilmentSummary,
            responses={200: JSONLD_RESPONSE, 404: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA},
            summary="An actor's pledged versus delivered, as committer (or as beneficiary)")
def actor_fulfilment(request: Request, actor_id: Annotated[str, Path(description="The actor's id")],
                     role: Annotated[ActorRole, Query(description="The actor's part")] = ActorRole.COMMITTER,
                     type: TypeFilter = None, store: GraphStore = Depends(get_store)):  # noqa: A002
    readers.require_actor(store, actor_id)
    who = {"committer": actor_id, "beneficiary": None} if role is ActorRole.COMMITTER else \
        {"committer": None, "beneficiary": actor_id}
    return render(request, tr.fulfilment(store, **who, type_=type.value if type else None))
