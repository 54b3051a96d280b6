"""The catalogue built without a snapshot reads the embedded store a predicate at a time
(kg/catalogue/scan.py): the same records as reading each document graph whole, with tracked
commitments and curated links in the store beside the documents, and lists built lazily give the
pages the eager build gave."""

from __future__ import annotations

from pathlib import Path

from bench import generate
from kg.catalogue import CatalogueQuery, CommitmentCatalogue, EventQuery
from kg.catalogue.index import _is_document
from kg.catalogue.records import DocumentRecords
from kg.catalogue.scan import read_store
from kg.ingest import ingest_paths
from kg.rdf.iris import document_iri
from kg.claims.io import load_claims
from kg.store import GraphStore


def _by_document(found: list[DocumentRecords]) -> dict[str, tuple]:
    return {d.document.iri: (d.document, sorted(d.commitments), sorted(d.events)) for d in found}


def test_a_pass_per_predicate_reads_what_a_graph_at_a_time_reads(tmp_path: Path, preparer) -> None:
    store = GraphStore.open(tmp_path / "store")
    documents = generate.write_batch(tmp_path / "docs", 6, 17, per_doc=30)
    ingest_paths(store, documents, preparer)  # linked: tracked-commitment graphs beside the documents
    assert any(g.value.startswith("https://w3id.org/commitments-kg/id/tracked/") for g in store.raw.named_graphs())
    catalogue = CommitmentCatalogue(store)
    expected = _by_document(list(catalogue._read_graphs()))
    found = _by_document(read_store(store.raw, _is_document))
    assert found == expected
    assert sum(len(c) for _, c, _ in found.values()) == 180
    assert sum(len(e) for _, _, e in found.values()) > 0


def _pages(catalogue: CommitmentCatalogue, actor: str, kind: str, status: str) -> list:
    queries = [CatalogueQuery(limit=7), CatalogueQuery(actor=actor, limit=7, newest_first=True),
               CatalogueQuery(type=kind, limit=5), CatalogueQuery(status=status, limit=5),
               CatalogueQuery(type=kind, status=status, limit=3), CatalogueQuery(actor=actor, type=kind)]
    out = []
    for query in queries:
        page = catalogue.page(query)
        out.append((page.records, page.total, page.after))
    events = catalogue.events_page(EventQuery(limit=4))
    return out + [(events.records, events.total, events.after)]


def test_lists_made_when_first_asked_for_follow_writes_and_deletes(tmp_path: Path, preparer) -> None:
    store = GraphStore.open(tmp_path / "store")
    documents = generate.write_batch(tmp_path / "docs", 5, 23, per_doc=20)
    ingest_paths(store, documents[:3], preparer, link=False)
    lazy = CommitmentCatalogue(store)
    lazy.build()  # every list made
    first = lazy.page(CatalogueQuery(limit=1)).records[0]
    actor = next(a for r, a in first.roles if r.endswith("committer"))
    kind, status = first.type, first.status
    untouched = CommitmentCatalogue(store)
    untouched.build(catch_up=False)
    untouched._tables.by_kind = {(None, None): untouched._tables.by_kind[(None, None)]}  # as before complete()
    untouched._tables.by_actor = None
    ingest_paths(store, documents[3:], preparer, link=False)
    store.remove_graph(document_iri(load_claims(documents[0]).document))
    for catalogue in (lazy, untouched):
        catalogue.sync()
    fresh = CommitmentCatalogue(store)
    fresh.build()
    assert _pages(lazy, actor, kind, status) == _pages(fresh, actor, kind, status)
    assert _pages(untouched, actor, kind, status) == _pages(fresh, actor, kind, status)
