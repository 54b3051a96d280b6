"""The app's long-lived services: the public SPARQL runner and the document writer."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import anyio

from kg.config import Settings
from kg.errors import QueriesBusy
from kg.link.linker import Linker
from kg.query.guard import QueryLimits
from kg.query.sparql import SparqlAnswer, SparqlRequest, execute
from kg.query.workers import QueryWorkers
from kg.store import GraphStore

if TYPE_CHECKING:
    from kg.catalogue import CommitmentCatalogue
    from kg.catalogue.tracked import TrackedIndex
    from kg.ingest import Preparer


class SparqlService:
    """Public queries: in worker processes killed at the deadline or past their memory, with no network
    (a store on disk); or in-process for a store in memory (tests), where the row limit holds but the
    time, memory and network limits cannot.

    Queries wait for a worker on threads of their own (`answer`), never on the threads that REST
    handlers use: a flood of slow queries fills its own queue and is refused with 503, while the
    REST routes keep their threads.
    """

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        self.settings = settings
        self.store = store
        self.workers = (QueryWorkers(store.path, settings.query_workers, settings.query_timeout_s,
                                     memory_mb=settings.query_memory_mb, sandbox=settings.query_sandbox)
                        if store.path is not None else None)
        self.limits = QueryLimits(max_chars=settings.query_max_chars, max_tokens=settings.query_max_tokens,
                                  max_depth=settings.query_max_depth)
        self._capacity = settings.query_workers + settings.query_queue
        self._in_flight = 0  # queries answered or waiting now
        self._threads: anyio.CapacityLimiter | None = None  # for queries waiting in line for a worker
        # A remote store (kg.store.remote) answers public queries on its server, within the
        # endpoint's time limit and with the answer's size bounded, after the same guard.
        public = getattr(store, "public", None)
        self._remote = public(settings.query_timeout_s, settings.query_memory_mb * 1024 * 1024) if public else None

    def request(self, query: str, *, accept: str | None, fmt: str | None = None,
                default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = (),
                base_iri: str | None = None) -> SparqlRequest:
        return SparqlRequest(query=query, accept=accept, format=fmt, default_graphs=default_graphs,
                             named_graphs=named_graphs, max_rows=self.settings.query_max_rows, base_iri=base_iri,
                             limits=self.limits)

    async def answer(self, request: SparqlRequest) -> SparqlAnswer:
        """Answer one request: on the event loop when a worker is idle (QueryWorkers.answer), else on
        the SPARQL threads; 503 at once when workers and queue are all taken."""
        if self._in_flight >= self._capacity:
            raise QueriesBusy(f"all {self.settings.query_workers} query workers are busy and "
                              f"{self.settings.query_queue} queries are waiting; try again shortly")
        if self._threads is None:  # made on the event loop that uses it
            self._threads = anyio.CapacityLimiter(self._capacity)
        # Counted on the event loop's one thread, so a plain integer: anyio's limiter would cost an
        # extra turn of the loop per query.
        self._in_flight += 1
        try:
            if self.workers is None:
                return await anyio.to_thread.run_sync(self.run, request, limiter=self._threads)
            return await self.workers.answer(request, threads=self._threads)
        finally:
            self._in_flight -= 1

    def run(self, request: SparqlRequest) -> SparqlAnswer:
        """Blocking: call it from a worker thread, never from the event loop."""
        if self.workers is not None:
            return self.workers.run(request)
        if self._remote is not None:
            return execute(self._remote, request)
        return execute(self.store, request)

    def start(self) -> None:
        if self.workers is not None:
            self.workers.start()

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()


class Writer:
    """Ingests documents posted to the API, one at a time, with a Preparer built on first use."""

    def __init__(self, store: GraphStore, preparer: "Preparer | None" = None,
                 catalogue: "CommitmentCatalogue | None" = None, tracked_index: "TrackedIndex | None" = None) -> None:
        self.store = store
        self._preparer = preparer
        self.catalogue = catalogue
        self.tracked_index = tracked_index
        self.lock = threading.Lock()
        self._prepare_lock = threading.Lock()
        # Made now, before any write: it follows the store's change log from here on.
        self.linker = Linker(store, records=catalogue) if not store.read_only else None

    def written(self) -> None:
        """After a write or a delete, on the writer's thread: recompute the tracked commitments of
        the committers the document touched (kg.link), then bring the catalogue up to date now, so
        that the next REST read does not pay for re-reading the written graphs (REST p99 under load)."""
        if self.linker is not None:
            with self.lock:
                self.linker.validator = self._preparer.validator if self._preparer is not None else None
                self.linker.sync()
                self.store.flush()
        if self.catalogue is not None and self.catalogue.ready:
            self.catalogue.sync()
        if self.tracked_index is not None and self.tracked_index.ready:
            self.tracked_index.sync()

    def prepare_in_background(self) -> None:
        """Load the gazetteer and compile the shapes now, not in the first write: built there, they
        held the GIL for ~0.9 s and every request in flight waited."""
        threading.Thread(target=lambda: self.preparer, name="kg-writer-prepare", daemon=True).start()

    @property
    def preparer(self) -> "Preparer":
        with self._prepare_lock:
            return self._build_preparer()

    def _build_preparer(self) -> "Preparer":
        if self._preparer is None:
            from kg.ingest import Preparer, load_default_gazetteer
            from kg.validate import Validator

            self._preparer = Preparer(load_default_gazetteer(), Validator())
        return self._preparer
