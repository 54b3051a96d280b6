"""The linker: keeps the tracked-commitment graphs in step with the document graphs.

`Linker.sync()` reads the store's change log (GraphStore.changed_graphs), as the REST catalogue
does, and recomputes only the committers whose reports were written or deleted: a committer's
reports are read once per process (index lookups by ck:committer, never a pass over the store)
and kept with the links found between them; a written document adds its reports and scores each
against that committer's reports that share a word (or an amount) with it; a deleted one takes
its reports and their links away. Then the groups are recomputed only within the connected
parts of the link graph that changed, and only the tracked-commitment graphs whose content
changed are written, all in one transaction. Document graphs are never written here.

A committer met for the first time in a process is recomputed whole and compared with what the
store holds, so a store left behind (a crash between a document's write and its links) is put
right the next time that committer is touched; `rebuild()` does it for every committer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.link import rdf
from kg.link.cluster import cluster
from kg.link.reports import Report, StoreReader
from kg.link.score import Edge, curated_edge, score
from kg.link.settings import LinkSettings, default_settings
from kg.link.tracked import Tracked, summarise
from kg.rdf.mapping import ACTORS_GRAPH, ONTOLOGY_GRAPH
from kg.store import GraphStore
from kg.store.convert import OxTriple, ox_nt_lines
from kg.terms import CK

log = logging.getLogger(__name__)
_SHARED = frozenset({str(ACTORS_GRAPH), str(ONTOLOGY_GRAPH), rdf.CURATED_GRAPH})
_P = {name: ox.NamedNode(str(CK[name])) for name in ("committer", "trackedCommitter", "report", "sourceDocument",
                                                      "contentHash", "sameCommitmentAs", "distinctCommitmentFrom")}


def is_document_graph(iri: str) -> bool:
    return iri not in _SHARED and not rdf.is_tracked(iri)


@dataclass
class _Committer:
    """One committer's reports, the links among them, and its tracked commitments as stored."""

    reports: dict[str, Report] = field(default_factory=dict)
    links: dict[str, dict[str, Edge]] = field(default_factory=dict)
    by_document: dict[str, set[str]] = field(default_factory=dict)
    # (type group, word or amount key) -> reports: the candidates a new report is scored against
    index: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    stored: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)  # tracked IRI -> (hash, reports)
    stored_of: dict[str, str] = field(default_factory=dict)  # report -> the stored tracked IRI holding it


@dataclass(frozen=True)
class SyncResult:
    committers: int = 0
    written: int = 0
    removed: int = 0


@dataclass(frozen=True)
class Curation:
    same: dict[str, frozenset[str]]
    distinct: dict[str, frozenset[str]]

    def iris(self) -> set[str]:
        return set(self.same) | set(self.distinct)


def _pairs(store: GraphStore, prop: str) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for quad in store.raw.quads_for_pattern(None, _P[prop], None, ox.NamedNode(rdf.CURATED_GRAPH)):
        a, b = quad.subject.value, quad.object.value
        found.setdefault(a, set()).add(b)
        found.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in found.items()}


def read_curation(store: GraphStore) -> Curation:
    return Curation(_pairs(store, "sameCommitmentAs"), _pairs(store, "distinctCommitmentFrom"))


def _keys(report: Report, group: str) -> set[tuple[str, str]]:
    keys = {(group, word) for word in report.words}
    if report.amount is not None:
        keys.add((group, f"amount:{report.currency}"))
    if report.quantity is not None and report.unit:
        keys.add((group, f"quantity:{report.unit}"))
    return keys


