"""The catalogue: every commitment's and event's record in the lists' order, by actor and by kind.

The REST lists (an actor's commitments, the commitments with filters, the events) must answer in
milliseconds at 100,000 commitments, and Oxigraph finds, sorts and counts an actor's 20,000
commitments (or 50,000 events) anew for every page (0.5-2 s). The catalogue keeps the records in sorted lists
instead, so a page is a binary search and a slice, and a total is a length or a count over one
actor's list. It is built from one pass over the document graphs, in a background thread while
the server already answers (from the named queries), and kept in step with the store by reading
again only the named graphs the store's change log says were written (GraphStore.changed_graphs).
"""

from __future__ import annotations

import bisect
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Generic, TypeVar

import pyoxigraph as ox

from kg.catalogue import scan, snapshot
from kg.catalogue.records import BENEFICIARY, COMMITTER, LINK_GRAPHS, ORDER, UNDATED, CommitmentRecord, DocumentFacts, DocumentRecords, EventRecord, read_document
from kg.rdf.mapping import ACTORS_GRAPH, ONTOLOGY_GRAPH
from kg.catalogue.background import BackgroundBuilt
from kg.store import GraphStore
from kg.terms import RDFS

log = logging.getLogger(__name__)
R = TypeVar("R", CommitmentRecord, EventRecord)
_LABEL = ox.NamedNode(str(RDFS.label))
_NOT_DOCUMENTS = frozenset({str(ACTORS_GRAPH), str(ONTOLOGY_GRAPH)})


def _is_document(graph: str) -> bool:
    return graph not in _NOT_DOCUMENTS and not graph.startswith(LINK_GRAPHS)


@dataclass(frozen=True)
class CatalogueQuery:
    """What a list asks for; IRIs for actors, roles, types and statuses; ISO dates."""

    actor: str | None = None
    role: str | None = None
    beneficiary: str | None = None  # with `actor`: only commitments that also benefit this actor
    type: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    after: tuple[str, str] | None = None  # (sort key, tie-breaker) of the previous page's last item
    limit: int = 50
    newest_first: bool = False


@dataclass(frozen=True)
class EventQuery:
    """What the events list asks for: a participant's IRI, the kind's IRI, ISO dates."""

    participant: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    after: tuple[str, str] | None = None
    limit: int = 50
    newest_first: bool = False


@dataclass(frozen=True)
class CataloguePage(Generic[R]):
    records: list[R]
    total: int
    after: tuple[str, str] | None  # where the next page starts; None on the last page


