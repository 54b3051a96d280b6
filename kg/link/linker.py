"""The linker: keeps the tracked-commitment graphs in step with the document graphs.

`Linker.sync()` reads the store's change log (GraphStore.changed_graphs), as the REST catalogue
does, and recomputes only the committers whose reports were written or deleted: a committer's
reports are read once per process (index lookups by ck:committer, never a pass over the store)
and kept with the links found between them; a written document adds its reports and scores each
against that committer's reports of its type group that share a telling word or a close figure
with it (kg/link/candidates.py: the committer's boilerplate words find nothing and weigh nothing);
a deleted one takes its reports and their links away. Then the groups are recomputed only within the connected
parts of the link graph that changed, and only the tracked-commitment graphs whose content
changed are written (in one transaction, unless a sync writes more than _REBUILD_FLUSH graphs).
Document graphs are never written here.

A committer's reports are read one type group at a time (links never cross type groups), and
only the groups a write touches. A group met for the first time in a process is read whole and
scored (a new report's part of the link graph can reach any report of its group), but regrouped
only where the write touched it, and where a crash left it behind (reports in no tracked
commitment, tracked commitments naming a report that is gone: put right the next time the group
is touched, up to _HEAL_AT_MOST reports). A store written without linking is linked by
`rebuild()` (`kg link --rebuild`); writes link what they touch. At 100k commitments, a cold
5-commitment document no longer reads its committers' 40,000 reports and regroups them whole.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from itertools import islice
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.link import rdf
from kg.link.candidates import CandidateIndex
from kg.link.cluster import Cluster, cluster
from kg.link.reports import RecordSource, Report, StoreReader
from kg.link.score import Edge, curated_edge, score
from kg.link.settings import LinkSettings, default_settings
from kg.link.tracked import summarise, tracked_iri
from kg.rdf.mapping import ACTORS_GRAPH, ONTOLOGY_GRAPH
from kg.store import GraphStore
from kg.store.convert import ox_nt_lines
from kg.terms import CK

log = logging.getLogger(__name__)
# A rebuild writes a transaction per this many tracked-commitment graphs (about 30 lines each).
_REBUILD_FLUSH = 1000
# A writer keeps the reports of the committers it used lately, up to this many (about 3 KB each with
# their links and index, by tracemalloc); the others are read again, a type group at a time, when touched.
_KEEP_REPORTS = 20_000
# Committers read for the first time have their reports (ck:committer) and tracked commitments
# (ck:trackedCommitter) looked up together, this many to a request, where the store can
# (RemoteStore.quads_for_objects): over HTTP two lookups each were 30 of a document's ~49 requests.
_LOOKUP_TOGETHER = 50
# What they find is hinted to the remote store at once (read PREFETCH to a request, across committers)
# when it is at most this many quads; else each committer's when it is read (hints are bounded).
_HINT_TOGETHER = 5000
# A group read for the first time regroups the reports a crash left unlinked, up to this many.
_HEAL_AT_MOST = 1000
_SHARED = frozenset({str(ACTORS_GRAPH), str(ONTOLOGY_GRAPH), rdf.CURATED_GRAPH})
_P = {name: ox.NamedNode(str(CK[name])) for name in ("committer", "trackedCommitter", "report", "sourceDocument",
                                                      "contentHash", "sameCommitmentAs", "distinctCommitmentFrom",
                                                      "trackedType")}
_CK = str(CK)


def is_document_graph(iri: str) -> bool:
    return iri not in _SHARED and not rdf.is_tracked(iri)


@dataclass
class _Committer:
    """One committer's reports, the links among them, and its tracked commitments as stored."""

    index: CandidateIndex  # which reports a new one is scored against (words, figures, boilerplate)
    reports: dict[str, Report] = field(default_factory=dict)
    links: dict[str, dict[str, Edge]] = field(default_factory=dict)
    by_document: dict[str, set[str]] = field(default_factory=dict)
    stored: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)  # tracked IRI -> (hash, reports)
    stored_of: dict[str, str] = field(default_factory=dict)  # report -> the stored tracked IRI holding it
    # stored tracked IRI -> the group it was made from here: the same group of unchanged reports
    # makes the same graph, so it is not summarised again (most of a large component, every write)
    made: dict[str, Cluster] = field(default_factory=dict)
    # the type groups whose reports and stored tracked commitments are all in the tables
    groups: set[str] = field(default_factory=set)
    whole: bool = False  # every group is


