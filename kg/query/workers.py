"""Public SPARQL queries in worker processes that are killed at their deadline.

pyoxigraph cannot cancel a query, so a time limit that really stops the work needs a process to
kill. A `QueryWorkers` pool keeps a few processes, each holding a read-only handle on the store
(`pyoxigraph.Store.read_only`, which works while the server holds the store open for writing).
A query goes to an idle worker through a pipe; the caller (a thread, never the event loop) waits
on the pipe until the deadline, and at the deadline the worker is killed with SIGKILL and a fresh
one takes its place.

A read-only handle sees the store as of its opening. Every write changes the store's files (the
write-ahead log grows, tables appear), so a worker compares the files' names, sizes and times with
what they were when it opened its handle, and reopens only when they changed: fresh data without
paying 10-50 ms to open the store for every query.

Workers are forked from a fork server that has already imported pyoxigraph, rdflib's SPARQL parser
and this module, so replacing a killed worker costs milliseconds, not an interpreter start.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.errors import KGError, QueryError, QueryRefused, QueryTimeout, QueryTooLarge, StoreError
from kg.query.formats import NotAcceptable
from kg.query.sparql import SparqlAnswer, SparqlRequest

log = logging.getLogger(__name__)

_ERRORS: dict[str, type[KGError]] = {cls.__name__: cls for cls in (
    QueryError, QueryRefused, QueryTimeout, QueryTooLarge, StoreError, NotAcceptable, KGError)}


class QueriesBusy(KGError):
    """Every query worker stayed busy until the deadline; the query was not started."""


def store_token(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What the store's files look like now (names, sizes, modification times), info logs aside."""
    entries = []
    with os.scandir(path) as scan:
        for entry in scan:
            if entry.name.startswith("LOG") or not entry.is_file():
                continue
            try:
                stat = entry.stat()
            except FileNotFoundError:  # removed by a compaction while we looked
                continue
            entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


def _open_read_only(path: str) -> Any:
    """A read-only handle, retried: a compaction in the writing process can delete a table file
    between our reading of the manifest and our opening of the file ("Corruption: IO error")."""
    from kg.store import GraphStore

    for attempt in range(30):
        try:
            return GraphStore.open(path, read_only=True)
        except (StoreError, OSError, RuntimeError):
            if attempt == 29:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


def _worker_main(conn: Connection, path: str) -> None:
    """A worker's life: open the store read-only when it changed, answer queries, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    from kg.query.sparql import execute

    store: Any = None
    token: Any = None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            current = store_token(Path(path))
            if store is None or current != token:
                store, token = None, None
                store, token = _open_read_only(path), current
            try:
                answer = execute(store, request)
            except (StoreError, RuntimeError):  # files a compaction removed under an old handle: reopen once
                store, token = None, None
                store, token = _open_read_only(path), store_token(Path(path))
                answer = execute(store, request)
            conn.send(("ok", answer))
        except KGError as error:
            conn.send(("error", (type(error).__name__, str(error))))
        except (OSError, RuntimeError) as error:
            store, token = None, None
            conn.send(("error", ("StoreError", f"cannot read the store: {error}")))
        except Exception as error:  # noqa: BLE001 - report, and stay alive for the next query
            conn.send(("error", ("QueryError", f"query failed: {type(error).__name__}: {error}")))


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError, AttributeError):
            pass
        self.process.join(timeout=5)
        self.conn.close()


def _context() -> Any:
    try:
        context = multiprocessing.get_context("forkserver")
    except ValueError:  # no fork server on this platform
        return multiprocessing.get_context("spawn")
    context.set_forkserver_preload(["kg.query.workers", "kg.query.sparql", "rdflib.plugins.sparql.parser",
                                    "rdflib.plugins.sparql.algebra"])
    return context


class QueryWorkers:
    """A small pool of query processes over the store at `path`, each query bounded by `timeout_s`."""

    def __init__(self, path: Path, size: int = 2, timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self.size = size
        self.timeout_s = timeout_s
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._context = _context()

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers (the first query does it when nobody did)."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        for _ in range(self.size):
            self._spawn_in_background()

    def close(self) -> None:
        """Kill every worker; later queries are refused."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        with self._lock:
            return [w.pid for w in self._workers if w.pid is not None]

    def _spawn(self) -> None:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_worker_main, args=(child, str(self.path)), daemon=True,
                                        name="kg-query-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        try:
            ready = parent.poll(60) and parent.recv()
        except (EOFError, OSError):
            ready = None
        if not ready or ready[0] != "ready":
            log.error("a query worker failed to start")
            worker.kill()
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _spawn_in_background(self) -> None:
        threading.Thread(target=self._spawn, name="kg-query-worker-start", daemon=True).start()

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (past its deadline, or broken) and start its replacement."""
        with self._lock:
            self._workers.discard(worker)
            replace = not self._closed
        worker.kill()
        if replace:
            self._spawn_in_background()

    # -- running ------------------------------------------------------------------------------

    def run(self, request: SparqlRequest, timeout_s: float | None = None) -> SparqlAnswer:
        """Answer one request in a worker; blocks the calling thread for at most about twice the limit."""
        if self._closed:
            raise StoreError("the query workers are shut down")
        self.start()
        limit = self.timeout_s if timeout_s is None else timeout_s
        # A busy worker is free, or killed and replaced, within the limit; the margin covers the replacement.
        wait = limit + 5.0
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise QueriesBusy(f"all {self.size} query workers stayed busy for {wait:g} s; try again later") from None
        started = time.monotonic()
        try:
            worker.conn.send(request)
            if not worker.conn.poll(limit):
                self._retire(worker)
                raise QueryTimeout(f"the query ran past the time limit of {limit:g} s and was stopped")
            status, payload = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker)
            raise StoreError("the query worker stopped unexpectedly (out of memory?)") from None
        self._idle.put(worker)
        log.debug("query answered in %.1f ms", (time.monotonic() - started) * 1000)
        if status == "ok":
            return payload
        name, message = payload
        raise _ERRORS.get(name, QueryError)(message)
