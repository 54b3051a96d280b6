"""Response models of the REST API: what /docs shows is exactly what the handlers return.

Each resource model names its RDF class (`ld_type`) so the JSON-LD rendering (api.jsonld) can
type the nodes; the field names are the terms of the published @context (/context.jsonld).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from kg import numbers
from kg.claims.vocabulary import ActorKind, AttendanceMode, CommitmentType, EventKind, Status

T = TypeVar("T")

# An exact decimal written as a JSON number: 90000000000, 1.5. pydantic would write a Decimal as
# a string; the placeholder it writes instead becomes the bare number in api.jsonld.render.
ExactNumber = Annotated[
    Decimal,
    PlainSerializer(numbers.marked, return_type=str, when_used="json"),
    WithJsonSchema({"type": "number", "description": "An exact decimal, never rounded through a float"},
                   mode="serialization"),
]


class Role(StrEnum):
    """The part an actor plays in a commitment."""

    COMMITTER = "committer"
    BENEFICIARY = "beneficiary"
    TARGET = "target"
    COUNTERPARTY = "counterparty"
    ANNOUNCED_BY = "announced_by"
    PROPOSED_BY = "proposed_by"


class RoleFilter(StrEnum):
    """A role, or `any` of them."""

    ANY = "any"
    COMMITTER = "committer"
    BENEFICIARY = "beneficiary"
    TARGET = "target"
    COUNTERPARTY = "counterparty"
    ANNOUNCED_BY = "announced_by"
    PROPOSED_BY = "proposed_by"


Provenance = Literal["reviewed", "machine-extracted"]


class Resource(BaseModel):
    model_config = ConfigDict(frozen=True)
    ld_type: ClassVar[str | None] = None

    def jsonld_type(self) -> str | None:
        return self.ld_type


# -- references ---------------------------------------------------------------------------------

class ActorRef(Resource):
    id: str = Field(description="The actor's id in this API, e.g. `france`")
    iri: str
    name: str | None = None


class DocumentRef(Resource):
    ld_type: ClassVar[str | None] = "SourceDocument"
    id: str = Field(description="The document's id in this API, e.g. `000-73c4d19ee7ae6c07`")
    iri: str = Field(description="The document's IRI, also the IRI of its named graph")
    name: str | None = Field(None, description="The source's file name or URL")
    title: str | None = None
    published: dt.date | None = None


# -- actors -------------------------------------------------------------------------------------

class ActorSummary(Resource):
    id: str = Field(description="The actor's id in this API, e.g. `france`")
    iri: str
    name: str
    kind: ActorKind

    def jsonld_type(self) -> str | None:
        return self.kind.value.capitalize()


class PostHeld(Resource):
    ld_type: ClassVar[str | None] = "Post"
    id: str = Field(description="The post's id, e.g. `president-of-france`")
    iri: str
    label: str | None = None
    title: str | None = Field(None, description="The title without the body: 'President'")
    organisation: ActorRef | None = Field(None, description="The body the post is in")
    since: str | None = Field(None, description="Start of the tenure (xsd:date), when known")
    until: str | None = Field(None, description="End of the tenure, when known; none while it lasts")


class ActorDetail(ActorSummary):
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = None
    iso_code: str | None = None
    posts: list[PostHeld] = Field(default_factory=list, description="Posts the actor holds or held")


# -- commitments --------------------------------------------------------------------------------

class Money(Resource):
    ld_type: ClassVar[str | None] = "MonetaryAmount"
    value: ExactNumber
    currency: str | None = Field(None, description="ISO 4217 code")


class Quantity(Resource):
    ld_type: ClassVar[str | None] = "QuantitativeValue"
    value: ExactNumber | None = Field(None, description="The number, when the text gives one")
    text: str | None = Field(None, description="The quantity in words when the text gives no number: 'hundreds'")
    unit: str | None = None
    approximate: bool | None = None


class CommitmentSummary(Resource):
    ld_type: ClassVar[str | None] = "Commitment"
    id: str = Field(description="The commitment's id in this API")
    iri: str
    type: CommitmentType
    status: Status
    date: dt.date | None = None
    committer: ActorRef
    beneficiary: ActorRef | None = None
    target: ActorRef | None = None
    counterparty: ActorRef | None = None
    announced_by: ActorRef | None = None
    proposed_by: ActorRef | None = None
    condition: str | None = None
    amount: Money | None = None
    quantity: Quantity | None = None
    attributed_to: str | None = Field(None, description="Who reported it, as the text says")
    quote: str | None = Field(None, description="The words of the source the claim rests on")
    document: DocumentRef | None = None
    reviewed: bool | None = Field(None, description="True when a person wrote or checked the claim")


class ActorCommitment(CommitmentSummary):
    roles: list[Role] = Field(description="The parts the actor plays in this commitment")


class Evidence(Resource):
    ld_type: ClassVar[str | None] = "Evidence"
    quote: str | None = None
    start: int | None = Field(None, description="Character offset of the quote in the source text")
    end: int | None = Field(None, description="Character offset just past the quote")
    confidence: float | None = Field(None, description="The extractor's confidence, 0 to 1")
    cues: list[str] = Field(default_factory=list, description="What in the text made the extractor produce it")


class CommitmentDetail(CommitmentSummary):
    components: list[str] = Field(default_factory=list)
    evidence: Evidence | None = None
    provenance: Provenance | None = Field(None, description="Reviewed by a person, or machine-extracted")
    extracted_by: str | None = Field(None, description="The extractor, for machine-extracted claims")
    document_url: str | None = None


# -- events -------------------------------------------------------------------------------------

class EventSummary(Resource):
    ld_type: ClassVar[str | None] = "Event"
    id: str
    iri: str
    name: str | None = None
    kind: EventKind
    date: dt.date | None = None
    start: str | None = Field(None, description="Start time with its offset (xsd:dateTime)")
    location: str | None = None
    attributed_to: str | None = None
    quote: str | None = None
    document: DocumentRef | None = None
    reviewed: bool | None = None


class Participant(Resource):
    ld_type: ClassVar[str | None] = "Participation"
    actor: ActorRef
    kind: ActorKind | None = None
    mode: AttendanceMode | None = Field(None, description="In person or by video, when known")


class EventDetail(EventSummary):
    participants: list[Participant] = Field(default_factory=list)
    evidence: Evidence | None = None
    provenance: Provenance | None = None


# -- documents ----------------------------------------------------------------------------------

class DocumentSummary(DocumentRef):
    url: str | None = None
    provenance: Provenance | None = None
    extracted_by: str | None = None


class CommitmentRef(Resource):
    ld_type: ClassVar[str | None] = "Commitment"
    id: str
    iri: str
    type: CommitmentType | None = None
    committer_name: str | None = None


class EventRef(Resource):
    ld_type: ClassVar[str | None] = "Event"
    id: str
    iri: str
    name: str | None = None


class DocumentDetail(DocumentSummary):
    content_hash: str | None = None
    triples: int = Field(description="Triples in the document's named graph")
    commitments: list[CommitmentRef] = Field(default_factory=list)
    events: list[EventRef] = Field(default_factory=list)


class WriteResult(BaseModel):
    id: str
    iri: str
    document: str | None = Field(None, description="The document's name as the claims give it")
    outcome: Literal["written", "replaced", "unchanged"]
    triples: int


# -- pages --------------------------------------------------------------------------------------

class Page(BaseModel, Generic[T]):
    """One page of a list, in a stable order; follow `next` (or pass `cursor`) for the next one."""

    items: list[T]
    total: int = Field(description="How many items match, over all pages")
    limit: int
    next_cursor: str | None = Field(None, description="Opaque cursor of the next page; none on the last page")
    next: str | None = Field(None, description="URL of the next page; none on the last page")
