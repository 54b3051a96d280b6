"""The catalogue: every commitment's record in the lists' order, by actor and by type and status.

The REST lists (an actor's commitments, the commitments with filters) must answer in
milliseconds at 100,000 commitments, and Oxigraph finds, sorts and counts an actor's 20,000
commitments anew for every page (about 0.5 s). The catalogue keeps the records in sorted lists
instead, so a page is a binary search and a slice, and a total is a length or a count over one
actor's list. It is built from one pass over the document graphs, in a background thread while
the server already answers (from the named queries), and kept in step with the store by reading
again only the named graphs the store's change log says were written (GraphStore.changed_graphs).
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter

import pyoxigraph as ox

from kg.catalogue.records import UNDATED, CommitmentRecord, DocumentFacts, read_document
from kg.rdf.mapping import ACTORS_GRAPH, ONTOLOGY_GRAPH
from kg.store import GraphStore
from kg.terms import RDFS

log = logging.getLogger(__name__)
_ORDER = attrgetter("order")
_LABEL = ox.NamedNode(str(RDFS.label))
_NOT_DOCUMENTS = frozenset({str(ACTORS_GRAPH), str(ONTOLOGY_GRAPH)})


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


@dataclass(frozen=True)
class CataloguePage:
    records: list[CommitmentRecord]
    total: int
    after: tuple[str, str] | None  # where the next page starts; None on the last page


@dataclass
class _Tables:
    records: dict[str, CommitmentRecord] = field(default_factory=dict)
    by_document: dict[str, list[str]] = field(default_factory=dict)
    documents: dict[str, DocumentFacts] = field(default_factory=dict)
    # (type or None, status or None) -> records in order: every filter of the whole list is one list
    by_kind: dict[tuple[str | None, str | None], list[CommitmentRecord]] = field(default_factory=dict)
    by_actor: dict[str, list[CommitmentRecord]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def lists_of(self, record: CommitmentRecord) -> Iterable[list[CommitmentRecord]]:
        for key in ((None, None), (record.type, None), (None, record.status), (record.type, record.status)):
            yield self.by_kind.setdefault(key, [])
        for actor in record.actors():
            yield self.by_actor.setdefault(actor, [])


class CommitmentCatalogue:
    """The commitments of one store, sorted for paging; `sync()` before reading catches up on writes."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._tables: _Tables | None = None
        self._generation = -1
        self._built = threading.Event()
        self.build_seconds: float | None = None

    # -- building and keeping up ------------------------------------------------------------

    def build(self, *, catch_up: bool = True) -> None:
        """Read every document graph into fresh tables, then swap them in (and, with `catch_up`,
        apply the writes made while reading)."""
        started = time.perf_counter()
        generation = self.store.generation
        tables = _Tables()
        raw = self.store.raw
        for graph in raw.named_graphs():
            if isinstance(graph, ox.NamedNode) and graph.value not in _NOT_DOCUMENTS:
                self._add_document(tables, graph, sort=False)
        for records in (*tables.by_kind.values(), *tables.by_actor.values()):
            records.sort(key=_ORDER)
        tables.names = self._read_names()
        with self._lock:
            self._tables, self._generation = tables, generation
        self.build_seconds = time.perf_counter() - started
        self._built.set()
        if catch_up:
            self.sync()
        log.info("commitment catalogue: %d commitments in %.1f s", len(tables.records), self.build_seconds)

    def start(self, on_error: Callable[[BaseException], None] | None = None) -> threading.Thread:
        """Build in a background thread; lists use the named queries until it is done."""

        def run() -> None:
            try:
                self.build()
            except Exception as error:  # noqa: BLE001 - the API keeps answering from the store
                log.exception("the commitment catalogue could not be built; lists read the store")
                if on_error:
                    on_error(error)

        thread = threading.Thread(target=run, name="kg-catalogue-build", daemon=True)
        thread.start()
        return thread

    @property
    def ready(self) -> bool:
        return self._built.is_set()

    def wait_ready(self, timeout_s: float) -> bool:
        return self._built.wait(timeout_s)

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
                elif graph not in _NOT_DOCUMENTS:
                    self._remove_document(tables, graph)
                    self._add_document(tables, ox.NamedNode(graph), sort=True)
            self._generation = generation
        return True

    def _read_names(self) -> dict[str, str]:
        quads = self.store.raw.quads_for_pattern(None, _LABEL, None, ox.NamedNode(str(ACTORS_GRAPH)))
        return {q.subject.value: q.object.value for q in quads}

    def _add_document(self, tables: _Tables, graph: ox.NamedNode, *, sort: bool) -> None:
        document, records = read_document(graph.value, self.store.raw.quads_for_pattern(None, None, None, graph))
        if not records and document.name is None:
            return  # no such graph (removed), or not a document
        tables.documents[graph.value] = document
        tables.by_document[graph.value] = [r.iri for r in records]
        for record in records:
            tables.records[record.iri] = record
            for records_list in tables.lists_of(record):
                if sort:
                    bisect.insort(records_list, record, key=_ORDER)
                else:
                    records_list.append(record)

    def _remove_document(self, tables: _Tables, graph: str) -> None:
        tables.documents.pop(graph, None)
        for iri in tables.by_document.pop(graph, []):
            record = tables.records.pop(iri, None)
            if record is None:
                continue
            for records_list in tables.lists_of(record):
                index = bisect.bisect_left(records_list, record.order, key=_ORDER)
                if index < len(records_list) and records_list[index] is record:
                    del records_list[index]

    # -- reading ----------------------------------------------------------------------------

    def name(self, actor: str) -> str | None:
        tables = self._tables
        return tables.names.get(actor) if tables else None

    def document(self, iri: str) -> DocumentFacts | None:
        tables = self._tables
        return tables.documents.get(iri) if tables else None

    def page(self, query: CatalogueQuery) -> CataloguePage:
        """One page of the list `query` describes, with the list's total."""
        with self._lock:
            tables = self._tables
            if tables is None:
                raise RuntimeError("the catalogue is not built yet")
            if query.actor is not None:
                candidates = tables.by_actor.get(query.actor, [])
                keep = _actor_filter(query)
            else:
                candidates = tables.by_kind.get((query.type, query.status), [])
                keep = None
            low, high = _date_bounds(candidates, query.date_from, query.date_to)
            window = candidates[low:high]
            if keep is not None:
                window = [record for record in window if keep(record)]
        total = len(window)
        start = bisect.bisect_right(window, query.after, key=lambda r: r.order[:2]) if query.after else 0
        records = window[start:start + query.limit]
        more = start + query.limit < total
        return CataloguePage(records=records, total=total, after=records[-1].order[:2] if more and records else None)

    def __len__(self) -> int:
        tables = self._tables
        return len(tables.records) if tables else 0


