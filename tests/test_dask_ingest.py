"""kg ingest --engine dask: preparation on a Dask LocalCluster of two workers gives the graph a
single-process ingest gives, and a worker killed in the middle of the run loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.ingest import IngestResult, ingest_paths
from kg.store import GraphStore

pytest.importorskip("distributed", reason="Dask is an optional extra: pip install '.[dask]'")
ARTICLES = 100


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hundred generated articles (bench/generate.py), with a claims file and a bad one among them."""
    from bench import generate

    folder = tmp_path_factory.mktemp("articles")
    for index, (text, published) in enumerate(generate.articles(ARTICLES, seed=5, target_chars=1500)):
        (folder / f"article-{index:04d}.txt").write_text(f"---\ndate: {published.isoformat()}\n---\n{text}")
    (folder / "claims.yaml").write_text((Path(__file__).parent.parent / "seeds" /
                                         "000_73c4d19ee7ae6c07.claims.yaml").read_text())
    (folder / "broken.yaml").write_text("document: broken.txt\ncommitments: [{committer: Narnia, amount: -1}]\n")
    return folder


@pytest.fixture(scope="module")
def single_process(articles: Path, tmp_path_factory: pytest.TempPathFactory, preparer) -> tuple[GraphStore, list]:
    store = GraphStore.open(tmp_path_factory.mktemp("single") / "store")
    return store, ingest_paths(store, [articles], preparer)


@pytest.fixture(scope="module")
def client():
    from kg.ingest_dask import dask_client

    with dask_client(None, 2) as dask:
        yield dask


def quads(store: GraphStore) -> set[tuple[str, ...]]:
    return {tuple(str(t) for t in quad) for quad in store.quads()}


def outcomes(results: list[IngestResult]) -> list[tuple[str, str]]:
    return [(Path(r.source).name, r.outcome.value) for r in results]


def test_a_dask_ingest_gives_the_quads_of_a_single_process_ingest(single_process, articles: Path, client,
                                                                   tmp_path: Path, preparer) -> None:
    from kg.ingest_dask import on_cluster

    expected_store, expected = single_process
    assert len(client.scheduler_info()["workers"]) == 2
    store = GraphStore.open(tmp_path / "store")
    results = ingest_paths(store, [articles], preparer, prepare=on_cluster(client))
    assert outcomes(results) == outcomes(expected)
    assert sum(r.outcome.value == "written" for r in results) >= ARTICLES  # every article and the claims file
    assert [r.outcome.value for r in results if Path(r.source).name == "broken.yaml"] == ["failed"]
    assert quads(store) == quads(expected_store)


def test_a_worker_killed_mid_run_loses_nothing(single_process, articles: Path, client, tmp_path: Path,
                                               preparer) -> None:
    from kg.ingest_dask import on_cluster

    expected_store, expected = single_process
    pids = list(client.run(os.getpid).values())
    written: list[IngestResult] = []
    killed = threading.Event()

    def progress(result: IngestResult) -> None:
        written.append(result)
        if len(written) == 30 and not killed.is_set():  # well into the run, chunks in flight on both
            os.kill(pids[0], signal.SIGKILL)
            killed.set()

    store = GraphStore.open(tmp_path / "store")
    results = ingest_paths(store, [articles], preparer, prepare=on_cluster(client), progress=progress)
    assert killed.is_set()
    assert outcomes(results) == outcomes(expected)
    assert quads(store) == quads(expected_store)
    deadline = time.monotonic() + 60  # the nanny brings the killed worker back
    while len(client.scheduler_info()["workers"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pids[0] not in client.run(os.getpid).values()


def test_kg_ingest_engine_dask_on_the_command_line(articles: Path, single_process, tmp_path: Path) -> None:
    expected_store, _ = single_process
    few = tmp_path / "few"
    few.mkdir()
    for path in sorted(articles.glob("article-000*.txt")):
        (few / path.name).write_text(path.read_text())
    store = tmp_path / "store"
    done = subprocess.run([sys.executable, "-m", "kg", "ingest", "--store", str(store), "--engine", "dask",
                           "--workers", "2", str(few)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "10 written" in done.stdout and "ingesting" in done.stderr  # the summary and the progress bar
    reopened = GraphStore.open(store, read_only=True)
    documents = {str(g) for g in reopened.graph_iris() if "/document/" in str(g)}
    assert len(documents) == 10
    assert documents <= {str(g) for g in expected_store.graph_iris()}


def test_an_unreachable_scheduler_is_one_line_of_error(tmp_path: Path, articles: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kg", "ingest", "--store", str(tmp_path / "s"), "--engine", "dask",
                           "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "1", str(articles / "claims.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
