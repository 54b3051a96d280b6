"""RDF -> claims: read one document's named graph back into the interchange format.

The inverse of kg.rdf.mapping, so `kg export --format claims` followed by `kg ingest` gives the
same graph. Triples the mapping derives (reportedBy, content hash) are not read back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.claims.model import Claims
from kg.rdf.mapping import ACTOR_ROLES, KIND_CLASS
from kg.terms import CK, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, TIME

CLASS_KIND = {cls: kind.value for kind, cls in KIND_CLASS.items()}


def _text(graph: Graph, subject: Node, predicate: URIRef) -> str | None:
    value = graph.value(subject, predicate)
    return str(value) if value is not None else None


def _local(node: Node | None) -> str | None:
    return str(node).split("#", 1)[-1] if node is not None else None


def _number(value: Node | None) -> Decimal | None:
    """An xsd:decimal's exact value, digit for digit (never through a float)."""
    if not isinstance(value, Literal):
        return None
    return Decimal(str(value))


def _label(graph: Graph, node: Node | None) -> str | None:
    return _text(graph, node, RDFS.label) if node is not None else None


def _evidence(graph: Graph, subject: Node, item: dict[str, Any]) -> None:
    if (attributed := _text(graph, subject, CK.attributedTo)) is not None:
        item["attributed_to"] = attributed
    evidence = graph.value(subject, CK.evidence)
    if evidence is None:
        return
    if (quote := _text(graph, evidence, PROV.value)) is not None:
        item["quote"] = quote
    start, end = graph.value(evidence, CK.startOffset), graph.value(evidence, CK.endOffset)
    if start is not None and end is not None:
        item["quote_start"], item["quote_end"] = int(start), int(end)
    if (confidence := graph.value(evidence, CK.confidence)) is not None:
        item["confidence"] = float(confidence)
    cues = sorted(str(c) for c in graph.objects(evidence, CK.cue))
    if cues:
        item["cues"] = cues


def _role(graph: Graph, node: Node, published: str | None) -> str | None:
    """The post to name as the actor's role: one a document declared (a post with no gazetteer
    tenure) first, then the tenure that covers the publication date, then the first by name."""
    posts = sorted(graph.objects(node, ORG.holds))
    declared = [p for p in posts if not any(graph.subjects(CK.post, p))]
    if declared:
        return _label(graph, declared[0])
    for tenure in sorted(graph.subjects(CK.holder, node)):
        interval = graph.value(tenure, CK.during)
        start = graph.value(graph.value(interval, TIME.hasBeginning), TIME.inXSDDate) if interval else None
        end = graph.value(graph.value(interval, TIME.hasEnd), TIME.inXSDDate) if interval else None
        if published and (start is None or str(start) <= published) and (end is None or published < str(end)):
            return _label(graph, graph.value(tenure, CK.post))
    return _label(graph, posts[0]) if posts else None


def _actor(graph: Graph, node: Node, published: str | None) -> dict[str, Any] | None:
    kinds = sorted(CLASS_KIND[c] for c in graph.objects(node, RDF.type) if c in CLASS_KIND)
    name = _label(graph, node)
    if not kinds or name is None:
        return None
    actor: dict[str, Any] = {"name": name, "kind": kinds[0]}
    if (role := _role(graph, node, published)) is not None:
        actor["role"] = role
    if (wikidata := _text(graph, node, CK.wikidata)) is not None:
        actor["wikidata"] = wikidata
    aliases = sorted(str(a) for a in graph.objects(node, SKOS.altLabel))
    if aliases:
        actor["aliases"] = aliases
    return actor


def _commitment(graph: Graph, node: Node) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": _local(graph.value(node, CK.commitmentType)),
        "status": _local(graph.value(node, CK.status)),
    }
    for role, predicate in ACTOR_ROLES.items():
        if (actor := graph.value(node, predicate)) is not None:
            item[role] = _label(graph, actor)
    for key, predicate in (("condition", CK.condition), ("date", CK.date)):
        if (value := _text(graph, node, predicate)) is not None:
            item[key] = value
    components = sorted(str(c) for c in graph.objects(node, CK.component))
    if components:
        item["components"] = components
    if (amount := graph.value(node, CK.amount)) is not None:
        item["amount"] = _number(graph.value(amount, SCHEMA.value))
        item["currency"] = _text(graph, amount, SCHEMA.currency)
    if (quantity := graph.value(node, CK.quantity)) is not None:
        value = _number(graph.value(quantity, SCHEMA.value))
        q: dict[str, Any] = {"value": value if value is not None else _text(graph, quantity, CK.vagueValue),
                             "approximate": bool(graph.value(quantity, CK.approximate).toPython())}
        if (unit := _text(graph, quantity, SCHEMA.unitText)) is not None:
            q["unit"] = unit
        item["quantity"] = q
    _evidence(graph, node, item)
    return item


def _event(graph: Graph, node: Node) -> dict[str, Any]:
    item: dict[str, Any] = {"name": _text(graph, node, SCHEMA.name), "kind": _local(graph.value(node, CK.eventKind))}
    for key, predicate in (("date", CK.date), ("start", SCHEMA.startDate), ("location", SCHEMA.location)):
        if (value := _text(graph, node, predicate)) is not None:
            item[key] = value
    participants = []
    for participation in sorted(graph.objects(node, CK.participation)):
        part: dict[str, Any] = {"actor": _label(graph, graph.value(participation, CK.participant))}
        if (mode := graph.value(participation, CK.attendanceMode)) is not None:
            part["mode"] = _local(mode)
        participants.append(part)
    if participants:
        item["participants"] = participants
    _evidence(graph, node, item)
    return item


def graph_to_claims(graph: Graph, document_iri: URIRef) -> Claims:
    """Rebuild a document's claims from its named graph plus the descriptions of the actors it
    mentions (kg.store.GraphStore.document_with_actors gives both)."""
    data: dict[str, Any] = {"document": _text(graph, document_iri, SCHEMA.name)}
    for key, predicate in (("published", SCHEMA.datePublished), ("title", SCHEMA.headline), ("url", SCHEMA.url)):
        if (value := _text(graph, document_iri, predicate)) is not None:
            data[key] = value
    for activity in graph.subjects(PROV.used, document_iri):
        agent = graph.value(activity, PROV.wasAssociatedWith)
        if agent is not None:
            data["extracted_by"] = _label(graph, agent)
    published = data.get("published")
    actors = [a for node in sorted(graph.objects(document_iri, SCHEMA.mentions)) if (a := _actor(graph, node, published))]
    data["actors"] = sorted(actors, key=lambda a: (a["kind"], a["name"]))
    commitments = [_commitment(graph, node) for node in graph.subjects(RDF.type, CK.Commitment)]
    data["commitments"] = sorted(commitments, key=lambda c: (c.get("quote_start", 0), c.get("quote", ""), c["committer"], c["type"]))
    events = [_event(graph, node) for node in graph.subjects(RDF.type, CK.Event)]
    data["events"] = sorted(events, key=lambda e: (e.get("quote_start", 0), e.get("date", ""), e["name"]))
    return Claims.model_validate(data)
