"""Reading the overview: the kg/query/overview_*.rq aggregates in, api.overview_models out.

The queries group over the whole store; what is cut to the page's size (the top committers, the
largest relations, the latest documents) is cut here, so that the totals stay those of the store.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from api import models as m
from api import overview_models as om
from api import readers
from kg import numbers
from kg.catalogue import CatalogueQuery, CommitmentCatalogue
from kg.claims.vocabulary import Status
from kg.query import named
from kg.rdf.iris import local_id
from kg.store import GraphStore
from kg.terms import CK

REFUSED = Status.REFUSED.value
COMMITTER, BENEFICIARY = str(CK.committer), str(CK.beneficiary)
# A timeline over more than this many days is binned by month, over more than 20 years by year.
DAYS_BY_DAY = 366
DAYS_BY_MONTH = 366 * 20


@dataclass
class Aggregates:
    """The grouped counts the overview is made of, as rows of text and numbers, whichever source
    gave them: the overview_*.rq queries, or the in-memory catalogue once it is built (the same
    rows, tests/test_overview_api.py compares them; 0.1 s instead of 4-5 s at 100k commitments)."""

    committers: list[dict[str, Any]]  # committer, type, status, count
    amounts: list[dict[str, Any]]  # committer, type, status, currency, total (Decimal), count
    timeline: list[tuple[dt.date | None, str, int]]  # date, status, count
    relations: list[dict[str, Any]]  # committer, beneficiary, status, count


def aggregates(store: GraphStore, catalogue: CommitmentCatalogue | None) -> Aggregates:
    if catalogue is not None and catalogue.sync():
        return _from_catalogue(catalogue)
    return _from_queries(store)


def _from_queries(store: GraphStore) -> Aggregates:
    amounts = []
    for row in named.iter_rows(store, "overview_amounts"):
        total = readers.decimal(row, "total")
        if total is None:  # the engine's decimal overflowed: say nothing rather than a wrong sum
            continue
        amounts.append({**_counted(row, "committer", "type", "status", "currency"), "total": total})
    return Aggregates(
        committers=[_counted(row, "committer", "type", "status")
                    for row in named.iter_rows(store, "overview_committer_types")],
        amounts=amounts,
        timeline=[(readers.date(row, "date"), readers.ck_token(row, "status") or "", int(readers.text(row, "count") or 0))
                  for row in named.iter_rows(store, "overview_timeline")],
        relations=[_counted(row, "committer", "beneficiary", "status")
                   for row in named.iter_rows(store, "overview_relations")])


def _from_catalogue(catalogue: CommitmentCatalogue) -> Aggregates:
    committers: Counter[tuple[str, str, str]] = Counter()
    sums: dict[tuple[str, str, str, str], Decimal] = defaultdict(Decimal)
    summed: Counter[tuple[str, str, str, str]] = Counter()
    timeline: Counter[tuple[str | None, str]] = Counter()
    relations: Counter[tuple[str, str, str]] = Counter()
    records = catalogue.page(CatalogueQuery(limit=max(len(catalogue), 1))).records
    for record in records:
        kind, status = _token(record.type), _token(record.status)
        timeline[(record.date, status)] += 1
        who = {a for r, a in record.roles if r == COMMITTER}
        to_whom = {a for r, a in record.roles if r == BENEFICIARY}
        facts = dict(record.facts)
        value = numbers.parse(facts.get("amount"))
        currency = facts.get("currency")
        for committer in who:
            committers[(committer, kind, status)] += 1
            for beneficiary in to_whom:
                relations[(committer, beneficiary, status)] += 1
            if value is not None and currency:
                sums[(committer, kind, status, currency)] += value
                summed[(committer, kind, status, currency)] += 1
    return Aggregates(
        committers=[{"committer": c, "type": t, "status": s, "count": n} for (c, t, s), n in committers.items()],
        amounts=[{"committer": c, "type": t, "status": s, "currency": cur, "total": total,
                  "count": summed[(c, t, s, cur)]} for (c, t, s, cur), total in sums.items()],
        timeline=[(dt.date.fromisoformat(d) if d else None, s, n) for (d, s), n in timeline.items()],
        relations=[{"committer": c, "beneficiary": b, "status": s, "count": n} for (c, b, s), n in relations.items()])


def _token(iri: str) -> str:
    return iri[len(str(CK)):] if iri.startswith(str(CK)) else iri


def overview(store: GraphStore, found: Aggregates, *, top: int, currencies: int, relations: int, documents: int,
             granularity: om.Granularity) -> om.Overview:
    names = _actors(store)
    committer_rows = found.committers
    per_committer: Counter[str] = Counter()
    refusals = 0
    for row in committer_rows:
        per_committer[row["committer"]] += row["count"]
        refusals += row["count"] if row["status"] == REFUSED else 0
    chosen = {iri for iri, _ in _largest(per_committer, top)}
    folded = _fold([row for row in committer_rows if row["committer"] in chosen], ("committer", "type"))
    committers = [om.CommitterTypeCount(committer=_ref(names, c), type=t, count=made["count"], refused=refused["count"])
                  for (c, t), (made, refused) in folded.items()]
    committers.sort(key=lambda c: (-per_committer[c.committer.iri], c.committer.iri, c.type))

    amounts, currencies_total = _amounts(found.amounts, names, top, currencies)
    pairs, relations_total = _relations(found.relations, names, relations)
    bins, used = _timeline(found.timeline, granularity)
    latest, documents_total = _documents(store, documents)

    shown = {c.committer.iri for c in committers} | {a.committer.iri for a in amounts}
    shown |= {r.committer.iri for r in pairs} | {r.beneficiary.iri for r in pairs}
    received: Counter[str] = Counter()
    for pair in pairs:
        received[pair.beneficiary.iri] += pair.count
    actors = [om.OverviewActor(id=local_id(iri, "actor"), iri=iri, name=names.get(iri, (None, None))[0],
                               kind=names.get(iri, (None, None))[1], committed=per_committer[iri],
                               received=received[iri])
              for iri in sorted(shown)]
    return om.Overview(
        commitments=sum(per_committer.values()) if committer_rows else 0, refusals=refusals,
        committers_total=len(per_committer), committers=committers, currencies_total=currencies_total,
        amounts=amounts, granularity=used,
        timeline=bins, relations_total=relations_total, relations=pairs, actors=actors,
        documents_total=documents_total, documents=latest)


def _actors(store: GraphStore) -> dict[str, tuple[str | None, str | None]]:
    """Actor IRI -> (name, kind) of every committer and beneficiary."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for row in named.iter_rows(store, "overview_actors"):
        iri = readers.text(row, "actor") or ""
        name, kind = found.get(iri, (None, None))
        found[iri] = (name or readers.text(row, "name"), kind or readers.KIND_OF_CLASS.get(readers.text(row, "class") or ""))
    return found


