"""Seeing what other processes write to the same remote store.

Over the embedded store one process writes (RocksDB's lock) and the others hand it their
documents, so its change log is the store's. A remote server takes writes from any number of
processes (a `kg serve`, several `kg ingest`), and each keeps derived views (the catalogue, the
tracked-commitment index, the linker's reports, the lookup cache) that must follow all of them.

So every write request ends with a stamp, in the same request as the graphs it writes (the
server commits it with them, or it is refused with them): for each graph written, the server's
time then (`NOW()`, evaluated by the last operation, just before the commit) and the write's own
id, in a graph of its own outside the project's namespace (WRITES_GRAPH: not a document, not in
the union default graph or in GRAPH ?g on Virtuoso, not exported). One triple pair per graph
ever written: it replaces the graph's previous stamp, so it never grows past the store's graphs.

A reader asks, at most once every `interval_s` and only when something asks it what changed,
one small query: the stamps at or after its last answer's server time less MARGIN_S, less its own
writes. The margin covers a request stamped just before the reader's query and committed just
after (the stamp is the request's last operation; measured here 0.1 s before the answer of a
20,000-line write); the stamps already seen within it are skipped by write id. Writes made with
no stamp (an older version of the project, a tool writing straight to the server) are not seen.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

WRITES_GRAPH = "https://w3id.org/commitments-kg/store/writes"
_AT = "https://w3id.org/commitments-kg/store#writtenAt"
_BY = "https://w3id.org/commitments-kg/store#writtenBy"
_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
MARGIN_S = 10.0


def new_writer_id() -> str:
    """This handle's id: its writes are `<id>/<n>`, and it skips them when it follows the others."""
    return uuid.uuid4().hex


def stamp_operations(graphs: Iterable[str], write: str) -> list[str]:
    """The two operations that end a write request: each graph's stamp, replaced."""
    iris = sorted(set(graphs))
    if not iris:
        return []
    values = " ".join(f"<{g}>" for g in iris)
    template = " ".join(f'<{g}> <{_AT}> ?now ; <{_BY}> "{write}" .' for g in iris)
    return [f"DELETE {{ GRAPH <{WRITES_GRAPH}> {{ ?g <{_AT}> ?at ; <{_BY}> ?by }} }} "
            f"WHERE {{ VALUES ?g {{ {values} }} GRAPH <{WRITES_GRAPH}> {{ ?g <{_AT}> ?at ; <{_BY}> ?by }} }}",
            f"INSERT {{ GRAPH <{WRITES_GRAPH}> {{ {template} }} }} WHERE {{ BIND(NOW() AS ?now) }}"]


class Follower:
    """The graphs other writers stamped since the last look; `select` runs a SELECT on the server."""

    def __init__(self, select: Callable[[str], Any], writer_id: str, interval_s: float) -> None:
        self._select = select
        self.writer_id = writer_id
        self.interval_s = interval_s
        self._since: str | None = None  # server time, lexical xsd:dateTime
        self._now: str | None = None  # the server's time at the last look
        self._seen: dict[tuple[str, str], str] = {}  # (graph, write) -> its stamp, within the margin
        self._looked = 0.0
        self._lock = threading.Lock()

    def start(self) -> None:
        """From now on: the stamps the server holds already (those of the last MARGIN_S) count as seen;
        a write in flight now is committed after this look, and seen at the next."""
        rows = self._select("SELECT (NOW() AS ?now) WHERE {}")
        self._since = _minus(next(iter(rows))["now"].value, MARGIN_S)
        self._look()
        self._looked = time.monotonic()

    def changed(self) -> set[str]:
        """Graphs other writers wrote since the last call (none when asked again within
        `interval_s`, or while another thread is looking)."""
        if self._since is None or time.monotonic() - self._looked < self.interval_s:
            return set()
        if not self._lock.acquire(blocking=False):
            return set()
        try:
            return self._look()
        finally:
            self._looked = time.monotonic()
            self._lock.release()

    def _look(self) -> set[str]:
        rows = self._select(
            f'SELECT ?now ?g ?at ?by WHERE {{ BIND(NOW() AS ?now) OPTIONAL {{ GRAPH <{WRITES_GRAPH}> {{ '
            f'?g <{_AT}> ?at ; <{_BY}> ?by }} FILTER(?at >= "{self._since}"^^<{_DATETIME}> '
            f'&& !STRSTARTS(STR(?by), "{self.writer_id}/")) }} }}')
        found: set[str] = set()
        now = None
        fresh: dict[tuple[str, str], str] = {}
        for row in rows:
            now = row["now"].value
            if row["g"] is None:
                continue
            key = (row["g"].value, row["by"].value)
            fresh[key] = row["at"].value
            if key not in self._seen:
                found.add(key[0])
        if now is None:
            return found
        if self._now is not None and _moment(now) < _moment(self._now):
            # The server's clock went back (a correction; Virtuoso's NOW() is its local time, which
            # daylight saving moves): stamps made since are older than the window asked for.
            self._now, self._since = now, _minus(now, MARGIN_S)
            return found | self._look()
        self._now, self._since = now, _minus(now, MARGIN_S)
        self._seen = fresh  # what is older than the new margin is not asked for again
        return found


def _moment(lexical: str) -> dt.datetime:
    return dt.datetime.fromisoformat(lexical.replace("Z", "+00:00"))


def _minus(lexical: str, seconds: float) -> str:
    """An xsd:dateTime as the server wrote it, `seconds` earlier, in the same form."""
    earlier = _moment(lexical) - dt.timedelta(seconds=seconds)
    text = earlier.isoformat()
    return text.replace("+00:00", "Z") if lexical.endswith("Z") else text