@dataclass
class _Found:
    """A committer's (?, ck:committer, it, ?) quads (None: not looked up) and its
    (?, ck:trackedCommitter, it, ?) quads, looked up with other committers' (Linker._look_up)."""

    reports: list[ox.Quad] | None = field(default_factory=list)
    tracked: list[ox.Quad] = field(default_factory=list)
    hinted: bool = False  # hinted already, with the other committers' (a few thousand at most)


@dataclass(frozen=True)
class SyncResult:
    committers: int = 0
    written: int = 0
    removed: int = 0
    scored: int = 0  # pairs of reports scored (what candidate selection let through)


def _want(wanted: dict[str, set[str] | None], committer: str, group: str | None) -> None:
    """Ask for a committer's type group to be recomputed (None: every group)."""
    if group is None:
        wanted[committer] = None
    elif committer not in wanted:
        wanted[committer] = {group}
    elif (groups := wanted[committer]) is not None:
        groups.add(group)


class _Batch:
    """Tracked-commitment graphs on their way to the store: written in one transaction at the end,
    or, with `every` (a rebuild), a transaction and a flush to disk per that many graphs."""

    def __init__(self, linker: Linker, every: int | None) -> None:
        self.linker = linker
        self.every = every
        self.writes: dict[str, list[str]] = {}
        self.removes: list[str] = []
        self.written = self.removed = 0

    def write(self, iri: str, lines: list[str]) -> None:
        self.writes[iri] = lines
        self._maybe_flush()

    def remove(self, iri: str) -> None:
        self.removes.append(iri)
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if self.every is not None and len(self.writes) + len(self.removes) >= self.every:
            self.flush()
            self.linker.store.flush()  # to disk: RocksDB's write buffers otherwise grow with every chunk

    def flush(self) -> None:
        self.written += len(self.writes)
        self.removed += len(self.removes)
        self.linker._write(self.writes, self.removes)
        self.writes, self.removes = {}, []


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


