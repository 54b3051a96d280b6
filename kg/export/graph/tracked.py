"""Tracked commitments (kg.link) in the full view: a node per tracked commitment that groups two or
more reports, linked to its committer, its beneficiaries (targets, counterparties) and its reports.

A tracked commitment of a single report is that report over again (same status, no history):
drawing it would double every commitment node of a store where most commitments are told once,
so only those that group several reports are drawn.

Its status over time is a `StatusSpells`: a string ("proposed from 2025-01-10; pledged from
2025-02-03; ...") for every format that carries text, and the spells behind it, which the GEXF
writer turns into a dynamic attribute for Gephi's timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg import numbers
from kg.link.settings import LinkSettings, default_settings
from kg.query.named import iter_rows, rows
from kg.store import GraphStore
from kg.terms import CK

_CK = str(CK)
Spell = tuple[str, str, str | None]  # (status, first day, last day or None while it lasts)


class StatusSpells(str):
    """A tracked commitment's status over time: text for every format, spells for GEXF.

    A str, so that every writer and reader that knows strings carries it unchanged; `spells` are
    the (status, start, end) intervals, closed at both ends (GEXF's spells are), that never overlap.
    """

    spells: tuple[Spell, ...]

    def __new__(cls, spells: Iterable[Spell]) -> StatusSpells:
        found = tuple(spells)
        text = "; ".join(f"{status} from {start}" for status, start, _ in found)
        made = super().__new__(cls, text)
        made.spells = found
        return made


@dataclass
class TrackedItem:
    """One tracked commitment as export_tracked.rq gives it."""

    attrs: dict[str, Any] = field(default_factory=dict)
    committer: str | None = None
    parties: list[tuple[str, str]] = field(default_factory=list)  # (role, actor IRI)
    reports: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # report IRI -> (status, day)
    amounts: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # "pledged" -> currency -> value


def _token(term: Any) -> str:
    value = term.value
    return value[len(_CK):] if value.startswith(_CK) else value


def _read(found: Iterator[dict[str, Any]], into: dict[str, TrackedItem]) -> None:
    for row in found:
        item = into.setdefault(row["t"].value, TrackedItem())
        part = row["part"].value
        if part == "facts":
            item.committer = row["actor"].value
            item.attrs.update(type=_token(row["type"]), status=_token(row["status"]),
                              fulfilment=row["fulfilment"].value, report_count=int(row["count"].value))
            for name, key in (("first_reported", "first"), ("last_reported", "last")):
                if key in row:
                    item.attrs[name] = row[key].value
        elif part == "party":
            if (party := (row["role"].value, row["actor"].value)) not in item.parties:
                item.parties.append(party)
        elif part in ("pledged", "delivered"):
            if (value := numbers.parse(row["value"].value)) is not None:
                item.amounts.setdefault(part, {})[row["key"].value] = value
        elif part == "report":
            item.reports[row["report"].value] = (_token(row["status"]), row["day"].value if "day" in row else None)


def read_all(store: GraphStore) -> dict[str, TrackedItem]:
    """Every tracked commitment of two or more reports (one streamed pass)."""
    found: dict[str, TrackedItem] = {}
    _read(iter_rows(store, "export_tracked"), found)
    return {iri: item for iri, item in found.items() if item.committer is not None}


def read_for(store: GraphStore, reports: Iterable[str]) -> dict[str, TrackedItem]:
    """The tracked commitments (of two or more reports) of these reports, one small lookup each."""
    wanted = sorted({row["t"].value for report in reports
                     for row in rows(store, "export_report_tracked", report=ox.NamedNode(report))})
    found: dict[str, TrackedItem] = {}
    for iri in wanted:
        _read(iter(rows(store, "export_tracked", t=ox.NamedNode(iri))), found)
    return {iri: item for iri, item in found.items() if item.committer is not None}


def status_spells(reports: Iterable[tuple[str, str, str | None]],
                  settings: LinkSettings | None = None) -> StatusSpells:
    """The status after each report, read in order of day (undated last, then by IRI), as spells.

    The rule is kg.link.tracked's: a stopping status (withdrawn, refused) stops the commitment and
    the next report starts it again; otherwise a report moves the status forward, never back.
    Undated reports count for the status but cannot be placed on a timeline. A spell ends the
    day before the next one starts, so that no day has two values (Gephi refuses overlaps).
    """
    settings = settings or default_settings()
    current: str | None = None
    by_day: dict[str, str] = {}  # day -> the status once that day's reports are read
    for iri, status, day in sorted(reports, key=lambda r: (r[2] or "~", r[0])):
        if current is None or status in settings.stopped or current in settings.stopped \
                or settings.rank(status) > settings.rank(current):
            current = status
        if day:
            by_day[day] = current
    steps: list[tuple[str, str]] = []
    for day, status in sorted(by_day.items()):
        if not steps or steps[-1][1] != status:
            steps.append((day, status))
    spells = []
    for index, (day, status) in enumerate(steps):
        end = None
        if index + 1 < len(steps):
            end = (dt.date.fromisoformat(steps[index + 1][0]) - dt.timedelta(days=1)).isoformat()
        spells.append((status, day, end))
    return StatusSpells(spells)


def node_attributes(item: TrackedItem, humanise: Any) -> dict[str, Any]:
    """The node's attributes: kind, type, current status, fulfilment, report count, days, amounts
    per currency (`pledged_EUR`, never summed across currencies), and the status over time."""
    attrs: dict[str, Any] = {"kind": "tracked", **item.attrs}
    for part in ("pledged", "delivered"):
        for currency, value in sorted(item.amounts.get(part, {}).items()):
            attrs[f"{part}_{currency}"] = value
    spells = status_spells((iri, status, day) for iri, (status, day) in item.reports.items())
    if spells.spells:
        attrs["status_over_time"] = spells
    attrs["label"] = (f"{humanise(attrs['type'])} ({humanise(attrs['status'])}, "
                      f"{attrs['report_count']} reports)")
    return attrs
