"""A query worker reopens its read-only handle when, and only when, the store's files changed
(kg.query.workers.StoreChanges: inotify on the folder, or the files' names, sizes and times)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query.workers import StoreChanges


def _quad(i: int) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                   ox.Literal(str(i)), ox.NamedNode("http://example.org/g"))


@pytest.mark.parametrize("inotify", [True, False])
def test_a_write_is_seen_and_reading_is_not(tmp_path: Path, inotify: bool) -> None:
    path = tmp_path / "store"
    writer = ox.Store(str(path))
    writer.add(_quad(0))
    writer.flush()
    changes = StoreChanges(path)
    if not inotify:
        changes.close()  # as where inotify is missing
    assert changes.since_open()  # nothing opened yet
    changes.opening()
    reader = ox.Store.read_only(str(path))
    assert len(list(reader.quads_for_pattern(None, None, None))) == 1
    assert not changes.since_open()  # opening and reading a read-only handle writes nothing
    assert not changes.since_open()
    writer.add(_quad(1))
    assert changes.since_open()
    assert changes.since_open()  # until the next opening
    changes.opening()
    assert not changes.since_open()
    writer.flush()
    assert changes.since_open()
    changes.opening()
    writer.optimize()
    assert changes.since_open()
    changes.close()


def test_the_folder_going_away_counts_and_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "store"
    ox.Store(str(path)).add(_quad(0))
    changes = StoreChanges(path)
    changes.since_open()
    changes.opening()
    moved = tmp_path / "moved"
    path.rename(moved)
    moved.rename(path)
    assert changes.since_open()
    changes.opening()
    assert not changes.since_open()  # names, sizes and times from now on
    writer = ox.Store(str(path))
    writer.add(_quad(1))
    assert changes.since_open()
