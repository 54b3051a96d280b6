"""What a graph export keeps: one actor's neighbourhood, a type, a status, a date range, reviewed claims.

A filter is a predicate on commitments and events. An item that lacks the attribute a filter
tests does not match it: a type or status filter keeps no events (events have neither), a date
range keeps no undated item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.claims.vocabulary import CommitmentType, Status
from kg.errors import ExportError

MAX_DEPTH = 10


@dataclass(frozen=True)
class GraphFilter:
    """The filters of one export; the default keeps everything."""

    actor: str | None = None
    """An actor's id, the last segment of its IRI (`france`): keep its neighbourhood only."""
    depth: int = 1
    """How far from `actor`: actors reachable through at most this many commitments (or events)."""
    type: str | None = None
    """A commitment type token, e.g. `troop_deployment`."""
    status: str | None = None
    """A status token, e.g. `conditional`."""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    reviewed_only: bool = False

    def __post_init__(self) -> None:
        if self.actor is not None and not self.actor.strip():
            raise ExportError("the actor filter is empty; give an actor's id, e.g. france")
        if not 1 <= self.depth <= MAX_DEPTH:
            raise ExportError(f"depth must be between 1 and {MAX_DEPTH}, not {self.depth}")
        if self.type is not None and self.type not in CommitmentType.__members__.values():
            raise ExportError(f"unknown commitment type {self.type!r}; one of: {', '.join(CommitmentType)}")
        if self.status is not None and self.status not in Status.__members__.values():
            raise ExportError(f"unknown status {self.status!r}; one of: {', '.join(Status)}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ExportError(f"the date range is empty: from {self.date_from} is after to {self.date_to}")

    @property
    def narrows_items(self) -> bool:
        """Whether any filter other than the actor one is set."""
        return bool(self.type or self.status or self.date_from or self.date_to or self.reviewed_only)

    @property
    def active(self) -> bool:
        return self.actor is not None or self.narrows_items

    @property
    def commitment_only(self) -> bool:
        """Type and status are commitment attributes: with either set, no event matches."""
        return self.type is not None or self.status is not None

    def describe(self) -> str:
        """The filters that are set, as `actor=france, depth=2, type=sanctions`; '' when none is."""
        parts = []
        if self.actor is not None:
            parts += [f"actor={self.actor}", f"depth={self.depth}"]
        if self.type:
            parts.append(f"type={self.type}")
        if self.status:
            parts.append(f"status={self.status}")
        if self.date_from:
            parts.append(f"from={self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"to={self.date_to.isoformat()}")
        if self.reviewed_only:
            parts.append("reviewed-only")
        return ", ".join(parts)
