"""A write links only what it touches (kg/link/linker.py): a committer's reports are read one
type group at a time, and a group read for the first time is regrouped only around the write,
and around what a crash left behind, not whole.

Generated documents (bench/generate.py); the linker syncs as `kg serve`'s writer does.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench import generate
from kg.catalogue import CommitmentCatalogue
from kg.claims.io import load_claims
from kg.ingest import ingest_paths
from kg.link import linker as linker_module
from kg.link.linker import Linker
from kg.link.reports import StoreReader
from kg.rdf.iris import document_iri
from kg.store import GraphStore
from kg.terms import CK, RDF

_TYPE, _COMMITMENT = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CK.Commitment))


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate.write_batch(tmp_path_factory.mktemp("docs"), 9, 41, per_doc=30)


def test_a_store_linked_one_write_at_a_time_by_fresh_linkers_holds_what_a_rebuild_computes(
        tmp_path: Path, preparer, documents: list[Path]) -> None:
    store = GraphStore.open(tmp_path / "store")
    for path in documents:  # a new process (a cold linker) for every document
        linker = Linker(store)
        ingest_paths(store, [path], preparer, link=False)
        linker.sync()
    assert (Linker(store).rebuild().written, Linker(store).rebuild().removed) == (0, 0)


def test_a_group_reads_only_the_types_the_write_touches(tmp_path: Path, preparer, documents: list[Path]) -> None:
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, documents[:-1], preparer)  # linked
    linker = Linker(store)
    ingest_paths(store, documents[-1:], preparer, link=False)
    linker.sync()
    settings = linker.settings
    for name, known in linker._committers.items():
        assert not known.whole
        assert {settings.group(r.type) for r in known.reports.values()} == known.groups, name
    assert Linker(store).rebuild().written == 0


def test_a_crash_between_a_write_and_its_links_is_put_right_by_the_next_write(
        tmp_path: Path, preparer, documents: list[Path]) -> None:
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, documents[:-2], preparer)  # linked
    ingest_paths(store, documents[-2:-1], preparer, link=False)  # written, never linked: the crash
    linker = Linker(store)  # the next process
    ingest_paths(store, documents[-1:], preparer, link=False)
    linker.sync()
    graph = ox.NamedNode(document_iri(load_claims(documents[-2]).document))
    crashed = {q.subject.value for q in store.raw.quads_for_pattern(None, _TYPE, _COMMITMENT, graph)}
    held = {iri for known in linker._committers.values() for iri in known.reports}
    assert crashed & held  # the groups the next write touched hold reports of the crashed one
    for name, known in linker._committers.items():  # and every report of those groups is linked now
        assert set(known.reports) <= set(known.stored_of), name


def test_a_store_written_without_linking_is_linked_where_writes_touch_it(
        tmp_path: Path, preparer, documents: list[Path], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(linker_module, "_HEAL_AT_MOST", 5)  # a few unlinked reports: not a crash's
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, documents[:-1], preparer, link=False)
    linker = Linker(store)
    ingest_paths(store, documents[-1:], preparer, link=False)
    with caplog.at_level(logging.WARNING, logger="kg.link.linker"):
        written = linker.sync().written
    assert "kg link --rebuild" in caplog.text
    whole = Linker(store).rebuild().written  # what linking the groups whole writes besides
    assert 0 < written < whole
    assert Linker(store).rebuild().written == 0


def test_the_server_s_catalogue_gives_the_reports_the_store_gives(tmp_path: Path, preparer,
                                                                  documents: list[Path]) -> None:
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, documents[:-2], preparer)  # linked
    catalogue = CommitmentCatalogue(store)
    catalogue.build()
    linker = Linker(store, records=catalogue)  # as kg serve's writer makes it
    ingest_paths(store, documents[-2:-1], preparer, link=False)
    linker.sync()  # the catalogue has not seen the write yet: the linker brings it up to date
    ingest_paths(store, documents[-1:], preparer, link=False)
    linker.sync()
    reader = StoreReader(store.raw, linker.settings)
    for name, known in linker._committers.items():
        assert known.reports == {r.iri: r for r in reader.of_committer(name, groups=frozenset(known.groups))}, name
    assert Linker(store).rebuild().written == 0
