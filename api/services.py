"""The app's long-lived services: the public SPARQL runner and the document writer."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from kg.config import Settings
from kg.query.sparql import SparqlAnswer, SparqlRequest, execute
from kg.query.workers import QueryWorkers
from kg.store import GraphStore

if TYPE_CHECKING:
    from kg.ingest import Preparer


class SparqlService:
    """Public queries: in worker processes killed at the deadline (a store on disk), or in-process
    for a store in memory (tests), where the row limit holds but the time limit cannot."""

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        self.settings = settings
        self.store = store
        self.workers = (QueryWorkers(store.path, settings.query_workers, settings.query_timeout_s)
                        if store.path is not None else None)

    def request(self, query: str, *, accept: str | None, fmt: str | None = None,
                default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = ()) -> SparqlRequest:
        return SparqlRequest(query=query, accept=accept, format=fmt, default_graphs=default_graphs,
                             named_graphs=named_graphs, max_rows=self.settings.query_max_rows)

    def run(self, request: SparqlRequest) -> SparqlAnswer:
        """Blocking: call it from a worker thread, never from the event loop."""
        if self.workers is not None:
            return self.workers.run(request)
        return execute(self.store, request)

    def start(self) -> None:
        if self.workers is not None:
            self.workers.start()

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()


class Writer:
    """Ingests documents posted to the API, one at a time, with a Preparer built on first use."""

    def __init__(self, store: GraphStore, preparer: "Preparer | None" = None) -> None:
        self.store = store
        self._preparer = preparer
        self.lock = threading.Lock()

    @property
    def preparer(self) -> "Preparer":
        if self._preparer is None:
            from kg.ingest import Preparer, load_default_gazetteer
            from kg.validate import Validator

            self._preparer = Preparer(load_default_gazetteer(), Validator())
        return self._preparer
