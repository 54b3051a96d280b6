"""Commitments: who committed what to whom, when, under what condition, and who says so."""

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
from kg.claims.vocabulary import CommitmentType, Status
from kg.store import GraphStore

router = APIRouter(tags=["commitments"])


@router.get("/commitments", response_model=m.Page[m.CommitmentSummary],
            responses={200: JSONLD_RESPONSE, 422: PROBLEM_SCHEMA}, summary="Commitments, filtered, newest first")
def list_commitments(
    request: Request,
    type: Annotated[CommitmentType | None, Query(description="Only this type of commitment")] = None,  # noqa: A002
    status: Annotated[Status | None, Query(description="Only commitments with this status")] = None,
    committer: ActorId = None,
    beneficiary: ActorId = None,
    from_: From = None,
    to: To = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    sort: Sort = DEFAULT_SORT,
    store: GraphStore = Depends(get_store),
    catalogue: CommitmentCatalogue | None = Depends(get_catalogue),
):
    check_range(from_, to)
    page = readers.list_commitments(request, store, type_=type.value if type else None,
                                    status=status.value if status else None, from_=from_, to=to,
                                    committer=committer, beneficiary=beneficiary, limit=limit, cursor=cursor,
                                    catalogue=catalogue, sort=sort)
    return render(request, page)


@router.get("/commitments/{commitment_id}", response_model=m.CommitmentDetail,
            responses={200: JSONLD_RESPONSE, 404: PROBLEM_SCHEMA},
            summary="One commitment with its evidence: quote, offsets, source, attribution, review")
def get_commitment(
    request: Request,
    commitment_id: Annotated[str, Path(description="The commitment's id")],
    store: GraphStore = Depends(get_store),
):
    return render(request, readers.get_commitment(store, commitment_id))
