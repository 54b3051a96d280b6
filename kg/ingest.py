"""Ingestion: files -> claims -> RDF -> SHACL -> one transaction per document.

Preparing a document (reading, extracting, mapping, validating) is pure work that can run in
worker processes; writing happens in the calling process, one transaction per document, so a
kill at any moment leaves every document all or nothing, and running again finishes the job.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef

from kg.claims.io import load_claims, model_errors, read_text
from kg.claims.model import Claims
from kg.errors import InvalidClaims, KGError, ShapeViolation
from kg.rdf.iris import local_id
from kg.rdf.mapping import ACTORS_GRAPH, ONTOLOGY_GRAPH, DocumentGraph, claims_to_graph, content_hash
from kg.sources import ARTICLE_SUFFIXES, Source, discover
from kg.store import GraphStore
from kg.store.convert import to_ntriples
from kg.terms import CK
from kg.validate import Validator

if TYPE_CHECKING:
    from kg.gazetteer import Gazetteer
    from kg.link.linker import Linker
    from kg.link.settings import LinkSettings


FLUSH_EVERY = 25
# The cyclic collector's first threshold while documents are prepared: at Python's 700 it ran a
# young-generation pass every few hundred objects, and a document leaves tens of thousands of
# short-lived ones (few in cycles), about 1.5 ms of the 17-19 a document takes to prepare.
GC_YOUNG_THRESHOLD = 50_000
# A run that wrote this many triples leaves RocksDB with many small tables; compacting them then
# (GraphStore.optimize, ~6 s per million triples) makes later queries 1.4-1.6x faster.
OPTIMIZE_AFTER_TRIPLES = 200_000
# Chunks (of up to 8 documents, 2 MB each as prepared) queued or being prepared per worker: enough
# for the workers to go on while the writer waits for a bulk load (up to a second near the end of
# a 100k-commitment run, kg.ingest_bulk), where 2 left them idle after a third of a second.
CHUNKS_IN_FLIGHT_PER_WORKER = 4


class Outcome(StrEnum):
    WRITTEN = "written"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Prepared:
    """A document ready to write, or the reason it cannot be."""

    source: str
    document: str | None = None
    iri: str | None = None
    ntriples: str | None = None
    actor_ntriples: str = ""
    content_hash: str | None = None
    triples: int = 0
    error: str | None = None
    superseded: bool = False
    records: Any = None  # the catalogue's DocumentRecords of the document (kg.catalogue.ingested)


@dataclass(frozen=True)
class IngestResult:
    source: str
    outcome: Outcome
    document: str | None = None
    triples: int = 0
    message: str | None = None


def check_quotes(claims: Claims, text: str, source: str) -> None:
    """Where the article stands beside its claims file, every quote's offsets must point at it."""
    problems = []
    items = [(f"commitments[{i}] ({c.committer}, {c.type})", c) for i, c in enumerate(claims.commitments)]
    items += [(f"events[{i}] ({e.name})", e) for i, e in enumerate(claims.events)]
    for label, item in items:
        if item.quote and item.quote_start is not None and text[item.quote_start:item.quote_end] != item.quote:
            problems.append(f"{label}.quote_start: the article's text at {item.quote_start}-{item.quote_end} "
                            f"is not the quote (it reads {text[item.quote_start:item.quote_end][:60]!r})")
    if problems:
        raise InvalidClaims(source, problems)


def _name_item(mapped: DocumentGraph, violation: str) -> str:
    """Put the file's item first: "commitments[0] (Norway, air_defence): [CommitmentShape] <...> ..."."""
    match = re.search(r"<([^>]+)>", violation)
    item = mapped.item_of(match.group(1)) if match else None
    return f"{item}: {violation}" if item else violation


def _ready(mapped: DocumentGraph, document: str) -> Prepared:
    """A mapped, validated document as text a worker process can hand back to the writer."""
    from kg.catalogue.records import read_triples

    return Prepared(source=mapped.source, document=document, iri=str(mapped.iri),
                    ntriples="\n".join(mapped.document_lines), actor_ntriples="\n".join(mapped.actor_lines),
                    content_hash=mapped.content_hash, triples=len(mapped.document_lines) + len(mapped.actor_lines),
                    records=read_triples(str(mapped.iri), mapped.triples))


