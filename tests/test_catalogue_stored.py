"""Each document's catalogue records kept in the store beside it (kg/catalogue/stored.py): the same
records as reading each document graph whole, trusted only for the content they were made from,
and a store without them read a predicate at a time as before."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from bench import generate
from kg.catalogue import CatalogueQuery, CommitmentCatalogue, EventQuery, stored
from kg.catalogue.index import _is_document
from kg.catalogue.records import DocumentRecords
from kg.ingest import ingest_paths
from kg.store import GraphStore
from kg.terms import CK


def _by_document(found: list[DocumentRecords]) -> dict[str, tuple]:
    return {d.document.iri: (d.document, sorted(d.commitments), sorted(d.events)) for d in found}


def _never() -> list[DocumentRecords]:
    raise AssertionError("read every graph instead of the stored records")


def _store(tmp_path: Path, preparer, documents: int = 6) -> GraphStore:
    store = GraphStore.open(tmp_path / "store")
    paths = generate.write_batch(tmp_path / "docs", documents, 17, per_doc=30)
    ingest_paths(store, paths, preparer)  # linked: tracked-commitment graphs beside the documents
    return store


def test_stored_records_are_the_records_of_each_graph(tmp_path: Path, preparer) -> None:
    store = _store(tmp_path, preparer)
    expected = _by_document(list(CommitmentCatalogue(store)._read_graphs()))
    assert stored.write_all(store.raw, _is_document) == 6
    found = _by_document(stored.read_store(store.raw, _is_document, _never))
    assert found == expected
    assert sum(len(c) for _, c, _ in found.values()) == 180 and sum(len(e) for _, _, e in found.values()) > 0


def test_a_catalogue_built_from_stored_records_pages_as_one_built_from_the_graphs(tmp_path: Path, preparer) -> None:
    store = _store(tmp_path, preparer)
    from_graphs = CommitmentCatalogue(store)
    from_graphs.build()
    stored.write_all(store.raw, _is_document)
    from_records = CommitmentCatalogue(store)
    from_records.build()
    first = from_graphs.page(CatalogueQuery(limit=1)).records[0]
    actor = next(a for r, a in first.roles if r.endswith("committer"))
    for query in (CatalogueQuery(limit=7), CatalogueQuery(actor=actor, limit=9, newest_first=True),
                  CatalogueQuery(type=first.type, status=first.status, limit=4)):
        assert from_records.page(query) == from_graphs.page(query)
    assert from_records.events_page(EventQuery(limit=5)) == from_graphs.events_page(EventQuery(limit=5))
    assert from_records._tables.documents == from_graphs._tables.documents


def test_records_of_other_content_are_not_trusted(tmp_path: Path, preparer) -> None:
    store = _store(tmp_path, preparer)
    expected = _by_document(list(CommitmentCatalogue(store)._read_graphs()))
    stored.write_all(store.raw, _is_document)
    raw = store.raw
    # one document's graph rewritten by other means: a commitment gone and its hash changed
    graph = sorted(expected)[0]
    victim = expected[graph][1][0].iri
    raw.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{victim}> ?p ?o }} }}")
    raw.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{graph}> <{CK.contentHash}> ?h }} }} ; "
               f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <{CK.contentHash}> \"changed\" }} }}")
    # and another's stored literal made by another format
    other = sorted(expected)[1]
    text = next(q.object.value for q in raw.quads_for_pattern(ox.NamedNode(other), None, None,
                                                               ox.NamedNode(stored.RECORDS_GRAPH)))
    raw.update(stored.removal(other))
    raw.add(ox.Quad(ox.NamedNode(other), ox.NamedNode(stored.RECORDS), ox.Literal(text.replace('"v":1', '"v":0')),
                    ox.NamedNode(stored.RECORDS_GRAPH)))
    found = _by_document(stored.read_store(raw, _is_document, _never))
    fresh = _by_document(list(CommitmentCatalogue(store)._read_graphs()))
    assert found == fresh
    assert victim not in {r.iri for r in found[graph][1]} and len(found[graph][1]) == len(expected[graph][1]) - 1


def test_a_store_without_stored_records_is_read_a_predicate_at_a_time(tmp_path: Path, preparer, monkeypatch) -> None:
    store = _store(tmp_path, preparer)
    expected = _by_document(list(CommitmentCatalogue(store)._read_graphs()))
    monkeypatch.setattr(stored, "GRAPH_AT_A_TIME_UP_TO", 2)
    read_rest = []

    def rest() -> list[DocumentRecords]:
        read_rest.append(True)
        return list(CommitmentCatalogue(store)._read_graphs())

    assert _by_document(stored.read_store(store.raw, _is_document, rest)) == expected
    assert read_rest == [True]
    # a few documents without records: those graphs are read alone
    stored.write_all(store.raw, _is_document)
    for graph in sorted(expected)[:2]:
        store.raw.update(stored.removal(graph))
    assert _by_document(stored.read_store(store.raw, _is_document, _never)) == expected


def test_records_read_back_share_their_repeated_pairs(tmp_path: Path, preparer) -> None:
    store = _store(tmp_path, preparer, documents=3)
    stored.write_all(store.raw, _is_document)
    records = [r for d in stored.read_store(store.raw, _is_document, _never) for r in d.commitments]
    by_pair: dict[tuple[str, str], set[int]] = {}
    for record in records:
        for pair in record.roles + tuple(p for p in record.facts if p[0] == "reviewed"):
            by_pair.setdefault(pair, set()).add(id(pair))
    assert len(by_pair) < len(records)  # pairs repeat across records and documents...
    assert all(len(ids) == 1 for ids in by_pair.values())  # ...and each is one tuple
