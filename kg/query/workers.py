"""Public SPARQL queries in worker processes that are killed at their deadline.

pyoxigraph cannot cancel a query, so a time limit that really stops the work needs a process to
kill. A `QueryWorkers` pool keeps a few processes, each holding a read-only handle on the store
(`pyoxigraph.Store.read_only`, which works while the server holds the store open for writing).
A query goes to an idle worker through a pipe; the caller (a thread, never the event loop) waits
on the pipe until the deadline, and at the deadline the worker is killed with SIGKILL and a fresh
one takes its place.

A read-only handle sees the store as of its opening. Every write changes the store's files (the
write-ahead log grows, tables appear), so a worker watches the store's folder (inotify; where it is
missing, the files' names, sizes and times) and reopens only when they changed since it opened its
handle: fresh data without paying 10-50 ms to open the store for every query.

Workers are forked from a fork server that has already imported pyoxigraph, rdflib's SPARQL parser
and this module, so replacing a killed worker costs milliseconds, not an interpreter start.

What bounds a query, beyond the guard's refusals (kg.query.guard):
* network: each worker closes its own network before it reads a query (kg.query.sandbox), so a
  SERVICE that got past the guard fails with "permission denied" instead of calling a host;
* time: the worker is killed at the deadline;
* memory: the caller watches the worker's resident size while it waits, and kills it past the
  ceiling (`memory_mb`);
* stack: queries run on a thread with a large stack, since pyoxigraph's parser and evaluator
  recurse once per level of nesting or operator (the guard caps both well below what it holds);
* waiting: the caller bounds how many queries wait for a worker (api.services.SparqlService: a
  thread limiter, 503 with Retry-After past it), so waiting never takes threads without end.
A query that fails is never run a second time: a worker whose store handle failed drops it and
opens a fresh one for the next query.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue
import signal
import struct
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import anyio

from kg.errors import (
    KGError,
    QueriesBusy,
    QueryError,
    QueryInterrupted,
    QueryMemoryExceeded,
    QueryOverLimit,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    StoreError,
)
from kg.query.formats import NotAcceptable
from kg.query.sparql import SparqlAnswer, SparqlRequest

log = logging.getLogger(__name__)

__all__ = ["QueriesBusy", "QueryWorkers", "store_token"]

_ERRORS: dict[str, type[KGError]] = {cls.__name__: cls for cls in (
    QueryError, QueryRefused, QueryTimeout, QueryTooLarge, QueryOverLimit, QueryMemoryExceeded, QueryInterrupted,
    StoreError, NotAcceptable, KGError)}
_QUERY_STACK_BYTES = 512 * 1024 * 1024  # reserved address space; pages are only used as the recursion goes
_MEMORY_POLL_S = 0.02
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int) -> int | None:
    """A process's resident set size, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


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


