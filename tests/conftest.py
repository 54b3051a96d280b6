"""Shared fixtures: real components in temporary folders, never mocks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_73c4d19ee7ae6c07.txt"
SEED_CLAIMS = SEEDS / "000_73c4d19ee7ae6c07.claims.yaml"


def require_system_package(available: bool, reason: str) -> None:
    """Skip where a Debian package is missing, except in CI where .ci/run installs it."""
    if available:
        return
    if os.environ.get("KG_REQUIRE_SYSTEM_PACKAGES") == "1":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def gazetteer():
    from kg.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def validator():
    from kg.validate import Validator

    return Validator()


@pytest.fixture(scope="session")
def preparer(gazetteer, validator):
    from kg.ingest import Preparer

    return Preparer(gazetteer, validator)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[GraphStore]:
    """An empty Oxigraph store on disk in a temporary folder."""
    yield GraphStore.open(tmp_path / "store")


@pytest.fixture
def seeded_store(store: GraphStore, preparer) -> GraphStore:
    """A store holding the seed's curated claims."""
    from kg.ingest import ingest_paths

    results = ingest_paths(store, [SEED_CLAIMS], preparer)
    assert all(r.outcome.value == "written" for r in results), results
    return store


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of seeds/."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
