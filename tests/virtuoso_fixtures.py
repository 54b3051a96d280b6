"""A real Virtuoso for the remote-store tests: started once per session by scripts/virtuoso, in a
temporary folder on free loopback ports, and stopped at the end.

Without Debian's virtuoso-opensource the tests that use it skip and say why; in CI
(KG_REQUIRE_SYSTEM_PACKAGES=1, .ci/run installs it) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.store.remote import RemoteStore
from tests.api_fixtures import free_port
from tests.conftest import require_system_package

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "virtuoso"


@dataclass
class Virtuoso:
    """One running server and what a client needs to reach it."""

    folder: Path
    http_port: int
    sql_port: int
    credentials: dict[str, str]

    @property
    def url(self) -> str:
        return f"sparql+http://127.0.0.1:{self.http_port}/sparql-auth"

    def script_env(self) -> dict[str, str]:
        return {**os.environ, "KG_VIRTUOSO_DIR": str(self.folder), "KG_VIRTUOSO_HTTP_PORT": str(self.http_port),
                "KG_VIRTUOSO_SQL_PORT": str(self.sql_port), "KG_VIRTUOSO_BUFFERS": "20000"}

    def client_env(self) -> dict[str, str]:
        """The environment of a `kg` process that uses this server (credentials there, not in argv)."""
        return {**os.environ, "KG_STORE": self.url, "KG_STORE_USER": self.credentials["KG_STORE_USER"],
                "KG_STORE_PASSWORD": self.credentials["KG_STORE_PASSWORD"]}

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {"store": self.url, "store_user": self.credentials["KG_STORE_USER"],
                                  "store_password": self.credentials["KG_STORE_PASSWORD"], "query_timeout_s": 10.0,
                                  "catalogue_snapshot": False}
        values.update(overrides)
        return Settings(**values)

    def open(self, **overrides: Any) -> RemoteStore:
        from kg.store.open import open_store

        store = open_store(self.settings(**overrides))
        assert isinstance(store, RemoteStore)
        return store

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(SCRIPT), command], env=self.script_env(), capture_output=True, text=True,
                              timeout=180)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """The server `scripts/virtuoso start` runs in KG_TEST_VIRTUOSO_DIR (as .ci/run does), or else one
    of the session's own, in a temporary folder on free ports. Its project graphs are wiped."""
    require_system_package(shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None,
                           "Virtuoso is not installed (Debian's virtuoso-opensource: `scripts/virtuoso install`); "
                           "the remote-store tests run against a real server")
    given = os.environ.get("KG_TEST_VIRTUOSO_DIR")
    if given:
        server = Virtuoso(Path(given), int(os.environ.get("KG_VIRTUOSO_HTTP_PORT", "8890")),
                          int(os.environ.get("KG_VIRTUOSO_SQL_PORT", "1111")), {})
    else:
        server = Virtuoso(tmp_path_factory.mktemp("virtuoso"), free_port(), free_port(), {})
    started = server.run("start")  # says "already running" for the given one
    assert started.returncode == 0, started.stderr + started.stdout
    for line in (server.folder / "credentials").read_text().splitlines():
        key, _, value = line.partition("=")
        server.credentials[key] = value
    try:
        yield server
    finally:
        if not given:
            server.run("stop")


def wipe(store: RemoteStore) -> None:
    """Remove every graph of the project from the server (each test starts from nothing)."""
    from kg.store.remote import _requests

    for request in _requests([f"DROP SILENT GRAPH <{g}>" for g in store.graph_iris()]):  # as many as Virtuoso takes
        store.http.update(request)


@pytest.fixture
def remote_store(virtuoso: Virtuoso) -> Iterator[RemoteStore]:
    store = virtuoso.open()
    wipe(store)
    yield store
    store.close()
