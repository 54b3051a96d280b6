"""Reports into tracked commitments: the strongest links first, each taken only when the group it
makes still holds together (one currency, amounts within tolerance, a bounded span of dates, one
report per document, no curated distinct_from inside). Curated same_as links are taken first and
always; the same reports and edges always give the same groups, in any order of arrival.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from kg.link.reports import Report
from kg.link.score import Edge, days_apart, relative_gap
from kg.link.settings import LinkSettings


@dataclass
class _Group:
    members: list[str]
    documents: set[str]
    first_day: str | None
    last_day: str | None
    last_pledge: str | None  # the day of the latest pledge-stage report
    first_delivery: str | None  # the day of the earliest delivery
    amounts: dict[str, tuple[Decimal, Decimal]]  # currency -> (least, most), pledge-stage reports
    quantities: dict[str, tuple[Decimal, Decimal]]  # unit -> (least, most)
    edges: list[Edge] = field(default_factory=list)


def _spread(values: dict[str, tuple[Decimal, Decimal]], key: str | None, value: Decimal | None) -> None:
    if key is None or value is None:
        return
    low, high = values.get(key, (value, value))
    values[key] = (min(low, value), max(high, value))


def _start(report: Report, settings: LinkSettings) -> _Group:
    pledge = report.day if report.status in settings.pledge_stage else None
    delivery = report.day if report.status in settings.delivered else None
    group = _Group([report.iri], {report.document}, report.day, report.day, pledge, delivery, {}, {})
    if report.status in settings.pledge_stage:
        _spread(group.amounts, report.currency, report.amount)
        _spread(group.quantities, report.unit, report.quantity)
    return group


def _merged_spread(a: dict[str, tuple[Decimal, Decimal]], b: dict[str, tuple[Decimal, Decimal]]) -> dict[str, tuple[Decimal, Decimal]]:
    out = dict(a)
    for key, (low, high) in b.items():
        _spread(out, key, low)
        _spread(out, key, high)
    return out


def _fits(a: _Group, b: _Group, settings: LinkSettings) -> bool:
    if not settings.same_document and a.documents & b.documents:
        return False
    first = min((d for d in (a.first_day, b.first_day) if d), default=None)
    last = max((d for d in (a.last_day, b.last_day) if d), default=None)
    span = days_apart(first, last)
    if span is not None and span > settings.max_span_days:
        return False
    pledge = max((d for d in (a.last_pledge, b.last_pledge) if d), default=None)
    delivery = min((d for d in (a.first_delivery, b.first_delivery) if d), default=None)
    if pledge and delivery and pledge > delivery and (days_apart(pledge, delivery) or 0) > settings.pledge_after_delivery_days:
        return False  # a pledge after the delivery: the next commitment
    amounts = _merged_spread(a.amounts, b.amounts)
    if len(amounts) > 1 or any(relative_gap(low, high) > settings.amount_tolerance for low, high in amounts.values()):
        return False
    quantities = _merged_spread(a.quantities, b.quantities)
    return all(relative_gap(low, high) <= settings.quantity_tolerance for low, high in quantities.values())


def _merge(a: _Group, b: _Group, edge: Edge) -> _Group:
    days = [d for d in (a.first_day, b.first_day, a.last_day, b.last_day) if d]
    pledges = [d for d in (a.last_pledge, b.last_pledge) if d]
    deliveries = [d for d in (a.first_delivery, b.first_delivery) if d]
    return _Group(a.members + b.members, a.documents | b.documents, min(days, default=None), max(days, default=None),
                  max(pledges, default=None), min(deliveries, default=None),
                  _merged_spread(a.amounts, b.amounts), _merged_spread(a.quantities, b.quantities),
                  a.edges + b.edges + [edge])


@dataclass(frozen=True)
class Cluster:
    members: tuple[str, ...]  # report IRIs, earliest first
    edges: tuple[Edge, ...]   # the links that made the group (a spanning tree of it)


def cluster(reports: Mapping[str, Report], edges: Iterable[Edge], settings: LinkSettings, *,
            same_as: Iterable[Edge] = (), distinct: Mapping[str, frozenset[str]] | None = None) -> list[Cluster]:
    """Group `reports` along `edges` (both ends among `reports`); `same_as` edges are forced,
    `distinct` maps a report to those it must never share a group with."""
    distinct = distinct or {}
    groups: dict[str, _Group] = {iri: _start(r, settings) for iri, r in reports.items()}
    owner: dict[str, str] = {iri: iri for iri in reports}  # report -> the key of its group

    def find(iri: str) -> str:
        root = iri
        while owner[root] != root:
            root = owner[root]
        while owner[iri] != root:
            owner[iri], iri = root, owner[iri]
        return root

    def apart(a: _Group, b: _Group) -> bool:
        smaller, other = (a, b) if len(a.members) <= len(b.members) else (b, a)
        others = set(other.members)
        return any(distinct.get(m, frozenset()) & others for m in smaller.members)

    def join(edge: Edge, forced: bool) -> None:
        if edge.first not in owner or edge.second not in owner:
            return
        ra, rb = find(edge.first), find(edge.second)
        if ra == rb:
            return
        a, b = groups[ra], groups[rb]
        if apart(a, b) or (not forced and not _fits(a, b, settings)):
            return
        root, gone = (ra, rb) if ra < rb else (rb, ra)
        groups[root] = _merge(a, b, edge)
        del groups[gone]
        owner[gone] = root

    for edge in sorted(same_as, key=lambda e: e.key):
        join(edge, True)
    for edge in sorted(edges, key=lambda e: e.key):
        join(edge, False)
    found = []
    for group in groups.values():
        members = tuple(sorted(group.members, key=lambda iri: reports[iri].sort_key))
        found.append(Cluster(members, tuple(sorted(group.edges, key=lambda e: (e.first, e.second)))))
    return sorted(found, key=lambda c: reports[c.members[0]].sort_key)
