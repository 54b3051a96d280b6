"""Response models of the tracked-commitment routes (api/routers/tracked.py)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import Field

from api.models import ActorRef, DocumentRef, ExactNumber, Money, Resource
from kg.claims.vocabulary import CommitmentType, Status

Fulfilment = Literal["none", "partial", "full", "unmeasured"]


class Figure(Resource):
    ld_type: ClassVar[str | None] = "QuantitativeValue"
    value: ExactNumber
    unit: str


class Report(Resource):
    """One report of a tracked commitment: a step of its history."""

    ld_type: ClassVar[str | None] = "Commitment"
    id: str = Field(description="The report's commitment id (GET /commitments/{id})")
    iri: str
    day: dt.date | None = Field(None, description="The report's date, else its document's publication date")
    date: dt.date | None = Field(None, description="The date the report itself gives")
    status: Status
    status_after: Status | None = Field(None, description="The tracked commitment's status once this report is read")
    amount: Money | None = None
    quantity: Figure | None = None
    attributed_to: str | None = None
    quote: str | None = None
    document: DocumentRef | None = None


class Link(Resource):
    ld_type: ClassVar[str | None] = "ReportLink"
    source: str = Field(description="The earlier report's id")
    target: str = Field(description="The later report's id")
    score: float
    kind: Literal["same", "fulfils", "curated"]
    reasons: list[str]


class Conflict(Resource):
    ld_type: ClassVar[str | None] = "Conflict"
    kind: Literal["status", "amount", "quantity"]
    description: str
    reports: list[str] = Field(description="The ids of the reports that disagree (each has its source)")


class TrackedSummary(Resource):
    ld_type: ClassVar[str | None] = "TrackedCommitment"
    id: str = Field(description="The tracked commitment's id")
    iri: str
    type: CommitmentType
    status: Status = Field(description="The current status its dated reports add up to")
    committer: ActorRef
    beneficiaries: list[ActorRef] = Field(default_factory=list)
    targets: list[ActorRef] = Field(default_factory=list)
    first_reported: dt.date | None = None
    last_reported: dt.date | None = None
    report_count: int
    fulfilment: Fulfilment
    reports: list[Report] | None = Field(None, description="Every report, with `reports=all`")


class TrackedDetail(TrackedSummary):
    reports: list[Report] | None = Field(None, description="Every report, in order of day: the history")
    pledged: list[Money] = Field(default_factory=list, description="Per currency")
    delivered: list[Money] = Field(default_factory=list, description="Per currency")
    pledged_quantity: list[Figure] = Field(default_factory=list)
    delivered_quantity: list[Figure] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)


class FulfilmentRow(Resource):
    """Pledged versus delivered for one committer, beneficiary, type and currency."""

    committer: ActorRef
    beneficiary: ActorRef | None = None
    type: CommitmentType
    currency: str | None = Field(None, description="ISO 4217; none for tracked commitments without amounts")
    tracked: int = Field(description="Tracked commitments counted")
    pledged: ExactNumber | None = Field(None, description="Sum of their pledged amounts in this currency")
    delivered: ExactNumber | None = Field(None, description="Sum of their delivered amounts in this currency")
    fulfilled: int = Field(description="How many are fully delivered")
    partly: int = Field(description="How many are partly delivered")


class FulfilmentSummary(Resource):
    rows: list[FulfilmentRow]
