"""Fixtures of the serving layer: the seeded store, the app, a TestClient and a real uvicorn server.

Test modules import the fixtures they use from here (`from tests.api_fixtures import ...`).
The session-wide store is seeded once and only read; tests that write or need other settings
build their own app with `make_app`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kg.config import Settings
from kg.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
SEED_CLAIMS = ROOT / "seeds" / "000_73c4d19ee7ae6c07.claims.yaml"
SEED_DOCUMENT = "https://w3id.org/commitments-kg/id/document/000-73c4d19ee7ae6c07"
TOKEN = "test-write-token"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settings_for(path: Path | None, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"store": path or Path("unused"), "query_timeout_s": 10.0, "query_workers": 2}
    values.update(overrides)
    return Settings(**values)


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run the app with uvicorn on a free loopback port in a thread; yields its base URL."""
    port = free_port()
    from api.protocol import ProblemHttpToolsProtocol

    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                            http=ProblemHttpToolsProtocol)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory, preparer) -> GraphStore:
    """A store on disk holding the seed's curated claims, shared by the read-only tests."""
    from kg.ingest import ingest_paths

    store = GraphStore.open(tmp_path_factory.mktemp("api") / "store")
    results = ingest_paths(store, [SEED_CLAIMS], preparer)
    assert [r.outcome.value for r in results] == ["written"], results
    return store


@pytest.fixture(scope="session")
def client(api_store: GraphStore, preparer) -> Iterator[TestClient]:
    """A TestClient over an app on the shared seeded store (query workers started by its lifespan)."""
    from api.app import create_app

    app = create_app(settings_for(api_store.path), api_store, preparer=preparer)
    with TestClient(app) as test_client:
        assert app.state.catalogue.wait_ready(60), "the commitment catalogue was not built"
        yield test_client


@pytest.fixture(scope="session")
def live_server(api_store: GraphStore, preparer) -> Iterator[str]:
    """A real uvicorn server on a free loopback port over the shared seeded store: its base URL."""
    from api.app import create_app

    app = create_app(settings_for(api_store.path), api_store, preparer=preparer)
    with serve(app) as url:
        yield url


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, preparer) -> Path:
    """A closed store folder holding the seed, to copy: faster than ingesting (and validating the
    gazetteer's reference graph) again for every test that writes."""
    import gc

    from kg.ingest import ingest_paths

    path = tmp_path_factory.mktemp("template") / "store"
    store = GraphStore.open(path)
    ingest_paths(store, [SEED_CLAIMS], preparer)
    store.flush()
    del store
    gc.collect()
    return path


@pytest.fixture
def fresh_store(seeded_template: Path, tmp_path: Path) -> GraphStore:
    """A store of its own holding the seed, for a test that writes."""
    import shutil

    target = tmp_path / "fresh-store"
    shutil.copytree(seeded_template, target)
    return GraphStore.open(target)


@pytest.fixture
def make_app(preparer) -> Iterator[Callable[..., FastAPI]]:
    """Build apps with other settings over a given store; their query workers are stopped afterwards."""
    from api.app import create_app

    apps: list[FastAPI] = []

    def build(store: GraphStore, **overrides: Any) -> FastAPI:
        app = create_app(settings_for(store.path, **overrides), store, preparer=preparer)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.state.sparql.close()


@pytest.fixture
def writable_client(fresh_store: GraphStore, make_app) -> Iterator[TestClient]:
    """A TestClient over a fresh seeded store of its own, with writes enabled by TOKEN."""
    app = make_app(fresh_store, write_token=TOKEN)
    with TestClient(app) as test_client:
        assert app.state.catalogue.wait_ready(60), "the commitment catalogue was not built"
        yield test_client
