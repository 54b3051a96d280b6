"""Oxigraph on disk, through pyoxigraph: transactional writes of whole documents, union reads.

A document's claims live in the named graph of the document's IRI. Replacing a document is one
SPARQL update (drop the graph, insert the new triples), which Oxigraph applies in one
transaction: a process killed mid-ingest leaves each document either old or new, never half.
"""

from __future__ import annotations

import io
import logging
import os
import re
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.errors import QueryError, QuerySyntaxError, StoreError
from kg.store.convert import OxTriple, to_ntriples, to_rdflib, to_rdflib_graph
from kg.terms import CK, ORG, PREFIXES, PROV, RDF, SCHEMA, TIME

log = logging.getLogger(__name__)
# How many writes the change log remembers; a reader further behind rebuilds what it derived.
CHANGE_LOG = 4096
_WRITTEN_LINES_KEPT = 500_000
_HOLDER = ox.NamedNode(str(CK.holder))
# From an actor, the links worth following to describe it: its posts and where they are, the
# tenures' intervals.
_FOLLOWED = {str(ORG.holds), str(ORG.postIn), str(CK.post), str(CK.during), str(TIME.hasBeginning), str(TIME.hasEnd)}
Solutions = ox.QuerySolutions
Binding = ox.NamedNode | ox.BlankNode | ox.Literal
_MENTIONS, _ASSOCIATED = str(SCHEMA.mentions), str(PROV.wasAssociatedWith)


@dataclass(frozen=True)
class StoreStats:
    triples: int
    documents: int
    actors: int
    commitments: int
    events: int


_STATS_QUERY = """
PREFIX ck: <https://w3id.org/commitments-kg/ontology#>
SELECT
  (COUNT(DISTINCT ?actor) AS ?actors)
  (COUNT(DISTINCT ?commitment) AS ?commitments)
  (COUNT(DISTINCT ?event) AS ?events)
WHERE {
  { ?actor a ?kind . VALUES ?kind { ck:State ck:Person ck:Organisation ck:Group ck:Media } }
  UNION { ?commitment a ck:Commitment }
  UNION { ?event a ck:Event }
}
"""


def _as_quads(lines: str, graph_iri: URIRef | None) -> str:
    """N-Triples lines (each ending in " .") as N-Quads lines in `graph_iri`."""
    if not lines or graph_iri is None:
        return ""
    suffix = f" <{graph_iri}> .\n"
    return "".join(line[:-1].rstrip() + suffix for line in lines.split("\n") if line)


def _trig_block(graph_iri: URIRef | str, lines: str) -> str:
    """N-Triples lines as one TriG block of the named graph: N-Triples lines are Turtle statements,
    so nothing is done per line."""
    return f"<{graph_iri}> {{\n{lines}\n}}\n"


def _split_lines_starting(data: bytes, prefix: bytes) -> tuple[list[memoryview], list[bytes]]:
    """The pieces of `data` (N-Triples lines) outside the lines that start with `prefix`, as
    views (no copy), and those lines. Found with bytes.find, not line by line: a document has
    one such line, its content-hash marker, among thousands. N-Triples escapes line breaks in
    literals, so a prefix after a line break starts a line."""
    view = memoryview(data)
    kept: list[memoryview] = []
    held: list[bytes] = []
    done = 0
    found = data.find(prefix)
    while found >= 0:
        if found == 0 or data[found - 1] == 0x0A:
            end = data.find(b"\n", found)
            end = len(data) if end < 0 else end
            kept.append(view[done:found])
            held.append(data[found:end])
            done = end
        found = data.find(prefix, found + 1)
    kept.append(view[done:])
    return kept, held


