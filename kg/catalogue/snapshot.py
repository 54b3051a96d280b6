"""The catalogue's records on disk, so that a restart over an unchanged store skips the build.

A snapshot is valid only for the store content it was made from. Its fingerprint is every named
graph's IRI with the content hash its document carries (kg.rdf.mapping writes one into every
document graph, computed over all the graph's other triples), so adding, removing or changing any
document makes a new fingerprint and the snapshot is ignored. A store holding a document graph
without a content hash gets no fingerprint, hence no snapshot. Actor names are not saved: they
come from the shared actors graph, which grows without a new hash, and are read on every load.

The fingerprint says which store the records are of, not that they are the records read from it:
the file could be edited, cut short or broken after it was written. So the snapshot carries a
SHA-256 checksum over its header and records (on a last line of its own), and load() trusts it
only when the checksum matches, the records are as many as the header says and each is valid
JSON of the expected shape; otherwise the snapshot is ignored with a warning in the log and the
catalogue is read from the store again (and the snapshot rewritten). The checksum catches a
changed, cut or damaged file; it is no signature: whoever may write the file beside the store
may as well write the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.catalogue.records import (LINK_GRAPHS, CommitmentRecord, DocumentFacts, DocumentRecords, EventRecord,
                                  SharedPairs)
from kg.store import GraphStore
from kg.terms import CK

log = logging.getLogger(__name__)
FORMAT = 3  # 2: a checksum on the last line; 3: repeated strings as indices into the header's table
_CONTENT_HASH = ox.NamedNode(str(CK.contentHash))


def fingerprint(store: GraphStore, shared: frozenset[str]) -> str | None:
    """What the records are derived from, as one hash; None when a document graph has no hash."""
    raw = store.raw
    marks = {quad.graph_name.value: quad.object.value
             for quad in raw.quads_for_pattern(None, _CONTENT_HASH, None, None)
             if isinstance(quad.graph_name, ox.NamedNode) and quad.subject == quad.graph_name}
    digest = hashlib.sha256(f"catalogue snapshot format {FORMAT}\n".encode())
    for graph in sorted(g.value for g in raw.named_graphs() if isinstance(g, ox.NamedNode)):
        if graph in shared or graph.startswith(LINK_GRAPHS):
            continue
        if graph not in marks:
            return None
        digest.update(f"{graph}\t{marks[graph]}\n".encode())
    return digest.hexdigest()


def save(path: Path, mark: str, documents: list[DocumentRecords]) -> None:
    """Write the snapshot whole or not at all (a temporary file renamed over the old one): JSON
    Lines, a header, one line per document and the checksum of all of them, so that loading
    never holds the whole text."""
    write(path, mark, Encoded(documents))


class Encoded:
    """The records' lines and the table of strings they refer to, made before the store's
    fingerprint is known (kg.catalogue.ingested encodes them while an ingest's last batch loads)."""

    def __init__(self, documents: list[DocumentRecords]) -> None:
        strings = _Strings()
        self.iris = frozenset(found.document.iri for found in documents)
        self.lines = [json.dumps(_document(found, strings), separators=(",", ":")).encode("utf-8") + b"\n"
                      for found in documents]
        self.strings = strings.table


def write(path: Path, mark: str, encoded: Encoded) -> None:
    """save(), of records encoded before."""
    temporary = path.with_name(path.name + ".tmp")
    header = {"format": FORMAT, "fingerprint": mark, "documents": len(encoded.lines), "strings": encoded.strings}
    first = json.dumps(header, separators=(",", ":")).encode("utf-8") + b"\n"
    digest = hashlib.sha256(first)
    with temporary.open("wb") as out:
        out.write(first)
        for line in encoded.lines:
            digest.update(line)
            out.write(line)
        out.write(json.dumps({"sha256": digest.hexdigest()}).encode("utf-8") + b"\n")
    os.replace(temporary, path)


class _Untrusted(ValueError):
    """The snapshot is not exactly what save() wrote."""


def load(path: Path, mark: str) -> list[DocumentRecords] | None:
    """The saved records if the snapshot exists, was made from this store content and is intact
    (its checksum matches), else None."""
    try:
        with path.open("rb") as lines:
            first = next(lines, b"")
            header = json.loads(first) if first else None
            if not isinstance(header, dict):
                raise _Untrusted("it is empty" if not first else "its first line is not a header")
            if header.get("format") != FORMAT:
                log.info("ignoring the catalogue snapshot %s: format %s, not %s; the catalogue is read from the store",
                         path, header.get("format"), FORMAT)
                return None
            if header.get("fingerprint") != mark:
                return None  # made from other documents: the usual case after a write
            count = header.get("documents")
            if not isinstance(count, int) or count < 0:
                raise _Untrusted("its header gives no number of documents")
            table = header.get("strings")
            if not isinstance(table, list) or not all(isinstance(text, str) for text in table):
                raise _Untrusted("its header has no table of strings")
            digest = hashlib.sha256(first)
            shared = SharedPairs()
            found = []
            for _ in range(count):
                line = next(lines, b"")
                if not line.endswith(b"\n"):
                    raise _Untrusted(f"it ends after {len(found)} of {count} documents")
                digest.update(line)
                found.append(_records(json.loads(line), table, shared))
            trailer = json.loads(next(lines, b"") or b"{}")
            if not isinstance(trailer, dict) or "sha256" not in trailer:
                raise _Untrusted(f"no checksum after the {count} documents")
            if trailer["sha256"] != digest.hexdigest():
                raise _Untrusted("its checksum does not match its records (the file was changed after it was written)")
            if next(lines, None) is not None:
                raise _Untrusted("there is more after its checksum")
        return found
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:  # _Untrusted and JSONDecodeError are ValueErrors
        log.warning("ignoring the catalogue snapshot %s: %s; the catalogue is read from the store", path, error)
        return None


class _Strings:
    """The strings records share (actors, roles, types, statuses, dates, field names, short
    values), each written once in the header and referred to by its index: loading then makes one
    object per string instead of one per use, with no interning (3.6 -> 2.0 s at 100k commitments)."""

    def __init__(self) -> None:
        self.table: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        index = self._index.get(text)
        if index is None:
            index = self._index[text] = len(self.table)
            self.table.append(text)
        return index


def _facts(facts: tuple[tuple[str, str], ...], strings: _Strings) -> list[Any]:
    """[field index, value, field index, value, ...]: values inline, so that reading them back is
    one zip (a table lookup per value cost more than the memory it saved)."""
    return [item for field, value in facts for item in (strings(field), value)]


def _document(found: DocumentRecords, strings: _Strings) -> dict[str, Any]:
    d = found.document
    return {"d": [d.iri, d.name, d.title, d.published],
            "c": [[r.iri, strings(r.day), r.tie, strings(r.type), strings(r.status),
                   [strings(part) for pair in r.roles for part in pair], _facts(r.facts, strings)]
                  for r in found.commitments],
            "e": [[e.iri, strings(e.day), e.tie, strings(e.kind), [strings(a) for a in e.participants],
                   _facts(e.facts, strings)] for e in found.events]}


def _records(item: dict[str, Any], table: list[str], shared: SharedPairs) -> DocumentRecords:
    at = table.__getitem__
    roles_of, facts_of = shared.roles, shared.flat_facts

    def flat(facts: list[Any]) -> list[Any]:  # [name index, value, ...] -> [name, value, ...]
        facts[0::2] = map(at, facts[0::2])
        return facts
    iri, name, title, published = item["d"]
    # tuple.__new__ with the fields in their order: the records are named tuples, and this is the
    # hot loop of a start from the snapshot (100,000 records; keywords cost half as much again).
    new = tuple.__new__
    commitments = [
        new(CommitmentRecord, (c, iri, table[date], tie, table[kind], table[status],
                               roles_of(zip(map(at, roles[0::2]), map(at, roles[1::2]))),
                               facts_of(flat(facts))))
        for c, date, tie, kind, status, roles, facts in item["c"]]
    events = [
        new(EventRecord, (e, iri, table[date], tie, table[kind], tuple(map(at, participants)),
                          facts_of(flat(facts))))
        for e, date, tie, kind, participants, facts in item["e"]]
    return DocumentRecords(DocumentFacts(iri, name, title, published), commitments, events)
