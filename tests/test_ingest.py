"""Ingestion writes each document whole, once, and replaces it when it changes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from kg.ingest import Outcome, ingest_paths
from kg.rdf.iris import document_iri
from kg.store import GraphStore

from .conftest import SEED_ARTICLE, SEED_CLAIMS, SEEDS


def test_the_seed_lands_in_its_own_named_graph(seeded_store: GraphStore) -> None:
    assert document_iri("000_73c4d19ee7ae6c07.txt") in seeded_store.graph_iris()
    stats = seeded_store.stats()
    assert (stats.documents, stats.commitments, stats.events) == (1, 11, 4)
    assert stats.actors >= 23


def test_ingesting_the_same_file_twice_changes_nothing(seeded_store: GraphStore, preparer) -> None:
    before = set(seeded_store.quads())
    results = ingest_paths(seeded_store, [SEED_CLAIMS], preparer)
    assert [r.outcome for r in results] == [Outcome.UNCHANGED]
    assert set(seeded_store.quads()) == before


def test_a_changed_file_replaces_that_documents_claims(seeded_store: GraphStore, preparer, tmp_path: Path) -> None:
    data = yaml.safe_load(SEED_CLAIMS.read_text(encoding="utf-8"))
    data["commitments"] = data["commitments"][:3]
    changed = tmp_path / SEED_CLAIMS.name
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    results = ingest_paths(seeded_store, [changed], preparer)
    assert [r.outcome for r in results] == [Outcome.REPLACED]
    assert seeded_store.stats().commitments == 3


def test_a_reviewed_claims_file_is_ingested_instead_of_its_article(store: GraphStore, preparer) -> None:
    results = ingest_paths(store, [SEEDS], preparer)
    assert {Path(r.source).name for r in results if r.outcome is Outcome.WRITTEN} == {SEED_CLAIMS.name}
    assert str(SEED_ARTICLE) not in {r.source for r in results if r.outcome is Outcome.WRITTEN}


def test_the_gazetteer_lands_in_a_reference_graph_of_its_own(seeded_store: GraphStore) -> None:
    from kg.rdf.mapping import ACTORS_GRAPH

    assert ACTORS_GRAPH in seeded_store.graph_iris()
    rows = list(seeded_store.query(
        "SELECT ?name WHERE { ?t a ck:Tenure ; ck:holder ?p ; ck:post ?post ; ck:during/time:hasBeginning/time:inXSDDate ?since . "
        "?post rdfs:label 'President of France' . ?p rdfs:label ?name }"))
    assert "Emmanuel Macron" in {row["name"].value for row in rows}


def test_the_default_graph_is_the_union_of_the_documents(seeded_store: GraphStore) -> None:
    rows = list(seeded_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a ck:Commitment }"))
    assert int(rows[0]["n"].value) == 11


def write_corpus(folder: Path, documents: int) -> Path:
    """`documents` copies of the seed's claims, each as a document of its own."""
    folder.mkdir()
    data = yaml.safe_load(SEED_CLAIMS.read_text(encoding="utf-8"))
    for number in range(documents):
        data["document"] = f"article-{number:03}.txt"
        (folder / f"article-{number:03}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_a_killed_ingest_leaves_documents_whole_and_a_rerun_completes(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 60)
    store_dir = tmp_path / "store"
    kg = [sys.executable, "-m", "kg", "ingest", "--quiet", "--store", str(store_dir), str(corpus)]
    process = subprocess.Popen(kg, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(store_dir.glob("*")):
        time.sleep(0.05)
    time.sleep(1.0)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    store = GraphStore.open(store_dir, read_only=True)
    per_document = {}
    for iri in store.graph_iris():
        if "/document/" in iri:
            per_document[iri] = len(store.graph(iri))
    del store
    assert len(set(per_document.values())) <= 1, "every document that landed landed whole"

    finished = subprocess.run(kg, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    store = GraphStore.open(store_dir, read_only=True)
    assert store.stats().documents == 60
    assert store.stats().commitments == 660


def test_worker_processes_give_the_same_store_as_one_process(preparer, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 6)
    single, parallel = GraphStore.open(tmp_path / "one"), GraphStore.open(tmp_path / "two")
    ingest_paths(single, [corpus], preparer, workers=1)
    results = ingest_paths(parallel, [corpus], preparer, workers=2)
    assert [r.outcome for r in results] == [Outcome.WRITTEN] * 6
    assert set(parallel.quads()) == set(single.quads())


def test_ingesting_leaves_the_garbage_collector_as_it_found_it(store: GraphStore, preparer) -> None:
    import gc

    # Frozen objects can still be freed by reference counting (a cache dropping an entry), so the
    # count may fall by a handful; an unfreeze would empty it, a freeze left behind would grow it.
    before = gc.get_freeze_count()
    ingest_paths(store, [SEED_CLAIMS], preparer)
    assert before - 100 <= gc.get_freeze_count() <= before, "objects frozen for the ingest loop are unfrozen after it"
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 1000
        ingest_paths(store, [SEED_CLAIMS], preparer)
        assert frozen - 100 <= gc.get_freeze_count() <= frozen, "a caller's own frozen objects stay frozen"
    finally:
        gc.unfreeze()


def test_workers_run_only_a_few_chunks_ahead_of_a_slow_writer(preparer, tmp_path: Path, monkeypatch) -> None:
    import kg.ingest as ingest
    from kg.sources import discover

    submitted: list[int] = []

    class CountingPool(ingest.ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            submitted.append(len(args[0]))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(ingest, "ProcessPoolExecutor", CountingPool)
    sources = discover([write_corpus(tmp_path / "corpus", 40)])
    stream = ingest._prepared(sources, preparer, workers=2)
    first = next(stream)  # the writer is still busy with the first document
    window = 2 * ingest.CHUNKS_IN_FLIGHT_PER_WORKER
    assert first.error is None and len(submitted) <= window + 1
    rest = list(stream)
    assert [p.source for p in [first, *rest]] == [str(s.path) for s in sources], "in order, every one"
    assert sum(submitted) == 40


def test_store_counts_follow_every_write(seeded_store: GraphStore, preparer, tmp_path: Path) -> None:
    before = seeded_store.stats()
    assert seeded_store.stats() == before
    corpus = write_corpus(tmp_path / "corpus", 2)
    ingest_paths(seeded_store, [corpus], preparer)
    after = seeded_store.stats()
    assert (after.documents, after.commitments) == (before.documents + 2, before.commitments + 22)
    assert after.triples == len(seeded_store)
    seeded_store.remove_graph(document_iri("article-000.txt"))
    assert seeded_store.stats().documents == before.documents + 1


def test_a_store_kept_inside_the_ingested_folder_offers_none_of_its_own_files(tmp_path: Path, preparer) -> None:
    store = GraphStore.open(tmp_path / "store")
    shutil.copy(SEED_CLAIMS, tmp_path)
    ingest_paths(store, [tmp_path], preparer)
    (tmp_path / "store.server.json").write_text("{}", encoding="utf-8")  # what `kg serve` leaves beside it
    again = ingest_paths(store, [tmp_path], preparer)
    assert [(Path(r.source).name, r.outcome) for r in again] == [(SEED_CLAIMS.name, Outcome.UNCHANGED)]
