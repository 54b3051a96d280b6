"""Several processes on one remote store: each sees what the others write (kg/store/follow.py),
on a real Virtuoso. A `kg serve` over the server answers for documents another process ingested,
replaced or deleted, without a restart."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.ingest import ingest_paths
from kg.store.remote import RemoteStore
from tests.api_fixtures import SEED_CLAIMS, SEED_DOCUMENT, free_port
from tests.virtuoso_fixtures import Virtuoso, remote_store, virtuoso  # noqa: F401 - fixtures

NORWAY = {
    "document": "norway-follow.txt", "published": "2025-09-05", "title": "Norway pledges air defence to Ukraine",
    "actors": [{"name": "Norway", "kind": "state"}, {"name": "Ukraine", "kind": "state"}],
    "commitments": [{"committer": "Norway", "type": "air_defence", "beneficiary": "Ukraine", "status": "pledged",
                     "date": "2025-09-05", "quote": "Norway will send two air defence systems to Ukraine."}],
}


class Served:
    """`kg serve` over the remote store, in a process of its own."""

    def __init__(self, virtuoso: Virtuoso, folder: Path) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        env = {**virtuoso.client_env(), "KG_QUERY_WORKERS": "1", "KG_STORE_FOLLOW_S": "0.5"}
        env.pop("KG_WRITE_TOKEN", None)
        self.log = folder / "serve.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", self.url.rsplit(":", 1)[1]],
                                            stdout=log, stderr=subprocess.STDOUT, env=env)
        self.wait_for(lambda: self.get("/health")[1].get("catalogue") == "ready", "the catalogue built", 90)

    def get(self, path: str) -> tuple[int, dict[str, Any]]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())
        except OSError:
            return 0, {}

    def wait_for(self, seen: Callable[[], bool], what: str, timeout: float = 15) -> float:
        """Seconds until `seen()` holds."""
        started = time.monotonic()
        while not seen():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() - started < timeout, f"kg serve never showed {what}"
            time.sleep(0.1)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


@pytest.fixture
def served(virtuoso: Virtuoso, remote_store: RemoteStore, preparer, tmp_path: Path) -> Iterator[Served]:
    ingest_paths(remote_store, [SEED_CLAIMS], preparer)
    server = Served(virtuoso, tmp_path)
    try:
        yield server
    finally:
        server.stop()


def kg_ingest(virtuoso: Virtuoso, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", "ingest", str(path)], env=virtuoso.client_env(),
                          capture_output=True, text=True, timeout=300)


def test_a_server_shows_a_document_another_process_ingests_without_a_restart(
        virtuoso: Virtuoso, served: Served, tmp_path: Path) -> None:
    assert served.get("/commitments?limit=1")[1]["total"] == 11
    assert served.get("/actors/norway/commitments")[1]["items"] == []
    norway = tmp_path / "norway.yaml"
    norway.write_text(yaml.safe_dump(NORWAY))
    ingested = kg_ingest(virtuoso, norway)
    assert ingested.returncode == 0 and "1 written" in ingested.stdout, ingested.stderr
    # The catalogue (REST lists), the tracked-commitment index and the counts all follow.
    def statuses() -> list[str]:
        return [i["status"] for i in served.get("/actors/norway/commitments")[1]["items"]]

    lag = served.wait_for(lambda: statuses() == ["pledged"], "Norway's commitment")
    print(f"seen {lag:.2f} s after the ingest ended")
    assert lag < 5  # KG_STORE_FOLLOW_S=0.5: the first read after half a second
    assert served.get("/commitments?limit=1")[1]["total"] == 12
    assert served.get("/documents")[1]["total"] == 2
    assert [t["status"] for t in served.get("/actors/norway/tracked")[1]["items"]] == ["pledged"]
    assert served.get("/stats")[1]["commitments"] == 12

    # Replaced by another process: the new status, once.
    changed = {**NORWAY, "commitments": [{**NORWAY["commitments"][0], "status": "delivered"}]}
    norway.write_text(yaml.safe_dump(changed))
    assert "1 replaced" in kg_ingest(virtuoso, norway).stdout
    served.wait_for(lambda: statuses() == ["delivered"], "the replaced status")
    assert served.get("/commitments?limit=1")[1]["total"] == 12


def test_a_server_drops_a_document_another_process_deletes(served: Served, virtuoso: Virtuoso) -> None:
    other = virtuoso.open()  # another writer: a handle of its own, as another process has
    assert served.get("/commitments/ukraine-arms-purchase-5d4970f32a")[0] == 200
    assert other.remove_graph(SEED_DOCUMENT)
    served.wait_for(lambda: served.get("/commitments/ukraine-arms-purchase-5d4970f32a")[0] == 404, "the deletion")
    served.wait_for(lambda: served.get("/commitments?limit=1")[1]["total"] == 0, "an empty list")
    assert served.get("/documents")[1]["total"] == 0
    other.close()


def test_a_handle_learns_the_graphs_other_writers_wrote_and_not_its_own(virtuoso: Virtuoso, remote_store: RemoteStore,
                                                                       preparer) -> None:
    reader, writer = virtuoso.open(store_follow_s=0.01), virtuoso.open(store_follow_s=0.01)
    start = reader.generation
    time.sleep(0.02)
    assert reader.changed_graphs(start) == frozenset()
    ingest_paths(writer, [SEED_CLAIMS], preparer, link=False)
    written = writer.generation
    time.sleep(0.02)
    changed = reader.changed_graphs(start)
    assert changed is not None and SEED_DOCUMENT in changed
    assert reader.generation == start + 1  # one entry for what the others wrote since the last look
    # A handle's own writes are in its log already, and are not reported again as another's.
    time.sleep(0.02)
    mine = writer.changed_graphs(0)
    assert mine is not None and SEED_DOCUMENT in mine and writer.generation == written
    # A request the server refuses leaves no stamp either: nothing to see.
    broken = (f'<{SEED_DOCUMENT}> <https://w3id.org/commitments-kg/ontology#x> '
              f'"ten"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    at = reader.generation
    with pytest.raises(Exception, match="cannot write graph"):
        writer.replace_ntriples(SEED_DOCUMENT, broken)
    time.sleep(0.02)
    assert reader.changed_graphs(at) == frozenset()
    # The stamps are no part of the project's dataset.
    assert all(str(g).startswith("https://w3id.org/commitments-kg/id/") for g in reader.graph_iris())
    reader.close()
    writer.close()
