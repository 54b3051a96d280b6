"""Reading tracked commitments (kg/link) for the REST API: named queries with bound values in,
response models out. Amounts are summed as Decimals, per currency, never across currencies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from fastapi import Request

from api import models as m
from api import tracked_models as t
from api.pagination import decode_cursor, encode_cursor, next_link
from api.readers import _page, ck_token, concept, date, decimal, document_ref, node, required_node, text
from kg.catalogue.tracked import TrackedIndex, TrackedQuery, TrackedRecord
from kg.errors import NotFound
from kg.link.settings import default_settings
from kg.query import named
from kg.rdf.iris import local_id
from kg.store import GraphStore


def _actor(iri: str, name: str | None) -> m.ActorRef:
    return m.ActorRef(id=local_id(iri, "actor"), iri=iri, name=name)


def _facts(store: GraphStore, tracked: ox.NamedNode) -> dict[str, Any] | None:
    rows = named.rows(store, "tracked_facts", t=tracked)
    if not rows:
        return None
    facts: dict[str, Any] = {"beneficiary": [], "target": [], "counterparty": []}
    for row in rows:
        field, value = row["field"].value, row["value"].value
        if field in ("beneficiary", "target", "counterparty"):
            facts[field].append(_actor(value, text(row, "label")))
        elif field == "committer":
            facts["committer"] = _actor(value, text(row, "label"))
        else:
            facts[field] = value
    return facts


def _summary_fields(iri: str, facts: dict[str, Any]) -> dict[str, Any]:
    return {"id": local_id(iri, "tracked"), "iri": iri, "type": ck_token(facts, "type"),
            "status": ck_token(facts, "status"), "committer": facts["committer"],
            "beneficiaries": sorted(facts["beneficiary"], key=lambda a: a.id),
            "targets": sorted(facts["target"], key=lambda a: a.id),
            "first_reported": date(facts, "first"), "last_reported": date(facts, "last"),
            "report_count": int(facts.get("reports", 0)), "fulfilment": facts.get("fulfilment", "none")}


def history(store: GraphStore, tracked: ox.NamedNode) -> list[t.Report]:
    """Each report in order, with the status the tracked commitment has once it is read."""
    settings = default_settings()
    reports: list[t.Report] = []
    current: str | None = None
    seen: set[str] = set()
    for row in named.rows(store, "tracked_history", t=tracked):
        iri = text(row, "c") or ""
        if iri in seen:
            continue
        seen.add(iri)
        status = ck_token(row, "status") or ""
        if current is None or status in settings.stopped or current in settings.stopped \
                or settings.rank(status) > settings.rank(current):
            current = status  # the rule of kg.link.tracked, step by step
        amount = decimal(row, "amount")
        quantity = decimal(row, "quantity")
        reports.append(t.Report(
            id=local_id(iri, "commitment"), iri=iri, day=date(row, "day"), date=date(row, "date"), status=status,
            status_after=current,
            amount=m.Money(value=amount, currency=text(row, "currency")) if amount is not None else None,
            quantity=t.Figure(value=quantity, unit=text(row, "unit") or "") if quantity is not None else None,
            attributed_to=text(row, "attributedTo"), quote=text(row, "quote"),
            document=document_ref({**row, "documentPublished": row.get("published")})))
    return reports


def list_tracked(request: Request, store: GraphStore, *, committer: str | None, beneficiary: str | None,
                 type_: str | None, status: str | None, from_: dt.date | None, to: dt.date | None, limit: int,
                 cursor: str | None, reports: str = "count", index: TrackedIndex | None = None) -> m.Page[t.TrackedSummary]:
    """A page of tracked commitments: from the in-memory index once it is built, else by the named
    queries (the same items, order, totals and cursors: tests/test_tracked_index.py)."""
    filters: dict[str, Any] = {"type": concept(type_), "status": concept(status), "from": from_, "to": to,
                               "committer": node("actor", committer) if committer else None,
                               "beneficiary": node("actor", beneficiary) if beneficiary else None}
    if (committer and filters["committer"] is None) or (beneficiary and filters["beneficiary"] is None):
        return m.Page[t.TrackedSummary](items=[], total=0, limit=limit)
    if index is not None and index.sync():
        return _index_page(request, store, index, filters, limit, cursor, reports)

    def build(rows: list[dict[str, Any]]) -> t.TrackedSummary | None:
        tracked = ox.NamedNode(text(rows[0], "t") or "")
        facts = _facts(store, tracked)
        if facts is None:
            return None
        every = history(store, tracked) if reports == "all" else None
        return t.TrackedSummary(**_summary_fields(tracked.value, facts), reports=every)

    data = _page(request, store, "tracked", "tracked_count", "t", limit, cursor, filters, build)
    return m.Page[t.TrackedSummary](**data)


def _index_page(request: Request, store: GraphStore, index: TrackedIndex, filters: dict[str, Any], limit: int,
                cursor: str | None, reports: str) -> m.Page[t.TrackedSummary]:
    after_key, after_tie = decode_cursor(cursor, filters)

    def iri(name: str) -> str | None:
        value = filters[name]
        return value.value if value is not None else None

    found = index.page(TrackedQuery(
        committer=iri("committer"), beneficiary=iri("beneficiary"), type=iri("type"), status=iri("status"),
        date_from=filters["from"].isoformat() if filters["from"] else None,
        date_to=filters["to"].isoformat() if filters["to"] else None,
        after=(after_key, after_tie or "") if after_key is not None else None, limit=limit))
    names = _labels(store, {a: None for r in found.records for a in (r.committer, *r.beneficiaries, *r.targets)})
    items = [t.TrackedSummary(**_record_fields(record, names),
                              reports=history(store, ox.NamedNode(record.iri)) if reports == "all" else None)
             for record in found.records]
    next_cursor = encode_cursor(found.after[0], found.after[1], filters) if found.after else None
    return m.Page[t.TrackedSummary](items=items, total=found.total, limit=limit, next_cursor=next_cursor,
                                    next=next_link(request, next_cursor))


def _record_fields(record: TrackedRecord, names: dict[str, str | None]) -> dict[str, Any]:
    """An index record as the fields _summary_fields makes of tracked_facts.rq's rows."""
    facts: dict[str, Any] = {"committer": _actor(record.committer, names.get(record.committer)),
                             "beneficiary": [_actor(a, names.get(a)) for a in record.beneficiaries],
                             "target": [_actor(a, names.get(a)) for a in record.targets],
                             "type": record.type, "status": record.status, "first": record.first, "last": record.last,
                             "reports": record.reports, "fulfilment": record.fulfilment}
    return _summary_fields(record.iri, facts)