class _Pieces(io.RawIOBase):
    """A read-only stream over a list of byte strings, for the bulk loader to read without
    joining them into one more copy of the batch."""

    def __init__(self, pieces: list[bytes | memoryview]) -> None:
        super().__init__()
        self._pieces = iter(pieces)
        self._rest = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not len(self._rest):
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._rest = memoryview(piece)
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def _open_read_only(path: Path, attempts: int = 6) -> ox.Store:
    """A read-only view of a store another process may be writing: when that process compacts
    between our reading its manifest and its files, RocksDB reports a file missing ("Corruption:
    ... No such file"), and opening again reads the new manifest."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as error:
            if attempt == attempts - 1 or "no such file" not in str(error).lower():
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class GraphStore:
    """An Oxigraph store at a folder (or in memory when no folder is given)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        # Which named graphs each write touched, so that views derived from the store in this
        # process (the REST catalogue) can catch up on those graphs alone.
        self._generation = 0
        self._changes: deque[tuple[int, frozenset[str]]] = deque(maxlen=CHANGE_LOG)
        self._changes_lock = threading.Lock()
        self._written: dict[str, set[str]] = {}
        self._stats: tuple[int, StoreStats] | None = None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = _open_read_only(path)
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except (OSError, RuntimeError) as error:  # RocksDB reports some I/O failures as RuntimeError
            if "lock" in str(error).lower():
                raise StoreError(f"the store at {path} is in use by another process (is `kg serve` running?)") from None
            raise StoreError(f"cannot open the store at {path}: {error}") from None
        if path is not None and not read_only:
            self.repair()

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None, *, read_only: bool = False) -> "GraphStore":
        return cls(Path(path) if path is not None else None, read_only=read_only)

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for the query layer and benchmarks."""
        return self._store

    # -- change log -----------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """How many writes this handle has made; 0 when opened."""
        return self._generation

    def changed_graphs(self, since: int) -> frozenset[str] | None:
        """The named graphs written after generation `since`; None when the log no longer reaches
        that far back (the caller must start over)."""
        with self._changes_lock:
            if since == self._generation:
                return frozenset()
            if since > self._generation or not self._changes or self._changes[0][0] > since + 1:
                return None
            return frozenset().union(*(graphs for generation, graphs in self._changes if generation > since))

    def _changed(self, *graphs: object) -> None:
        with self._changes_lock:
            self._generation += 1
            self._changes.append((self._generation, frozenset(str(g) for g in graphs if g is not None)))

    # -- writing --------------------------------------------------------------------------

    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        """Make the named graph hold exactly `graph`, atomically."""
        self.replace_ntriples(graph_iri, to_ntriples(graph))

    def replace_ntriples(self, graph_iri: URIRef, lines: str, *, shared_graph: URIRef | None = None,
                         shared_lines: str = "", validated: bool = False) -> None:
        """Make the named graph hold exactly these N-Triples lines and add `shared_lines` to the
        shared graph, all in one transaction. `validated`: the lines are pyoxigraph's own writing
        of terms it checked when they were made (kg.ingest's prepared documents), so they are not
        checked again."""
        self._writable()
        shared = self._unwritten(shared_graph, shared_lines) if shared_graph else []
        if not self._store.contains_named_graph(ox.NamedNode(str(graph_iri))):
            # A new graph: one transactional load, about a third cheaper than the SPARQL update (no
            # query to parse, nothing to drop). Validated lines go in as TriG blocks, leniently, as
            # bulk_write's do: a 2,000-line document 27.2 against 29.9 ms as checked N-Quads.
            try:
                if validated:
                    blocks = _trig_block(graph_iri, lines) + (_trig_block(shared_graph, "\n".join(shared)) if shared else "")
                    self._store.load(blocks.encode("utf-8"), format=ox.RdfFormat.TRIG, lenient=True)
                else:
                    quads = _as_quads(lines, graph_iri) + _as_quads("\n".join(shared), shared_graph)
                    self._store.load(quads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            except (OSError, SyntaxError) as error:
                raise StoreError(f"cannot write graph <{graph_iri}>: {error}") from None
        else:
            block = "\n".join(shared)
            shared_block = f"GRAPH <{shared_graph}> {{\n{block}\n}}" if shared else ""
            update = (f"DROP SILENT GRAPH <{graph_iri}> ;\n"
                      f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{lines}\n}} {shared_block} }}")
            self._update(update, f"cannot write graph <{graph_iri}>")
        self._remember(shared_graph, shared)
        self._changed(graph_iri, shared_graph if shared else None)

    # -- bulk loading -------------------------------------------------------------------------

    def _pending_path(self) -> Path | None:
        """Beside the store's folder (the folder is RocksDB's): the documents of a bulk write in flight."""
        return self.path.with_name(self.path.name + ".bulk-pending") if self.path is not None else None

    def bulk_write(self, documents: list[tuple[str, str]], *, shared_graph: URIRef | None = None,
                   shared_lines: str = "") -> None:
        """Write new documents (graphs the store does not hold) many at once through pyoxigraph's
        bulk loader: 2.3x less CPU per quad than a transactional load, but not transactional. So
        each document's content-hash marker is held back and written after the bulk load, in one
        transaction, and the documents in flight are listed in a file beside the store until then:
        a process killed in between leaves documents without their marker, which `repair()` (run
        whenever the store is opened for writing) removes, and the next ingest writes again."""
        self._writable()
        if not documents:
            return
        pending = self._pending_path()
        if pending is not None:
            with pending.open("w", encoding="utf-8") as listed:
                listed.write("".join(f"{iri}\n" for iri, _ in documents))
                listed.flush()
                os.fsync(listed.fileno())
        # The batch as TriG, one `<document> { its N-Triples lines }` block a document: N-Triples
        # lines are Turtle statements, so nothing is done per line in Python (turning each line
        # into an N-Quads line cost the writer about 5 s of 1.9M triples). Lenient: the lines are
        # pyoxigraph's own writing of terms it validated when the mapper made them.
        pieces: list[bytes | memoryview] = []
        markers = []
        for iri, lines in documents:
            kept, held = _split_lines_starting(lines.encode("utf-8"), f"<{iri}> <{CK.contentHash}> ".encode("utf-8"))
            pieces.append(f"<{iri}> {{\n".encode("utf-8"))
            pieces += kept
            pieces.append(b"\n}\n")
            markers.append(_as_quads(b"\n".join(held).decode("utf-8"), URIRef(iri)))
        shared = self._unwritten(shared_graph, shared_lines) if shared_graph else []
        if shared:
            pieces.append(_trig_block(shared_graph, "\n".join(shared)).encode("utf-8"))
        try:
            self._store.bulk_load(io.BufferedReader(_Pieces(pieces), 1 << 20), format=ox.RdfFormat.TRIG, lenient=True)
            self._store.load("".join(markers).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            self._store.flush()
        except (OSError, SyntaxError) as error:
            raise StoreError(f"cannot write {len(documents)} documents: {error}") from None
        if pending is not None:
            pending.unlink(missing_ok=True)
        self._remember(shared_graph, shared)
        self._changed(*(iri for iri, _ in documents), shared_graph if shared else None)

    def repair(self) -> list[str]:
        """Remove the documents a killed bulk write left without their content-hash marker (cut
        short, or whole but unmarked); the IRIs removed. Documents that got their marker stay."""
        pending = self._pending_path()
        if pending is None or not pending.exists():
            return []
        removed = [iri for iri in pending.read_text(encoding="utf-8").split()
                   if self._store.contains_named_graph(ox.NamedNode(iri)) and self.document_hash(URIRef(iri)) is None]
        for iri in removed:
            self._update(f"DROP SILENT GRAPH <{iri}>", f"cannot remove the unfinished document <{iri}>")
        if removed:
            log.warning("removed %d documents a bulk write left unfinished (the process was stopped); ingest them "
                        "again", len(removed))
        self._store.flush()
        pending.unlink()
        if removed:
            self._changed(*removed)
        return removed

    def replace_graphs(self, graphs: Mapping[str, list[str]], removed: list[str]) -> None:
        """Make each named graph of `graphs` hold exactly its N-Triples lines and remove the
        `removed` graphs, all in one transaction (the linker's tracked commitments)."""
        self._writable()
        if not graphs and not removed:
            return
        existing = [iri for iri in graphs if self._store.contains_named_graph(ox.NamedNode(iri))]
        if not existing and not removed:
            quads = "".join(_as_quads("\n".join(lines), URIRef(iri)) for iri, lines in graphs.items())
            try:
                self._store.load(quads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            except (OSError, SyntaxError) as error:
                raise StoreError(f"cannot write {len(graphs)} graphs: {error}") from None
        else:
            drops = "".join(f"DROP SILENT GRAPH <{iri}> ;\n" for iri in [*existing, *removed])
            blocks = "\n".join(f"GRAPH <{iri}> {{\n" + "\n".join(lines) + "\n}" for iri, lines in graphs.items())
            self._update(drops + f"INSERT DATA {{ {blocks} }}", f"cannot write {len(graphs)} graphs")
        self._changed(*graphs, *removed)

    def add_ntriples(self, graph_iri: URIRef, lines: str) -> None:
        """Add triples to a named graph (those already there stay once)."""
        self._writable()
        new = self._unwritten(graph_iri, lines)
        if new:
            self._update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{chr(10).join(new)}\n}} }}",
                         f"cannot write graph <{graph_iri}>")
            self._remember(graph_iri, new)
            self._changed(graph_iri)

    # Every document restates the descriptions of the actors it mentions (about a tenth of its
    # lines); the lines of a shared graph written through this handle are not sent again. The
    # shared graph only grows, so a remembered line is still there (remove_graph forgets them).
    def _unwritten(self, graph_iri: URIRef | None, lines: str) -> list[str]:
        written = self._written.get(str(graph_iri), ())
        return [line for line in dict.fromkeys(lines.split("\n")) if line and line not in written]

    def _remember(self, graph_iri: URIRef | None, lines: list[str]) -> None:
        if graph_iri is None or not lines:
            return
        written = self._written.setdefault(str(graph_iri), set())
        if len(written) > _WRITTEN_LINES_KEPT:
            written.clear()
        written.update(lines)

    def replace_marked(self, graph_iri: URIRef, lines: str) -> None:
        """Add triples to a shared graph whose content hash marker they carry, replacing the old marker."""
        self._writable()
        update = (f"DELETE WHERE {{ GRAPH <{graph_iri}> {{ <{graph_iri}> <{CK.contentHash}> ?old }} }} ;\n"
                  f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{lines}\n}} }}")
        self._update(update, f"cannot write graph <{graph_iri}>")
        self._changed(graph_iri)

    def _update(self, update: str, what: str) -> None:
        try:
            self._store.update(update)
        except (OSError, SyntaxError) as error:
            raise StoreError(f"{what}: {error}") from None

    def remove_graph(self, graph_iri: URIRef) -> bool:
        """Remove a named graph and all its triples; False when there was none."""
        self._writable()
        node = ox.NamedNode(str(graph_iri))
        if not self._store.contains_named_graph(node):
            return False
        try:
            self._store.update(f"DROP GRAPH <{graph_iri}>")
        except OSError as error:
            raise StoreError(f"cannot remove graph <{graph_iri}>: {error}") from None
        self._written.pop(str(graph_iri), None)
        self._changed(graph_iri)
        return True

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def optimize(self) -> None:
        """Compact the store's files (pyoxigraph's Store.optimize). After a large load, RocksDB
        holds many small overlapping tables that every lookup must consult; compacted, the
        queries of bench/queries/ ran 1.4-1.6x faster at 100k commitments (bench/peers.py does
        the same for Oxigraph's own server). Readers see the same data before and after."""
        self._writable()
        try:
            self._store.optimize()
        except OSError as error:
            raise StoreError(f"cannot optimize the store: {error}") from None

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    # -- reading --------------------------------------------------------------------------

    def has_graph(self, graph_iri: URIRef) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(str(graph_iri)))

    def graph_iris(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def document_hash(self, graph_iri: URIRef) -> str | None:
        """The content hash recorded in a document's graph, or None when it is not stored."""
        quads = self._store.quads_for_pattern(
            ox.NamedNode(str(graph_iri)), ox.NamedNode(str(CK.contentHash)), None, ox.NamedNode(str(graph_iri)))
        for quad in quads:
            return quad.object.value
        return None

    def graph(self, graph_iri: URIRef) -> Graph:
        """A copy of one named graph as an rdflib graph."""
        return to_rdflib_graph(self.graph_triples(graph_iri))

    def graph_triples(self, graph_iri: URIRef) -> list[OxTriple]:
        """One named graph's triples, as pyoxigraph terms."""
        quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri)))
        return [(q.subject, q.predicate, q.object) for q in quads]

    def document_with_actors(self, graph_iri: URIRef, actors_graph: URIRef) -> Graph:
        """A document's graph plus, from the shared actors graph, the descriptions of the actors
        it mentions, their posts and tenures: a self-contained graph to validate or read back."""
        return to_rdflib_graph(self.document_with_actors_triples(graph_iri, actors_graph))

    def document_with_actors_triples(self, graph_iri: URIRef, actors_graph: URIRef) -> list[OxTriple]:
        """document_with_actors as pyoxigraph terms (what Validator.check takes), without rdflib."""
        result = self.graph_triples(graph_iri)
        shared = ox.NamedNode(str(actors_graph))
        seen: set[str] = set()
        pending = [o.value for s, p, o in result
                   if (p.value == _MENTIONS and s.value == str(graph_iri)) or p.value == _ASSOCIATED]
        while pending:
            node = pending.pop()
            if node in seen:
                continue
            seen.add(node)
            subject = ox.NamedNode(node)
            for quad in self._store.quads_for_pattern(subject, None, None, shared):
                result.append((quad.subject, quad.predicate, quad.object))
                if quad.predicate.value in _FOLLOWED and isinstance(quad.object, ox.NamedNode):
                    pending.append(quad.object.value)
            for quad in self._store.quads_for_pattern(None, _HOLDER, subject, shared):
                pending.append(quad.subject.value)
        return list(dict.fromkeys(result))

    def quads(self) -> Iterator[tuple[Any, Any, Any, Any]]:
        """Every quad, as rdflib terms (graph last)."""
        for quad in self._store:
            graph = quad.graph_name
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object),
                   None if isinstance(graph, ox.DefaultGraph) else to_rdflib(graph))

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, bindings: Mapping[str, Binding] | None = None, *,
              union: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, base_iri: str | None = None) -> Any:
        """Run a SPARQL query; the default graph is the union of the document graphs.

        An error of the query (a syntax error, an unsupported function, an unbound SERVICE name)
        is a QueryError; a failure to read the store's files is a StoreError.
        """
        substitutions = {ox.Variable(name): value for name, value in (bindings or {}).items()}
        kwargs: dict[str, Any] = {"prefixes": PREFIXES, "substitutions": substitutions or None}
        if base_iri is not None:
            kwargs["base_iri"] = base_iri
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = union
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(error)) from None
        except OSError as error:
            raise StoreError(f"query failed: {error}") from None
        except RuntimeError as error:
            raise runtime_error(error) from None

    def stats(self) -> StoreStats:
        """Counts of triples, documents, actors, commitments and events. Counting scans the store
        (0.3 s at 1.9M triples), so the answer is kept until this handle next writes: the handle is
        the only writer (RocksDB's lock), and a read-only handle sees the store as it was opened."""
        cached = self._stats
        if cached is not None and cached[0] == self._generation:
            return cached[1]
        generation = self._generation
        stats = self._count()
        self._stats = (generation, stats)
        return stats

    def _count(self) -> StoreStats:
        row = next(iter(self.query(_STATS_QUERY)))
        documents = sum(1 for _ in self._store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CK.SourceDocument)), None))
        return StoreStats(
            triples=len(self._store), documents=documents,
            actors=int(row["actors"].value), commitments=int(row["commitments"].value),
            events=int(row["events"].value))


# RocksDB's status messages: a RuntimeError that starts with one of these is the store's, not the query's.
_STORAGE_FAILURES = ("Corruption", "IO error", "Invalid argument", "Not implemented", "Result incomplete",
                     "Operation aborted", "Resource busy", "Operation expired", "Try again", "No space",
                     "Operation failed", "Column family")


def syntax_message(error: SyntaxError) -> str:
    """pyoxigraph's "error at 1:25: expected ..." as "SPARQL syntax error at line 1, column 25: expected ..."."""
    text = " ".join(str(error).split())
    match = re.match(r"error at (\d+):(\d+): (.*)", text)
    if match:
        return f"SPARQL syntax error at line {match.group(1)}, column {match.group(2)}: {match.group(3)}"
    return f"SPARQL syntax error: {text}"


def runtime_error(error: RuntimeError) -> StoreError | QueryError:
    """pyoxigraph raises RuntimeError both for a store it cannot read and for a query it cannot evaluate."""
    message = " ".join(str(error).split())
    if message.startswith(_STORAGE_FAILURES) or "rocksdb" in message.lower():
        return StoreError(f"cannot read the store: {message}")
    return QueryError(f"the query cannot be evaluated: {message}")