class Preparer:
    """Everything needed to turn a file into a validated graph; built once per process."""

    def __init__(self, gazetteer: Gazetteer | None, validator: Validator) -> None:
        self.gazetteer = gazetteer
        self.validator = validator

    def claims_for(self, source: Source) -> Claims:
        if source.kind == "claims":
            claims = load_claims(source.path)
            article = source.path.parent / Path(claims.document).name
            if article.is_file() and article.suffix.lower() in ARTICLE_SUFFIXES:
                check_quotes(claims, read_text(article), str(source.path))
            return claims
        from kg.extract import extract, read_article  # the extractor is only needed for articles

        text, published, document = read_article(source.path)
        if self.gazetteer is None:
            raise InvalidClaims(str(source.path), ["articles need the gazetteer to be extracted"])
        with model_errors(str(source.path)):
            return extract(text, document=document, published=published, gazetteer=self.gazetteer)

    def document_graph(self, claims: Claims, source: str) -> DocumentGraph:
        mapped = claims_to_graph(claims, source, self.gazetteer)
        # The pyoxigraph triples as the mapper made them: building an rdflib graph of them
        # would cost more than mapping them did.
        result = self.validator.check(mapped.triples)
        if not result.conforms:
            raise ShapeViolation(source, [_name_item(mapped, v) for v in result.violations])
        return mapped

    def prepare(self, source: Source) -> Prepared:
        name = str(source.path)
        try:
            claims = self.claims_for(source)
            mapped = self.document_graph(claims, name)
        except (InvalidClaims, ShapeViolation) as error:
            return Prepared(source=name, error=error.report())
        except KGError as error:
            return Prepared(source=name, error=f"{name}: {error}")
        return _ready(mapped, claims.document)


@cache
def _worker_preparer() -> Preparer:
    """One Preparer per worker process: parsing shapes and the gazetteer once, not per file."""
    preparer = Preparer(load_default_gazetteer(), Validator())
    gc.freeze()  # the shapes and the gazetteer live as long as the worker: see _setup_frozen
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, older, oldest)  # the worker only prepares documents
    return preparer


@contextmanager
def _setup_frozen() -> Iterator[None]:
    """Keep the cyclic garbage collector off what exists before the ingest loop.

    Each document leaves short-lived objects enough to set off a full collection every few
    documents, and a full collection walked the parsed shapes, ontology and gazetteer again:
    about 4.5 ms a document, a fifth of preparing it. Frozen objects are only skipped, not
    kept alive, and are unfrozen afterwards; a caller that froze objects of its own is left
    as it is. Young objects are collected less often meanwhile (GC_YOUNG_THRESHOLD)."""
    young, older, oldest = gc.get_threshold()
    gc.set_threshold(max(young, GC_YOUNG_THRESHOLD), older, oldest)
    ours = not gc.get_freeze_count()
    if ours:
        gc.freeze()
    try:
        yield
    finally:
        if ours:
            gc.unfreeze()
        gc.set_threshold(young, older, oldest)


# The caller's Preparer, for pool workers forked while it is set: they start with it (its
# shapes, ontology and gazetteer already parsed, frozen for the collector) instead of building
# their own, 0.12 CPU-s each before their first document. Workers started otherwise (spawn)
# find None and build one.
_FORKED_PREPARER: Preparer | None = None


def _prepare_chunk(sources: list[Source]) -> list[Prepared]:
    preparer = _FORKED_PREPARER or _worker_preparer()
    return [preparer.prepare(source) for source in sources]


def load_default_gazetteer() -> Gazetteer | None:
    """The gazetteer shipped with the package."""
    from kg.gazetteer import load_gazetteer

    return load_gazetteer()