def _actor_filter(query: CatalogueQuery) -> Callable[[CommitmentRecord], bool] | None:
    actor, role, beneficiary = query.actor, query.role, query.beneficiary
    kind, status = query.type, query.status
    beneficiary_role = "https://w3id.org/commitments-kg/ontology#beneficiary"
    if role is None and beneficiary is None and kind is None and status is None:
        return None

    def keep(record: CommitmentRecord) -> bool:
        return ((kind is None or record.type == kind) and (status is None or record.status == status)
                and (role is None or record.plays(actor or "", role))
                and (beneficiary is None or record.plays(beneficiary, beneficiary_role)))

    return keep


def _date_bounds(records: list[CommitmentRecord], date_from: str | None, date_to: str | None) -> tuple[int, int]:
    """The slice of `records` (in date order, undated last) dated within [date_from, date_to];
    either bound given leaves the undated out, as the named queries do."""
    if date_from is None and date_to is None:
        return 0, len(records)
    low = bisect.bisect_left(records, date_from, key=lambda r: r.order[0]) if date_from else 0
    # "~" sorts after every date, so the undated end the list; a date bound stops before them
    high = (bisect.bisect_right(records, date_to, key=lambda r: r.order[0]) if date_to
            else bisect.bisect_left(records, UNDATED, key=lambda r: r.order[0]))
    return low, max(low, high)
