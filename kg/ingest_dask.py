"""Distributed preparation: reading, extraction, mapping and validation of documents on a Dask cluster.

`kg ingest DIR --engine dask [--scheduler ADDRESS]` maps kg.ingest's own per-chunk preparation
(`_prepare_chunk`: one Preparer per worker process, built once) over the documents on a Dask
cluster, a `LocalCluster` of worker processes when no address is given. Writing stays where it
is for every other ingest: in this process, one document at a time, in the order of the files,
through the store (embedded or remote), so the graph is the one a single-process run makes.

Dask brings the distribution: it schedules the chunks, moves them, and runs again on another
worker any chunk whose worker died. A chunk is a pure function of its files, so a chunk run
twice gives the same documents, and a worker killed mid-run loses nothing. A chunk that kills
every worker it is given (Dask gives up after `distributed.scheduler.allowed-failures`) fails
its documents with that reason, and the run goes on.

The workers read the files: on a cluster of several machines, the paths must be readable there
too (a shared file system), and the workers need this project installed (`pip install .[dask]`).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.ingest import Prepared, Preparer, _prepare_chunk
from kg.sources import Source

if TYPE_CHECKING:
    from distributed import Client

CHUNK_DOCUMENTS = 8
CHUNKS_IN_FLIGHT_PER_WORKER = 4


class DaskUnavailable(KGError):
    """Dask is an optional extra."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable("--engine dask needs Dask: pip install 'commitments-kg[dask]' "
                              "(dask[distributed])") from None
    return distributed


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, *,
                timeout_s: float = 10.0) -> Iterator["Client"]:
    """A client of the cluster at `scheduler` (tcp://host:8786), tried for `timeout_s`, or of a
    LocalCluster of `workers` single-threaded worker processes (the extractor's parser is not
    shared between threads)."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=f"{timeout_s}s")
        except (OSError, TimeoutError) as error:
            raise KGError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        try:
            yield client
        finally:
            client.close()
        return
    # No dashboard (its port may be taken, and nothing here reads it); Dask's own logs at warning.
    for name in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny"):
        logging.getLogger(name).setLevel(logging.WARNING)
    cluster = distributed.LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.WARNING)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def on_cluster(client: "Client") -> Callable[[list[Source], Preparer, int], Iterator[Prepared]]:
    """A `prepare` for kg.ingest.ingest_paths: the documents prepared on the cluster, yielded in the
    order of `sources` (a window of chunks in flight keeps the writer fed and memory flat)."""
    distributed = _distributed()

    def prepare(sources: list[Source], preparer: Preparer, workers: int) -> Iterator[Prepared]:
        chunks = [sources[start:start + CHUNK_DOCUMENTS] for start in range(0, len(sources), CHUNK_DOCUMENTS)]
        window = max(2, len(client.scheduler_info().get("workers", {})) * CHUNKS_IN_FLIGHT_PER_WORKER)
        pending: deque[tuple[list[Source], Any]] = deque()

        def result(chunk: list[Source], future: Any) -> list[Prepared]:
            try:
                return future.result()
            except distributed.KilledWorker as error:
                reason = f"the Dask workers preparing it died ({error})"
                return [Prepared(source=str(s.path), error=f"{s.path}: {reason}") for s in chunk]
            finally:
                future.release()

        for chunk in chunks:
            if len(pending) >= window:
                yield from result(*pending.popleft())
            # pure=False: a file may change between two runs; its chunk must be read again.
            pending.append((chunk, client.submit(_prepare_chunk, chunk, pure=False)))
        while pending:
            yield from result(*pending.popleft())

    return prepare
