"""A run without linking bulk loads each batch on a thread of its own while the next documents are
taken (kg.ingest_bulk.BulkWriter(background=True)): the same store, results in file order, a failed
document and a stored one in between, and the store's TriG batch equal to N-Quads written per line."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.ingest_bulk as ingest_bulk
from kg.ingest import ingest_paths
from kg.sources import discover
from kg.store import GraphStore
from kg.store.oxigraph import _split_lines_starting

from .test_ingest import write_corpus
from .test_ingest_bulk import bulk_always, write_invalid_claims  # noqa: F401 - bulk_always: a fixture


def test_background_batches_give_the_store_one_transaction_per_document_gives(preparer, tmp_path: Path, bulk_always,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", 7)
    write_invalid_claims(corpus / "article-003b.yaml")
    threads: list[str] = []
    original = GraphStore.bulk_write

    def noting(self, documents, **kwargs):  # noqa: ANN001, ANN003
        import threading

        threads.append(threading.current_thread().name)
        return original(self, documents, **kwargs)

    monkeypatch.setattr(GraphStore, "bulk_write", noting)
    bulk = GraphStore.open(tmp_path / "bulk")
    results = ingest_paths(bulk, [corpus], preparer, link=False)
    assert [Path(r.source).name for r in results] == sorted(p.name for p in corpus.glob("*.yaml"))
    assert sorted(r.outcome.value for r in results) == ["failed"] + ["written"] * 7
    assert any(name.startswith("kg-bulk") for name in threads), "some batches written in the background"
    monkeypatch.setattr(ingest_bulk, "BULK_MIN_DOCUMENTS", 10**9)
    plain = GraphStore.open(tmp_path / "plain")
    ingest_paths(plain, [corpus], preparer, link=False)
    assert set(bulk.quads()) == set(plain.quads())
    assert not (tmp_path / "bulk.bulk-pending").exists()
    again = ingest_paths(bulk, [corpus], preparer, link=False)
    assert sorted(r.outcome.value for r in again) == ["failed"] + ["unchanged"] * 7


def test_marker_lines_are_split_off_wherever_they_stand() -> None:
    text = '<d> <h> "1" .\n<a> <b> "<d> <h> x" .\n<d> <h> "2" .\n<a> <b> <c> .\n<d> <h> "3" .'
    kept, held = _split_lines_starting(text.encode(), b"<d> <h> ")
    assert [line for line in b"".join(kept).decode().split("\n") if line] == ['<a> <b> "<d> <h> x" .', "<a> <b> <c> ."]
    assert held == [b'<d> <h> "1" .', b'<d> <h> "2" .', b'<d> <h> "3" .']


def test_batches_grow_while_the_loader_is_busy_and_shrink_near_the_end(preparer, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    corpus = write_corpus(tmp_path / "corpus", 40)
    items = [preparer.prepare(source) for source in discover([corpus])]
    per_document = items[0].triples
    sizes: list[int] = []
    release = threading.Event()
    original = GraphStore.bulk_write

    def held(self, documents, **kwargs):  # noqa: ANN001, ANN003
        sizes.append(len(documents))
        release.wait(30)  # the loader is busy until the test lets it go
        return original(self, documents, **kwargs)

    monkeypatch.setattr(GraphStore, "bulk_write", held)
    store = GraphStore.open(tmp_path / "store")
    writer = ingest_bulk.BulkWriter(store, 2 * per_document, background=True, expected=len(items))
    results = []
    for item in items[:7]:  # two in flight, five waiting (a grown batch is six)
        results += writer.add(item)
    assert len(sizes) == 1
    release.set()
    for item in items[7:]:
        results += writer.add(item)
    results += writer.flush()
    writer.close()
    # the first batch at the batch size; the next grew while the first was held; the last ones,
    # near the end, at the batch size again
    assert sizes[0] == 2
    assert sizes[1] == 2 * ingest_bulk.BULK_BATCH_GROWTH
    assert all(size <= 2 for size in sizes[-2:])
    assert [r.source for r in results] == [item.source for item in items]
    assert sum(sizes) == len(items) and len(store.graph_iris()) >= len(items)
