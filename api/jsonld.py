"""The REST resources as JSON-LD: the same JSON, a published @context, and typed nodes.

`Accept: application/ld+json` on any REST route gives the JSON document with "@context" pointing
to /context.jsonld and an "@type" on each resource; the context maps the JSON keys to the
ontology's terms (`iri` is the node's @id), so a JSON-LD processor reads the same triples the store
holds: the commitment's ck:commitmentType, ck:committer, prov:wasDerivedFrom and so on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from api.models import Resource
from kg import numbers
from kg.claims.vocabulary import AttendanceMode, CommitmentType, EventKind, Status
from kg.terms import CK, ID, ORG, PROV, RDFS, SCHEMA, SKOS, TIME, XSD

JSONLD = "application/ld+json"


def _concepts() -> dict[str, str]:
    """Every vocabulary token as a term, so "type": "troop_deployment" reads as ck:troop_deployment."""
    return {token.value: f"ck:{token.value}" for enum in (CommitmentType, Status, EventKind, AttendanceMode)
            for token in enum}


CONTEXT: dict[str, Any] = {
    "@context": {
        "@version": 1.1,
        "ck": str(CK), "prov": str(PROV), "schema": str(SCHEMA), "rdfs": str(RDFS), "skos": str(SKOS),
        "org": str(ORG), "time": str(TIME), "xsd": str(XSD),
        "iri": "@id",
        "id": "schema:identifier",
        "name": "rdfs:label",
        "kind": None,
        "aliases": {"@id": "skos:altLabel", "@container": "@set"},
        "wikidata": "ck:wikidata",
        "iso_code": "ck:isoCode",
        "posts": {"@id": "org:holds", "@container": "@set"},
        "label": "rdfs:label",
        "title": "ck:title",
        "organisation": {"@id": "org:postIn"},
        "since": None, "until": None,
        "type": {"@id": "ck:commitmentType", "@type": "@vocab"},
        "status": {"@id": "ck:status", "@type": "@vocab"},
        "date": {"@id": "ck:date", "@type": "xsd:date"},
        "committer": {"@id": "ck:committer"},
        "beneficiary": {"@id": "ck:beneficiary"},
        "target": {"@id": "ck:target"},
        "counterparty": {"@id": "ck:counterparty"},
        "announced_by": {"@id": "ck:announcedBy"},
        "proposed_by": {"@id": "ck:proposedBy"},
        "roles": None,
        "condition": "ck:condition",
        "amount": {"@id": "ck:amount"},
        "value": {"@id": "schema:value", "@type": "xsd:decimal"},
        "currency": "schema:currency",
        "quantity": {"@id": "ck:quantity"},
        "text": "ck:vagueValue",
        "unit": "schema:unitText",
        "approximate": "ck:approximate",
        "attributed_to": "ck:attributedTo",
        "quote": "prov:value",
        "document": {"@id": "prov:wasDerivedFrom"},
        "document_url": None,
        "reviewed": "ck:reviewed",
        "provenance": None,
        "extracted_by": None,
        "evidence": {"@id": "ck:evidence"},
        "start": {"@id": "ck:startOffset", "@type": "xsd:integer"},
        "end": {"@id": "ck:endOffset", "@type": "xsd:integer"},
        "confidence": {"@id": "ck:confidence", "@type": "xsd:decimal"},
        "cues": {"@id": "ck:cue", "@container": "@set"},
        "components": {"@id": "ck:component", "@container": "@set"},
        "published": {"@id": "schema:datePublished", "@type": "xsd:date"},
        "url": "schema:url",
        "content_hash": "ck:contentHash",
        "triples": None,
        "commitments": {"@reverse": "prov:wasDerivedFrom", "@container": "@set"},
        "events": {"@reverse": "prov:wasDerivedFrom", "@container": "@set"},
        "committer_name": None,
        "participants": {"@id": "ck:participation", "@container": "@set"},
        "actor": {"@id": "ck:participant"},
        "mode": {"@id": "ck:attendanceMode", "@type": "@vocab"},
        "location": "schema:location",
        "items": {"@id": "schema:itemListElement", "@container": "@set"},
        "total": "schema:numberOfItems",
        "limit": None, "next_cursor": None, "next": None,
        **_concepts(),
        "State": "ck:State", "Person": "ck:Person", "Organisation": "ck:Organisation", "Group": "ck:Group",
        "Media": "ck:Media", "Commitment": "ck:Commitment", "Evidence": "ck:Evidence", "Post": "org:Post",
        "Participation": "ck:Participation", "MonetaryAmount": "schema:MonetaryAmount",
        "QuantitativeValue": "schema:QuantitativeValue",
        "Event": {"@id": "ck:Event", "@context": {
            "name": "schema:name",
            "kind": {"@id": "ck:eventKind", "@type": "@vocab"},
            "start": {"@id": "schema:startDate", "@type": "xsd:dateTime"},
        }},
        "SourceDocument": {"@id": "ck:SourceDocument", "@context": {
            "name": "schema:name",
            "title": "schema:headline",
        }},
        # Tracked commitments (GET /tracked...). Their own properties (ck:trackedCommitter,
        # ck:currentStatus...) are never the reports' (ck:committer, ck:status), so the keys they
        # share with a report mean other terms inside a TrackedCommitment; a type-scoped context
        # does not reach the nested reports, which keep the report terms.
        "TrackedCommitment": {"@id": "ck:TrackedCommitment", "@context": {
            "type": {"@id": "ck:trackedType", "@type": "@vocab"},
            # "pledged" and "delivered" are keys here (the figures), so as values of the status
            # they are named again for it alone.
            "status": {"@id": "ck:currentStatus", "@type": "@vocab", "@context": {
                "pledged": "ck:pledged", "delivered": "ck:delivered"}},
            "committer": {"@id": "ck:trackedCommitter"},
            "reports": {"@id": "ck:report", "@container": "@set"},
            "pledged": {"@id": "ck:pledgedAmount", "@container": "@set"},
            "delivered": {"@id": "ck:deliveredAmount", "@container": "@set"},
        }},
        "beneficiaries": {"@id": "ck:trackedBeneficiary", "@container": "@set"},
        "targets": {"@id": "ck:trackedTarget", "@container": "@set"},
        "first_reported": {"@id": "ck:firstReported", "@type": "xsd:date"},
        "last_reported": {"@id": "ck:lastReported", "@type": "xsd:date"},
        "report_count": {"@id": "ck:reportCount", "@type": "xsd:integer"},
        "fulfilment": "ck:fulfilment",
        "pledged_quantity": {"@id": "ck:pledgedQuantity", "@container": "@set"},
        "delivered_quantity": {"@id": "ck:deliveredQuantity", "@container": "@set"},
        "links": {"@id": "ck:link", "@container": "@set"},
        "conflicts": {"@id": "ck:conflict", "@container": "@set"},
        # A report's day and the status after it are read from the reports, not stated: no terms.
        "day": None, "status_after": None,
        # Links and conflicts name reports by id: @vocab makes the id the report's IRI.
        "ReportLink": {"@id": "ck:ReportLink", "@context": {
            "@vocab": f"{ID}commitment/",
            "source": {"@id": "ck:linkFrom", "@type": "@vocab"},
            "target": {"@id": "ck:linkTo", "@type": "@vocab"},
            "score": "ck:linkScore",
            "kind": "ck:linkKind",
            "reasons": {"@id": "ck:linkReason", "@container": "@set"},
        }},
        "Conflict": {"@id": "ck:Conflict", "@context": {
            "@vocab": f"{ID}commitment/",
            "kind": "ck:conflictKind",
            "description": "rdfs:comment",
            "reports": {"@id": "ck:conflictingReport", "@type": "@vocab", "@container": "@set"},
        }},
        # Pledged versus delivered summed over tracked commitments is an aggregate the ontology has
        # no term for (each tracked commitment's own figures are ck:pledgedAmount...): left out.
        "rows": None, "tracked": None, "fulfilled": None, "partly": None,
    }
}


def wants_jsonld(request: Request) -> bool:
    """True when the client prefers application/ld+json to application/json."""
    from kg.query.formats import parse_accept

    for media, quality in parse_accept(request.headers.get("accept")):
        if quality == 0:
            continue
        if media == JSONLD:
            return True
        if media in ("application/json", "*/*", "application/*"):
            return False
    return False


def context_url(request: Request) -> str:
    return str(request.url_for("jsonld_context"))


def _typed(value: Any, data: Any) -> Any:
    """The JSON dump with an "@type" on each resource, found by walking the models beside it."""
    if isinstance(value, BaseModel) and isinstance(data, dict):
        out = {}
        if isinstance(value, Resource) and (kind := value.jsonld_type()):
            out["@type"] = kind
        for key, item in data.items():
            out[key] = _typed(getattr(value, key, None), item)
        return out
    if isinstance(value, list) and isinstance(data, list):
        return [_typed(v, d) for v, d in zip(value, data)]
    return data


@dataclass(frozen=True)
class RenderedJson:
    """A resource already written as the JSON render() would send (the client does not want JSON-LD)."""

    body: bytes


_NO_ITEMS = b'{"items":[]'


def splice_items(envelope: bytes, items: list[bytes]) -> bytes:
    """A page's JSON from its envelope (the page written with no items) and its items' JSON: the
    bytes pydantic writes for the whole page, items being the first member."""
    if not envelope.startswith(_NO_ITEMS):
        raise ValueError("a page's JSON starts with its items")
    return b'{"items":[' + b",".join(items) + b"]" + envelope[len(_NO_ITEMS):]


def render(request: Request, model: BaseModel | RenderedJson) -> Response:
    """The model as JSON, or as JSON-LD when the client asks for it; amounts and quantities as
    exact JSON numbers either way (pydantic writes placeholders for them, see api.models.ExactNumber)."""
    if isinstance(model, RenderedJson):
        return Response(model.body, media_type="application/json")
    if not wants_jsonld(request):
        return Response(numbers.unmark(model.__pydantic_serializer__.to_json(model)), media_type="application/json")
    document = {"@context": context_url(request), **_typed(model, model.model_dump(mode="json"))}
    body = json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(numbers.unmark(body), media_type=JSONLD, headers={"Vary": "Accept"})


JSONLD_RESPONSE = {"content": {JSONLD: {"schema": {"type": "object"}}},
                   "description": "The same resource as JSON-LD (send Accept: application/ld+json)"}
