"""Reading resources for the REST API: named queries with bound values in, response models out.

No SPARQL text is built here. Every lookup runs a .rq file of kg/query through
kg.query.named with its parameters bound as RDF terms; an id becomes an IRI term (or finds
nothing when it cannot be one), never a piece of query text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from fastapi import Request

from api import models as m
from api import read_cache
from api.jsonld import RenderedJson, splice_items, wants_jsonld
from api.pagination import decode_cursor, encode_cursor, next_link, take
from api.params import SortOrder
from kg import numbers
from kg.catalogue import CataloguePage, CatalogueQuery, CommitmentCatalogue, CommitmentRecord, EventQuery, EventRecord
from kg.errors import NotFound
from kg.query import named
from kg.rdf.iris import local_id
from kg.store import GraphStore
from kg.terms import CK, ID

ROLE_PROPERTIES = {
    m.Role.COMMITTER: CK.committer, m.Role.BENEFICIARY: CK.beneficiary, m.Role.TARGET: CK.target,
    m.Role.COUNTERPARTY: CK.counterparty, m.Role.ANNOUNCED_BY: CK.announcedBy, m.Role.PROPOSED_BY: CK.proposedBy,
}
ROLE_OF_PROPERTY = {str(p): role for role, p in ROLE_PROPERTIES.items()}
KIND_CLASSES = {"state": CK.State, "person": CK.Person, "organisation": CK.Organisation, "group": CK.Group,
                "media": CK.Media}
KIND_OF_CLASS = {str(c): kind for kind, c in KIND_CLASSES.items()}


# -- terms in, values out -------------------------------------------------------------------------

def node(kind: str, identifier: str) -> ox.NamedNode | None:
    """The IRI of `kind`/`identifier` as a term, or None when no IRI can be made of it."""
    if not identifier or any(ch in identifier for ch in "/?#"):
        return None
    try:
        return ox.NamedNode(f"{ID}{kind}/{identifier}")
    except ValueError:
        return None


def required_node(kind: str, identifier: str, what: str) -> ox.NamedNode:
    found = node(kind, identifier)
    if found is None:
        raise NotFound(f"no {what} has the id {identifier!r}")
    return found


def concept(token: str | None) -> ox.NamedNode | None:
    return ox.NamedNode(str(CK[token])) if token else None


def text(row: dict[str, Any], name: str) -> str | None:
    """A row's value as text: rows from queries hold terms, rows from the catalogue hold text."""
    value = row.get(name)
    return value if value is None or isinstance(value, str) else value.value


