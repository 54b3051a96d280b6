"""Deterministic IRIs: the same claim always gets the same IRI, so re-ingesting changes nothing."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import PurePosixPath

from rdflib import URIRef

from kg.terms import ID, slug


def _digest(*parts: str, length: int = 10) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def document_id(document: str) -> str:
    """'000_73c4d19ee7ae6c07.txt' -> '000-73c4d19ee7ae6c07'; a URL keeps a readable slug and a hash."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", document, re.IGNORECASE):
        readable = slug(document.split("://", 1)[1])[:60].strip("-")
        return f"{readable}-{_digest(document, length=8)}"
    return slug(PurePosixPath(document).stem if "." in document else document)


def document_iri(document: str) -> URIRef:
    return ID[f"document/{document_id(document)}"]


@lru_cache(maxsize=8192)  # every document names the same few hundred actors
def actor_iri(canonical_name: str) -> URIRef:
    return ID[f"actor/{slug(canonical_name)}"]


def post_iri(role: str) -> URIRef:
    return ID[f"post/{slug(role)}"]


def tenure_iri(person: str, role: str, since: str) -> URIRef:
    return ID[f"tenure/{slug(person)}-{slug(role)}-{since or 'undated'}"]


def commitment_id(document: str, committer: str, kind: str, *distinguishing: str) -> str:
    """The last segment of commitment_iri."""
    return f"{slug(committer)}-{slug(kind)}-{_digest(document, committer, kind, *distinguishing)}"


def commitment_iri(document: str, committer: str, kind: str, *distinguishing: str) -> URIRef:
    return ID[f"commitment/{commitment_id(document, committer, kind, *distinguishing)}"]


def event_iri(document: str, name: str, date: str | None) -> URIRef:
    return ID[f"event/{slug(name)}-{date or 'undated'}-{_digest(document, name, date or '', length=6)}"]


def extractor_iri(name: str) -> URIRef:
    return ID[f"agent/{slug(name)}"]


def local_id(iri: str, kind: str) -> str:
    """The last segment of an IRI minted for `kind` ('actor', 'commitment'...), as the REST API shows it."""
    prefix = f"{ID}{kind}/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri


def iri_for(kind: str, identifier: str) -> URIRef:
    return ID[f"{kind}/{identifier}"]


def iri_text(kind: str, identifier: str) -> str:
    """iri_for as plain text, for the mapper, which makes pyoxigraph nodes: an rdflib URIRef
    on the way costs about a microsecond, a hundred times a document."""
    return f"{ID}{kind}/{identifier}"