@dataclass
class _Tables:
    records: dict[str, CommitmentRecord] = field(default_factory=dict)
    events: dict[str, EventRecord] = field(default_factory=dict)
    by_document: dict[str, list[str]] = field(default_factory=dict)  # commitments and events
    documents: dict[str, DocumentFacts] = field(default_factory=dict)
    # (type or None, status or None) -> records in order: every filter of the whole list is one
    # list. Only (None, None), every record, is made with the tables; a filtered list is made from
    # it when first asked for (or by complete()), so that the lists answer sooner after a start.
    by_kind: dict[tuple[str | None, str | None], list[CommitmentRecord]] = field(default_factory=dict)
    by_actor: dict[str, list[CommitmentRecord]] | None = None  # all at once, likewise
    # event kind or None -> events in order; participant -> events in order
    events_by_kind: dict[str | None, list[EventRecord]] = field(default_factory=dict)
    events_by_actor: dict[str, list[EventRecord]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def kind_list(self, key: tuple[str | None, str | None]) -> list[CommitmentRecord]:
        """The records of one (type, status) filter in order; kept once made and not empty."""
        found = self.by_kind.get(key)
        if found is None:
            kind, status = key
            found = [r for r in self.by_kind[(None, None)]
                     if (kind is None or r.type == kind) and (status is None or r.status == status)]
            if found:
                self.by_kind[key] = found
        return found

    def actor_lists(self) -> dict[str, list[CommitmentRecord]]:
        """Each actor's records in order (in whatever role), made in one pass when first asked for."""
        if self.by_actor is None:
            by_actor: dict[str, list[CommitmentRecord]] = {}
            for record in self.by_kind[(None, None)]:
                for actor in {actor for _, actor in record.roles}:
                    listed = by_actor.get(actor)
                    if listed is None:
                        listed = by_actor[actor] = []
                    listed.append(record)
            self.by_actor = by_actor
        return self.by_actor

    def complete(self) -> None:
        """Make every list not made yet: the actors' lists and the filters of every type and status."""
        self.actor_lists()
        every = self.by_kind[(None, None)]
        for kind, status in {(r.type, r.status) for r in every}:
            for key in ((kind, None), (None, status), (kind, status)):
                self.kind_list(key)

    def lists_of(self, record: CommitmentRecord) -> Iterable[list[CommitmentRecord]]:
        """The lists made so far that hold `record` (those not made yet will take it from the rest)."""
        yield self.by_kind.setdefault((None, None), [])
        for key in ((record.type, None), (None, record.status), (record.type, record.status)):
            listed = self.by_kind.get(key)
            if listed is not None:
                yield listed
        if self.by_actor is not None:
            for actor in record.actors():
                yield self.by_actor.setdefault(actor, [])

    def event_lists_of(self, event: EventRecord) -> Iterable[list[EventRecord]]:
        yield self.events_by_kind.setdefault(None, [])
        yield self.events_by_kind.setdefault(event.kind, [])
        for actor in event.participants:
            yield self.events_by_actor.setdefault(actor, [])


def _documents(tables: _Tables) -> list[DocumentRecords]:
    """The tables' records per document, as read_document gave them."""
    return [DocumentRecords(facts, [tables.records[i] for i in tables.by_document.get(iri, []) if i in tables.records],
                            [tables.events[i] for i in tables.by_document.get(iri, []) if i in tables.events])
            for iri, facts in tables.documents.items()]


def _fill(tables: _Tables, documents: Iterable[DocumentRecords]) -> None:
    """Fresh tables from every document's records: all records sorted once (a sort per list took
    1.8 s of a 3.6 s start from the snapshot at 100k commitments); the filtered lists are made
    from that one in its order when first needed, so each is born sorted. The same lists as
    _add_records makes."""
    commitments: list[CommitmentRecord] = []
    events: list[EventRecord] = []
    for found in documents:
        graph = found.document.iri
        tables.documents[graph] = found.document
        tables.by_document[graph] = [r.iri for r in found.commitments] + [e.iri for e in found.events]
        commitments.extend(found.commitments)
        events.extend(found.events)
    _sort(commitments)
    _sort(events)
    tables.records.update((record.iri, record) for record in commitments)
    tables.by_kind[(None, None)] = commitments
    all_events = tables.events_by_kind.setdefault(None, [])
    for event in events:
        tables.events[event.iri] = event
        all_events.append(event)
        tables.events_by_kind.setdefault(event.kind, []).append(event)
        for actor in event.participants:
            tables.events_by_actor.setdefault(actor, []).append(event)


def _sort(records: list[R]) -> None:
    """Sort by ORDER, (date or "~", tie-breaker, IRI), in three stable sorts from the last key to
    the first: each key is a string the records hold, where sorting by ORDER made a tuple per
    record (6 MiB at 100,000 commitments, freed after the sort but left in the allocator's
    arenas, where the records' own order tuples used to be)."""
    for field_name in ("iri", "tie", "day"):
        records.sort(key=attrgetter(field_name))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the tables are made, and what was made then frozen
    (gc.freeze: left out of every later collection): the records and their tuples are all
    containers, and every collection their allocation starts walks all of those made so far, and
    once the collector is back, all of them again (0.3 of 0.9 CPU-s until ready from the snapshot
    at 100k commitments, and the GET lists' pauses after). The records hold no cycles; reference
    counting still frees what is dropped, frozen or not."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _insert(records: list[R], record: R, *, sort: bool) -> None:
    if sort:
        bisect.insort(records, record, key=ORDER)
    else:
        records.append(record)


def _discard(records: list[R], record: R) -> None:
    index = bisect.bisect_left(records, record.order, key=ORDER)
    if index < len(records) and records[index] is record:
        del records[index]


class CommitmentCatalogue(BackgroundBuilt):
    """The commitments and events of one store, sorted for paging; `sync()` before reading catches
    up on writes."""

    _thread_name = "kg-catalogue-build"
    _failure = "the commitment catalogue could not be built; lists read the store"

    def __init__(self, store: GraphStore, snapshot_path: Path | None = None) -> None:
        self.store = store
        self.snapshot_path = snapshot_path
        self._lock = threading.RLock()
        self._tables: _Tables | None = None
        self._generation = -1
        self._saved_generation: int | None = None
        self._built = threading.Event()
        self.build_seconds: float | None = None
        self.build_cpu_seconds: float | None = None
        self.from_snapshot = False

    # -- building and keeping up ------------------------------------------------------------

    def build(self, *, catch_up: bool = True) -> None:
        """Read every document graph into fresh tables, then swap them in (and, with `catch_up`,
        apply the writes made while reading)."""
        started, cpu = time.perf_counter(), time.thread_time()
        generation = self.store.generation
        mark = snapshot.fingerprint(self.store, _NOT_DOCUMENTS) if self.snapshot_path else None
        with _collector_paused():
            saved = snapshot.load(self.snapshot_path, mark) if self.snapshot_path and mark else None
            tables = _Tables()
            _fill(tables, saved if saved is not None else self._read_documents())
        tables.names = self._read_names()
        with self._lock:
            self._tables, self._generation = tables, generation
            # Saved only when no write came in while reading: the records then match `mark`.
            documents = (_documents(tables) if saved is None and mark is not None
                         and self.store.generation == generation else None)
        self.from_snapshot = saved is not None
        self.build_seconds = time.perf_counter() - started
        self.build_cpu_seconds = time.thread_time() - cpu  # beside the wall time: the server's start shares the CPU
        self._built.set()
        if saved is not None:
            self._saved_generation = generation
        elif documents is not None and mark is not None:
            self._write(mark, documents, generation)
        if catch_up:
            self.sync()
        with self._lock, _collector_paused():  # the lists not asked for yet, now rather than in a request's time
            if self._tables is not None:
                self._tables.complete()
        log.info("catalogue ready: %d commitments and %d events in %.1f s (%.1f s of CPU)%s (the REST lists now read it)",
                 len(tables.records), len(tables.events), self.build_seconds, self.build_cpu_seconds,
                 " from its snapshot" if saved is not None else "")

    def save(self) -> bool:
        """Write the snapshot when the store was written since the last one (at shutdown)."""
        if not self.snapshot_path or not self.sync():
            return False
        with self._lock:
            generation = self._generation
            if self._tables is None or generation == self._saved_generation:
                return False
            mark = snapshot.fingerprint(self.store, _NOT_DOCUMENTS)
            if mark is None or self.store.generation != generation:
                return False
            documents = _documents(self._tables)
        return self._write(mark, documents, generation)

    def _write(self, mark: str, documents: list[DocumentRecords], generation: int) -> bool:
        assert self.snapshot_path is not None
        try:
            snapshot.save(self.snapshot_path, mark, documents)
        except OSError as error:  # a read-only folder, a full disk: the next start builds again
            log.warning("could not save the catalogue snapshot %s: %s", self.snapshot_path, error)
            return False
        self._saved_generation = generation
        return True

    def sync(self) -> bool:
        """Catch up on the store's writes; False while the first build is still running."""
        if not self.ready:
            return False
        with self._lock:
            changed = self.store.changed_graphs(self._generation)
            if changed is None:  # further behind than the change log reaches
                self._built.clear()
                self.build(catch_up=False)  # writes made meanwhile: the next sync catches up
                return True
            if not changed:
                return True
            generation = self.store.generation
            tables = self._tables
            assert tables is not None
            for graph in changed:
                if graph == str(ACTORS_GRAPH):
                    tables.names = self._read_names()
                elif _is_document(graph):
                    self._remove_document(tables, graph)
                    self._add_document(tables, ox.NamedNode(graph), sort=True)
            self._generation = generation
        return True

    def _read_names(self) -> dict[str, str]:
        quads = self.store.raw.quads_for_pattern(None, _LABEL, None, ox.NamedNode(str(ACTORS_GRAPH)))
        return {q.subject.value: q.object.value for q in quads}

    def _read_documents(self) -> Iterable[DocumentRecords]:
        raw = self.store.raw
        if isinstance(raw, ox.Store):  # embedded: a pass per predicate (kg/catalogue/scan.py)
            return scan.read_store(raw, _is_document)
        return self._read_graphs()

    def _read_graphs(self) -> Iterable[DocumentRecords]:
        """A graph at a time (a remote store: its lookups are HTTP requests)."""
        raw = self.store.raw
        for graph in raw.named_graphs():
            if isinstance(graph, ox.NamedNode) and _is_document(graph.value):
                found = read_document(graph.value, raw.quads_for_pattern(None, None, None, graph))
                if found.listed:
                    yield found

    def _add_document(self, tables: _Tables, graph: ox.NamedNode, *, sort: bool) -> None:
        found = read_document(graph.value, self.store.raw.quads_for_pattern(None, None, None, graph))
        if not found.listed:
            return  # no such graph (removed), or not a document
        self._add_records(tables, found, sort=sort)

    def _add_records(self, tables: _Tables, found: DocumentRecords, *, sort: bool) -> None:
        graph = found.document.iri
        tables.documents[graph] = found.document
        tables.by_document[graph] = [r.iri for r in found.commitments] + [e.iri for e in found.events]
        for record in found.commitments:
            tables.records[record.iri] = record
            for records in tables.lists_of(record):
                _insert(records, record, sort=sort)
        for event in found.events:
            tables.events[event.iri] = event
            for events in tables.event_lists_of(event):
                _insert(events, event, sort=sort)

    def _remove_document(self, tables: _Tables, graph: str) -> None:
        tables.documents.pop(graph, None)
        for iri in tables.by_document.pop(graph, []):
            if (record := tables.records.pop(iri, None)) is not None:
                for records in tables.lists_of(record):
                    _discard(records, record)
            if (event := tables.events.pop(iri, None)) is not None:
                for events in tables.event_lists_of(event):
                    _discard(events, event)

    # -- reading ----------------------------------------------------------------------------

    def name(self, actor: str) -> str | None:
        tables = self._tables
        return tables.names.get(actor) if tables else None

    def document(self, iri: str) -> DocumentFacts | None:
        tables = self._tables
        return tables.documents.get(iri) if tables else None

    def committed_by(self, actor: str) -> list[CommitmentRecord] | None:
        """The records of the commitments `actor` is a committer of, in step with the store's
        writes; None while the catalogue is not built (kg.link reads them from here rather than
        from the store: a record costs a dict lookup here, half a millisecond there)."""
        if not self.sync():
            return None
        with self._lock:
            tables = self._built_tables()
            return [r for r in tables.actor_lists().get(actor, ()) if r.plays(actor, COMMITTER)]

    def page(self, query: CatalogueQuery) -> CataloguePage[CommitmentRecord]:
        """One page of the commitment list `query` describes, with the list's total."""
        with self._lock:
            tables = self._built_tables()
            if query.actor is not None:
                candidates = tables.actor_lists().get(query.actor, [])
                keep = _actor_filter(query)
            else:
                candidates = tables.kind_list((query.type, query.status))
                keep = None
            return _page(candidates, keep, query.date_from, query.date_to, query.after, query.limit,
                         query.newest_first)

    def events_page(self, query: EventQuery) -> CataloguePage[EventRecord]:
        """One page of the event list `query` describes, with the list's total."""
        with self._lock:
            tables = self._built_tables()
            if query.participant is not None:
                candidates = tables.events_by_actor.get(query.participant, [])
                kind = query.kind
                keep = (lambda e: e.kind == kind) if kind is not None else None
            else:
                candidates, keep = tables.events_by_kind.get(query.kind, []), None
            return _page(candidates, keep, query.date_from, query.date_to, query.after, query.limit,
                         query.newest_first)

    def _built_tables(self) -> _Tables:
        if self._tables is None:
            raise RuntimeError("the catalogue is not built yet")
        return self._tables

    def __len__(self) -> int:
        tables = self._tables
        return len(tables.records) if tables else 0


def _page(candidates: list[R], keep: Callable[[R], bool] | None, date_from: str | None, date_to: str | None,
          after: tuple[str, str] | None, limit: int, newest_first: bool = False) -> CataloguePage[R]:
    low, high = _date_bounds(candidates, date_from, date_to)
    window = candidates[low:high]
    if keep is not None:
        window = [record for record in window if keep(record)]
    if newest_first:
        return _newest_page(window, after, limit)
    start = bisect.bisect_right(window, after, key=lambda r: r.order[:2]) if after else 0
    records = window[start:start + limit]
    more = start + limit < len(window)
    return CataloguePage(records=records, total=len(window), after=records[-1].order[:2] if more and records else None)


def _newest_page(window: list[R], after: tuple[str, str] | None, limit: int) -> CataloguePage[R]:
    """A page of `window` (oldest first, undated last) newest first, the undated still last:
    the dated items backwards, then the undated backwards (kg.query.named.newest_first's order)."""
    dated = bisect.bisect_left(window, UNDATED, key=lambda r: r.order[0])
    order: Callable[[R], tuple[str, str]] = lambda r: r.order[:2]  # noqa: E731
    if after is None:
        start = 0
    elif after[0] == UNDATED:  # within the undated: those before `after` in the oldest-first order follow
        start = dated + (len(window) - bisect.bisect_left(window, after, lo=dated, key=order))
    else:
        start = dated - bisect.bisect_left(window, after, hi=dated, key=order)
    end = min(len(window), start + limit)
    # position p of the newest-first order: window[dated - 1 - p] among the dated, then from the end backwards
    records = [window[dated - 1 - p] if p < dated else window[len(window) - 1 - (p - dated)] for p in range(start, end)]
    more = end < len(window)
    return CataloguePage(records=records, total=len(window), after=records[-1].order[:2] if more and records else None)


def _actor_filter(query: CatalogueQuery) -> Callable[[CommitmentRecord], bool] | None:
    actor, role, beneficiary = query.actor, query.role, query.beneficiary
    kind, status = query.type, query.status
    if role is None and beneficiary is None and kind is None and status is None:
        return None

    def keep(record: CommitmentRecord) -> bool:
        return ((kind is None or record.type == kind) and (status is None or record.status == status)
                and (role is None or record.plays(actor or "", role))
                and (beneficiary is None or record.plays(beneficiary, BENEFICIARY)))

    return keep


def _date_bounds(records: list[R], date_from: str | None, date_to: str | None) -> tuple[int, int]:
    """The slice of `records` (in date order, undated last) dated within [date_from, date_to];
    either bound given leaves the undated out, as the named queries do."""
    if date_from is None and date_to is None:
        return 0, len(records)
    low = bisect.bisect_left(records, date_from, key=lambda r: r.order[0]) if date_from else 0
    # "~" sorts after every date, so the undated end the list; a date bound stops before them
    high = (bisect.bisect_right(records, date_to, key=lambda r: r.order[0]) if date_to
            else bisect.bisect_left(records, UNDATED, key=lambda r: r.order[0]))
    return low, max(low, high)
