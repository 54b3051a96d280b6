"""The RDF graph projected into a networkx MultiDiGraph, in two views.

``full``: actors, commitments, events and documents are nodes; the roles (committer,
beneficiary, target, counterparty, announced_by, proposed_by), participation and derived_from
are typed edges; literal values are attributes.

Tracked commitments (kg.link) that group two or more of the kept reports are nodes of the full
view too (``tracked/...``), with edges from the committer, to the beneficiaries (targets,
counterparties) and to each kept report (role ``report``); see kg/export/graph/tracked.py.

``actors``: actors only, one edge per commitment from the committer to the beneficiary (else
the target, else the counterparty), carrying the commitment's type, status, date, amount and IRI.

In both views an actor is a node when an exported commitment or event names it: the
gazetteer's hundreds of actors that no claim mentions stay out of the picture.

Node ids are the IRI's path below https://w3id.org/commitments-kg/id/ (``actor/france``,
``commitment/...``), so ``id.split("/", 1)[1]`` is the REST API's id. Attributes are str, bool,
float or (amounts) exact Decimal, and never None: a missing value is a missing attribute.

The rows come from the named queries kg/query/export_*.rq, with the filters as bound values
(pyoxigraph substitutions, never text pasted into SPARQL). A whole-store export streams each
query's rows (never a result list) straight into the graph. One actor's neighbourhood is walked
actor by actor with small bound queries, up to NEIGHBOURHOOD_LIMIT items, and past that read in
one streamed pass like a whole-store export. See docs/export.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from sys import intern
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg import numbers
from kg.errors import ExportError, NotFound
from kg.export.graph import style
from kg.export.graph import tracked as tracked_reader
from kg.export.graph.filters import GraphFilter
from kg.query.named import iter_rows, rows
from kg.rdf.iris import iri_for
from kg.store import GraphStore
from kg.terms import CK, ID

VIEWS: tuple[str, ...] = ("full", "actors")
# One actor's neighbourhood is read item by item up to this many items, else in one pass over the store.
NEIGHBOURHOOD_LIMIT = 2000

ROLES = {"committer": "committer", "beneficiary": "beneficiary", "target": "target",
         "counterparty": "counterparty", "announcedBy": "announced_by", "proposedBy": "proposed_by"}
# Roles drawn towards the commitment (actor -> commitment); the others point from it to the actor.
INBOUND_ROLES = {"committer", "announced_by", "proposed_by"}
# In the actors view, the other end of a commitment's edge: the first of these it names.
RECIPIENT_ROLES = ("beneficiary", "target", "counterparty")
_CK = str(CK)
ACTOR_KINDS = {"State": "state", "Person": "person", "Organisation": "organisation", "Group": "group",
               "Media": "media"}


def node_id(iri: str) -> str:
    """'https://w3id.org/commitments-kg/id/actor/france' -> 'actor/france' (other IRIs stay whole)."""
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def _token(term: Any) -> str:
    """The local name of a ck: concept or class ('troop_deployment'), else the term's value (interned:
    a hundred thousand commitments share a dozen type and status strings)."""
    value = term.value
    return intern(value[len(_CK):] if value.startswith(_CK) else value)


@dataclass
class _Item:
    """A commitment or an event as the queries return it: literal values and linked actors."""

    kind: str
    attrs: dict[str, Any]
    links: list[tuple[str, str, str | None]] = field(default_factory=list)  # (role, actor IRI, mode)
    document: str | None = None


@dataclass
class _Rows:
    actors: dict[str, tuple[str | None, str | None]]
    items: dict[str, _Item]
    documents: dict[str, dict[str, Any]]
    tracked: dict[str, tracked_reader.TrackedItem] = field(default_factory=dict)


def _bindings(filters: GraphFilter) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if filters.type:
        params["type"] = ox.NamedNode(str(CK[filters.type]))
    if filters.status:
        params["status"] = ox.NamedNode(str(CK[filters.status]))
    if filters.date_from:
        params["from"] = filters.date_from
    if filters.date_to:
        params["to"] = filters.date_to
    if filters.reviewed_only:
        params["reviewedOnly"] = True
    return params


def _read_actors(store: GraphStore) -> dict[str, tuple[str | None, str | None]]:
    actors: dict[str, tuple[str | None, str | None]] = {}
    for row in iter_rows(store, "export_actors"):
        iri = row["actor"].value
        kind = ACTOR_KINDS.get(_token(row["class"]))
        label = row["label"].value if "label" in row else None
        known = actors.get(iri)  # several graphs may describe one actor: keep a stable choice
        if known is None or (label is not None and (known[1] is None or label < known[1])):
            actors[iri] = (kind, label)
    return actors


def _commitment_item(row: dict[str, Any]) -> _Item:
    attrs: dict[str, Any] = {"type": _token(row["type"]), "status": _token(row["status"])}
    if "date" in row:
        attrs["date"] = intern(row["date"].value)
    if "reviewed" in row:
        attrs["reviewed"] = row["reviewed"].value == "true"
    if "amount" in row and (amount := numbers.parse(row["amount"].value)) is not None:
        attrs["amount"] = amount
    if "currency" in row:
        attrs["currency"] = intern(row["currency"].value)
    if "condition" in row:
        attrs["condition"] = row["condition"].value
    return _Item("commitment", attrs, document=row["document"].value if "document" in row else None)


def _event_item(row: dict[str, Any]) -> _Item:
    attrs: dict[str, Any] = {}
    if "kind" in row:
        attrs["type"] = _token(row["kind"])
    if "name" in row:
        attrs["name"] = row["name"].value
    if "date" in row:
        attrs["date"] = intern(row["date"].value)
    if "location" in row:
        attrs["location"] = row["location"].value
    if "reviewed" in row:
        attrs["reviewed"] = row["reviewed"].value == "true"
    return _Item("event", attrs, document=row["document"].value if "document" in row else None)


def _add_link(item: _Item, link: tuple[str, str, str | None]) -> None:
    if link not in item.links:
        item.links.append(link)


def _read_commitments(store: GraphStore, filters: GraphFilter, items: dict[str, _Item]) -> None:
    """Every commitment the filters keep, with the actors it names (two streamed passes)."""
    for row in iter_rows(store, "export_commitments", **_bindings(filters)):
        items.setdefault(row["commitment"].value, _commitment_item(row))
    for row in iter_rows(store, "export_commitment_actors"):
        item = items.get(row["commitment"].value)
        if item is not None:  # else a commitment the filters left out
            _add_link(item, (ROLES.get(_token(row["role"]), _token(row["role"])), row["actor"].value, None))


def _read_events(store: GraphStore, filters: GraphFilter, items: dict[str, _Item]) -> None:
    """Every event the filters keep, with its participants (one streamed pass)."""
    for row in iter_rows(store, "export_events", **_bindings(filters)):
        item = items.setdefault(row["event"].value, _event_item(row))
        if "actor" in row:
            _add_link(item, ("participant", row["actor"].value, _token(row["mode"]) if "mode" in row else None))


class _TooLarge(Exception):
    """A neighbourhood past NEIGHBOURHOOD_LIMIT items: one pass over the store is cheaper."""


def _read_neighbourhood(store: GraphStore, start: str, view: str,
                        filters: GraphFilter) -> tuple[dict[str, _Item], bool]:
    """The items within `filters.depth` steps of `start`, walking from actor to actor with a few
    small queries per step (the actor and each item are bound values, so each is an index lookup);
    also whether any claim names `start` at all."""
    params = _bindings(filters)
    with_events = view == "full" and not filters.commitment_only
    read: dict[str, _Item | None] = {}  # every item met so far; None when the filters leave it out
    kept: dict[str, _Item] = {}
    seen, frontier, named = {start}, [start], False
    for _ in range(filters.depth):
        reached: set[str] = set()
        for actor in frontier:
            met: dict[str, _Item] = {}
            for row in iter_rows(store, "export_actor_commitments", actor=ox.NamedNode(actor)):
                link = (ROLES.get(_token(row["role"]), _token(row["role"])), row["other"].value, None)
                _add_link(met.setdefault(row["item"].value, _Item("commitment", {})), link)
            if with_events:
                for row in iter_rows(store, "export_actor_events", actor=ox.NamedNode(actor)):
                    link = ("participant", row["other"].value, _token(row["mode"]) if "mode" in row else None)
                    _add_link(met.setdefault(row["item"].value, _Item("event", {})), link)
            named = named or bool(met)
            for iri, found in met.items():
                if iri not in read:
                    read[iri] = _read_item(store, iri, found, params)
                    if len(read) > NEIGHBOURHOOD_LIMIT:
                        raise _TooLarge
                item = read[iri]
                if item is None:
                    continue
                links = _view_links(item, view)
                if actor in links:
                    kept[iri] = item
                    reached |= links - seen
        seen |= reached
        frontier = sorted(reached)
        if not frontier:
            break
    return kept, named


def _read_item(store: GraphStore, iri: str, found: _Item, params: dict[str, Any]) -> _Item | None:
    """One commitment's or event's values if the filters keep it, with the links already found."""
    # rows(), not a half-read iter_rows(): pyoxigraph's results must be dropped on the thread that
    # made them, and an unfinished generator may be collected on another (the API's thread pool).
    if found.kind == "commitment":
        found_rows = rows(store, "export_commitments", commitment=ox.NamedNode(iri), **params)
        item = _commitment_item(found_rows[0]) if found_rows else None
    else:
        found_rows = rows(store, "export_events", event=ox.NamedNode(iri), **params)
        item = _event_item(found_rows[0]) if found_rows else None
    if item is not None:
        item.links = found.links
    return item


def _read_documents(store: GraphStore, wanted: set[str]) -> dict[str, dict[str, Any]]:
    documents: dict[str, dict[str, Any]] = {}
    for row in iter_rows(store, "export_documents"):
        iri = row["document"].value
        if iri not in wanted or iri in documents:
            continue
        attrs: dict[str, Any] = {}
        if "name" in row:
            attrs["file"] = row["name"].value
        if "title" in row:
            attrs["title"] = row["title"].value
        if "published" in row:
            attrs["date"] = row["published"].value
        documents[iri] = attrs
    return documents


def _recipients(item: _Item) -> list[tuple[str, str]]:
    """(role, actor) pairs an actors-view edge points to: beneficiaries, else targets, else counterparties."""
    for role in RECIPIENT_ROLES:
        found = [(r, actor) for r, actor, _ in item.links if r == role]
        if found:
            return found
    return []


def _view_links(item: _Item, view: str) -> set[str]:
    """The actors an item connects in a view (what the neighbourhood walks through)."""
    if view == "full":
        return {actor for _, actor, _ in item.links}
    return {actor for role, actor, _ in item.links if role == "committer"} | {a for _, a in _recipients(item)}


def neighbourhood(start: str, items: dict[str, _Item], view: str, depth: int) -> set[str]:
    """Items within `depth` steps of the actor `start`: each step crosses one commitment (or event)."""
    by_actor: dict[str, list[str]] = defaultdict(list)
    links = {iri: _view_links(item, view) for iri, item in items.items()}
    for iri, actors in links.items():
        for actor in actors:
            by_actor[actor].append(iri)
    seen, frontier, kept = {start}, {start}, set()
    for _ in range(depth):
        reached: set[str] = set()
        for actor in frontier:
            for iri in by_actor.get(actor, ()):
                if iri in kept:
                    continue
                kept.add(iri)
                reached |= links[iri] - seen
        seen |= reached
        frontier = reached
        if not frontier:
            break
    return kept


def _actor_node(iri: str, actors: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    kind, label = actors.get(iri, (None, None))
    attrs: dict[str, Any] = {"kind": "actor", "label": label or node_id(iri).rsplit("/", 1)[-1], "iri": iri}
    if kind:
        attrs["type"] = kind
    attrs["color"] = style.node_colour("actor", kind)
    return attrs


def _item_node(iri: str, item: _Item) -> dict[str, Any]:
    attrs = {"kind": item.kind, **item.attrs, "iri": iri}
    if item.kind == "commitment":
        attrs["label"] = f"{style.humanise(attrs['type'])} ({style.humanise(attrs['status'])})"
    else:
        attrs["label"] = attrs.pop("name", None) or node_id(iri).rsplit("/", 1)[-1]
    attrs["color"] = style.node_colour(item.kind, attrs.get("type"))
    return attrs


def _build_full(rows: _Rows, kept: Iterable[str]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    kept = sorted(kept)
    for iri in sorted({actor for iri in kept for _, actor, _ in rows.items[iri].links}):
        graph.add_node(node_id(iri), **_actor_node(iri, rows.actors))
    for iri in kept:
        graph.add_node(node_id(iri), **_item_node(iri, rows.items[iri]))
    for iri, attrs in sorted(rows.documents.items()):
        label = attrs.get("title") or attrs.get("file") or node_id(iri).rsplit("/", 1)[-1]
        graph.add_node(node_id(iri), kind="document", **attrs, label=label, iri=iri,
                       color=style.node_colour("document", None))
    for iri in kept:
        item, here = rows.items[iri], node_id(iri)
        for role, actor, mode in item.links:
            there = node_id(actor)
            source, target = (there, here) if role in INBOUND_ROLES or role == "participant" else (here, there)
            attrs = {"role": role, "label": style.humanise(role), "color": style.ROLE_COLOURS.get(role, style.FALLBACK)}
            if mode:
                attrs["mode"] = mode
            graph.add_edge(source, target, key=f"{source}|{role}|{target}", **attrs)
        if item.document:
            document = node_id(item.document)
            if document not in graph:
                graph.add_node(document, kind="document", label=document.rsplit("/", 1)[-1], iri=item.document,
                               color=style.node_colour("document", None))
            graph.add_edge(here, document, key=f"{here}|derived_from|{document}", role="derived_from",
                           label="derived from", color=style.ROLE_COLOURS["derived_from"])
    _add_tracked(graph, rows, set(kept))
    return graph


def _add_tracked(graph: nx.MultiDiGraph, rows: _Rows, kept: set[str]) -> None:
    """A node per tracked commitment, from its committer, to its parties and to its kept reports."""
    for iri, item in sorted(rows.tracked.items()):
        reports = sorted(report for report in item.reports if report in kept)
        if not reports or item.committer is None:
            continue
        here = node_id(iri)
        attrs = tracked_reader.node_attributes(item, style.humanise)
        graph.add_node(here, **attrs, iri=iri, color=style.node_colour("tracked", attrs["type"]))
        ends = [("committer", item.committer)] + item.parties
        for role, actor in ends:
            there = node_id(actor)
            if there not in graph:
                graph.add_node(there, **_actor_node(actor, rows.actors))
            source, target = (there, here) if role in INBOUND_ROLES else (here, there)
            graph.add_edge(source, target, key=f"{source}|{role}|{target}", role=role, label=style.humanise(role),
                           color=style.ROLE_COLOURS.get(role, style.FALLBACK))
        for report in reports:
            there = node_id(report)
            graph.add_edge(here, there, key=f"{here}|report|{there}", role="report", label="report",
                           color=style.ROLE_COLOURS["report"])


def _build_actors(rows: _Rows, kept: Iterable[str]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    edges = []
    for iri in sorted(kept):
        item = rows.items[iri]
        committers = sorted(actor for role, actor, _ in item.links if role == "committer")
        pairs = [(c, role, actor) for c in committers for role, actor in _recipients(item)]
        for actor in committers + [actor for _, _, actor in pairs]:
            if node_id(actor) not in graph:
                graph.add_node(node_id(actor), **_actor_node(actor, rows.actors))
        for committer, role, actor in pairs:
            source, target = node_id(committer), node_id(actor)
            key = node_id(iri) if len(pairs) == 1 else f"{node_id(iri)}|{source}|{target}"
            attrs = {"commitment": iri, **item.attrs, "role": role,
                     "label": style.humanise(item.attrs["type"]),
                     "color": style.node_colour("commitment", item.attrs["type"])}
            edges.append((source, target, key, attrs))
    ordered = sorted(graph.nodes(data=True))
    graph.clear()
    graph.add_nodes_from(ordered)
    for source, target, key, attrs in edges:
        graph.add_edge(source, target, key=key, **attrs)
    return graph


def project(store: GraphStore, view: str = "full", filters: GraphFilter | None = None) -> nx.MultiDiGraph:
    """The store (or the part the filters keep) as a MultiDiGraph in the given view.

    Raises NotFound for an unknown actor and ExportError when nothing matches.
    """
    filters = filters or GraphFilter()
    if view not in VIEWS:
        raise ExportError(f"unknown view {view!r}; one of: {', '.join(VIEWS)}")
    actors = _read_actors(store)
    start = str(iri_for("actor", filters.actor)) if filters.actor is not None else None
    items: dict[str, _Item] = {}
    kept: set[str] | None = None
    if start is not None:
        try:
            ox.NamedNode(start)
        except ValueError:  # no IRI can be made of it, so no actor has it
            raise NotFound(f"no actor {filters.actor!r} in the store") from None
        try:
            items, named = _read_neighbourhood(store, start, view, filters)
            kept = set(items)
        except _TooLarge:
            named = True
        if start not in actors and not named:
            raise NotFound(f"no actor {filters.actor!r} in the store (an actor's id is the last segment of its IRI, "
                           "e.g. france)")
    if kept is None:
        _read_commitments(store, filters, items)
        if view == "full" and not filters.commitment_only:
            _read_events(store, filters, items)
        kept = set(items) if start is None else neighbourhood(start, items, view, filters.depth)
    if view == "actors":
        kept = {iri for iri in kept if items[iri].kind == "commitment"}
    if not kept:
        raise ExportError(_nothing_message(view, filters))
    documents = {items[iri].document for iri in kept if items[iri].document} if view == "full" else set()
    found = _Rows(actors=actors, items=items, documents=_read_documents(store, documents) if documents else {})
    if view == "full":
        commitments = [iri for iri in kept if items[iri].kind == "commitment"]
        # A neighbourhood asks for its own reports' tracked commitments; a whole-store export
        # reads them all in one streamed pass.
        found.tracked = (tracked_reader.read_for(store, commitments)
                         if start is not None and len(commitments) <= NEIGHBOURHOOD_LIMIT
                         else tracked_reader.read_all(store))
    if view == "full":
        graph = _build_full(found, kept)
    else:
        graph = _build_actors(found, kept)
    graph.graph["view"] = view
    if filters.active:
        graph.graph["filters"] = filters.describe()
    return graph


def _nothing_message(view: str, filters: GraphFilter) -> str:
    commitments_only = view == "actors" or filters.commitment_only
    if not filters.active:
        return "nothing to export: the store holds no commitments" + ("" if commitments_only else " or events")
    what = "commitment" if commitments_only else "commitment or event"
    return f"nothing to export: no {what} matches {filters.describe()}"