def date(row: dict[str, Any], name: str) -> dt.date | None:
    value = text(row, name)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def number(row: dict[str, Any], name: str) -> float | None:
    value = text(row, name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def decimal(row: dict[str, Any], name: str) -> Decimal | None:
    """An xsd:decimal's exact value (an amount, a quantity), never through a float."""
    return numbers.parse(text(row, name))


def integer(row: dict[str, Any], name: str) -> int | None:
    value = number(row, name)
    return int(value) if value is not None else None


def boolean(row: dict[str, Any], name: str) -> bool | None:
    value = text(row, name)
    return None if value is None else value in ("true", "1")


def ck_token(row: dict[str, Any], name: str) -> str | None:
    value = text(row, name)
    return value[len(str(CK)):] if value and value.startswith(str(CK)) else value


def actor_ref(row: dict[str, Any], name: str) -> m.ActorRef | None:
    iri = text(row, name)
    if iri is None:
        return None
    return m.ActorRef(id=local_id(iri, "actor"), iri=iri, name=text(row, name + "Name"))


def document_ref(row: dict[str, Any]) -> m.DocumentRef | None:
    iri = text(row, "document")
    if iri is None:
        return None
    return m.DocumentRef(id=local_id(iri, "document"), iri=iri, name=text(row, "documentName"),
                         title=text(row, "documentTitle"), published=date(row, "documentPublished"))


def _provenance(reviewed: bool | None) -> m.Provenance | None:
    if reviewed is None:
        return None
    return "reviewed" if reviewed else "machine-extracted"


# -- pages ----------------------------------------------------------------------------------------

def _page(request: Request, store: GraphStore, query: str, count_query: str, item: str, limit: int,
          cursor: str | None, filters: dict[str, Any], build: Any) -> dict[str, Any]:
    after_key, after_tie = decode_cursor(cursor, filters)
    # "sort" is part of the cursor's fingerprint (a cursor keeps its order), not a query parameter.
    bindings = {name: value for name, value in filters.items() if name != "sort"}
    if filters.get("sort") == SortOrder.NEWEST.value:
        query += named.NEWEST
    groups, after = take(named.iter_rows(store, query, afterKey=after_key, afterTie=after_tie, **bindings), item, limit)
    next_cursor = encode_cursor(after[0], after[1], filters) if after else None
    items = [item for rows in groups if (item := build(rows)) is not None]
    return {"items": items, "total": named.total(store, count_query, **bindings),
            "limit": limit, "next_cursor": next_cursor, "next": next_link(request, next_cursor)}


# -- actors ---------------------------------------------------------------------------------------

def list_actors(request: Request, store: GraphStore, *, kind: str | None, q: str | None, limit: int,
                cursor: str | None) -> m.Page[m.ActorSummary]:
    filters: dict[str, Any] = {"kind": ox.NamedNode(str(KIND_CLASSES[kind])) if kind else None}
    query = "actors"
    if q:
        filters["q"], query = q, "actors_search"

    def build(rows: list[dict[str, Any]]) -> m.ActorSummary:
        row = rows[0]
        return m.ActorSummary(id=local_id(text(row, "actor") or "", "actor"), iri=text(row, "actor") or "",
                              name=text(row, "name") or "", kind=KIND_OF_CLASS[text(row, "class") or ""])

    data = _page(request, store, query, f"{query}_count", "actor", limit, cursor, filters, build)
    return m.Page[m.ActorSummary](**data)


def get_actor(store: GraphStore, identifier: str) -> m.ActorDetail:
    actor = required_node("actor", identifier, "actor")
    rows = named.rows(store, "actor", actor=actor)
    if not rows:
        raise NotFound(f"no actor has the id {identifier!r}")
    first = rows[0]
    aliases = sorted({alias for row in rows if (alias := text(row, "alias"))})
    return m.ActorDetail(id=identifier, iri=actor.value, name=text(first, "name") or identifier,
                         kind=KIND_OF_CLASS[text(first, "class") or ""], aliases=aliases,
                         wikidata=text(first, "wikidata"), iso_code=text(first, "isoCode"),
                         posts=_posts(named.rows(store, "actor_posts", actor=actor)))


def _posts(rows: Iterable[dict[str, Any]]) -> list[m.PostHeld]:
    held: dict[tuple[str, str | None], m.PostHeld] = {}
    with_tenure: set[str] = set()
    for row in rows:
        post = text(row, "post") or ""
        if text(row, "tenure"):
            with_tenure.add(post)
        key = (post, text(row, "tenure"))
        if key in held:
            continue
        body = text(row, "body")
        held[key] = m.PostHeld(
            id=local_id(post, "post"), iri=post, label=text(row, "label"), title=text(row, "title"),
            organisation=m.ActorRef(id=local_id(body, "actor"), iri=body, name=text(row, "bodyName")) if body else None,
            since=text(row, "since"), until=text(row, "until"))
    # A post known both from org:holds and from dated tenures is shown with its dates only.
    return [p for (post, tenure), p in held.items() if tenure is not None or post not in with_tenure]


def require_actor(store: GraphStore, identifier: str) -> ox.NamedNode:
    actor = required_node("actor", identifier, "actor")
    # The answer holds until the next write (api.read_cache): asked each time, it was a fifth of a
    # catalogue page's time.
    exists = read_cache.kept(store, "actors", read_cache.ACTORS_KEPT).get(
        read_cache.generation(store), actor.value, lambda: named.ask(store, "actor_exists", actor=actor))
    if not exists:
        raise NotFound(f"no actor has the id {identifier!r}")
    return actor


# -- commitments ----------------------------------------------------------------------------------

def _commitment_fields(row: dict[str, Any]) -> dict[str, Any]:
    amount = decimal(row, "amount")
    quantity = None
    if any(name in row for name in ("quantityValue", "quantityText", "quantityUnit")):
        quantity = m.Quantity(value=decimal(row, "quantityValue"), text=text(row, "quantityText"),
                              unit=text(row, "quantityUnit"), approximate=boolean(row, "quantityApproximate"))
    iri = text(row, "c") or ""
    return {
        "id": local_id(iri, "commitment"), "iri": iri,
        "type": ck_token(row, "type"), "status": ck_token(row, "status"), "date": date(row, "date"),
        "committer": actor_ref(row, "committer"), "beneficiary": actor_ref(row, "beneficiary"),
        "target": actor_ref(row, "target"), "counterparty": actor_ref(row, "counterparty"),
        "announced_by": actor_ref(row, "announcedBy"), "proposed_by": actor_ref(row, "proposedBy"),
        "condition": text(row, "condition"),
        "amount": m.Money(value=amount, currency=text(row, "currency")) if amount is not None else None,
        "quantity": quantity, "attributed_to": text(row, "attributedTo"), "quote": text(row, "quote"),
        "document": document_ref(row), "reviewed": boolean(row, "reviewed"),
    }


_FACT_KEYS = {
    "attributed_to": "attributedTo", "announced_by": "announcedBy", "proposed_by": "proposedBy",
    "quantity_value": "quantityValue", "quantity_text": "quantityText", "quantity_unit": "quantityUnit",
    "quantity_approximate": "quantityApproximate", "document_name": "documentName",
    "document_title": "documentTitle", "document_published": "documentPublished", "document_url": "documentUrl",
    "extracted_by": "extractedBy",
}
_MANY = {"component", "cue"}


def _commitment_row(store: GraphStore, iri: str) -> dict[str, Any] | None:
    """One commitment's facts (commitment_facts.rq) as one row: variable name -> term, lists for the
    many-valued facts; None when there is no such commitment (or it vanished meanwhile)."""
    node = ox.NamedNode(iri)
    row: dict[str, Any] = {"c": node, "component": [], "cue": []}
    found = False
    for fact in named.iter_rows(store, "commitment_facts", c=node):
        found = True
        field = fact["field"].value
        if field in _MANY:
            row[field].append(fact["value"].value)
            continue
        key = _FACT_KEYS.get(field, field)
        if key in _ROLE_KEYS.values():
            # Of several actors in one role, the first IRI, as the catalogue shows it too.
            if key not in row or fact["value"].value < row[key].value:
                row[key] = fact["value"]
                row.pop(key + "Name", None)
                if "label" in fact:
                    row[key + "Name"] = fact["label"]
            continue
        row.setdefault(key, fact["value"])
    return row if found else None


def _commitments_query(base: str, filters: dict[str, Any]) -> str:
    """The lighter query when no type, status or beneficiary filter applies (each costs a lookup per
    commitment considered), else its `_filtered` sibling. Unused filters are dropped from `filters`."""
    narrowing = ("type", "status", "withBeneficiary")
    if any(filters.get(name) is not None for name in narrowing):
        return f"{base}_filtered"
    for name in narrowing:
        filters.pop(name, None)
    return base


def _commitment_filters(type_: str | None, status: str | None, from_: dt.date | None,
                        to: dt.date | None, sort: SortOrder) -> dict[str, Any]:
    return {"type": concept(type_), "status": concept(status), "from": from_, "to": to, **_sort(sort)}


def _sort(sort: SortOrder) -> dict[str, Any]:
    """The order as a filter of the cursor's fingerprint; oldest first (the order before `sort`
    existed) adds nothing, so its cursors stay valid."""
    return {"sort": sort.value} if sort is SortOrder.NEWEST else {}


def actor_commitments(request: Request, store: GraphStore, identifier: str, *, role: m.RoleFilter,
                      type_: str | None, status: str | None, from_: dt.date | None, to: dt.date | None,
                      limit: int, cursor: str | None,
                      catalogue: CommitmentCatalogue | None = None,
                      sort: SortOrder = SortOrder.NEWEST) -> m.Page[m.ActorCommitment] | RenderedJson:
    generation = read_cache.generation(store)  # before the catalogue catches up: see api.read_cache
    actor = require_actor(store, identifier)
    role_property = None if role is m.RoleFilter.ANY else ox.NamedNode(str(ROLE_PROPERTIES[m.Role(role.value)]))
    filters = {"actor": actor, "role": role_property, **_commitment_filters(type_, status, from_, to, sort)}
    if catalogue is not None and catalogue.sync():
        return _catalogue_page(request, catalogue, filters, limit, cursor, m.ActorCommitment, generation)
    query = _commitments_query("actor_commitments", filters)

    def build(rows: list[dict[str, Any]]) -> m.ActorCommitment | None:
        roles = sorted({ROLE_OF_PROPERTY[text(r, "roleProperty") or ""] for r in rows},
                       key=list(m.Role).index)
        row = _commitment_row(store, text(rows[0], "c") or "")
        return m.ActorCommitment(**_commitment_fields(row), roles=roles) if row else None

    data = _page(request, store, query, f"{query}_count", "c", limit, cursor, filters, build)
    return m.Page[m.ActorCommitment](**data)


def list_commitments(request: Request, store: GraphStore, *, type_: str | None, status: str | None,
                     from_: dt.date | None, to: dt.date | None, committer: str | None, beneficiary: str | None,
                     limit: int, cursor: str | None,
                     catalogue: CommitmentCatalogue | None = None,
                     sort: SortOrder = SortOrder.NEWEST) -> m.Page[m.CommitmentSummary] | RenderedJson:
    generation = read_cache.generation(store)  # before the catalogue catches up: see api.read_cache

    def build(rows: list[dict[str, Any]]) -> m.CommitmentSummary | None:
        row = _commitment_row(store, text(rows[0], "c") or "")
        return m.CommitmentSummary(**_commitment_fields(row)) if row else None

    filters = _commitment_filters(type_, status, from_, to, sort)
    use_catalogue = catalogue is not None and catalogue.sync()
    if committer is None and beneficiary is None:
        if use_catalogue:
            return _catalogue_page(request, catalogue, filters, limit, cursor, m.CommitmentSummary, generation)
        query = _commitments_query("commitments", filters)
        data = _page(request, store, query, f"{query}_count", "c", limit, cursor, filters, build)
        return m.Page[m.CommitmentSummary](**data)
    # Start from a named actor: the committer, else the beneficiary (actor_commitments.rq).
    actor = node("actor", committer or beneficiary or "")
    other = node("actor", beneficiary) if committer and beneficiary else None
    if actor is None or (committer and beneficiary and other is None):
        return m.Page[m.CommitmentSummary](items=[], total=0, limit=limit)
    role = CK.committer if committer else CK.beneficiary
    filters = {"actor": actor, "role": ox.NamedNode(str(role)), "withBeneficiary": other, **filters}
    if use_catalogue:
        return _catalogue_page(request, catalogue, filters, limit, cursor, m.CommitmentSummary, generation)
    query = _commitments_query("actor_commitments", filters)
    data = _page(request, store, query, f"{query}_count", "c", limit, cursor, filters, build)
    return m.Page[m.CommitmentSummary](**data)


def _catalogue_page(request: Request, catalogue: CommitmentCatalogue, filters: dict[str, Any], limit: int,
                    cursor: str | None, model: type[m.CommitmentSummary], generation: int | None) -> Any:
    """A page of commitments from the catalogue: the same items, order, totals and cursors as the
    named queries give (tests/test_api_catalogue.py compares the two). As JSON, the page is put
    together from each item's JSON, kept between requests (api.read_cache)."""
    actor = _iri(filters, "actor")
    found = catalogue.page(CatalogueQuery(
        actor=actor, role=_iri(filters, "role"), beneficiary=_iri(filters, "withBeneficiary"),
        type=_iri(filters, "type"), status=_iri(filters, "status"), date_from=_day(filters, "from"),
        date_to=_day(filters, "to"), after=_after(cursor, filters), limit=limit, newest_first="sort" in filters))
    if wants_jsonld(request):
        items = [_catalogue_item(catalogue, record, model, actor) for record in found.records]
        return _catalogue_result(request, found, items, filters, limit, model)
    items_json = read_cache.kept(catalogue, "items", read_cache.ITEMS_KEPT)
    rendered = [items_json.get(generation, (record, model, actor if model is m.ActorCommitment else None),
                               lambda record=record: _item_json(catalogue, record, model, actor))
                for record in found.records]
    envelope = _catalogue_result(request, found, [], filters, limit, model)
    return RenderedJson(splice_items(envelope.__pydantic_serializer__.to_json(envelope), rendered))


def _catalogue_item(catalogue: CommitmentCatalogue, record: CommitmentRecord, model: type[m.CommitmentSummary],
                    actor: str | None) -> m.CommitmentSummary:
    fields = _commitment_fields(_record_row(catalogue, record))
    if model is m.ActorCommitment:
        fields["roles"] = sorted({ROLE_OF_PROPERTY[p] for p, a in record.roles if a == actor}, key=list(m.Role).index)
    return model(**fields)


def _item_json(catalogue: CommitmentCatalogue, record: CommitmentRecord, model: type[m.CommitmentSummary],
               actor: str | None) -> bytes:
    """One item as render() writes it inside a page: pydantic's JSON, amounts as exact numbers."""
    item = _catalogue_item(catalogue, record, model, actor)
    return numbers.unmark(item.__pydantic_serializer__.to_json(item))


def _iri(filters: dict[str, Any], name: str) -> str | None:
    value = filters.get(name)
    return value.value if value is not None else None


def _day(filters: dict[str, Any], name: str) -> str | None:
    value = filters.get(name)
    return value.isoformat() if value is not None else None


def _after(cursor: str | None, filters: dict[str, Any]) -> tuple[str, str] | None:
    after_key, after_tie = decode_cursor(cursor, filters)
    return (after_key, after_tie or "") if after_key is not None else None


def _catalogue_result(request: Request, found: CataloguePage[Any], items: list[Any], filters: dict[str, Any],
                      limit: int, model: type[Any]) -> Any:
    next_cursor = encode_cursor(found.after[0], found.after[1], filters) if found.after else None
    return m.Page[model](items=items, total=found.total, limit=limit, next_cursor=next_cursor,
                         next=next_link(request, next_cursor))


def _with_document(catalogue: CommitmentCatalogue, row: dict[str, Any], document_iri: str) -> dict[str, Any]:
    """The row with its source document's facts, unset values dropped (as absent query variables)."""
    document = catalogue.document(document_iri)
    if document is not None:
        row.update(documentName=document.name, documentTitle=document.title, documentPublished=document.published)
    return {key: value for key, value in row.items() if value is not None}


# Role property IRI -> the row key _commitment_fields reads ("announcedBy"), as commitment_facts.rq names it.
_ROLE_KEYS = {str(p): _FACT_KEYS.get(role.value, role.value) for role, p in ROLE_PROPERTIES.items()}


def _record_row(catalogue: CommitmentCatalogue, record: CommitmentRecord) -> dict[str, Any]:
    """A catalogue record as the row _commitment_fields reads (text values instead of terms)."""
    row: dict[str, Any] = {"c": record.iri, "type": record.type, "status": record.status, "date": record.date,
                           "document": record.document}
    for role_property, actor in record.roles:
        key = _ROLE_KEYS[role_property]
        if key not in row:  # one actor per role in a list item, as the query rows give
            row[key] = actor
            row[key + "Name"] = catalogue.name(actor)
    row.update(record.facts)
    return _with_document(catalogue, row, record.document)


def get_commitment(store: GraphStore, identifier: str) -> m.CommitmentDetail:
    commitment = required_node("commitment", identifier, "commitment")
    row = _commitment_row(store, commitment.value)
    if row is None:
        raise NotFound(f"no commitment has the id {identifier!r}")
    evidence = None
    if any(name in row for name in ("quote", "start", "confidence")) or row["cue"]:
        evidence = m.Evidence(quote=text(row, "quote"), start=integer(row, "start"), end=integer(row, "end"),
                              confidence=number(row, "confidence"), cues=sorted(row["cue"]))
    return m.CommitmentDetail(**_commitment_fields(row), components=sorted(row["component"]), evidence=evidence,
                              provenance=_provenance(boolean(row, "reviewed")), extracted_by=text(row, "extractedBy"),
                              document_url=text(row, "documentUrl"))


# -- events ---------------------------------------------------------------------------------------

def _event_fields(row: dict[str, Any]) -> dict[str, Any]:
    iri = text(row, "e") or ""
    return {"id": local_id(iri, "event"), "iri": iri, "name": text(row, "name"), "kind": ck_token(row, "kind"),
            "date": date(row, "date"), "start": text(row, "start"), "location": text(row, "location"),
            "attributed_to": text(row, "attributedTo"), "quote": text(row, "quote"), "document": document_ref(row),
            "reviewed": boolean(row, "reviewed")}


def list_events(request: Request, store: GraphStore, *, kind: str | None, actor: str | None,
                from_: dt.date | None, to: dt.date | None, limit: int, cursor: str | None,
                catalogue: CommitmentCatalogue | None = None,
                sort: SortOrder = SortOrder.NEWEST) -> m.Page[m.EventSummary]:
    participant = node("actor", actor) if actor else None
    if actor and participant is None:
        return m.Page[m.EventSummary](items=[], total=0, limit=limit)
    filters = {"kind": concept(kind), "from": from_, "to": to, **_sort(sort)}
    query = "events"
    if participant is not None:  # start from the actor's participations
        filters["participant"], query = participant, "actor_events"
    if catalogue is not None and catalogue.sync():
        return _catalogue_events_page(request, catalogue, filters, limit, cursor)
    def build(rows: list[dict[str, Any]]) -> m.EventSummary | None:
        details = named.rows(store, "event", e=ox.NamedNode(text(rows[0], "e") or ""))
        return m.EventSummary(**_event_fields(details[0])) if details else None

    data = _page(request, store, query, f"{query}_count", "e", limit, cursor, filters, build)
    return m.Page[m.EventSummary](**data)


def _catalogue_events_page(request: Request, catalogue: CommitmentCatalogue, filters: dict[str, Any], limit: int,
                           cursor: str | None) -> m.Page[m.EventSummary]:
    """A page of events from the catalogue: the same items, order, totals and cursors as events.rq
    and actor_events.rq give."""
    found = catalogue.events_page(EventQuery(
        participant=_iri(filters, "participant"), kind=_iri(filters, "kind"), date_from=_day(filters, "from"),
        date_to=_day(filters, "to"), after=_after(cursor, filters), limit=limit, newest_first="sort" in filters))
    items = [m.EventSummary(**_event_fields(_event_row(catalogue, event))) for event in found.records]
    return _catalogue_result(request, found, items, filters, limit, m.EventSummary)


def _event_row(catalogue: CommitmentCatalogue, event: EventRecord) -> dict[str, Any]:
    """A catalogue event as the row _event_fields reads (text values instead of terms)."""
    row: dict[str, Any] = {"e": event.iri, "kind": event.kind, "date": event.date, "document": event.document}
    row.update(event.facts)
    return _with_document(catalogue, row, event.document)


def get_event(store: GraphStore, identifier: str) -> m.EventDetail:
    event = required_node("event", identifier, "event")
    rows = named.rows(store, "event", e=event)
    if not rows:
        raise NotFound(f"no event has the id {identifier!r}")
    row = rows[0]
    participants = []
    seen: set[str] = set()
    for p in named.rows(store, "event_participants", e=event):
        iri = text(p, "actor") or ""
        if iri in seen:
            continue
        seen.add(iri)
        participants.append(m.Participant(actor=m.ActorRef(id=local_id(iri, "actor"), iri=iri, name=text(p, "name")),
                                          kind=KIND_OF_CLASS.get(text(p, "class") or ""), mode=ck_token(p, "mode")))
    evidence = None
    if any(name in row for name in ("quote", "startOffset", "confidence")):
        evidence = m.Evidence(quote=text(row, "quote"), start=integer(row, "startOffset"),
                              end=integer(row, "endOffset"), confidence=number(row, "confidence"))
    return m.EventDetail(**_event_fields(row), participants=participants, evidence=evidence,
                         provenance=_provenance(boolean(row, "reviewed")))


# -- documents ------------------------------------------------------------------------------------

def _document_row(store: GraphStore, doc: ox.NamedNode) -> dict[str, Any] | None:
    """One document's facts (document_facts.rq) as one row; None when there is no such document."""
    rows = named.rows(store, "document_facts", doc=doc)
    if not rows:
        return None
    row: dict[str, Any] = {"doc": doc}
    for fact in rows:
        row.setdefault(fact["field"].value, fact["value"])
    return row


def _document_fields(row: dict[str, Any]) -> dict[str, Any]:
    iri = text(row, "doc") or ""
    activity = text(row, "activity")
    provenance = None if activity is None else "reviewed" if activity == str(CK.Curation) else "machine-extracted"
    return {"id": local_id(iri, "document"), "iri": iri, "name": text(row, "name"), "title": text(row, "title"),
            "published": date(row, "published"), "url": text(row, "url"), "provenance": provenance,
            "extracted_by": text(row, "extracted_by")}


def list_documents(request: Request, store: GraphStore, *, limit: int, cursor: str | None) -> m.Page[m.DocumentSummary]:
    def build(rows: list[dict[str, Any]]) -> m.DocumentSummary | None:
        row = _document_row(store, ox.NamedNode(text(rows[0], "doc") or ""))
        return m.DocumentSummary(**_document_fields(row)) if row else None

    data = _page(request, store, "documents", "documents_count", "doc", limit, cursor, {}, build)
    return m.Page[m.DocumentSummary](**data)


def document_node(identifier: str) -> ox.NamedNode:
    return required_node("document", identifier, "document")


def get_document(store: GraphStore, identifier: str) -> m.DocumentDetail:
    doc = document_node(identifier)
    row = _document_row(store, doc)
    if row is None:
        raise NotFound(f"no document has the id {identifier!r}")
    commitments, events = [], []
    for item in named.rows(store, "document_items", doc=doc):
        iri = text(item, "item") or ""
        if text(item, "class") == str(CK.Commitment):
            commitments.append(m.CommitmentRef(id=local_id(iri, "commitment"), iri=iri, type=ck_token(item, "type"),
                                               committer_name=text(item, "committerName")))
        else:
            events.append(m.EventRef(id=local_id(iri, "event"), iri=iri, name=text(item, "name")))
    size = named.rows(store, "document_size", doc=doc)
    return m.DocumentDetail(**_document_fields(row), content_hash=text(row, "content_hash"),
                            triples=integer(size[0], "triples") or 0 if size else 0,
                            commitments=commitments, events=events)