def _ref(names: dict[str, tuple[str | None, str | None]], iri: str) -> m.ActorRef:
    return m.ActorRef(id=local_id(iri, "actor"), iri=iri, name=names.get(iri, (None, None))[0])


def _counted(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    """A row's IRIs as text (concepts as their tokens), and its ?count as an int."""
    out: dict[str, Any] = {key: readers.ck_token(row, key) if key in ("type", "status") else readers.text(row, key)
                           for key in keys}
    out["count"] = int(readers.text(row, "count") or 0)
    return out


def _largest(counts: Counter[str] | dict[str, Any], n: int) -> list[tuple[str, Any]]:
    """The n largest, ties broken by IRI so that the same store always gives the same cut."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]


def _fold(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[tuple[str, ...], tuple[Counter[str], Counter[str]]]:
    """Rows grouped by `keys` with the status folded out: (sums of what was committed, sums of what
    was refused), each of "count" (and "total" where the rows have one)."""
    folded: dict[tuple[str, ...], tuple[Counter[str], Counter[str]]] = {}
    for row in rows:
        made, refused = folded.setdefault(tuple(row[k] for k in keys), (Counter(), Counter()))
        into = refused if row["status"] == REFUSED else made
        into["count"] += row["count"]
        into["total"] += row.get("total", 0)
    return folded


def _amounts(rows: list[dict[str, Any]], names: dict[str, tuple[str | None, str | None]], top: int,
             currencies: int) -> tuple[list[om.AmountTotal], int]:
    """For the `currencies` currencies of the most commitments, the `top` committers with the
    largest sums committed (a refused amount is no money committed: it is summed apart)."""
    used: Counter[str] = Counter()
    for row in rows:
        used[row["currency"]] += row["count"]
    kept = {currency for currency, _ in _largest(used, currencies)}
    folded = _fold([row for row in rows if row["currency"] in kept], ("currency", "committer", "type"))
    ranking: dict[str, Counter[str]] = defaultdict(Counter)
    for (currency, committer, _), (made, refused) in folded.items():
        ranking[currency][committer] += made["total"]
    chosen = {(currency, iri) for currency, sums in ranking.items() for iri, _ in _largest(sums, top)}
    found = [om.AmountTotal(committer=_ref(names, c), type=t, currency=cur, total=made["total"], count=made["count"],
                            refused_total=refused["total"], refused_count=refused["count"])
             for (cur, c, t), (made, refused) in folded.items() if (cur, c) in chosen]
    found.sort(key=lambda a: (a.currency, -ranking[a.currency][a.committer.iri], a.committer.iri, a.type))
    return found, len(used)


def _relations(rows: list[dict[str, Any]], names: dict[str, tuple[str | None, str | None]],
               limit: int) -> tuple[list[om.Relation], int]:
    statuses: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in rows:
        statuses[(row["committer"], row["beneficiary"])][row["status"]] = row["count"]
    totals = {pair: sum(counts.values()) for pair, counts in statuses.items()}
    largest = sorted(totals, key=lambda pair: (-totals[pair], pair))[:limit]
    return [om.Relation(committer=_ref(names, a), beneficiary=_ref(names, b), count=totals[(a, b)],
                        statuses={Status(s): n for s, n in sorted(statuses[(a, b)].items())})
            for a, b in largest], len(totals)


def _timeline(counts: list[tuple[dt.date | None, str, int]],
              granularity: om.Granularity) -> tuple[list[om.TimelineBin], om.Granularity]:
    dated = [day for day, _, _ in counts if day is not None]
    used = granularity
    if granularity is om.Granularity.AUTO:
        span = (max(dated) - min(dated)).days if dated else 0
        used = (om.Granularity.DAY if span <= DAYS_BY_DAY else om.Granularity.MONTH if span <= DAYS_BY_MONTH
                else om.Granularity.YEAR)
    binned: Counter[tuple[dt.date | None, dt.date | None, str]] = Counter()
    for day, status, count in counts:
        start, end = _bin(day, used)
        binned[(start, end, status)] += count
    order = {status.value: i for i, status in enumerate(Status)}
    keys = sorted(binned, key=lambda k: (k[0] is None, k[0] or dt.date.min, order.get(k[2], 99)))
    return [om.TimelineBin(start=start, end=end, status=Status(status), count=binned[(start, end, status)])
            for start, end, status in keys], used


def _bin(day: dt.date | None, granularity: om.Granularity) -> tuple[dt.date | None, dt.date | None]:
    if day is None:
        return None, None
    if granularity is om.Granularity.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if granularity is om.Granularity.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return dt.date(day.year, day.month, 1), dt.date(day.year, day.month, last)
    return day, day


def _documents(store: GraphStore, limit: int) -> tuple[list[om.LatestDocument], int]:
    latest: list[om.LatestDocument] = []
    total = 0
    for row in named.iter_rows(store, "overview_latest_documents"):
        total += 1
        if len(latest) >= limit:
            continue
        doc = readers.text(row, "doc") or ""
        counts = named.rows(store, "overview_document_counts", doc=ox.NamedNode(doc))
        count = counts[0] if counts else {}
        latest.append(om.LatestDocument(
            id=local_id(doc, "document"), iri=doc, name=readers.text(row, "name"), title=readers.text(row, "title"),
            published=readers.date(row, "published"), url=readers.text(row, "url"),
            commitments=readers.integer(count, "commitments") or 0, refusals=readers.integer(count, "refusals") or 0))
    return latest, total


# -- an actor's events, with its part in each -------------------------------------------------------

def actor_modes(store: GraphStore, actor: ox.NamedNode) -> dict[str, str | None]:
    """Event IRI -> how the actor attends it (an attendance mode token, or None when not said)."""
    modes: dict[str, str | None] = {}
    for row in named.iter_rows(store, "overview_actor_participations", actor=actor):
        event = readers.text(row, "e") or ""
        modes[event] = modes.get(event) or readers.ck_token(row, "mode")
    return modes


def with_roles(items: Iterable[m.EventSummary], actor: m.ActorRef,
               modes: dict[str, str | None]) -> list[om.ActorEvent]:
    return [om.ActorEvent(**item.model_dump(), actor=actor, mode=modes.get(item.iri)) for item in items]

