"""The catalogue's records on disk, so that a restart over an unchanged store skips the build.

A snapshot is valid only for the store content it was made from. Its fingerprint is every named
graph's IRI with the content hash its document carries (kg.rdf.mapping writes one into every
document graph, computed over all the graph's other triples), so adding, removing or changing any
document makes a new fingerprint and the snapshot is ignored. A store holding a document graph
without a content hash gets no fingerprint, hence no snapshot. Actor names are not saved: they
come from the shared actors graph, which grows without a new hash, and are read on every load.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.catalogue.records import CommitmentRecord, DocumentFacts, DocumentRecords, EventRecord
from kg.store import GraphStore
from kg.terms import CK

log = logging.getLogger(__name__)
FORMAT = 1
_CONTENT_HASH = ox.NamedNode(str(CK.contentHash))


def fingerprint(store: GraphStore, shared: frozenset[str]) -> str | None:
    """What the records are derived from, as one hash; None when a document graph has no hash."""
    raw = store.raw
    marks = {quad.graph_name.value: quad.object.value
             for quad in raw.quads_for_pattern(None, _CONTENT_HASH, None, None)
             if isinstance(quad.graph_name, ox.NamedNode) and quad.subject == quad.graph_name}
    digest = hashlib.sha256(f"catalogue snapshot format {FORMAT}\n".encode())
    for graph in sorted(g.value for g in raw.named_graphs() if isinstance(g, ox.NamedNode)):
        if graph in shared:
            continue
        if graph not in marks:
            return None
        digest.update(f"{graph}\t{marks[graph]}\n".encode())
    return digest.hexdigest()


def save(path: Path, mark: str, documents: list[DocumentRecords]) -> None:
    """Write the snapshot whole or not at all (a temporary file renamed over the old one): JSON
    Lines, a header and then one line per document, so that loading never holds the whole text."""
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"format": FORMAT, "fingerprint": mark, "documents": len(documents)}) + "\n")
        for found in documents:
            out.write(json.dumps(_document(found), separators=(",", ":")) + "\n")
    os.replace(temporary, path)


def load(path: Path, mark: str) -> list[DocumentRecords] | None:
    """The saved records if the snapshot exists and was made from this store content, else None."""
    try:
        with path.open(encoding="utf-8") as lines:
            header = json.loads(next(lines, "{}"))
            if header.get("format") != FORMAT or header.get("fingerprint") != mark:
                return None
            found = [_records(json.loads(line)) for line in lines]
        if len(found) != header.get("documents"):  # cut short at a line's end
            raise ValueError(f"{len(found)} documents where the header says {header.get('documents')}")
        return found
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        log.warning("ignoring the catalogue snapshot %s: %s", path, error)
        return None


def _document(found: DocumentRecords) -> dict[str, Any]:
    d = found.document
    return {"d": [d.iri, d.name, d.title, d.published],
            "c": [[r.iri, r.order[0], r.order[1], r.type, r.status, r.roles, r.facts] for r in found.commitments],
            "e": [[e.iri, e.order[0], e.order[1], e.kind, e.participants, e.facts] for e in found.events]}


def _records(item: dict[str, Any]) -> DocumentRecords:
    intern = sys.intern
    iri, name, title, published = item["d"]
    commitments = [
        CommitmentRecord(iri=c, document=iri, order=(intern(date), tie, c), type=intern(kind), status=intern(status),
                         roles=tuple((intern(role), intern(actor)) for role, actor in roles),
                         facts=tuple((intern(field), value) for field, value in facts))
        for c, date, tie, kind, status, roles, facts in item["c"]]
    events = [
        EventRecord(iri=e, document=iri, order=(intern(date), tie, e), kind=intern(kind),
                    participants=tuple(intern(actor) for actor in participants),
                    facts=tuple((intern(field), value) for field, value in facts))
        for e, date, tie, kind, participants, facts in item["e"]]
    return DocumentRecords(DocumentFacts(iri, name, title, published), commitments, events)