def _worker_main(conn: Connection, path: str, sandbox: bool) -> None:
    """A worker's life: close the network, then answer queries on a thread with a deep stack."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    # Workers run at the server's own priority. At nice 10 they kept REST fast while queries
    # saturated both cores, but under Linux's autogroups a nice worker in the server's session also
    # got a small share of the CPU whenever anything else ran on the machine: the same query took
    # 1.1-2.3x as long as at nice 0 beside other sessions' work, and Oxigraph's own server, to
    # which /sparql is compared, takes no such cut. The bounded query queue (api.services) is
    # what keeps a flood of queries from the REST routes' threads.
    if sandbox:
        from kg.query.sandbox import SandboxError, deny_network

        try:
            deny_network()
        except SandboxError as error:
            conn.send(("failed", str(error)))
            return
    threading.stack_size(_QUERY_STACK_BYTES)
    loop = threading.Thread(target=_serve, args=(conn, path), name="kg-query")
    loop.start()
    loop.join()


def _serve(conn: Connection, path: str) -> None:
    """Answer queries until the pipe closes; a store handle is (re)opened when the files changed."""
    from kg.query.sparql import execute

    store: Any = None
    changes = StoreChanges(Path(path))
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            changes.close()
            return
        try:
            changed = changes.since_open()
            if store is None or changed:
                store = None
                changes.opening()
                store = _open_read_only(path)
            answer = execute(store, request)
            conn.send(("ok", answer))
        except StoreError as error:
            # Files a compaction removed under this handle, most likely: the next query gets a fresh
            # handle, and this one is not run again (it may have had effects, or may fail the same way).
            store = None
            conn.send(("error", ("QueryInterrupted", f"reading the store failed while the query ran ({error}); the "
                                                     "query was not repeated: send it again")))
        except KGError as error:
            conn.send(("error", (type(error).__name__, str(error))))
        except RecursionError:
            conn.send(("error", ("QueryOverLimit", "the query nests too deeply to be evaluated")))
        except MemoryError:
            store = None
            conn.send(("error", ("QueryMemoryExceeded", "the query needed more memory than a query worker has")))
        except Exception as error:  # noqa: BLE001 - report, and stay alive for the next query
            conn.send(("error", ("QueryError", f"query failed: {type(error).__name__}: {error}")))


# linux/inotify.h
_IN_MODIFY, _IN_ATTRIB, _IN_CLOSE_WRITE = 0x2, 0x4, 0x8
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x40, 0x80, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF, _IN_Q_OVERFLOW, _IN_IGNORED = 0x400, 0x800, 0x4000, 0x8000
_IN_NONBLOCK, _IN_CLOEXEC = os.O_NONBLOCK, os.O_CLOEXEC
_WATCHED = (_IN_MODIFY | _IN_ATTRIB | _IN_CLOSE_WRITE | _IN_MOVED_FROM | _IN_MOVED_TO | _IN_CREATE | _IN_DELETE
            | _IN_DELETE_SELF | _IN_MOVE_SELF)
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then the name, padded with NULs to len


class StoreChanges:
    """Whether the store's files changed since the worker opened its handle (info logs aside).

    Linux tells it through inotify on the store's folder: one non-blocking read per query. Comparing
    the files' names, sizes and times (store_token) cost 0.1 ms a query, a tenth of a point lookup.
    Every write changes a file of the folder (the write-ahead log grows, tables appear), so an event
    since the opening means reopen; a lost event (the queue overflowed, the folder went) counts as a
    change. Where inotify is missing, store_token is compared as before.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._token: Any = None
        self._pending: Any = None
        self._changed = True  # nothing opened yet
        try:
            import ctypes
            import ctypes.util

            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
            if fd < 0:
                return
            if libc.inotify_add_watch(fd, os.fsencode(path), _WATCHED) < 0:
                os.close(fd)
                return
            self._fd = fd
        except (OSError, AttributeError):  # not Linux, or no inotify in this C library
            self._fd = None

    def since_open(self) -> bool:
        """Whether anything changed since the last `opening` (or ever, before the first)."""
        if self._fd is None:
            self._pending = store_token(self.path)
            return self._pending != self._token
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                break
            except OSError:
                self._changed = True
                break
            if not data:
                break
            changed, lost = _read_events(data)
            self._changed = self._changed or changed
            if lost:  # the folder was moved or removed, or events were dropped: names, sizes and times from now on
                self.close()
                self._changed = True
                break
        return self._changed

    def opening(self) -> None:
        """A handle is about to be opened: what changed until now, it sees."""
        self._changed = False
        if self._fd is None:
            try:
                self._token = self._pending if self._pending is not None else store_token(self.path)
            except OSError:
                self._token = None
            self._pending = None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _read_events(data: bytes) -> tuple[bool, bool]:
    """Whether inotify events name anything but an info log (LOG, LOG.old.*), and whether the watch
    lost track (the queue overflowed, the folder itself was moved or removed)."""
    changed = False
    at = 0
    while at + _EVENT.size <= len(data):
        _, mask, _, length = _EVENT.unpack_from(data, at)
        name = data[at + _EVENT.size:at + _EVENT.size + length].rstrip(b"\0")
        at += _EVENT.size + length
        if mask & (_IN_Q_OVERFLOW | _IN_IGNORED | _IN_DELETE_SELF | _IN_MOVE_SELF):
            return True, True
        if not name.startswith(b"LOG"):
            changed = True
    return changed, False


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
    """A small pool of query processes over the store at `path`, each query bounded by `timeout_s`
    and `memory_mb`."""

    def __init__(self, path: Path, size: int = 2, timeout_s: float = 10.0, *, memory_mb: int = 512,
                 sandbox: bool = True) -> None:
        self.path = Path(path)
        self.size = size
        self.timeout_s = timeout_s
        self.memory_bytes = memory_mb * 1024 * 1024
        self.sandbox = sandbox
        # Last in, first out: the worker that answered last takes the next query. Its CPU caches and
        # its store handle's block cache are warm; handing queries to the workers in turn cost a
        # point lookup 1.08 ms of worker CPU against 0.65 ms for one worker answering them all.
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._waiting = 0  # threads waiting in _take for an idle worker
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._failure: str | None = None
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
        process = self._context.Process(target=_worker_main, args=(child, str(self.path), self.sandbox), daemon=True,
                                        name="kg-query-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        try:
            ready = parent.poll(60) and parent.recv()
        except (EOFError, OSError):
            ready = None
        if not ready or ready[0] != "ready":
            worker.kill()
            with self._lock:
                if self._closed:
                    return  # the pool closed while this worker started: nothing failed
            reason = ready[1] if ready and ready[0] == "failed" else "it exited before it was ready"
            log.error("a query worker failed to start: %s", reason)
            self._failure = reason
            worker.kill()
            return
        self._failure = None
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _spawn_in_background(self) -> None:
        threading.Thread(target=self._spawn, name="kg-query-worker-start", daemon=True).start()

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (past its deadline or its memory, or broken) and start its replacement."""
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
        worker = self._take(limit)
        started = time.monotonic()
        try:
            worker.conn.send(request)
            outcome = self._wait(worker, limit)
            if outcome is not None:
                self._retire(worker)
                raise outcome
            status, payload = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker)
            raise StoreError("the query worker stopped unexpectedly while it answered; the query was not "
                             "repeated") from None
        self._idle.put(worker)
        log.debug("query answered in %.1f ms", (time.monotonic() - started) * 1000)
        if status == "ok":
            return payload
        name, message = payload
        raise _ERRORS.get(name, QueryError)(message)

    def _take(self, limit: float) -> _Worker:
        """An idle worker, waiting in line behind the queries that came first."""
        self._raise_if_none_can_start()
        # A busy worker is free, or killed and replaced, within the limit; the margin covers the replacement.
        wait = limit + 5.0
        with self._lock:
            self._waiting += 1
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            self._raise_if_none_can_start()
            raise QueriesBusy(f"all {self.size} query workers stayed busy for {wait:g} s; try again later") from None
        finally:
            with self._lock:
                self._waiting -= 1

    def _take_idle(self) -> _Worker | None:
        """An idle worker at once, unless queries already wait in line for one (they come first)."""
        with self._lock:
            if self._waiting or self._closed:
                return None
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return None

    # -- running on the event loop ------------------------------------------------------------

    async def answer(self, request: SparqlRequest, *, threads: anyio.CapacityLimiter | None = None) -> SparqlAnswer:
        """`run`, awaited on the event loop. With a worker idle, the loop itself waits on the worker's
        pipe: no thread hop there and back, whose two wake-ups cost a point lookup about 0.3 ms on
        this 2-core machine. Otherwise the query waits in line on a thread of `threads`, as `run`."""
        worker = self._take_idle()
        if worker is None:
            return await anyio.to_thread.run_sync(self.run, request, limiter=threads)
        limit = self.timeout_s
        loop = asyncio.get_running_loop()
        # Settled by the first of: the worker's answer arriving (None), the deadline or the memory
        # ceiling (the error); one future and one timer, so a fast answer costs one wake-up.
        settled: asyncio.Future[KGError | None] = loop.create_future()
        deadline = loop.time() + limit

        def settle(outcome: KGError | None) -> None:
            if not settled.done():
                settled.set_result(outcome)

        def watch() -> None:
            nonlocal timer
            if settled.done():
                return
            if loop.time() >= deadline:
                settle(QueryTimeout(f"the query ran past the time limit of {limit:g} s and was stopped"))
                return
            over = self._over_memory(worker)
            if over is not None:
                settle(over)
                return
            timer = loop.call_at(min(deadline, loop.time() + _MEMORY_POLL_S), watch)

        descriptor = worker.conn.fileno()
        done = False
        timer: asyncio.TimerHandle | None = None
        try:
            # Sent before the loop watches the pipe: uvloop makes a watched descriptor non-blocking,
            # and the pipe's blocking reads and writes (here and in `run`) expect it blocking.
            worker.conn.send(request)
            timer = loop.call_at(min(deadline, loop.time() + _MEMORY_POLL_S), watch)
            loop.add_reader(descriptor, settle, None)
            try:
                outcome = await settled
            finally:
                loop.remove_reader(descriptor)
                os.set_blocking(descriptor, True)
            if outcome is not None:
                done = True
                self._retire(worker)
                raise outcome
            # The worker sends its answer in one message as soon as it is made: reading it is a copy.
            status, payload = worker.conn.recv()
            done = True
        except (EOFError, OSError):
            done = True
            self._retire(worker)
            raise StoreError("the query worker stopped unexpectedly while it answered; the query was not "
                             "repeated") from None
        finally:
            if timer is not None:
                timer.cancel()
            if not done:  # cancelled while the worker ran: its answer must not reach the next query
                self._retire(worker)
        self._idle.put(worker)
        if status == "ok":
            return payload
        name, message = payload
        raise _ERRORS.get(name, QueryError)(message)

    def _raise_if_none_can_start(self) -> None:
        if self._failure is not None and not self.pids():
            raise StoreError(f"no query worker could start: {self._failure}")

    def _wait(self, worker: _Worker, limit: float) -> KGError | None:
        """Wait for the worker's answer; the error to raise when it ran out of time or memory."""
        deadline = time.monotonic() + limit
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return QueryTimeout(f"the query ran past the time limit of {limit:g} s and was stopped")
            if worker.conn.poll(min(_MEMORY_POLL_S, remaining)):
                return None
            outcome = self._over_memory(worker)
            if outcome is not None:
                return outcome

    def _over_memory(self, worker: _Worker) -> KGError | None:
        pid = worker.pid
        resident = resident_bytes(pid) if pid is not None else None
        if resident is not None and resident > self.memory_bytes:
            return QueryMemoryExceeded(
                f"the query used more than {self.memory_bytes // (1024 * 1024)} MB, the most a query worker may "
                "use, and was stopped; narrow it (fewer rows, shorter strings)")
        return None
