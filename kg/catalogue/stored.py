"""Each document's catalogue records kept in the store itself, beside its graph, so that a
catalogue built without its snapshot reads about a thousand literals instead of a million rows.

Why: pyoxigraph decodes every term it returns, and the id-to-string lookup behind each IRI or
long literal costs 1.2-3 µs in RocksDB whoever asks for it (Python, or Oxigraph itself for a
CONCAT or GROUP_CONCAT). The records need about 1.1M (subject, value) rows at 100,000 commitments:
8.9 CPU-s read a predicate at a time (kg/catalogue/scan.py), and more when Oxigraph is asked to
join or group them into one row per commitment (its evaluator costs more than the decoding it
saves). Reading one literal per document costs what loading the snapshot costs.

The form: in the graph `RECORDS_GRAPH`, one quad per document, `<document> ck:catalogueRecords
"JSON"`, the JSON being the snapshot's form of that document's records (kg/catalogue/snapshot.py,
with its own table of strings) plus the format and the document's content hash it was made from.
The writer of the document writes it in the same transaction as the document's content-hash
marker (`quad_for`) and removes it with the document (`removal`), so the two never disagree; a
literal whose hash is not the document's current one (the graph rewritten by other means), or of
another format, is not trusted, and that document is read from its graph as before.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from kg.catalogue import snapshot
from kg.catalogue.records import DocumentRecords, SharedPairs, read_document
from kg.terms import CK, ID

log = logging.getLogger(__name__)
FORMAT = 1  # bumped with any change of the record layout snapshot._document writes, or of the records
RECORDS_GRAPH = str(ID["graph/catalogue"])
RECORDS = str(CK.catalogueRecords)
_CONTENT_HASH = str(CK.contentHash)
# Past this many documents without trusted records, reading a predicate at a time (scan.py) beats
# reading those documents' graphs one by one.
GRAPH_AT_A_TIME_UP_TO = 50


def encode(found: DocumentRecords, content_hash: str) -> str:
    """The literal's text for one document's records, made from the content its hash names."""
    strings = snapshot._Strings()
    item = snapshot._document(found, strings)
    item.update({"v": FORMAT, "h": content_hash, "s": strings.table})
    return json.dumps(item, separators=(",", ":"), ensure_ascii=False)


def quad_for(found: DocumentRecords, content_hash: str) -> ox.Quad:
    """What the writer adds in the transaction that writes the document's content-hash marker."""
    iri = found.document.iri
    return ox.Quad(ox.NamedNode(iri), ox.NamedNode(RECORDS), ox.Literal(encode(found, content_hash)),
                   ox.NamedNode(RECORDS_GRAPH))


def removal(document: str) -> str:
    """The SPARQL update the writer runs with the DROP GRAPH that removes the document."""
    return f"DELETE WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ <{document}> <{RECORDS}> ?records }} }}"


def decode(text: str, content_hash: str, shared: SharedPairs | None = None) -> DocumentRecords | None:
    """The records, if the literal is of this format and was made from the content `content_hash`
    names; else None. Strings of the literal's table are interned: each document has a table of
    its own, and a thousand documents name the same actors, types and statuses."""
    try:
        item = json.loads(text)
        if not isinstance(item, dict) or item.get("v") != FORMAT or item.get("h") != content_hash:
            return None
        table = item["s"]
        if not isinstance(table, list) or not all(isinstance(text, str) for text in table):
            return None
        return snapshot._records(item, list(map(sys.intern, table)), shared)
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _hashes(raw: ox.Store) -> dict[str, str]:
    """Each named graph's content hash, the quad `<graph> ck:contentHash ?h` in the graph itself."""
    query = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{_CONTENT_HASH}> ?h }} }}"
    return {row[0].value: row[1].value for row in raw.query(query)}


def read_store(raw: ox.Store, is_document: Callable[[str], bool],
               read_rest: Callable[[], Iterable[DocumentRecords]]) -> list[DocumentRecords]:
    """The records of every document graph with commitments, events or a name (as
    records.read_document reads each): from the stored literals where they are trusted, else from
    the graphs; `read_rest` (a pass per predicate over every graph) when most have none."""
    hashes = _hashes(raw)
    shared = SharedPairs()
    # Each literal decoded as it comes (35 MB of text at 100,000 commitments, never all held).
    decoded: dict[str, DocumentRecords | None] = {}
    for quad in raw.quads_for_pattern(None, ox.NamedNode(RECORDS), None, ox.NamedNode(RECORDS_GRAPH)):
        graph, mark = quad.subject.value, hashes.get(quad.subject.value)
        decoded[graph] = decode(quad.object.value, mark, shared) if mark is not None else None
    graphs = [g.value for g in raw.named_graphs() if isinstance(g, ox.NamedNode) and is_document(g.value)]
    out: list[DocumentRecords] = []
    missing: list[str] = []
    for graph in graphs:
        found = decoded.get(graph)
        if found is None:
            missing.append(graph)
        elif found.commitments or found.events or found.document.name is not None:
            out.append(found)
    if len(missing) > GRAPH_AT_A_TIME_UP_TO:
        log.info("%d of %d documents have no catalogue records in the store; reading them all", len(missing),
                 len(graphs))
        return list(read_rest())
    for graph in missing:
        node = ox.NamedNode(graph)
        found = read_document(graph, raw.quads_for_pattern(None, None, None, node))
        if found.commitments or found.events or found.document.name is not None:
            out.append(found)
    return out


def write_all(raw: ox.Store, is_document: Callable[[str], bool]) -> int:
    """Store the records of every document graph that has a content hash, read from the graph
    itself (for a store written before its writer kept them, and for tests); the count written.
    Not for a store another process is writing: a document rewritten meanwhile keeps the records
    of its old content, which its new hash then refuses."""
    hashes = _hashes(raw)
    quads = []
    for graph_node in raw.named_graphs():
        graph = graph_node.value
        if not isinstance(graph_node, ox.NamedNode) or not is_document(graph) or graph not in hashes:
            continue
        found = read_document(graph, raw.quads_for_pattern(None, None, None, graph_node))
        quads.append(quad_for(found, hashes[graph]))
    raw.update(f"DROP SILENT GRAPH <{RECORDS_GRAPH}>")
    raw.extend(quads)
    return len(quads)
