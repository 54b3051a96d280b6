"""A large ingest run ends by compacting the store (GraphStore.optimize); the data stay the same."""

from __future__ import annotations

from pathlib import Path

import kg.ingest as ingest
from kg.ingest import Outcome, ingest_paths
from kg.store import GraphStore

from .test_ingest import write_corpus


def _counting_optimize(monkeypatch) -> list[int]:
    calls: list[int] = []
    original = GraphStore.optimize

    def optimize(self: GraphStore) -> None:
        calls.append(len(self))
        original(self)

    monkeypatch.setattr(GraphStore, "optimize", optimize)
    return calls


def test_a_run_past_the_threshold_is_compacted_and_keeps_every_quad(preparer, tmp_path: Path, monkeypatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", 3)
    plain = GraphStore.open(tmp_path / "plain")
    ingest_paths(plain, [corpus], preparer, optimize=False)
    calls = _counting_optimize(monkeypatch)
    monkeypatch.setattr(ingest, "OPTIMIZE_AFTER_TRIPLES", 1)
    compacted = GraphStore.open(tmp_path / "compacted")
    results = ingest_paths(compacted, [corpus], preparer)
    assert [r.outcome for r in results] == [Outcome.WRITTEN] * 3
    assert calls == [len(plain)]
    assert set(compacted.quads()) == set(plain.quads())


def test_a_small_run_an_unchanged_run_and_a_store_in_memory_are_not_compacted(preparer, tmp_path: Path,
                                                                              monkeypatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", 2)
    calls = _counting_optimize(monkeypatch)
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [corpus], preparer)  # far below OPTIMIZE_AFTER_TRIPLES
    assert calls == []
    monkeypatch.setattr(ingest, "OPTIMIZE_AFTER_TRIPLES", 1)
    assert [r.outcome for r in ingest_paths(store, [corpus], preparer)] == [Outcome.UNCHANGED] * 2
    assert calls == [], "nothing written, nothing to compact"
    ingest_paths(GraphStore.open(None), [corpus], preparer)
    assert calls == [], "a store in memory has no files to compact"
