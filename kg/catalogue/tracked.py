"""The tracked-commitment index: the list fields of every tracked commitment (kg/link), in memory,
in the order of `GET /tracked`, for the REST list.

`kg/query/tracked.rq` finds, sorts and counts every tracked commitment for each page (1.1 s p50,
3.7 s p99 at 10k commitments). This index keeps one small record per tracked commitment in
sorted lists instead (all of them, by type and status, by committer, by beneficiary), so a page is
a binary search and a slice, as in the commitment catalogue (kg/catalogue/index.py). It is built
in a background thread (one pass per property over the store's indexes, not a graph at a time),
lists are answered by the named queries until it is ready, and it is kept in step by reading
again the tracked-commitment graphs the store's change log says were written or removed.
"""

from __future__ import annotations

import bisect
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.catalogue.index import CataloguePage, _page
from kg.catalogue.records import LINK_GRAPHS, UNDATED, tie_breaker
from kg.catalogue.background import BackgroundBuilt
from kg.store import GraphStore
from kg.terms import CK, RDF

log = logging.getLogger(__name__)
TRACKED_PREFIX = LINK_GRAPHS[0]  # kg.link.rdf.TRACKED_PREFIX
_TYPE, _TRACKED = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CK.TrackedCommitment))
# property -> the record field it fills (what tracked_facts.rq reads for a list item)
_FIELDS = {str(CK[p]): name for p, name in (
    ("trackedCommitter", "committer"), ("trackedType", "type"), ("currentStatus", "status"),
    ("reportCount", "reports"), ("firstReported", "first"), ("lastReported", "last"), ("fulfilment", "fulfilment"),
    ("trackedBeneficiary", "beneficiary"), ("trackedTarget", "target"))}
_MANY = frozenset({"beneficiary", "target"})


@dataclass(frozen=True, slots=True)
class TrackedRecord:
    iri: str
    order: tuple[str, str, str]  # (first day or "~", tie-breaker, IRI): the order of tracked.rq
    committer: str  # IRIs for actors, types and statuses
    type: str
    status: str
    beneficiaries: tuple[str, ...]
    targets: tuple[str, ...]
    last: str | None
    reports: int
    fulfilment: str

    @property
    def first(self) -> str | None:
        return None if self.order[0] == UNDATED else self.order[0]


@dataclass(frozen=True)
class TrackedQuery:
    """What the list asks for: IRIs for actors, the type and the (current) status; ISO dates."""

    committer: str | None = None
    beneficiary: str | None = None
    type: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    after: tuple[str, str] | None = None
    limit: int = 50


def make_record(iri: str, values: Iterable[tuple[str, str]]) -> TrackedRecord | None:
    """A record from (field, lexical value) pairs; None without a committer, type or status (a
    graph being removed, or no tracked commitment)."""
    one: dict[str, str] = {}
    many: dict[str, list[str]] = {"beneficiary": [], "target": []}
    intern = sys.intern
    for name, value in values:
        if name in _MANY:
            many[name].append(intern(value))
        else:
            one.setdefault(name, intern(value))
    if not all(k in one for k in ("committer", "type", "status")):
        return None
    first = one.get("first")
    return TrackedRecord(iri=iri, order=(first or UNDATED, tie_breaker(iri), iri),
                         committer=one["committer"], type=one["type"], status=one["status"],
                         beneficiaries=tuple(sorted(set(many["beneficiary"]))), targets=tuple(sorted(set(many["target"]))),
                         last=one.get("last"), reports=int(one.get("reports", "0")),
                         fulfilment=one.get("fulfilment", "none"))


def read_tracked(raw: ox.Store, iri: str) -> TrackedRecord | None:
    """One tracked commitment's record from its own graph (index lookups); None when it is gone."""
    node = ox.NamedNode(iri)
    return make_record(iri, ((_FIELDS[q.predicate.value], q.object.value)
                             for q in raw.quads_for_pattern(node, None, None, node) if q.predicate.value in _FIELDS))


def read_all(raw: ox.Store) -> Iterator[TrackedRecord]:
    """Every tracked commitment's record: one scan of the store's index per property (a graph at a
    time costs a lookup per graph, ten times as long at 100k commitments).

    The values go straight into one column per field, the commitment's IRI and every repeated value
    (actors, types, statuses, days) held once: a list of (field, value) pairs per commitment made
    the build peak at 210 MiB more than the process held before it at 80k tracked commitments
    (pyoxigraph gives a new string for every term it decodes), and most of it stayed with the
    allocator after the build."""
    iris: dict[str, str] = {}
    for quad in raw.quads_for_pattern(None, _TYPE, _TRACKED, None):
        if quad.graph_name == quad.subject:
            iri = quad.subject.value
            iris[iri] = iri
    columns: dict[str, dict[str, Any]] = {}
    intern = sys.intern
    for predicate, name in _FIELDS.items():
        column: dict[str, Any] = columns.setdefault(name, {})
        for quad in raw.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            iri = iris.get(quad.subject.value)
            if iri is None or quad.graph_name != quad.subject:
                continue
            value = intern(quad.object.value)
            if name in _MANY:
                column.setdefault(iri, []).append(value)
            elif iri not in column:
                column[iri] = value
    for iri in iris:
        record = make_record(iri, ((name, value) for name, column in columns.items() if iri in column
                                   for value in (column[iri] if name in _MANY else (column[iri],))))
        if record is not None:
            yield record


