"""Runs of many documents go through the bulk loader (kg.ingest_bulk): the same store as document
by document, validation still per document, and whole documents after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import URIRef

import kg.ingest_bulk as ingest_bulk
from kg.ingest import Outcome, ingest_paths
from kg.rdf.iris import document_iri
from kg.store import GraphStore

from .conftest import SEED_CLAIMS
from .test_ingest import write_corpus


@pytest.fixture
def bulk_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk from one document on, in batches of about two seed documents."""
    monkeypatch.setattr(ingest_bulk, "BULK_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(ingest_bulk, "BULK_BATCH_TRIPLES", 500)


def write_invalid_claims(path: Path) -> None:
    """The seed's claims as `path` (its document named after it), with a commitment of no known type."""
    data = yaml.safe_load(SEED_CLAIMS.read_text(encoding="utf-8"))
    data["document"] = f"{path.stem}.txt"
    data["commitments"][0]["type"] = "not_a_type"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_bulk_gives_the_store_one_transaction_per_document_gives(preparer, tmp_path: Path, bulk_always,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", 5)
    write_invalid_claims(tmp_path / "corpus" / "article-bad.yaml")
    calls: list[int] = []
    original = GraphStore.bulk_write

    def counting(self, documents, **kwargs):  # noqa: ANN001, ANN003
        calls.append(len(documents))
        return original(self, documents, **kwargs)

    monkeypatch.setattr(GraphStore, "bulk_write", counting)
    bulk = GraphStore.open(tmp_path / "bulk")
    results = ingest_paths(bulk, [corpus], preparer)
    assert sorted(r.outcome.value for r in results) == ["failed"] + ["written"] * 5
    assert len(calls) >= 2 and sum(calls) == 5, "several batches, every valid document in one"
    monkeypatch.setattr(ingest_bulk, "BULK_MIN_DOCUMENTS", 10**9)
    plain = GraphStore.open(tmp_path / "plain")
    ingest_paths(plain, [corpus], preparer)
    assert set(bulk.quads()) == set(plain.quads())
    assert not (tmp_path / "bulk.bulk-pending").exists()


def test_stored_documents_keep_the_transactional_path(preparer, tmp_path: Path, bulk_always) -> None:
    corpus = write_corpus(tmp_path / "corpus", 3)
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [corpus], preparer)
    before = set(store.quads())
    assert [r.outcome for r in ingest_paths(store, [corpus], preparer)] == [Outcome.UNCHANGED] * 3
    assert set(store.quads()) == before
    first = corpus / "article-000.yaml"
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["commitments"] = data["commitments"][:2]
    first.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert sorted(r.outcome.value for r in ingest_paths(store, [corpus], preparer)) == ["replaced", "unchanged",
                                                                                        "unchanged"]
    assert store.stats().commitments == 2 + 11 + 11


def test_opening_for_writing_removes_what_a_bulk_write_left_unmarked(preparer, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 2)
    path = tmp_path / "store"
    store = GraphStore.open(path)
    ingest_paths(store, [corpus], preparer)
    kept, cut = document_iri("article-000.txt"), document_iri("article-001.txt")
    # What a kill between the bulk load and the markers leaves: a document without its marker.
    store.raw.remove(next(iter(store.raw.quads_for_pattern(
        ox.NamedNode(str(cut)), None, None, ox.NamedNode(str(cut))))))
    store.raw.update(f"DELETE WHERE {{ GRAPH <{cut}> {{ <{cut}> <https://w3id.org/commitments-kg/ontology#contentHash> ?h }} }}")
    (tmp_path / "store.bulk-pending").write_text(f"{kept}\n{cut}\n", encoding="utf-8")
    del store
    reader = GraphStore.open(path, read_only=True)
    assert reader.has_graph(URIRef(cut)), "a reader changes nothing"
    del reader
    store = GraphStore.open(path)
    assert not store.has_graph(URIRef(cut)) and store.has_graph(URIRef(kept))
    assert not (tmp_path / "store.bulk-pending").exists()
    assert [r.outcome for r in ingest_paths(store, [corpus], preparer)] == [Outcome.UNCHANGED, Outcome.WRITTEN]


def test_a_bulk_ingest_killed_mid_write_leaves_whole_documents_and_a_rerun_completes(tmp_path: Path) -> None:
    documents = ingest_bulk.BULK_MIN_DOCUMENTS + 20
    corpus = write_corpus(tmp_path / "corpus", documents)
    store_dir = tmp_path / "store"
    pending = tmp_path / "store.bulk-pending"
    kg = [sys.executable, "-m", "kg", "ingest", "--quiet", "--store", str(store_dir), str(corpus)]
    process = subprocess.Popen(kg, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not pending.exists() and process.poll() is None:
        time.sleep(0.002)
    assert pending.exists(), "the run reached a bulk write"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert pending.exists(), "the kill landed before the batch was marked"

    store = GraphStore.open(store_dir)  # for writing: removes the unmarked documents
    sizes = {len(store.graph_triples(iri)) for iri in store.graph_iris() if "/document/" in iri}
    assert len(sizes) <= 1, "every document left is whole"
    assert all(store.document_hash(iri) for iri in store.graph_iris() if "/document/" in iri)
    del store
    finished = subprocess.run(kg, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    store = GraphStore.open(store_dir, read_only=True)
    assert store.stats().documents == documents
    assert store.stats().commitments == 11 * documents
