"""The claims of one source document: the seam between extraction, curated files and RDF.

Field names follow the interchange format (../shared/eval/FORMAT.md). Extensions the format
leaves open are optional here: actor `wikidata` and `aliases`, quote offsets
(`quote_start`/`quote_end`), `confidence` with the `cues` that produced it, and the document's
`extracted_by` (absent for reviewed, hand-curated claims).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AllowInfNan, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from kg.claims.vocabulary import (
    ActorKind,
    AttendanceMode,
    CommitmentType,
    EventKind,
    Status,
    currency_codes,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]

# Keys the hand annotations carry for the scorer only; accepted and dropped on reading.
ANNOTATION_KEYS = frozenset({"committer_any", "committer_members", "optional", "alt_status", "alt_types"})

# Amounts and quantities are exact decimals, bounded so that no absurd value reaches the store.
# At most 10^18 in any currency or unit: the world's yearly output is about 10^14 US dollars,
# but a state budget in Vietnamese dong or Iranian rials runs to 10^15-10^17 units, so 10^15
# would refuse real figures, while 10^18 still refuses every overflow (1e309). At most six
# decimal places, finer than any currency's minor unit (four at most), which also keeps the
# stored text short: 1e-999999 would be a million digits as xsd:decimal.
MAX_NUMBER = Decimal(10) ** 18
MAX_DECIMAL_PLACES = 6

# Non-finite values pass the type so that the check below can name them.
ExactDecimal = Annotated[Decimal, AllowInfNan(True)]


def _as_decimal(value: Any) -> Any:
    """Numbers as exact Decimals: a float is read as the shortest text that gives it back
    (claims files are parsed straight into Decimals, so floats come only from Python callers)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a boolean, not a number")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    return value


def _shown(value: Decimal) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{value:.6E}"


def check_number(value: Decimal) -> Decimal:
    """An amount or a quantity: finite, not negative, at most 10^18 and at most six decimal places."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    if value < 0:
        raise ValueError(f"{_shown(value)} is negative; amounts and quantities are 0 or more")
    if value > MAX_NUMBER:
        raise ValueError(f"{_shown(value)} is above the limit of 10^18 for any amount or quantity")
    if value.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
        # Trailing zeros go (1.50000000 is 1.5; 0e-999999 is 0); other digits are refused.
        shorter = value.normalize()
        if shorter != value or shorter.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
            raise ValueError(f"{_shown(value)} has more than {MAX_DECIMAL_PLACES} digits after the decimal point")
        return shorter
    return value


class _Strict(BaseModel):
    """Unknown keys are errors: a misspelt `benficiary` must not vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_annotation_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in ANNOTATION_KEYS}
        return data


class Actor(_Strict):
    name: Name
    kind: ActorKind
    role: Name | None = None
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = None
    aliases: list[Name] = Field(default_factory=list)


class Quantity(_Strict):
    """How many: a number, or a vague word such as "hundreds" kept as said."""

    value: ExactDecimal | Name
    unit: Name | None = None
    approximate: bool = False

    @field_validator("value", mode="before")
    @classmethod
    def _numbers_stay_numbers(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("a quantity is a number or a word such as 'hundreds', not a boolean")
        return _as_decimal(value)

    @field_validator("value")
    @classmethod
    def _bounded(cls, value: Decimal | str) -> Decimal | str:
        return check_number(value) if isinstance(value, Decimal) else value


class Evidence(_Strict):
    """Where a claim stands in its source: the quote and, when known, its character offsets."""

    quote: Text | None = None
    quote_start: Annotated[int, Field(ge=0)] | None = None
    quote_end: Annotated[int, Field(ge=0)] | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    cues: list[Name] = Field(default_factory=list)

    @model_validator(mode="after")
    def _offsets_in_order(self) -> "Evidence":
        if (self.quote_start is None) != (self.quote_end is None):
            raise ValueError("quote_start and quote_end go together")
        if self.quote_start is not None and self.quote_end is not None and self.quote_end < self.quote_start:
            raise ValueError("quote_end comes before quote_start")
        return self


class Commitment(Evidence):
    committer: Name
    type: CommitmentType
    status: Status
    beneficiary: Name | None = None
    target: Name | None = None
    counterparty: Name | None = None
    condition: Text | None = None
    amount: ExactDecimal | None = None
    currency: str | None = None
    quantity: Quantity | None = None
    date: dt.date | None = None
    announced_by: Name | None = None
    proposed_by: Name | None = None
    attributed_to: Name | None = None
    components: list[Name] = Field(default_factory=list)

    @field_validator("amount", mode="before")
    @classmethod
    def _amount_is_a_number(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("an amount is a number")
        return _as_decimal(value)

    @field_validator("amount")
    @classmethod
    def _amount_bounded(cls, value: Decimal | None) -> Decimal | None:
        return check_number(value) if value is not None else None

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if code not in currency_codes():
            raise ValueError(f"{value!r} is not an ISO 4217 currency code")
        return code

    @model_validator(mode="after")
    def _amount_has_currency(self) -> "Commitment":
        if self.amount is not None and self.currency is None:
            raise ValueError("an amount needs a currency")
        return self

    def actor_references(self) -> dict[str, str]:
        """Role -> actor name for every field that names an actor."""
        roles = ("committer", "beneficiary", "target", "counterparty", "announced_by", "proposed_by")
        return {role: name for role in roles if (name := getattr(self, role)) is not None}


class Participant(_Strict):
    actor: Name
    mode: AttendanceMode | None = None


class Event(Evidence):
    name: Name
    kind: EventKind
    date: dt.date | None = None
    start: dt.datetime | None = None
    location: Name | None = None
    participants: list[Participant] = Field(default_factory=list)
    attributed_to: Name | None = None

    @field_validator("start")
    @classmethod
    def _start_has_zone(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("a start time needs its time zone offset, e.g. 2025-09-04T11:30:00+03:00")
        return value


class Claims(_Strict):
    """Everything one source document says: its actors, commitments and events."""

    document: Name
    published: dt.date | None = None
    title: Name | None = None
    url: Name | None = None
    extracted_by: Name | None = None
    actors: list[Actor] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    @property
    def reviewed(self) -> bool:
        """Hand-curated claims carry no extractor; machine extractions name theirs."""
        return self.extracted_by is None