_ORDER = lambda record: record.order  # noqa: E731


@dataclass
class _Tables:
    records: dict[str, TrackedRecord] = field(default_factory=dict)
    # (type or None, status or None) -> records in order; committer -> ...; beneficiary -> ...
    by_kind: dict[tuple[str | None, str | None], list[TrackedRecord]] = field(default_factory=dict)
    by_committer: dict[str, list[TrackedRecord]] = field(default_factory=dict)
    by_beneficiary: dict[str, list[TrackedRecord]] = field(default_factory=dict)

    def lists_of(self, record: TrackedRecord) -> Iterator[list[TrackedRecord]]:
        for key in ((None, None), (record.type, None), (None, record.status), (record.type, record.status)):
            yield self.by_kind.setdefault(key, [])
        yield self.by_committer.setdefault(record.committer, [])
        for actor in record.beneficiaries:
            yield self.by_beneficiary.setdefault(actor, [])

    def add(self, record: TrackedRecord, *, sort: bool) -> None:
        self.records[record.iri] = record
        for records in self.lists_of(record):
            if sort:
                bisect.insort(records, record, key=_ORDER)
            else:
                records.append(record)

    def remove(self, iri: str) -> None:
        record = self.records.pop(iri, None)
        if record is None:
            return
        for records in self.lists_of(record):
            index = bisect.bisect_left(records, record.order, key=_ORDER)
            if index < len(records) and records[index] is record:
                del records[index]


class TrackedIndex(BackgroundBuilt):
    """The tracked commitments of one store, sorted for paging; `sync()` before reading."""

    _thread_name = "kg-tracked-index-build"
    _failure = "the tracked-commitment index could not be built; GET /tracked reads the store"

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._tables: _Tables | None = None
        self._generation = -1
        self._built = threading.Event()
        self.build_seconds: float | None = None

    def build(self) -> None:
        started = time.perf_counter()
        generation = self.store.generation
        tables = _Tables()
        for record in read_all(self.store.raw):
            tables.add(record, sort=False)
        for lists in (tables.by_kind, tables.by_committer, tables.by_beneficiary):
            for records in lists.values():
                records.sort(key=_ORDER)
        with self._lock:
            self._tables, self._generation = tables, generation
        self.build_seconds = time.perf_counter() - started
        self._built.set()
        log.info("tracked-commitment index ready: %d in %.1f s (GET /tracked now reads it)",
                 len(tables.records), self.build_seconds)

    def sync(self) -> bool:
        """Catch up on the store's writes; False while the first build is still running."""
        if not self.ready:
            return False
        with self._lock:
            changed = self.store.changed_graphs(self._generation)
            if changed is None:  # further behind than the change log reaches: start over
                self.build()
                return True
            generation = self.store.generation
            tables = self._tables
            assert tables is not None
            for graph in changed:
                if graph.startswith(TRACKED_PREFIX):
                    tables.remove(graph)
                    record = read_tracked(self.store.raw, graph)
                    if record is not None:
                        tables.add(record, sort=True)
            self._generation = generation
        return True

    def page(self, query: TrackedQuery) -> CataloguePage[TrackedRecord]:
        """One page of the list `query` describes, with the list's total."""
        with self._lock:
            tables = self._tables
            if tables is None:
                raise RuntimeError("the tracked-commitment index is not built yet")
            keep: Callable[[TrackedRecord], bool] | None = None
            kind, status, beneficiary = query.type, query.status, query.beneficiary
            if query.committer is not None or beneficiary is not None:
                if query.committer is not None:
                    candidates = tables.by_committer.get(query.committer, [])
                else:
                    candidates, beneficiary = tables.by_beneficiary.get(beneficiary or "", []), None
                if kind is not None or status is not None or beneficiary is not None:
                    wanted = beneficiary
                    keep = lambda r: ((kind is None or r.type == kind) and (status is None or r.status == status)  # noqa: E731
                                      and (wanted is None or wanted in r.beneficiaries))
            else:
                candidates = tables.by_kind.get((kind, status), [])
            return _page(candidates, keep, query.date_from, query.date_to, query.after, query.limit)  # type: ignore[arg-type]

    def __len__(self) -> int:
        tables = self._tables
        return len(tables.records) if tables else 0
