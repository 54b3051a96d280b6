"""`kg ingest` as a user runs it: what it ingests when handed an article, and while `kg serve` runs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api_fixtures import seeded_template  # noqa: F401 - fixture

from .conftest import SEED_ARTICLE, SEED_CLAIMS


def kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout)


def reviewed_counts(store: Path) -> dict[str, int]:
    query = ("SELECT ?reviewed (COUNT(?c) AS ?n) WHERE { ?c a ck:Commitment ; ck:reviewed ?reviewed } "
             "GROUP BY ?reviewed")
    result = kg("query", "--store", str(store), "--format", "json", query)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    return {row["reviewed"]["value"]: int(row["n"]["value"]) for row in rows}


def test_an_article_named_alone_ingests_the_reviewed_file_beside_it(tmp_path: Path) -> None:
    article = Path(shutil.copy(SEED_ARTICLE, tmp_path))
    shutil.copy(SEED_CLAIMS, tmp_path)
    store = tmp_path / "store"

    result = kg("ingest", "--store", str(store), str(article))

    assert result.returncode == 0, result.stderr
    assert "nothing to ingest" not in result.stdout
    assert f"written   {tmp_path / SEED_CLAIMS.name}" in result.stdout
    assert reviewed_counts(store) == {"true": 11}, "the reviewed claims, not a machine extraction"


# -- while `kg serve` holds the store ------------------------------------------------------------

NORWAY = """document: norway-air-defence.txt
published: 2025-09-01
commitments:
  - committer: Norway
    type: air_defence
    status: pledged
    beneficiary: Ukraine
    quote: Norway will provide air defence systems to Ukraine.
"""


class Server:
    """A real `kg serve` in a subprocess on a free loopback port."""

    def __init__(self, store: Path, *extra: str) -> None:
        from tests.api_fixtures import free_port

        self.store = store
        self.url = f"http://127.0.0.1:{free_port()}"
        env = {k: v for k, v in os.environ.items() if k not in ("KG_WRITE_TOKEN", "KG_STORE")}
        env.update(KG_QUERY_WORKERS="1", KG_CATALOGUE_SNAPSHOT="false")
        self.log = (store.parent / "serve.log").open("w")
        self.out = store.parent / "serve.out"
        with self.out.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", self.url.rsplit(":", 1)[1],
                 *extra], stdout=out, stderr=self.log, text=True, env=env)
        deadline = time.monotonic() + 90
        while not self.answers():
            assert self.process.poll() is None, (store.parent / "serve.log").read_text()
            assert time.monotonic() < deadline, "kg serve did not answer"
            time.sleep(0.2)

    @property
    def printed(self) -> str:
        return self.out.read_text()

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        self.log.close()
        return self.process.returncode


@pytest.fixture
def store_copy(seeded_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "store"
    shutil.copytree(seeded_template, target)
    return target


@pytest.fixture
def server(store_copy: Path) -> Iterator[Server]:
    running = Server(store_copy)
    try:
        yield running
    finally:
        running.stop()


def note_of(store: Path) -> Path:
    return store.parent / f"{store.name}.server.json"


def test_serve_leaves_its_write_token_beside_the_store_for_its_owner_only(server: Server) -> None:
    note = note_of(server.store)
    assert f"the write token is in {note}" in server.printed, "the server says where (make run shows it)"
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    token = json.loads(note.read_text())["token"]
    request = urllib.request.Request(server.url + "/documents", data=NORWAY.encode(), method="POST",
                                     headers={"Content-Type": "application/yaml", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201, "the token in the note is the server's write token"
    server.stop()
    assert not note.exists(), "the note goes with the server"


def test_ingest_while_the_server_runs_hands_the_documents_to_it(server: Server, tmp_path: Path) -> None:
    claims = tmp_path / "norway.yaml"
    claims.write_text(NORWAY)

    result = kg("ingest", "--store", str(server.store), str(claims))

    assert result.returncode == 0, result.stderr
    assert f"written   {claims} (" in result.stdout
    assert server.url in result.stderr
    status, document = server.get("/documents/norway-air-defence")
    assert status == 200 and document["commitments"]
    _, listed = server.get("/commitments?committer=norway")
    assert listed["total"] == 1, "the server's lists follow the write"
    again = kg("ingest", "--store", str(server.store), str(claims))
    assert again.returncode == 0 and f"unchanged {claims}" in again.stdout


def test_an_article_sent_to_the_server_is_stored_as_a_local_ingest_stores_it(server: Server, tmp_path: Path) -> None:
    article = Path(shutil.copy(SEED_ARTICLE, tmp_path / "alone.txt"))
    sent = kg("ingest", "--store", str(server.store), str(article))
    assert sent.returncode == 0, sent.stderr
    assert f"written   {article}" in sent.stdout
    server.stop()

    local = kg("ingest", "--store", str(server.store), str(article))

    assert local.returncode == 0, local.stderr
    assert f"unchanged {article}" in local.stdout, "the same graph, extracted and marked the same way"


def test_failures_through_the_server_read_as_a_local_runs(server: Server, seeded_template: Path,
                                                          tmp_path: Path) -> None:
    unquoted = tmp_path / "unquoted.yaml"
    unquoted.write_text(NORWAY.replace("    quote: Norway will provide air defence systems to Ukraine.\n", ""))
    other = tmp_path / "other-store"
    shutil.copytree(seeded_template, other)

    remote = kg("ingest", "--store", str(server.store), str(unquoted))
    local = kg("ingest", "--store", str(other), str(unquoted))

    assert remote.returncode == local.returncode == 1
    failures = [line for line in remote.stderr.splitlines() if not line.startswith("the store is held")]
    assert failures == local.stderr.splitlines()
    assert "a quote" in local.stderr
    assert server.get("/documents/norway-air-defence")[0] == 404, "nothing of it written"


def test_a_note_left_by_a_server_that_died_is_ignored_once_the_store_is_free(store_copy: Path, tmp_path: Path) -> None:
    note = note_of(store_copy)
    note.write_text(json.dumps({"url": "http://127.0.0.1:9", "token": "stale", "pid": 1}))
    note.chmod(0o600)
    claims = tmp_path / "norway.yaml"
    claims.write_text(NORWAY)

    result = kg("ingest", "--store", str(store_copy), str(claims))

    assert result.returncode == 0, result.stderr
    assert f"written   {claims}" in result.stdout and "held by" not in result.stderr


def test_a_read_only_server_leaves_no_token_and_ingest_says_the_store_is_in_use(store_copy: Path,
                                                                                tmp_path: Path) -> None:
    running = Server(store_copy, "--read-only")
    try:
        assert not note_of(store_copy).exists() and "token" not in running.printed
        claims = tmp_path / "norway.yaml"
        claims.write_text(NORWAY)
        result = kg("ingest", "--store", str(store_copy), str(claims))
        assert result.returncode == 1
        assert "in use by another process" in result.stderr
    finally:
        running.stop()
