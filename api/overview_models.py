"""Response models of the overview routes (GET /overview, GET /actors/{id}/events): the aggregates
the landing page draws, and an actor's events with the part it takes in each."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from api.models import ActorRef, DocumentRef, EventSummary, ExactNumber
from kg.claims.vocabulary import ActorKind, AttendanceMode, CommitmentType, Status


class Granularity(StrEnum):
    """How the timeline bins dates; `auto` picks days over a year or less, else months."""

    AUTO = "auto"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class CommitterTypeCount(BaseModel):
    committer: ActorRef
    type: CommitmentType
    count: int = Field(description="Commitments of this committer and type, refusals left out")
    refused: int = Field(description="Refusals (status `refused`) of this committer and type")


class AmountTotal(BaseModel):
    committer: ActorRef
    type: CommitmentType
    currency: str = Field(description="ISO 4217 code")
    total: ExactNumber = Field(description="The exact sum of the amounts committed, refusals left out")
    count: int = Field(description="Commitments whose amounts make `total`")
    refused_total: ExactNumber = Field(description="The exact sum of the amounts refused")
    refused_count: int = Field(description="Refusals whose amounts make `refused_total`")


class TimelineBin(BaseModel):
    start: dt.date | None = Field(description="First day of the bin; none for undated commitments")
    end: dt.date | None = Field(description="Last day of the bin; none for undated commitments")
    status: Status
    count: int


class Relation(BaseModel):
    committer: ActorRef
    beneficiary: ActorRef
    count: int = Field(description="Commitments from the committer to the beneficiary, refusals included")
    statuses: dict[Status, int] = Field(description="The same commitments counted by status")


class OverviewActor(BaseModel):
    id: str
    iri: str
    name: str | None = None
    kind: ActorKind | None = None
    committed: int = Field(0, description="Commitments it makes (refusals included)")
    received: int = Field(0, description="Commitments made to it as beneficiary")


class LatestDocument(DocumentRef):
    url: str | None = None
    commitments: int = Field(description="Commitments read from the document, refusals included")
    refusals: int = Field(description="Of those, explicit refusals (status `refused`)")


class Overview(BaseModel):
    """What the whole store says, in aggregate: counts are of commitments (refusals included, and
    counted apart where a refusal is not a commitment made)."""

    commitments: int
    refusals: int = Field(description="Commitments with status `refused`: who refused what")
    committers_total: int = Field(description="Distinct committers in the store")
    committers: list[CommitterTypeCount] = Field(
        description="Counts by type and status for the `top` committers with the most commitments")
    currencies_total: int = Field(description="Distinct currencies of the amounts in the store")
    amounts: list[AmountTotal] = Field(
        description="Sums for the `currencies` currencies of the most commitments, for the `top` committers "
                    "with the largest sums in each")
    granularity: Granularity = Field(description="The timeline's bins: day, month or year")
    timeline: list[TimelineBin]
    relations_total: int = Field(description="Distinct committer -> beneficiary pairs in the store")
    relations: list[Relation] = Field(description="The `relations` pairs with the most commitments")
    actors: list[OverviewActor] = Field(description="The actors named in `committers`, `amounts` and `relations`")
    documents_total: int
    documents: list[LatestDocument] = Field(description="The latest source documents by publication date")


class ActorEvent(EventSummary):
    actor: ActorRef = Field(description="The actor whose part `role` and `mode` describe")
    role: str = Field("participant", description="The actor's part in the event")
    mode: AttendanceMode | None = Field(None, description="How the actor attended: in person or by video, when known")