class Linker:
    """Tracked commitments for one store; `sync()` after writes (the caller holds the writer's lock)."""

    def __init__(self, store: GraphStore, settings: LinkSettings | None = None, *, validator: object | None = None) -> None:
        self.store = store
        self.settings = settings or default_settings()
        self.validator = validator  # kg.validate.Validator: each written graph is checked first
        self._generation = store.generation
        self._committers: dict[str, _Committer] = {}
        self._curation = read_curation(store)

    # -- following the store ---------------------------------------------------------------

    def sync(self) -> SyncResult:
        """Recompute the tracked commitments of every committer whose reports changed since the
        last sync (or since this linker was made)."""
        changed = self.store.changed_graphs(self._generation)
        self._generation = self.store.generation
        if changed is None:  # further behind than the change log reaches
            return self.rebuild()
        documents = sorted(g for g in changed if is_document_graph(g))
        affected: set[str] = set()
        if rdf.CURATED_GRAPH in changed:
            old, self._curation = self._curation, read_curation(self.store)
            for iri in old.iris() | self._curation.iris():
                affected |= self._committers_of_report(iri)
            for committer in affected:
                self._committers.pop(committer, None)  # recomputed whole with the new curation
        if not documents and not affected:
            return SyncResult()
        reader = StoreReader(self.store.raw, self.settings)
        new: dict[str, list[Report]] = {}
        gone: dict[str, set[str]] = {}
        for document in documents:
            for report in reader.of_document(document):
                new.setdefault(report.committer, []).append(report)
            for quad in self.store.raw.quads_for_pattern(None, _P["sourceDocument"], ox.NamedNode(document), None):
                affected |= self._committer_of_tracked(quad.subject)
            for name, known in self._committers.items():
                if document in known.by_document:
                    gone.setdefault(name, set()).update(known.by_document[document])
        affected |= set(new) | set(gone)
        return self._apply(sorted(affected), reader, new, gone)

    def rebuild(self) -> SyncResult:
        """Recompute every committer's tracked commitments from the store (and drop tracked
        commitments whose committer has no report left)."""
        self._committers.clear()
        self._curation = read_curation(self.store)
        self._generation = self.store.generation
        committers = {q.object.value for q in self.store.raw.quads_for_pattern(None, _P["committer"], None, None)
                      if isinstance(q.graph_name, ox.NamedNode) and is_document_graph(q.graph_name.value)}
        committers |= {q.object.value for q in self.store.raw.quads_for_pattern(None, _P["trackedCommitter"], None, None)}
        return self._apply(sorted(committers), StoreReader(self.store.raw, self.settings), {}, {})

    def _committer_of_tracked(self, tracked: object) -> set[str]:
        node = tracked if isinstance(tracked, ox.NamedNode) else ox.NamedNode(str(tracked))
        return {q.object.value for q in self.store.raw.quads_for_pattern(node, _P["trackedCommitter"], None, node)}

    def _committers_of_report(self, iri: str) -> set[str]:
        found = {name for name, known in self._committers.items() if iri in known.reports}
        return found or {q.object.value for q in self.store.raw.quads_for_pattern(ox.NamedNode(iri), _P["committer"], None, None)}

    def _apply(self, committers: list[str], reader: StoreReader, new: dict[str, list[Report]],
               gone: dict[str, set[str]]) -> SyncResult:
        writes: dict[str, tuple[list[OxTriple], str, Tracked]] = {}
        removes: list[str] = []
        for name in committers:
            known = self._committers.get(name)
            if known is None:
                known = self._load(name, reader)
                seeds = set(known.reports) | set(known.stored_of)
            else:
                seeds = set()
                for iri in gone.get(name, ()):
                    seeds |= self._remove(known, iri)
                for report in new.get(name, ()):
                    self._add(known, report)
                    seeds.add(report.iri)
            self._relink(known, seeds, writes, removes)
        self._write(writes, removes)
        return SyncResult(len(committers), len(writes), len(removes))

    # -- one committer ---------------------------------------------------------------------

    def _load(self, name: str, reader: StoreReader) -> _Committer:
        known = self._committers[name] = _Committer()
        for report in sorted(reader.of_committer(name), key=lambda r: r.sort_key):
            self._add(known, report)
        node = ox.NamedNode(name)
        for quad in self.store.raw.quads_for_pattern(None, _P["trackedCommitter"], node, None):
            tracked = quad.subject
            if quad.graph_name != tracked:
                continue
            digest = next((q.object.value for q in self.store.raw.quads_for_pattern(
                tracked, _P["contentHash"], None, tracked)), "")
            members = frozenset(q.object.value for q in self.store.raw.quads_for_pattern(tracked, _P["report"], None, tracked))
            self._remember(known, tracked.value, digest, members)
        return known

    @staticmethod
    def _remember(known: _Committer, tracked: str, digest: str, members: frozenset[str]) -> None:
        known.stored[tracked] = (digest, members)
        for member in members:
            known.stored_of[member] = tracked

    def _add(self, known: _Committer, report: Report) -> None:
        if report.iri in known.reports:
            self._remove(known, report.iri)
        group = self.settings.group(report.type)
        candidates: set[str] = set()
        keys = _keys(report, group)
        for key in keys:
            candidates |= known.index.get(key, set())
        known.reports[report.iri] = report
        known.links.setdefault(report.iri, {})
        known.by_document.setdefault(report.document, set()).add(report.iri)
        for key in keys:
            known.index.setdefault(key, set()).add(report.iri)
        for other in sorted(candidates):
            edge = score(report, known.reports[other], self.settings)
            if edge is not None:
                known.links[report.iri][other] = edge
                known.links[other][report.iri] = edge

    def _remove(self, known: _Committer, iri: str) -> set[str]:
        """Take a report out; the reports it was linked to (whose groups may change)."""
        report = known.reports.pop(iri, None)
        if report is None:
            return set()
        neighbours = set(known.links.pop(iri, {}))
        for other in neighbours:
            known.links[other].pop(iri, None)
        for key in _keys(report, self.settings.group(report.type)):
            members = known.index.get(key)
            if members is not None:
                members.discard(iri)
        documents = known.by_document.get(report.document)
        if documents is not None:
            documents.discard(iri)
            if not documents:
                del known.by_document[report.document]
        stored = known.stored_of.get(iri)
        if stored is not None:
            neighbours |= set(known.stored[stored][1])
        return (neighbours - {iri}) | {iri}

    def _same_as(self, known: _Committer, iri: str) -> set[str]:
        return {other for other in self._curation.same.get(iri, ()) if other in known.reports}

    def _component(self, known: _Committer, seeds: Iterable[str]) -> set[str]:
        """Every report reachable from `seeds` along links (and curated same_as), with the members
        of the stored tracked commitments met on the way."""
        found: set[str] = set()
        pending = [s for s in seeds if s in known.reports]
        while pending:
            iri = pending.pop()
            if iri in found:
                continue
            found.add(iri)
            pending.extend(known.links.get(iri, ()))
            pending.extend(self._same_as(known, iri))
            stored = known.stored_of.get(iri)
            if stored is not None:
                pending.extend(m for m in known.stored[stored][1] if m in known.reports)
        return found

    def _relink(self, known: _Committer, seeds: set[str], writes: dict[str, tuple[list[OxTriple], str, Tracked]],
                removes: list[str]) -> None:
        component = self._component(known, seeds)
        old = {known.stored_of[iri] for iri in component | seeds if iri in known.stored_of}
        reports = {iri: known.reports[iri] for iri in component}
        edges = {edge for iri in component for edge in known.links[iri].values()}
        same = [curated_edge(reports[a], reports[b]) for a in component for b in self._same_as(known, a) if a < b]
        distinct = {iri: self._curation.distinct[iri] for iri in component if iri in self._curation.distinct}
        fresh: dict[str, tuple[list[OxTriple], str, Tracked]] = {}
        for group in cluster(reports, edges, self.settings, same_as=same, distinct=distinct):
            tracked = summarise(group, reports, self.settings)
            found, digest = rdf.graph(tracked)
            fresh[tracked.iri] = (found, digest, tracked)
        changed = {iri: found for iri, found in fresh.items() if known.stored.get(iri, ("", frozenset()))[0] != found[1]}
        for iri in sorted(old - set(fresh)) + sorted(i for i in changed if i in known.stored):
            if iri not in fresh:
                removes.append(iri)
            for member in known.stored.pop(iri)[1]:
                if known.stored_of.get(member) == iri:
                    del known.stored_of[member]
        for iri, (found, digest, tracked) in changed.items():
            if self.validator is not None:
                result = self.validator.check(found)  # type: ignore[attr-defined]
                if not result.conforms:
                    raise ValueError(f"tracked commitment {iri} does not conform: {result.violations[:3]}")
            writes[iri] = (found, digest, tracked)
            self._remember(known, iri, digest, frozenset(tracked.reports))

    def _write(self, writes: dict[str, tuple[list[OxTriple], str, Tracked]], removes: list[str]) -> None:
        if not writes and not removes:
            return
        self.store.replace_graphs({iri: ox_nt_lines(found) for iri, (found, _, _) in writes.items()}, removes)
        self._generation = self.store.generation

    # -- reading ---------------------------------------------------------------------------

    def tracked(self, committer: str) -> list[str]:
        """The tracked commitments of a loaded committer, as stored (tests and tools)."""
        known = self._committers.get(committer)
        return sorted(known.stored) if known else []