class Linker:
    """Tracked commitments for one store; `sync()` after writes (the caller holds the writer's lock)."""

    def __init__(self, store: GraphStore, settings: LinkSettings | None = None, *, validator: object | None = None,
                 records: RecordSource | None = None) -> None:
        self.store = store
        self.records = records  # the server's catalogue: a group's reports without reading the store
        self.settings = settings or default_settings()
        self.validator = validator  # kg.validate.Validator: each written graph is checked first
        self._generation = store.generation
        self._committers: dict[str, _Committer] = {}
        self._scored = 0  # pairs scored by this linker, for SyncResult
        self._curation = read_curation(store)

    # -- following the store ---------------------------------------------------------------

    def sync(self) -> SyncResult:
        """Recompute the tracked commitments of every committer and type group whose reports
        changed since the last sync (or since this linker was made)."""
        changed = self.store.changed_graphs(self._generation)
        self._generation = self.store.generation
        if changed is None:  # further behind than the change log reaches
            return self.rebuild()
        documents = sorted(g for g in changed if is_document_graph(g))
        wanted: dict[str, set[str] | None] = {}
        if rdf.CURATED_GRAPH in changed:
            old, self._curation = self._curation, read_curation(self.store)
            for iri in old.iris() | self._curation.iris():
                for committer in self._committers_of_report(iri):
                    wanted[committer] = None
            for committer in wanted:
                self._committers.pop(committer, None)  # recomputed whole with the new curation
        if not documents and not wanted:
            return SyncResult()
        reader = StoreReader(self.store.raw, self.settings, self.records)
        new: dict[str, list[Report]] = {}
        gone: dict[str, set[str]] = {}
        touched: dict[str, set[str]] = {}  # committer -> its stored tracked commitments citing a written document
        for document in documents:
            for report in reader.of_document(document):
                new.setdefault(report.committer, []).append(report)
                _want(wanted, report.committer, self.settings.group(report.type))
            for quad in self.store.raw.quads_for_pattern(None, _P["sourceDocument"], ox.NamedNode(document), None):
                for committer, group in self._committer_of_tracked(quad.subject):
                    _want(wanted, committer, group)
                    touched.setdefault(committer, set()).add(quad.subject.value)
            for name, known in self._committers.items():
                if document in known.by_document:
                    iris = known.by_document[document]
                    gone.setdefault(name, set()).update(iris)
                    for iri in iris:
                        _want(wanted, name, self.settings.group(known.reports[iri].type))
        # Chunked like a rebuild only when a sync writes that many graphs: the first touch of a
        # type group never linked before (a store ingested without linking) writes all of its.
        result = self._apply(wanted, reader, new, gone, touched, flush_every=_REBUILD_FLUSH)
        self._evict(set(wanted))
        return result

    def _evict(self, used: set[str]) -> None:
        """Forget the committers used least lately while more than _KEEP_REPORTS reports are held
        (never those of this sync): a long-lived writer would otherwise end up holding every
        report of the store. A forgotten committer's groups are read again when next touched."""
        for name in used:  # most lately used last
            if name in self._committers:
                self._committers[name] = self._committers.pop(name)
        held = sum(len(known.reports) for known in self._committers.values())
        for name in list(self._committers):
            if held <= _KEEP_REPORTS:
                break
            if name not in used:
                held -= len(self._committers.pop(name).reports)

    def rebuild(self) -> SyncResult:
        """Recompute every committer's tracked commitments from the store (and drop tracked
        commitments whose committer has no report left)."""
        self._committers.clear()
        self._curation = read_curation(self.store)
        self._generation = self.store.generation
        committers = {q.object.value for q in self.store.raw.quads_for_pattern(None, _P["committer"], None, None)
                      if isinstance(q.graph_name, ox.NamedNode) and is_document_graph(q.graph_name.value)}
        committers |= {q.object.value for q in self.store.raw.quads_for_pattern(None, _P["trackedCommitter"], None, None)}
        return self._apply(dict.fromkeys(committers), StoreReader(self.store.raw, self.settings), {}, {}, {},
                           flush_every=_REBUILD_FLUSH)

    def _committer_of_tracked(self, tracked: object) -> set[tuple[str, str | None]]:
        """(committer, type group) of a stored tracked commitment."""
        node = tracked if isinstance(tracked, ox.NamedNode) else ox.NamedNode(str(tracked))
        raw = self.store.raw
        group = next((self._group_of_type(q.object.value) for q in raw.quads_for_pattern(node, _P["trackedType"], None, node)), None)
        return {(q.object.value, group) for q in raw.quads_for_pattern(node, _P["trackedCommitter"], None, node)}

    def _group_of_type(self, iri: str) -> str:
        return self.settings.group(iri[len(_CK):] if iri.startswith(_CK) else iri)

    def _committers_of_report(self, iri: str) -> set[str]:
        found = {name for name, known in self._committers.items() if iri in known.reports}
        return found or {q.object.value for q in self.store.raw.quads_for_pattern(ox.NamedNode(iri), _P["committer"], None, None)}

    def _apply(self, committers: dict[str, set[str] | None], reader: StoreReader, new: dict[str, list[Report]],
               gone: dict[str, set[str]], touched: dict[str, set[str]], *,
               flush_every: int | None = None) -> SyncResult:
        """Recompute `committers` (each in the type groups given, None: all of them, regrouped
        whole); one transaction, or with `flush_every` a transaction per that many graphs, so that
        a rebuild never holds every graph of the store in memory."""
        batch = _Batch(self, flush_every)
        scored = self._scored
        order = sorted(committers)
        looked_up: dict[str, _Found] = {}
        for at, name in enumerate(order):
            groups = committers[name]
            known = self._committers.get(name)
            if known is None:
                known = self._committers[name] = _Committer(CandidateIndex(self.settings))
            # Type groups read now, from the store as it is (the new reports in it), and scored
            # whole: a new report's part of the link graph can reach any report of its group.
            cold = self._cold(name, groups)
            if (cold is None or cold) and name not in looked_up:
                looked_up = self._look_up((n for n in order[at:] if self._cold(n, committers[n]) != set()), reader)
            loaded, tracked = self._load(known, name, reader, cold, looked_up.pop(name, None)) \
                if cold is None or cold else (set(), set())
            fresh = {report.iri for report in new.get(name, ())}
            if cold is None:  # regrouped whole and compared with the store: a rebuild, a new curation
                seeds = loaded | {m for t in tracked for m in known.stored[t][1]}
            else:  # regrouped only where the write touched them (and where the store was left behind)
                seeds = (loaded & fresh) | self._left_behind(known, name, loaded - fresh, tracked)
                seeds |= {m for t in touched.get(name, ()) if t in known.stored for m in known.stored[t][1]}
            for iri in gone.get(name, ()):
                seeds |= self._remove(known, iri)
            for report in new.get(name, ()):
                if report.iri not in loaded:  # not read just now by _load
                    seeds |= self._add(known, report)
            self._relink(known, seeds, batch, fresh)
        batch.flush()
        return SyncResult(len(committers), batch.written, batch.removed, self._scored - scored)

    def _cold(self, name: str, groups: set[str] | None) -> set[str] | None:
        """The type groups of `name` to read from the store (None: every group; empty: none)."""
        known = self._committers.get(name)
        if groups is None:
            return None
        if known is None:
            return set(groups)
        return groups - known.groups if not known.whole else set()

    def _look_up(self, names: Iterable[str], reader: StoreReader) -> dict[str, _Found]:
        """The reports and tracked commitments of the first _LOOKUP_TOGETHER of `names` (committers
        about to be read), in one request each where the store has quads_for_objects (the remote
        store); nothing where it has not (the embedded store: an index probe each is cheaper).
        `names` is taken no further than that: it is the rest of a sync's committers, and this is
        asked again at each cold one of them."""
        many = getattr(self.store.raw, "quads_for_objects", None)
        if many is None:
            return {}
        chosen = list(islice(names, _LOOKUP_TOGETHER))
        nodes = [ox.NamedNode(name) for name in chosen]
        found = {name: _Found() for name in chosen}
        if reader.records is None:  # in kg serve the catalogue holds the reports
            for quad in many(_P["committer"], nodes, hint=False):
                reports_of = found[quad.object.value].reports
                assert reports_of is not None
                reports_of.append(quad)
        else:
            for item in found.values():
                item.reports = None
        tracked = many(_P["trackedCommitter"], nodes, hint=False)
        for quad in tracked:
            found[quad.object.value].tracked.append(quad)
        hint = getattr(self.store.raw, "hint", None)
        reports = [quad for item in found.values() for quad in item.reports or ()]
        if hint is not None and len(reports) + len(tracked) <= _HINT_TOGETHER:
            hint(reports + tracked)  # read together then, PREFETCH to a request, whichever committer is first
            for item in found.values():
                item.hinted = True
        return found

    # -- one committer ---------------------------------------------------------------------

    def _load(self, known: _Committer, name: str, reader: StoreReader,
              groups: set[str] | None, found: _Found | None = None) -> tuple[set[str], set[str]]:
        """Read the committer's reports of `groups` (None: of every group) and its stored tracked
        commitments of them, and score those reports; the reports and tracked commitments read. Links never cross
        type groups (a hard rule of the score), so a group is read only when a write touches it:
        a 5-commitment document no longer reads 40,000 reports of its committers' other types."""
        if groups is not None:
            groups = self._curated_groups(name, groups, reader)
        chosen = frozenset(groups) if groups is not None else None
        raw = self.store.raw
        hint = getattr(raw, "hint", None) if found is not None and not found.hinted else None
        if found is not None and found.reports is not None and hint is not None:  # as the lookup itself would
            hint(found.reports)
        loaded: list[str] = []
        for report in reader.of_committer(name, groups=chosen, found=found.reports if found is not None else None):
            if report.iri not in known.reports:
                self._insert(known, report)
                loaded.append(report.iri)
        self._score(known, loaded)  # once every report of the groups is in: boilerplate is known
        tracked_read: set[str] = set()
        if found is not None and hint is not None:
            hint(found.tracked)
        for quad in (found.tracked if found is not None else
                     raw.quads_for_pattern(None, _P["trackedCommitter"], ox.NamedNode(name), None)):
            tracked = quad.subject
            if quad.graph_name != tracked or tracked.value in known.stored:
                continue
            if chosen is not None:
                kind = next((q.object.value for q in raw.quads_for_pattern(tracked, _P["trackedType"], None, tracked)), "")
                if self._group_of_type(kind) not in chosen:
                    continue
            digest = next((q.object.value for q in raw.quads_for_pattern(tracked, _P["contentHash"], None, tracked)), "")
            members = frozenset(q.object.value for q in raw.quads_for_pattern(tracked, _P["report"], None, tracked))
            self._remember(known, tracked.value, digest, members)
            tracked_read.add(tracked.value)
        if chosen is None:
            known.whole = True
        else:
            known.groups |= chosen
        return set(loaded), tracked_read

    def _left_behind(self, known: _Committer, name: str, reports: set[str], tracked: set[str]) -> set[str]:
        """Of the reports and tracked commitments just read, those a crash left behind: reports in
        no tracked commitment, and tracked commitments naming a report that is gone. They are
        regrouped, up to _HEAL_AT_MOST reports; more is a store written without linking, which
        `kg link --rebuild` links (regrouping a whole group inside a write held a server for
        20-60 s per group at 100k commitments, SHACL-checking thousands of graphs)."""
        found = {iri for iri in reports if iri not in known.stored_of}
        for iri in tracked:
            members = known.stored[iri][1]
            if not members <= known.reports.keys():
                found |= members
        if len(found) <= _HEAL_AT_MOST:
            return found
        log.warning("%d reports of %s are in no tracked commitment (a store written without linking?): "
                    "writes link only what they touch; `kg link --rebuild` links the rest", len(found), name)
        return set()

    def _curated_groups(self, name: str, groups: set[str], reader: StoreReader) -> set[str]:
        """`groups` and the groups of the committer's reports that a curated same_as ties to a
        report of them (forced together, whatever their types): they are read together."""
        pairs = [(a, b) for a, others in self._curation.same.items() for b in others]
        if not pairs:
            return groups
        where: dict[str, tuple[set[str], str | None]] = {}

        def about(iri: str) -> tuple[set[str], str | None]:
            if iri not in where:
                node = ox.NamedNode(iri)
                where[iri] = ({q.object.value for q in self.store.raw.quads_for_pattern(node, _P["committer"], None, None)},
                              reader.group_of(node))
            return where[iri]

        found, grown = set(groups), True
        while grown:
            grown = False
            for a, b in pairs:
                (committers_a, group_a), (committers_b, group_b) = about(a), about(b)
                if name in committers_a and name in committers_b and group_a in found and group_b not in found \
                        and group_b is not None:
                    found.add(group_b)
                    grown = True
        return found

    @staticmethod
    def _remember(known: _Committer, tracked: str, digest: str, members: frozenset[str]) -> None:
        known.stored[tracked] = (digest, members)
        for member in members:
            known.stored_of[member] = tracked

    def _insert(self, known: _Committer, report: Report) -> set[str]:
        """Put a report in the tables and the index, unscored; the reports to score again (a word
        of it has just become boilerplate)."""
        known.reports[report.iri] = report
        known.links.setdefault(report.iri, {})
        known.by_document.setdefault(report.document, set()).add(report.iri)
        return known.index.add(report)

    def _add(self, known: _Committer, report: Report) -> set[str]:
        """Add (or replace) a report and score it; the reports whose groups may change."""
        seeds = self._remove(known, report.iri) if report.iri in known.reports else set()
        rescore = self._insert(known, report)
        return seeds | self._rescore(known, rescore | {report.iri})

    def _rescore(self, known: _Committer, iris: set[str]) -> set[str]:
        """Drop the links of `iris` and score them again; them and their former neighbours."""
        seeds = set(iris)
        for iri in iris:
            for other in known.links.get(iri, {}):
                known.links[other].pop(iri, None)
                seeds.add(other)
            known.links[iri] = {}
        self._score(known, iris)
        return seeds

    def _score(self, known: _Committer, iris: Iterable[str]) -> None:
        """Score each of `iris` against its candidates, every pair once; keep the links."""
        done: set[str] = set()
        common: dict[str, frozenset[str]] = {}
        for iri in sorted(iris):
            report = known.reports[iri]
            group = self.settings.group(report.type)
            if group not in common:
                common[group] = known.index.common_words(group)
            for other in known.index.candidates(report):
                if other in done:
                    continue  # scored from the other side
                edge = score(report, known.reports[other], self.settings, common[group])
                self._scored += 1
                if edge is not None:
                    known.links[iri][other] = edge
                    known.links[other][iri] = edge
            done.add(iri)

    def _remove(self, known: _Committer, iri: str) -> set[str]:
        """Take a report out; the reports whose groups may change (its neighbours, its stored
        group's members, and those scored again because a word stopped being boilerplate)."""
        report = known.reports.pop(iri, None)
        if report is None:
            return set()
        neighbours = set(known.links.pop(iri, {}))
        for other in neighbours:
            known.links[other].pop(iri, None)
        rescore = known.index.remove(report)
        documents = known.by_document.get(report.document)
        if documents is not None:
            documents.discard(iri)
            if not documents:
                del known.by_document[report.document]
        stored = known.stored_of.get(iri)
        if stored is not None:
            neighbours |= set(known.stored[stored][1])
        if rescore:
            neighbours |= self._rescore(known, rescore)
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

    def _relink(self, known: _Committer, seeds: set[str], batch: _Batch, written: set[str]) -> None:
        """Regroup the part of the link graph reachable from `seeds`; the graphs whose content
        changed go to `batch` as they are made (a whole committer's at once could be 15,000).
        `written`: the reports read anew (a group of them is summarised again, whatever it was)."""
        component = self._component(known, seeds)
        old = {known.stored_of[iri] for iri in component | seeds if iri in known.stored_of}
        reports = {iri: known.reports[iri] for iri in component}
        edges = {edge for iri in component for edge in known.links[iri].values()}
        same = [curated_edge(reports[a], reports[b]) for a in component for b in self._same_as(known, a) if a < b]
        distinct = {iri: self._curation.distinct[iri] for iri in component if iri in self._curation.distinct}
        fresh: set[str] = set()
        for group in cluster(reports, edges, self.settings, same_as=same, distinct=distinct):
            iri = tracked_iri(reports[group.members[0]])
            if known.made.get(iri) == group and iri in known.stored and written.isdisjoint(group.members):
                fresh.add(iri)
                continue
            tracked = summarise(group, reports, self.settings)
            found, digest = rdf.graph(tracked)
            fresh.add(tracked.iri)
            if known.stored.get(tracked.iri, ("", frozenset()))[0] == digest:
                known.made[tracked.iri] = group
                continue
            if self.validator is not None:
                result = self.validator.check(found)  # type: ignore[attr-defined]
                if not result.conforms:
                    raise ValueError(f"tracked commitment {tracked.iri} does not conform: {result.violations[:3]}")
            self._forget(known, tracked.iri)
            self._remember(known, tracked.iri, digest, frozenset(tracked.reports))
            known.made[tracked.iri] = group
            batch.write(tracked.iri, ox_nt_lines(found))
        for iri in sorted(old - fresh):
            self._forget(known, iri)
            batch.remove(iri)

    @staticmethod
    def _forget(known: _Committer, tracked: str) -> None:
        """Drop a stored tracked commitment from the tables (its reports that a newer group holds
        already point there and stay)."""
        known.made.pop(tracked, None)
        for member in known.stored.pop(tracked, ("", frozenset()))[1]:
            if known.stored_of.get(member) == tracked:
                del known.stored_of[member]

    def _write(self, writes: dict[str, list[str]], removes: list[str]) -> None:
        if not writes and not removes:
            return
        self.store.replace_graphs(writes, removes)
        self._generation = self.store.generation

    # -- reading ---------------------------------------------------------------------------

    def tracked(self, committer: str) -> list[str]:
        """The tracked commitments of a loaded committer, as stored (tests and tools)."""
        known = self._committers.get(committer)
        return sorted(known.stored) if known else []
