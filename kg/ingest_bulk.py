"""Many new documents at once: the engine's bulk loader behind the same per-document validation.

`kg ingest` writes each document in a transaction of its own (kg.ingest.write_prepared), which
costs Oxigraph about 17 µs of CPU a triple. A run of many documents instead hands the documents
that are new to the store (validated one by one as always, by the Preparer) to
GraphStore.bulk_write in batches: about 7.5 µs a triple. A killed run leaves each document either
whole, with its content-hash marker, or removed when the store is next opened for writing
(GraphStore.repair), so the next run writes it again. Documents already in the store (unchanged
or replaced) keep the transactional path, in file order.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from rdflib import URIRef

from kg.ingest import IngestResult, Outcome, Prepared
from kg.rdf.mapping import ACTORS_GRAPH
from kg.store import GraphStore

# Below this many documents a run writes each in its own transaction: the bulk loader writes new
# table files at every call, which only pays off in numbers.
BULK_MIN_DOCUMENTS = 100
# Triples per bulk load: fewer, larger tables (a call per document was slower than transactions).
BULK_BATCH_TRIPLES = 100_000
# In the background, a batch goes to the loader when it holds BULK_BATCH_TRIPLES and the loader is
# free; while the loader is busy it grows up to this many times that before the caller waits.
# Each bulk load adds table files that RocksDB compacts afterwards: the 1.9M triples of the
# 100k-commitment corpus cost the writer 20.6 CPU-s in batches of 100k, 17.6 of 300k and 16 of
# 500k (one process, nothing else loading); each 100k triples in a batch hold about 90 MB more.
BULK_BATCH_GROWTH = 3


class BulkWriter:
    """Collects new documents and writes them a batch at a time; `flush()` before anything else
    is written, so that the store sees the documents in file order.

    With `background`, a full batch is written on a thread of its own while the caller goes on
    taking documents (and the worker processes go on preparing them: otherwise they wait for
    the writer through each bulk load, seconds at a time). One batch at a time, in order; its
    results come back with an `add` once it is written, or with `flush()`, which waits. While a
    batch is being written the next one keeps taking documents, up to BULK_BATCH_GROWTH times
    the batch size, so the caller (and the workers behind it) rarely wait for the loader, and
    when the loader is the slower side its batches grow, which makes it cheaper per triple.
    Given the number of `expected` documents, they stop growing when what is left to come would
    fill a few grown batches: the last batches are written after the workers are done, with one
    core of two idle, so they are kept small. Only for a caller that reads nothing from the store while a batch is in flight but whether
    a graph is there (`kg.ingest` without linking): the store holds part of a batch meanwhile."""

    def __init__(self, store: GraphStore, batch_triples: int | None = None, *, background: bool = False,
                 expected: int | None = None) -> None:
        self.store = store
        self.batch_triples = batch_triples or BULK_BATCH_TRIPLES
        self._expected = expected
        self._added = self._added_triples = 0
        self._items: list[Prepared] = []
        self._iris: set[str] = set()
        self._triples = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-bulk") if background else None
        self._inflight: Future[list[IngestResult]] | None = None
        self._inflight_iris: set[str] = set()

    @staticmethod
    def suits(store: GraphStore, documents: int) -> bool:
        return documents >= BULK_MIN_DOCUMENTS and store.path is not None and hasattr(store, "bulk_write")

    def takes(self, item: Prepared) -> bool:
        """A valid document the store does not hold yet (nor this batch, nor the one in flight)."""
        return (item.error is None and item.iri is not None and item.ntriples is not None
                and item.iri not in self._iris and item.iri not in self._inflight_iris
                and not self.store.has_graph(URIRef(item.iri)))

    def add(self, item: Prepared) -> list[IngestResult]:
        """Take the document; the results of a batch when this one filled it (in the background:
        of the batch in flight, once it is written)."""
        assert item.iri is not None
        self._items.append(item)
        self._iris.add(item.iri)
        self._triples += item.triples
        self._added += 1
        self._added_triples += item.triples
        if self._pool is None:
            return self.flush() if self._triples >= self.batch_triples else []
        done = self._wait() if self._inflight is not None and self._inflight.done() else []
        limit = self.batch_triples if self._inflight is None or self._near_end() else self.batch_triples * BULK_BATCH_GROWTH
        if self._triples < limit:
            return done
        done += self._wait()
        items = self._take()
        self._inflight_iris = {item.iri or "" for item in items}
        self._inflight = self._pool.submit(self._write, items)
        return done

    def _near_end(self) -> bool:
        """What is still expected, at the documents' average size so far, would fill two grown batches."""
        if self._expected is None:
            return False
        left = max(0, self._expected - self._added) * self._added_triples / self._added
        return left <= 2 * self.batch_triples * BULK_BATCH_GROWTH

    def flush(self, meanwhile: Callable[[], None] | None = None) -> list[IngestResult]:
        """Write the documents taken so far, after the batch in flight; their results (all
        written, or an exception). In the background, `meanwhile` runs here while they load (the
        loader's threads take the other core)."""
        if self._pool is None or meanwhile is None:
            done = self._wait()
            if meanwhile is not None:
                meanwhile()
            return done + self._write(self._take())
        last = self._pool.submit(self._write, self._take())  # after the batch in flight: one thread
        meanwhile()
        done = self._wait()
        return done + last.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def _wait(self) -> list[IngestResult]:
        inflight, self._inflight = self._inflight, None
        if inflight is None:
            return []
        try:
            return inflight.result()
        finally:
            self._inflight_iris = set()

    def _take(self) -> list[Prepared]:
        items, self._items, self._iris, self._triples = self._items, [], set(), 0
        return items

    def _write(self, items: list[Prepared]) -> list[IngestResult]:
        if not items:
            return []
        self.store.bulk_write([(item.iri or "", item.ntriples or "") for item in items], shared_graph=ACTORS_GRAPH,
                              shared_lines="\n".join(item.actor_ntriples for item in items))
        return [IngestResult(item.source, Outcome.WRITTEN, item.document, item.triples) for item in items]