def _prepared(sources: list[Source], preparer: Preparer, workers: int) -> Iterator[Prepared]:
    if workers <= 1 or len(sources) < 2 * workers:
        for source in sources:
            yield preparer.prepare(source)
        return
    size = max(1, min(8, len(sources) // (workers * 8)))
    global _FORKED_PREPARER
    _FORKED_PREPARER = preparer
    try:
        yield from _pooled(sources, size, workers)
    finally:
        _FORKED_PREPARER = None


def _pooled(sources: list[Source], size: int, workers: int) -> Iterator[Prepared]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # Workers prepare documents faster than the one writer stores them; Executor.map would
        # submit the whole corpus and keep every prepared document waiting in memory (450 MiB at
        # 100k commitments). A window of a few chunks per worker keeps the pipeline full and
        # memory flat.
        pending: deque[Future[list[Prepared]]] = deque()
        for start in range(0, len(sources), size):
            if len(pending) >= workers * CHUNKS_IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().result()
            pending.append(pool.submit(_prepare_chunk, sources[start:start + size]))
        while pending:
            yield from pending.popleft().result()


def write_prepared(store: GraphStore, item: Prepared) -> IngestResult:
    """Write one prepared document in one transaction, unless it is already stored as is."""
    if item.error is not None or item.iri is None or item.ntriples is None:
        return IngestResult(item.source, Outcome.FAILED, item.document, message=item.error)
    iri = URIRef(item.iri)
    stored = store.document_hash(iri)
    if stored == item.content_hash:
        store.add_ntriples(ACTORS_GRAPH, item.actor_ntriples)
        return IngestResult(item.source, Outcome.UNCHANGED, item.document, item.triples)
    store.replace_ntriples(iri, item.ntriples, shared_graph=ACTORS_GRAPH, shared_lines=item.actor_ntriples,
                           validated=True)
    outcome = Outcome.WRITTEN if stored is None else Outcome.REPLACED
    return IngestResult(item.source, outcome, item.document, item.triples)


def ensure_ontology_graph(store: GraphStore, preparer: Preparer) -> bool:
    """Keep the ontology in a named graph of its own, so SPARQL users can read labels, schemes and
    status ranks; rewritten when the ontology files change. True if written."""
    graph = preparer.validator.ontology
    digest = content_hash(graph)
    if store.document_hash(ONTOLOGY_GRAPH) == digest:
        return False
    marked = graph + Graph()
    marked.add((ONTOLOGY_GRAPH, CK.contentHash, Literal(digest)))
    store.replace_graph(ONTOLOGY_GRAPH, marked)
    return True


def ensure_reference_graph(store: GraphStore, preparer: Preparer) -> bool:
    """Write the gazetteer's reference graph when it is missing or out of date; True if written."""
    ensure_ontology_graph(store, preparer)
    if preparer.gazetteer is None:
        return False
    from kg import __version__
    from kg.rdf.reference import gazetteer_graph, reference_hash

    digest = reference_hash(preparer.gazetteer, __version__)
    if store.document_hash(ACTORS_GRAPH) == digest:
        return False
    graph = gazetteer_graph(preparer.gazetteer, digest)
    result = preparer.validator.validate(graph)
    if not result.conforms:
        raise ShapeViolation("gazetteer", result.violations)
    store.replace_marked(ACTORS_GRAPH, to_ntriples(graph))
    return True


# How documents are prepared: `_prepared` (here, or in a pool of processes), or another engine's
# (kg.ingest_dask.on_cluster), given the sources in order and yielding their Prepared in that order.
Prepare = Callable[[list[Source], Preparer, int], Iterator[Prepared]]


def ingest_paths(store: GraphStore, paths: Iterable[Path], preparer: Preparer, *, workers: int = 1,
                 progress: Callable[[IngestResult], None] | None = None, link: bool = True,
                 settings: "LinkSettings | None" = None, prepare: Prepare | None = None,
                 optimize: bool = True) -> list[IngestResult]:
    """Ingest every claims file and article under `paths`; failures are reported, never written.
    With `link`, the tracked commitments of the committers each written document touches are
    recomputed right after it (kg.link). `prepare` replaces the local preparation (Dask). With
    `optimize`, a run that wrote OPTIMIZE_AFTER_TRIPLES or more ends by compacting the store."""
    with _setup_frozen():
        results = _ingest_paths(store, paths, preparer, workers, progress, link, settings, prepare or _prepared)
    if optimize:
        optimize_after(store, results)
    return results


def optimize_after(store: GraphStore, results: list[IngestResult]) -> bool:
    """Compact the store when the run wrote enough to be worth it (stores that cannot, remote
    ones, are left alone); True when it did."""
    written = sum(r.triples for r in results if r.outcome in (Outcome.WRITTEN, Outcome.REPLACED))
    compact = getattr(store, "optimize", None)
    if written < OPTIMIZE_AFTER_TRIPLES or compact is None or store.path is None:
        return False
    compact()
    return True


def _ingest_paths(store: GraphStore, paths: Iterable[Path], preparer: Preparer, workers: int,
                  progress: Callable[[IngestResult], None] | None, link: bool = True,
                  settings: "LinkSettings | None" = None, prepare: Prepare | None = None) -> list[IngestResult]:
    prepare = prepare or _prepared
    ensure_reference_graph(store, preparer)
    linker = _linker(store, preparer, settings) if link else None
    sources = discover(paths, store.path)
    claims_sources = [s for s in sources if s.kind == "claims"]
    articles = [s for s in sources if s.kind == "article"]
    results: list[IngestResult] = []
    reviewed_documents: set[str] = set()
    first_source: dict[str, str] = {}  # document IRI -> the file of this run that gave it first

    def record(result: IngestResult) -> None:
        results.append(result)
        if linker is not None and result.outcome in (Outcome.WRITTEN, Outcome.REPLACED):
            linker.sync()
        # RocksDB keeps writes in memory until a flush: flushing every few documents keeps a
        # 100k-commitment ingest under 100 MiB instead of 1.6 GiB, at no cost in speed.
        if result.outcome in (Outcome.WRITTEN, Outcome.REPLACED) and len(results) % FLUSH_EVERY == 0:
            store.flush()
        if progress:
            progress(result)

    # A run of many documents writes the new ones through the bulk loader (kg.ingest_bulk), and
    # leaves the catalogue's snapshot for the server's next start (kg.catalogue.ingested).
    from kg.catalogue.ingested import IngestSnapshot
    from kg.ingest_bulk import BulkWriter

    # Without linking, nothing reads the store meanwhile: a batch is bulk loaded while the next
    # documents are taken (kg.ingest_bulk).
    bulk = (BulkWriter(store, background=linker is None, expected=len(claims_sources))
            if BulkWriter.suits(store, len(claims_sources)) else None)
    catalogue = IngestSnapshot(store)

    def flush(last: bool = False) -> None:
        if bulk is not None:
            # The last batch loads while the catalogue's snapshot is encoded (kg.catalogue.ingested)
            for result in bulk.flush(catalogue.encode_ahead if last else None):
                record(result)

    def write(item: Prepared) -> None:
        if bulk is not None and bulk.takes(item):
            catalogue.add(item.iri or "", item.records)
            for result in bulk.add(item):
                record(result)
            return
        flush()
        result = write_prepared(store, item)
        if result.outcome in (Outcome.WRITTEN, Outcome.REPLACED, Outcome.UNCHANGED):
            catalogue.add(item.iri or "", item.records)
        record(result)

    try:
        for item in prepare(claims_sources, preparer, workers):
            if item.document:
                reviewed_documents.add(item.document)
            write(_first_of_its_document(item, first_source))
        flush(last=not articles)
        pending = []
        for source in articles:
            if source.path.name in reviewed_documents:
                record(IngestResult(str(source.path), Outcome.SKIPPED, source.path.name,
                                    message="a reviewed claims file for this document was ingested instead"))
            else:
                pending.append(source)
        for item in prepare(pending, preparer, workers):
            write(_first_of_its_document(item, first_source))
        flush(last=bool(articles))
    finally:
        if bulk is not None:
            bulk.close()
    store.flush()
    catalogue.save()
    return results


def _linker(store: GraphStore, preparer: Preparer, settings: "LinkSettings | None") -> "Linker":
    from kg.link.linker import Linker

    return Linker(store, settings, validator=preparer.validator)


def _first_of_its_document(item: Prepared, first_source: dict[str, str]) -> Prepared:
    """The item as it is when it is the first file of the run to give its document, else a failure
    naming both files: the second would silently replace what the first just wrote."""
    if item.error is not None or item.iri is None:
        return item
    first = first_source.setdefault(item.iri, item.source)
    if first == item.source:
        return item
    return Prepared(source=item.source, document=item.document,
                    error=f"{item.source}: document {item.document!r} (id {local_id(item.iri, 'document')}) is also the document of "
                          f"{first}, ingested earlier in this run; nothing of {item.source} was written")


def ingest_claims(store: GraphStore, claims: Claims, preparer: Preparer, source: str) -> IngestResult:
    """Ingest claims already in memory (the REST API's POST /documents)."""
    mapped = preparer.document_graph(claims, source)
    result = write_prepared(store, _ready(mapped, claims.document))
    store.flush()  # a long-lived writer would otherwise hold every write in memory
    return result

