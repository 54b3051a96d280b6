"""What the remote store already read, kept for the pattern lookups that follow it.

The catalogue and the linker read the store by pattern lookups (kg.catalogue.records: a
commitment's own quads, then those of its amount, quantity and evidence nodes). Over Oxigraph
each is an index probe; over HTTP each was a round trip, about 450 for a document of 100
commitments. Two shapes of knowledge answer them here instead:

* a whole named graph (a document graph read whole): any pattern within that graph;
* one subject's description within one graph (every quad with that subject there, none left out):
  any pattern with that subject in that graph.

Entries are what the server answered, never what this process sent (the server may write a
literal in another form, and the linker must read what every other process reads). They go when
the graph is written through this store or another process's write is seen (RemoteStore
follows them), and in any case after TTL_S; the oldest go first past MAX_TRIPLES.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

MAX_TRIPLES = 100_000  # about 40 MB of pyoxigraph terms (80 MB measured for 200,000 of a document's size)
TTL_S = 30.0
Pair = tuple[Any, Any]  # (predicate, object)


@dataclass
class _Entry:
    """A whole graph (subject None) or one subject's description in a graph."""

    by_subject: dict[str, list[Pair]]
    size: int
    at: float = field(default_factory=time.monotonic)


def _matches(pairs: Iterable[Pair], predicate: Any, object: Any) -> list[Pair]:
    return [(p, o) for p, o in pairs if (predicate is None or p == predicate) and (object is None or o == object)]


class LookupCache:
    """Thread-safe; `epoch()` before a read and `put_*(..., epoch)` after it, so that a read that
    raced a write is not kept (the write's `forget` moved the epoch on)."""

    def __init__(self, max_triples: int = MAX_TRIPLES, ttl_s: float = TTL_S) -> None:
        self.max_triples = max_triples
        self.ttl_s = ttl_s
        self._entries: OrderedDict[tuple[str, str | None], _Entry] = OrderedDict()
        self._size = 0
        self._epoch = 0
        self._lock = threading.Lock()

    def epoch(self) -> int:
        with self._lock:
            return self._epoch

    def lookup(self, subject: Any, predicate: Any, object: Any, graph: str) -> list[ox.Quad] | None:
        """The quads of the pattern in `graph`, or None when what is kept cannot answer it whole."""
        with self._lock:
            whole = self._get((graph, None))
            if whole is not None:
                subjects = ([subject.value] if subject is not None else list(whole.by_subject))
            elif subject is not None and isinstance(subject, ox.NamedNode):
                one = self._get((graph, subject.value))
                if one is None:
                    return None
                whole, subjects = one, [subject.value]
            else:
                return None
            node = ox.NamedNode(graph)
            return [ox.Quad(ox.NamedNode(s), p, o, node)
                    for s in subjects for p, o in _matches(whole.by_subject.get(s, ()), predicate, object)]

    def knows(self, subject: str, graph: str) -> bool:
        with self._lock:
            return self._get((graph, None)) is not None or self._get((graph, subject)) is not None

    def put_graph(self, graph: str, triples: Iterable[ox.Triple], epoch: int) -> None:
        by_subject: dict[str, list[Pair]] = {}
        size = 0
        for triple in triples:
            by_subject.setdefault(triple.subject.value, []).append((triple.predicate, triple.object))
            size += 1
        self._put((graph, None), _Entry(by_subject, size), epoch)

    def put_subject(self, graph: str, subject: str, pairs: list[Pair], epoch: int) -> None:
        self._put((graph, subject), _Entry({subject: pairs}, max(len(pairs), 1)), epoch)

    def forget(self, graphs: Iterable[str]) -> None:
        """Drop everything kept about these graphs (they were written)."""
        wanted = set(graphs)
        with self._lock:
            self._epoch += 1
            for key in [key for key in self._entries if key[0] in wanted]:
                self._size -= self._entries.pop(key).size

    def clear(self) -> None:
        with self._lock:
            self._epoch += 1
            self._entries.clear()
            self._size = 0

    # -- under the lock ---------------------------------------------------------------------

    def _get(self, key: tuple[str, str | None]) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if time.monotonic() - entry.at > self.ttl_s:
            self._size -= self._entries.pop(key).size
            return None
        self._entries.move_to_end(key)
        return entry

    def _put(self, key: tuple[str, str | None], entry: _Entry, epoch: int) -> None:
        if entry.size > self.max_triples:
            return
        with self._lock:
            if epoch != self._epoch:
                return  # a write came in while this was read: what was read may be the old graph
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old.size
            self._entries[key] = entry
            self._size += entry.size
            while self._size > self.max_triples:
                _, dropped = self._entries.popitem(last=False)
                self._size -= dropped.size
