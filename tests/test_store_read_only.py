"""A read-only view of a store that another process is compacting opens on a later attempt (RocksDB
reports a file the writer just removed as missing), and other errors are reported at once."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store import GraphStore


def test_a_file_removed_by_the_writer_while_opening_is_retried(tmp_path: Path, monkeypatch) -> None:
    GraphStore.open(tmp_path / "store").flush()
    real, calls = ox.Store.read_only, []

    def flaky(path: str) -> ox.Store:
        calls.append(path)
        if len(calls) == 1:
            raise OSError("Corruption: IO error: No such file or directory: While open a file for random read: 000014.sst")
        return real(path)

    monkeypatch.setattr(ox.Store, "read_only", staticmethod(flaky))
    store = GraphStore.open(tmp_path / "store", read_only=True)
    assert len(calls) == 2 and len(store) == 0


def test_another_failure_to_open_is_reported_at_once(tmp_path: Path, monkeypatch) -> None:
    calls = []

    def broken(path: str) -> ox.Store:
        calls.append(path)
        raise OSError("Invalid argument: not a store")

    monkeypatch.setattr(ox.Store, "read_only", staticmethod(broken))
    with pytest.raises(StoreError, match="cannot open the store"):
        GraphStore.open(tmp_path / "store", read_only=True)
    assert len(calls) == 1