def get_tracked(store: GraphStore, identifier: str) -> t.TrackedDetail:
    tracked = required_node("tracked", identifier, "tracked commitment")
    facts = _facts(store, tracked)
    if facts is None:
        raise NotFound(f"no tracked commitment has the id {identifier!r}")
    links: dict[str, dict[str, Any]] = {}
    conflicts: dict[str, dict[str, Any]] = {}
    figures: dict[str, list[Any]] = {"pledged": [], "delivered": [], "pledged_quantity": [], "delivered_quantity": []}
    for row in named.rows(store, "tracked_parts", t=tracked):
        part, key = row["part"].value, text(row, "node") or ""
        if part == "link":
            found = links.setdefault(key, {"source": local_id(text(row, "a") or "", "commitment"),
                                           "target": local_id(text(row, "b") or "", "commitment"),
                                           "score": float(text(row, "score") or 0), "kind": text(row, "kind"),
                                           "reasons": []})
            if (reason := text(row, "text")) not in found["reasons"]:
                found["reasons"].append(reason)
        elif part == "conflict":
            found = conflicts.setdefault(key, {"kind": text(row, "kind"), "description": text(row, "text"),
                                               "reports": []})
            if (report := local_id(text(row, "a") or "", "commitment")) not in found["reports"]:
                found["reports"].append(report)
        elif part in ("pledged", "delivered"):
            figures[part].append(m.Money(value=decimal(row, "value"), currency=text(row, "key")))
        else:
            figures[part].append(t.Figure(value=decimal(row, "value"), unit=text(row, "key") or ""))
    return t.TrackedDetail(
        **_summary_fields(tracked.value, facts), reports=history(store, tracked),
        links=[t.Link(**links[k]) for k in sorted(links, key=lambda k: int(k.rsplit("/", 1)[-1]))],
        conflicts=[t.Conflict(**conflicts[k]) for k in sorted(conflicts)],
        **{k: sorted(v, key=lambda f: f.currency if isinstance(f, m.Money) else f.unit) for k, v in figures.items()})


def fulfilment(store: GraphStore, *, committer: str | None, beneficiary: str | None,
               type_: str | None) -> t.FulfilmentSummary:
    """Pledged versus delivered per committer, beneficiary, type and currency."""
    params = {"committer": node("actor", committer) if committer else None,
              "beneficiary": node("actor", beneficiary) if beneficiary else None, "type": concept(type_)}
    groups: dict[tuple[str, str | None, str, str | None], dict[str, Any]] = {}
    counted: set[tuple[str, str | None, str | None]] = set()
    names: dict[str, str | None] = {}
    for row in named.iter_rows(store, "fulfilment", **params):
        who, whom = text(row, "committer") or "", text(row, "beneficiary")
        currency, tracked = text(row, "currency"), text(row, "t") or ""
        key = (who, whom, ck_token(row, "type") or "other", currency)
        if (tracked, whom, currency) in counted:
            continue
        counted.add((tracked, whom, currency))
        names.setdefault(who, None)
        if whom:
            names.setdefault(whom, None)
        group = groups.setdefault(key, {"tracked": 0, "pledged": None, "delivered": None, "fulfilled": 0, "partly": 0})
        group["tracked"] += 1
        for name in ("pledged", "delivered"):
            value = decimal(row, name)
            if value is not None:
                group[name] = (group[name] or Decimal(0)) + value
        state = text(row, "fulfilment")
        group["fulfilled"] += state == "full"
        group["partly"] += state == "partial"
    labels = _labels(store, names)
    rows = [t.FulfilmentRow(committer=_actor(who, labels.get(who)),
                            beneficiary=_actor(whom, labels.get(whom)) if whom else None, type=kind,
                            currency=currency, **values)
            for (who, whom, kind, currency), values in sorted(groups.items(), key=lambda i: tuple(x or "" for x in i[0]))]
    return t.FulfilmentSummary(rows=rows)


def _labels(store: GraphStore, actors: dict[str, str | None]) -> dict[str, str | None]:
    found = {}
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for actor in actors:
        found[actor] = next((q.object.value for q in store.raw.quads_for_pattern(ox.NamedNode(actor), label, None, None)),
                            None)
    return found
