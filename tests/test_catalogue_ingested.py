"""kg ingest leaves the catalogue's snapshot beside the store, so the server starts from it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

import kg.ingest_bulk as ingest_bulk
from kg.catalogue import CatalogueQuery, CommitmentCatalogue, EventQuery, snapshot
from kg.catalogue.ingested import IngestSnapshot, beside
from kg.catalogue.records import read_document
from kg.ingest import ingest_paths
from kg.store import GraphStore

from .test_ingest import write_corpus


def documents(store: GraphStore) -> list[str]:
    return [g.value for g in store.raw.named_graphs() if g.value.startswith("https://w3id.org/commitments-kg/id/document/")]


def everything(catalogue: CommitmentCatalogue) -> tuple[list, list]:
    return (catalogue.page(CatalogueQuery(limit=100_000)).records,
            catalogue.events_page(EventQuery(limit=100_000)).records)


def from_store(store: GraphStore) -> CommitmentCatalogue:
    catalogue = CommitmentCatalogue(store)  # no snapshot: read from the store
    catalogue.build()
    return catalogue


def from_snapshot(store: GraphStore) -> CommitmentCatalogue:
    assert store.path is not None
    catalogue = CommitmentCatalogue(store, snapshot_path=beside(store.path))
    catalogue.build()
    assert catalogue.from_snapshot
    return catalogue


@pytest.mark.parametrize("bulk", [False, True], ids=["transactions", "bulk"])
def test_after_an_ingest_the_catalogue_loads_the_records_the_store_gives(preparer, tmp_path: Path, bulk: bool,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_bulk, "BULK_MIN_DOCUMENTS", 1 if bulk else 10**9)
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [write_corpus(tmp_path / "corpus", 3)], preparer)
    assert beside(store.path).is_file()
    assert everything(from_snapshot(store)) == everything(from_store(store))


def test_a_later_run_keeps_the_snapshot_whole_from_the_one_before(preparer, tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [write_corpus(tmp_path / "first", 2)], preparer)
    more = tmp_path / "more"
    more.mkdir()
    data = yaml.safe_load((tmp_path / "first" / "article-000.yaml").read_text(encoding="utf-8"))
    data["document"] = "another.txt"
    data["commitments"] = data["commitments"][:4]
    (more / "another.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ingest_paths(store, [more], preparer)  # one new document; the two before come from the snapshot
    again = from_snapshot(store)
    assert len(again) == 11 + 11 + 4
    assert everything(again) == everything(from_store(store))


def test_no_snapshot_when_the_records_of_stored_documents_are_unknown(preparer, tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [write_corpus(tmp_path / "first", 2)], preparer)
    beside(store.path).unlink()
    ingest_paths(store, [write_corpus(tmp_path / "second", 1)], preparer)  # article-000 again: unchanged
    assert not beside(store.path).exists(), "article-001's records were in no snapshot and not in this run"


def test_the_snapshot_encoded_while_the_last_batch_loads_holds_what_the_store_gives(
        preparer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without linking, the last bulk batch loads on its own thread while the records are encoded.
    monkeypatch.setattr(ingest_bulk, "BULK_MIN_DOCUMENTS", 1)
    encoded: list[object] = []
    real = snapshot.write
    monkeypatch.setattr(snapshot, "write", lambda path, mark, ahead: (encoded.append(ahead), real(path, mark, ahead)))
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [write_corpus(tmp_path / "corpus", 3)], preparer, link=False)
    assert len(encoded) == 1 and len(encoded[0].iris) == 3  # type: ignore[attr-defined]
    assert everything(from_snapshot(store)) == everything(from_store(store))


def test_records_encoded_ahead_for_other_documents_are_not_written(preparer, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, [write_corpus(tmp_path / "first", 2)], preparer)
    before = set(documents(store))
    ahead = IngestSnapshot(store)
    ahead.encode_ahead()  # the two documents the store holds now
    ingest_paths(store, [write_corpus(tmp_path / "second", 3)], preparer)  # and a third since
    (third,) = set(documents(store)) - before
    ahead.add(third, read_document(third, store.raw.quads_for_pattern(None, None, None, ox.NamedNode(third))))
    stale, real = ahead._encoded, snapshot.write  # type: ignore[attr-defined]
    monkeypatch.setattr(snapshot, "write", lambda path, mark, encoded: (
        pytest.fail("the stale encoding was written") if encoded is stale else real(path, mark, encoded)))
    beside(store.path).unlink()
    assert ahead.save()
    assert everything(from_snapshot(store)) == everything(from_store(store))
