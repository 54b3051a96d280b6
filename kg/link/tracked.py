"""What a group of reports says together: the tracked commitment's status history, current
status, pledged versus delivered figures, and the reports that disagree.

Rules (the status lists are in kg/link/data/linking.yaml):

* **Status.** Reports are read in order of their day (the report's date, else its document's
  publication date). A stopping status (withdrawn, refused) stops the commitment; after it, the
  next report's status starts it again; otherwise a report moves the status forward along the
  progression and never back (a later "ready to send" after a pledge is a retelling, not a step
  back).
* **Fulfilment**, per currency (and per unit for quantities), never across them: pledged is the
  largest figure of a pledged report; delivered is the largest delivery when it reaches the
  pledge (a delivery reported in full), else the sum of the distinct delivery figures (tranches;
  the same figure reported twice counts once). All Decimal.
* **Conflicts**: a positive report and a stopping one from different documents within
  `conflict_days`; pledge-stage amounts (or quantities) that differ by more than `amount_same`.
  Each names its reports; nothing is overwritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kg.link.cluster import Cluster
from kg.link.reports import Report
from kg.link.score import Edge, days_apart, relative_gap
from kg.link.settings import LinkSettings
from kg.terms import ID, slug

NONE, PARTIAL, FULL, UNMEASURED = "none", "partial", "full", "unmeasured"


@dataclass(frozen=True)
class Step:
    report: Report
    status_after: str  # the tracked commitment's status once this report is read


@dataclass(frozen=True)
class Conflict:
    kind: str  # "status", "amount" or "quantity"
    reports: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Tracked:
    iri: str
    committer: str
    type: str
    parties: frozenset[tuple[str, str]]
    status: str
    first_day: str | None
    last_day: str | None
    history: tuple[Step, ...]
    edges: tuple[Edge, ...]
    pledged: Mapping[str, Decimal]  # currency -> amount
    delivered: Mapping[str, Decimal]
    pledged_quantity: Mapping[str, Decimal]  # unit -> number
    delivered_quantity: Mapping[str, Decimal]
    fulfilment: str
    conflicts: tuple[Conflict, ...]

    @property
    def reports(self) -> tuple[str, ...]:
        return tuple(step.report.iri for step in self.history)

    @property
    def documents(self) -> frozenset[str]:
        return frozenset(step.report.document for step in self.history)


def tracked_iri(first: Report) -> str:
    """From the earliest report's IRI: the same reports give the same IRI on every rebuild."""
    committer = first.committer.rsplit("/", 1)[-1]
    digest = hashlib.sha256(first.iri.encode("utf-8")).hexdigest()[:10]
    return f"{ID}tracked/{slug(committer)}-{slug(first.type)}-{digest}"


def _statuses(reports: list[Report], settings: LinkSettings) -> list[str]:
    current: str | None = None
    after = []
    for report in reports:
        status = report.status
        if current is None or status in settings.stopped or current in settings.stopped:
            current = status
        elif settings.rank(status) > settings.rank(current):
            current = status
        after.append(current)
    return after


def _distinct(values: list[Decimal], same: Decimal) -> list[Decimal]:
    kept: list[Decimal] = []
    for value in sorted(values):
        if not kept or relative_gap(kept[-1], value) > same:
            kept.append(value)
    return kept


def _figures(reports: list[Report], settings: LinkSettings, quantity: bool) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    def figure(r: Report) -> tuple[str | None, Decimal | None]:
        return (r.unit, r.quantity) if quantity else (r.currency, r.amount)

    pledged: dict[str, Decimal] = {}
    deliveries: dict[str, list[Decimal]] = {}
    for report in reports:
        key, value = figure(report)
        if key is None or value is None:
            continue
        if report.status in settings.pledged:
            pledged[key] = max(pledged.get(key, value), value)
        elif report.status in settings.delivered:
            deliveries.setdefault(key, []).append(value)
    same = settings.quantity_same if quantity else settings.amount_same
    delivered: dict[str, Decimal] = {}
    for key, values in deliveries.items():
        largest = max(values)
        promise = pledged.get(key)
        if promise is not None and largest >= promise * (1 - same):
            delivered[key] = largest
        else:
            delivered[key] = sum(_distinct(values, same), Decimal(0))
    return pledged, delivered


def _fulfilment(reports: list[Report], pledged: list[dict[str, Decimal]], delivered: list[dict[str, Decimal]],
                settings: LinkSettings) -> str:
    if not any(r.status in settings.delivered for r in reports):
        return NONE
    compared = [(promise, given.get(key, Decimal(0)), same)
                for (promised, given, same) in zip(pledged, delivered, (settings.amount_same, settings.quantity_same))
                for key, promise in promised.items()]
    if not compared:
        return UNMEASURED
    return FULL if all(given >= promise * (1 - same) for promise, given, same in compared) else PARTIAL


def _conflicts(reports: list[Report], settings: LinkSettings) -> list[Conflict]:
    found: list[Conflict] = []
    for i, a in enumerate(reports):
        for b in reports[i + 1:]:
            pair = {a.status, b.status}
            if a.document == b.document or not (pair & settings.positive and pair & settings.stopped):
                continue
            gap = days_apart(a.day, b.day)
            if gap is not None and gap <= settings.conflict_days:
                found.append(Conflict("status", (a.iri, b.iri),
                                      f"{a.status} ({a.day}) and {b.status} ({b.day}), {gap} days apart"))
    for kind, same in (("amount", settings.amount_same), ("quantity", settings.quantity_same)):
        by_key: dict[str, list[Report]] = {}
        for report in reports:
            key, value = (report.currency, report.amount) if kind == "amount" else (report.unit, report.quantity)
            if report.status in settings.pledge_stage and key is not None and value is not None:
                by_key.setdefault(key, []).append(report)
        for key, group in sorted(by_key.items()):
            values = [r.amount if kind == "amount" else r.quantity for r in group]
            if len(_distinct([v for v in values if v is not None], same)) > 1:
                shown = ", ".join(sorted({f"{v:f}" for v in values if v is not None}))
                found.append(Conflict(kind, tuple(r.iri for r in group), f"{kind}s differ: {shown} {key}"))
    return found


def summarise(cluster: Cluster, reports: Mapping[str, Report], settings: LinkSettings) -> Tracked:
    members = [reports[iri] for iri in cluster.members]
    first = members[0]
    statuses = _statuses(members, settings)
    pledged, delivered = _figures(members, settings, quantity=False)
    pledged_q, delivered_q = _figures(members, settings, quantity=True)
    days = [r.day for r in members if r.day]
    parties = frozenset(p for r in members for p in r.parties)
    return Tracked(
        iri=tracked_iri(first), committer=first.committer, type=first.type, parties=parties, status=statuses[-1],
        first_day=min(days) if days else None, last_day=max(days) if days else None,
        history=tuple(Step(r, s) for r, s in zip(members, statuses)), edges=cluster.edges,
        pledged=pledged, delivered=delivered, pledged_quantity=pledged_q, delivered_quantity=delivered_q,
        fulfilment=_fulfilment(members, [pledged, pledged_q], [delivered, delivered_q], settings),
        conflicts=tuple(_conflicts(members, settings)))
