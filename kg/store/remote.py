"""The store on a remote SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Neptune...).

`RemoteStore` is a `GraphStore` whose dataset (`raw`) is a `RemoteDataset`: the part of
pyoxigraph's Store API the other layers use (pattern lookups, named graphs, SPARQL with bound
variables, a dump), answered over HTTP and given back as pyoxigraph terms and results. Reads,
the change log, stats and the catalogue's and linker's lookups are GraphStore's own code; only
the writes differ.

The project's graphs are those under NAMESPACE (documents, the actors and ontology graphs,
tracked commitments): a server shared with other datasets keeps them, and its other graphs are
neither listed, counted, nor (on Virtuoso) part of the union default graph.

Writes. Each document is validated before anything is sent, then written by ONE update
request: the old content-hash marker deleted, the shared actor lines added, the graph dropped,
the new lines inserted (in operations of at most WRITE_CHUNK lines, which Virtuoso's SPARQL
compiler can take), and the new marker inserted last. A request the server refuses (a syntax
or type error, a size limit, a permission) changes nothing. What a server does when it dies in
the middle of a request is its own affair: Virtuoso 7.2 commits a large delete in steps (see
README), so a killed server can leave a document's graph partly written; because the marker
goes first out and last in, such a graph has no marker (`half_written()` lists it, and the next
`kg ingest` of its file rewrites it whole).
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import QueryError, StoreError
from kg.query.lexer import _TOKEN
from kg.store.oxigraph import CHANGE_LOG, GraphStore, StoreStats
from kg.store.follow import WRITES_GRAPH, Follower, new_writer_id, stamp_operations
from kg.store.remote_cache import LookupCache
from kg.store.sparql_http import NTRIPLES, RESULTS_JSON, Endpoints, SparqlHttp
from kg.terms import CK, ID, PREFIXES

NAMESPACE = str(ID)
WRITE_CHUNK = 2000
# Virtuoso keeps a request in a string session of at most 10 MB, and compiles a request into one
# statement that failed past 400-800 operations ("Query too large, variables in state over the
# limit"): stay well under both. Operations go in order, so markers stay last across requests.
MAX_REQUEST_BYTES = 8 * 1024 * 1024
MAX_REQUEST_OPERATIONS = 200
_CONTENT_HASH = str(CK.contentHash)
_GRAPH = re.compile(r"GRAPH <([^>]*)>")
# A named query's header may ask for its joins in the order written (kg/query/named.py): Virtuoso
# 7.2 spent ~2 s planning event.rq's 16 OPTIONALs, again for each event (the text differs by
# its IRI), and answered in 4 ms; joined as written (from the bound event) it plans in 15 ms.
_AS_WRITTEN = re.compile(r"^#\s*plan\s*:\s*as written\s*$", re.MULTILINE)
OTHER_GRAPHS_TTL_S = 30.0
DOCUMENTS = f"{NAMESPACE}document/"
# Subjects read in one query when a lookup across graphs has named them (about 25 rows each).
PREFETCH = 100
MAX_HINTS = 50_000

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def _in_namespace(iri: str) -> bool:
    return iri.startswith(NAMESPACE)


def _pattern_term(term: Any, variable: str) -> str:
    if term is None:
        return variable
    if isinstance(term, ox.DefaultGraph):
        raise StoreError("the remote store keeps nothing in the default graph")
    return str(term)


def _first_group(query: str) -> int:
    """Where the query's first group starts (just after its `{`), read with the guard's lexer."""
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None:
            break
        if match.lastgroup == "open" and match.group() == "{":
            return match.end()
        position = match.end()
    raise QueryError("cannot bind parameters: the query has no group pattern")


_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def form_of(query: str) -> str:
    """'select', 'ask' or 'graph': the first query-form keyword after the prologue, read with the lexer
    (the server must be asked for results or for triples; Virtuoso answers a CONSTRUCT asked for
    SPARQL JSON with an error)."""
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None:
            break
        if match.lastgroup == "word" and match.group().upper() in _FORMS:
            return _FORMS[match.group().upper()]
        position = match.end()
    return "select"


def bind(query: str, substitutions: Mapping[Any, Term] | None) -> str:
    """The query with each substituted variable bound by a VALUES block at the head of its WHERE
    group: for the named queries (parameters projected, used in the top-level group and its
    filters), the same answers as pyoxigraph's substitutions, in standard SPARQL."""
    if not substitutions:
        return query
    names = " ".join(f"?{variable.value}" for variable in substitutions)
    values = " ".join(str(term) for term in substitutions.values())
    at = _first_group(query)
    return f"{query[:at]} VALUES ({names}) {{ ({values}) }} {query[at:]}"


# Larger than any list the project pages through; its only purpose is to keep the subquery whole.
_UNCUT = 1_000_000_000


def _tokens(query: str) -> list[tuple[str, str, int, int]] | None:
    """(kind, text, start, end) of every token, read with the guard's lexer; None when it cannot."""
    found = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None:
            return None
        found.append((match.lastgroup or "", match.group(), match.start(), match.end()))
        position = match.end()
    return found


def filters_outside(query: str) -> str:
    """The query with its WHERE group's top-level FILTERs applied outside a subquery of the rest.

    Virtuoso 7.2 answered the named list queries with a date range and a cursor (`from` and `to`
    bound, or either with `afterKey`) with other rows' sort keys: it evaluates the FILTERs on
    ?date and ?key inside its plan of `OPTIONAL { ?c ck:date ?date }` and BIND(... AS ?key), and
    the optional date came from another commitment (the seed's newest-first list from 2025-08-19
    to 2025-09-30 came back dated 2025-08-20, 2025-08-18, 2025-08-18). Neither the order of the
    ORDER BY keys, nor BIND or VALUES for the parameters, nor constants in their place, nor a
    subquery alone changed it: Virtuoso flattens a subquery; one with a LIMIT it evaluates as
    written, and the FILTERs then see each row's own values. The same solutions in SPARQL: a
    group's FILTERs apply to all of its solutions wherever they stand, and SELECT * keeps every
    variable in scope (the LIMIT, _UNCUT, is above any list's size)."""
    tokens = _tokens(query)
    if tokens is None:
        return query
    depth = 0
    start: int | None = None
    end: int | None = None
    filters: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        kind, text, at, after = tokens[index]
        if kind == "open":
            depth += 1
            if text == "{" and depth == 1 and start is None:
                start = after
        elif kind == "close":
            depth -= 1
            if depth == 0 and start is not None:
                end = at
                break
        elif kind == "word" and text.upper() == "FILTER" and depth == 1 and start is not None:
            # FILTER (...), FILTER fn(...), FILTER [NOT] EXISTS {...}: up to its first bracket's match
            inner = 0
            index += 1
            while index < len(tokens) and not (tokens[index][0] == "close" and inner == 1):
                inner += {"open": 1, "close": -1}.get(tokens[index][0], 0)
                index += 1
            if index == len(tokens):
                return query
            filters.append((at, tokens[index][3]))
        index += 1
    if start is None or end is None or not filters:
        return query
    rest, kept, position = [], [], start
    for at, after in filters:
        rest.append(query[position:at])
        kept.append(query[at:after])
        position = after
    rest.append(query[position:end])
    return (f"{query[:start]} {{ SELECT * WHERE {{ {''.join(rest)} }} LIMIT {_UNCUT} }}\n"
            f"{' '.join(kept)}\n{query[end:]}")


def order_outside(query: str) -> str:
    """A SELECT whose final ORDER BY has an expression, with its body as a subquery and the ORDER BY
    outside: Virtuoso 7.2 evaluates `ORDER BY (?key = "~") DESC(?key)` over BIND variables with
    other rows' values (the seed's newest-first list came back with wrong keys), and orders a
    subquery's projected values correctly. The same rows and order on any engine."""
    tokens = _tokens(query)
    if tokens is None:
        return query
    select = order = None
    depth = 0
    for kind, text, at, _ in tokens:
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0:
            if text.upper() == "SELECT" and select is None:
                select = at
            elif text.upper() == "ORDER":
                order = at
    if select is None or order is None:
        return query
    if not any(kind == "open" and text == "(" and at > order for kind, text, at, _ in tokens):
        return query
    return f"{query[:select]}SELECT * WHERE {{ {{ {query[select:order]} }} }} {query[order:]}"


_order_outside_kept = functools.lru_cache(maxsize=256)(order_outside)


def order_outside_kept(query: str) -> str:
    """order_outside, its answer kept for texts asked again (a function of the text alone; reading
    a point lookup's tokens cost 0.2-0.4 ms of its hop to the server). Long texts are not kept."""
    return _order_outside_kept(query) if len(query) <= 20_000 else order_outside(query)


class RemoteDataset:
    """pyoxigraph.Store's reading API over a SPARQL server, limited to the project's graphs."""

    def __init__(self, http: SparqlHttp) -> None:
        self.http = http
        self._excluded: tuple[str, ...] | None = None
        self._excluded_at = 0.0
        self._lock = threading.Lock()
        self.cache = LookupCache()
        self._hints: OrderedDict[tuple[str, str], None] = OrderedDict()

    # -- SPARQL -------------------------------------------------------------------------------

    def query(self, query: str, *, prefixes: Mapping[str, str] | None = None,
              substitutions: Mapping[Any, Term] | None = None, use_default_graph_as_union: bool = True,
              default_graph: list[ox.NamedNode] | None = None, named_graphs: list[ox.NamedNode] | None = None,
              base_iri: str | None = None, timeout_s: float | None = None, max_bytes: int | None = None) -> Any:
        """A query answered by the server, as pyoxigraph answers: QuerySolutions, QueryBoolean, or
        a list of triples for CONSTRUCT and DESCRIBE."""
        bound = bind(query, substitutions)
        if self.http.dialect == "virtuoso":
            # The project's own queries (the named queries bind parameters; /sparql's never do).
            bound = order_outside_kept(filters_outside(bound) if substitutions else bound)
        text = self._prologue(query, prefixes, base_iri, default_graph is None, named_graphs is None) + bound
        media, body, headers = self.http.query(
            text, default_graphs=[g.value for g in default_graph] if default_graph is not None else None,
            named_graphs=[g.value for g in named_graphs] if named_graphs is not None else None,
            timeout_s=timeout_s, max_bytes=max_bytes, triples=form_of(query) == "graph")
        if media in (RESULTS_JSON, "application/json"):
            return self.http.solutions(media, body, headers)
        if media in (NTRIPLES, "text/plain", "text/turtle"):
            return list(ox.parse(body, format=ox.RdfFormat.TURTLE if media == "text/turtle"
                                 else ox.RdfFormat.N_TRIPLES))
        raise StoreError(f"the SPARQL server answered in {media or 'an unnamed format'}, which this project "
                         "does not read")

    def _prologue(self, query: str, prefixes: Mapping[str, str] | None, base_iri: str | None, union: bool,
                  all_named: bool) -> str:
        lines = []
        upper = query.upper()
        if self.http.dialect == "virtuoso":
            # Virtuoso's default graph and its GRAPH ?g are every graph it holds, its own system
            # graphs and other datasets' included: the project's dataset is its own graphs only.
            # Each define costs Virtuoso about 0.4 ms a query: named graphs are excluded only when
            # the text could name a GRAPH at all (the word anywhere, even in a string or an IRI).
            if union:
                lines += [f"define input:default-graph-exclude <{g}>" for g in self._other_graphs()]
            if all_named and "GRAPH" in upper:
                lines += [f"define input:named-graph-exclude <{g}>" for g in self._other_graphs()]
            if _AS_WRITTEN.search(query):
                lines.append('define sql:select-option "order"')
        if base_iri is not None:
            lines.append(f"BASE <{base_iri}>")
        for prefix, namespace in (prefixes or {}).items():
            # Only the prefixes the text may use (`name:` anywhere in it): unused PREFIX lines cost
            # Virtuoso 0.4 ms a point lookup for the seven the project declares.
            if f"{prefix}:" in query and f"PREFIX {prefix.upper()}:" not in upper:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(lines) + ("\n" if lines else "")

    def _other_graphs(self) -> tuple[str, ...]:
        """Graphs outside the project's namespace, read again after OTHER_GRAPHS_TTL_S (other tools
        may add graphs to a shared server; until then a new one is not excluded)."""
        with self._lock:
            now = time.monotonic()
            if self._excluded is None or now - self._excluded_at > OTHER_GRAPHS_TTL_S:
                # GROUP BY, not DISTINCT: Virtuoso 7.2 plans `SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }`
                # as a scan that did not end in minutes at 40,000 quads (GROUP BY: 70 ms).
                rows = self._select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
                others = {row["g"].value for row in rows if not _in_namespace(row["g"].value)}
                self._excluded = tuple(sorted(others | {WRITES_GRAPH}))  # the stamps, from their first write
                self._excluded_at = now
            return self._excluded

    def _select(self, text: str) -> Any:
        media, body, headers = self.http.query(text)
        return self.http.solutions(media, body, headers)

    # -- pattern lookups ------------------------------------------------------------------------

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any, graph_name: Any = None) -> list[ox.Quad]:
        """pyoxigraph's lookup, over HTTP: from what was read before when that answers it
        (kg/store/remote_cache.py), else in as few requests as the readers' habits allow (below)."""
        if graph_name is not None and not isinstance(graph_name, ox.DefaultGraph) and not _in_namespace(graph_name.value):
            return []
        if isinstance(graph_name, ox.NamedNode):
            return self._in_graph(subject, predicate, object, graph_name)
        pattern = " ".join((_pattern_term(subject, "?s"), _pattern_term(predicate, "?p"), _pattern_term(object, "?o")))
        graph = _pattern_term(graph_name, "?g")
        where = f"GRAPH {graph} {{ {pattern} }}"
        if graph_name is None:
            where += f' FILTER(STRSTARTS(STR(?g), "{NAMESPACE}"))'
        rows = self._select(f"SELECT * WHERE {{ {where} }}")
        found = [ox.Quad(subject or row["s"], predicate or row["p"], object or row["o"], graph_name or row["g"])
                 for row in rows]
        if graph_name is None:
            self._hint(found)
        return found

    def quads_for_objects(self, predicate: ox.NamedNode, objects: list[ox.NamedNode], *,
                          hint: bool = True) -> list[ox.Quad]:
        """quads_for_pattern(None, predicate, o, None) for every o of `objects`, in one request per
        PREFETCH of them (a caller with many lookups of one shape, as the linker's first look at
        the committers of a document, sends a few requests instead of one each); what they find is
        hinted as any lookup across graphs is, unless `hint` is False: then the caller hints each
        object's share with `hint()` when it reads it (hints are bounded by MAX_HINTS, and a
        rebuild's batch of committers can find more reports than that)."""
        found: list[ox.Quad] = []
        for start in range(0, len(objects), PREFETCH):
            values = " ".join(str(o) for o in objects[start:start + PREFETCH])
            rows = self._select(f"SELECT ?s ?o ?g WHERE {{ VALUES ?o {{ {values} }} GRAPH ?g {{ ?s {predicate} ?o }} "
                                f'FILTER(STRSTARTS(STR(?g), "{NAMESPACE}")) }}')
            found += [ox.Quad(row["s"], predicate, row["o"], row["g"]) for row in rows]
        if hint:
            self._hint(found)
        return found

    def hint(self, quads: list[ox.Quad]) -> None:
        """Hint what quads_for_objects(..., hint=False) found, as its lookup across graphs would have."""
        self._hint(quads)

    def _in_graph(self, subject: Any, predicate: Any, object: Any, graph: ox.NamedNode) -> list[ox.Quad]:
        """A lookup within one graph. The readers' habits: a lookup across graphs (a committer's
        reports, a document's tracked commitments) is followed by reading each subject found there,
        its own quads and those of the nodes it links to, so a subject found that way is read with
        up to PREFETCH others in one query; a document graph read by a pattern without a subject
        or predicate is read whole, as the next lookups read the rest of it; other lookups (a
        document's content hash before a write) stay one small query."""
        cached = self.cache.lookup(subject, predicate, object, graph.value)
        if cached is not None:
            return cached
        whole = subject is None and predicate is None and object is None
        if isinstance(subject, ox.NamedNode) and self._take_hint(subject.value, graph.value):
            self._prefetch(subject.value, graph.value)
        elif whole or (graph.value.startswith(DOCUMENTS) and (subject is None or predicate is None)):
            epoch = self.cache.epoch()
            triples = self._graph_triples(graph.value)
            self.cache.put_graph(graph.value, triples, epoch)
            if whole:
                return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
        cached = self.cache.lookup(subject, predicate, object, graph.value)
        if cached is not None:
            return cached
        pattern = " ".join((_pattern_term(subject, "?s"), _pattern_term(predicate, "?p"), _pattern_term(object, "?o")))
        rows = self._select(f"SELECT * WHERE {{ GRAPH {graph} {{ {pattern} }} }}")
        return [ox.Quad(subject or row["s"], predicate or row["p"], object or row["o"], graph) for row in rows]

    def _hint(self, quads: list[ox.Quad]) -> None:
        """Remember the (subject, graph) pairs a lookup across graphs found: they are read next."""
        with self._lock:
            for quad in quads:
                if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.graph_name, ox.NamedNode):
                    key = (quad.subject.value, quad.graph_name.value)
                    self._hints[key] = None
                    self._hints.move_to_end(key)
            while len(self._hints) > MAX_HINTS:
                self._hints.popitem(last=False)

    def _take_hint(self, subject: str, graph: str) -> bool:
        with self._lock:
            return self._hints.pop((subject, graph), False) is None

    def _prefetch(self, subject: str, graph: str) -> None:
        """`subject` and up to PREFETCH - 1 other hinted subjects, each with the nodes it links to
        (its amount, quantity, evidence), in one query: every quad of each in its graph."""
        batch = [(subject, graph)]
        with self._lock:
            for key in list(self._hints):
                if len(batch) >= PREFETCH:
                    break
                if not self.cache.knows(*key):
                    batch.append(key)
                del self._hints[key]
        epoch = self.cache.epoch()
        values = " ".join(f"(<{s}> <{g}>)" for s, g in batch)
        # ?s unbound: the subject's own quad; bound: a quad of a node it links to (not the document
        # node, which every node of a document links to: that graph is read whole when asked for).
        rows = self._select(f"SELECT ?c ?g ?s ?p ?o WHERE {{ VALUES (?c ?g) {{ {values} }} GRAPH ?g {{ "
                            f"{{ ?c ?p ?o }} UNION {{ ?c ?link ?s . FILTER(isIRI(?s) && ?s != ?g && ?s != ?c) "
                            f"?s ?p ?o }} }} }}")
        own: dict[tuple[str, str], list[tuple[Any, Any]]] = {key: [] for key in batch}
        linked: dict[tuple[str, str], list[tuple[Any, Any]]] = {}
        for row in rows:
            key = (row["c"].value, row["g"].value)
            node = row["s"]
            if node is None:
                own[key].append((row["p"], row["o"]))
            else:
                linked.setdefault((node.value, key[1]), []).append((row["p"], row["o"]))
        for (node, in_graph), pairs in own.items():
            pairs = list(dict.fromkeys(pairs))
            self.cache.put_subject(in_graph, node, pairs, epoch)
            # Every IRI it links to was read as a subject too (none found: no quad of it there).
            for _, value in pairs:
                if isinstance(value, ox.NamedNode) and value.value not in (in_graph, node):
                    self.cache.put_subject(in_graph, value.value,
                                           list(dict.fromkeys(linked.get((value.value, in_graph), []))), epoch)

    def _graph_triples(self, graph_iri: str) -> list[ox.Triple]:
        if self.http.where.graph_store is None:
            rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
            return [ox.Triple(row["s"], row["p"], row["o"]) for row in rows]
        data = self.http.graph(graph_iri)
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) if data else []

    def contains_named_graph(self, graph_name: Any) -> bool:
        if not isinstance(graph_name, ox.NamedNode) or not _in_namespace(graph_name.value):
            return False
        return bool(self._select(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}"))

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        rows = self._select(f'SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                            f'FILTER(STRSTARTS(STR(?g), "{NAMESPACE}")) }} GROUP BY ?g')
        return iter([row["g"] for row in rows])

    def __len__(self) -> int:
        rows = self._select(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                            f'FILTER(STRSTARTS(STR(?g), "{NAMESPACE}")) }}')
        return int(next(iter(rows))["n"].value)

    def __iter__(self) -> Iterator[ox.Quad]:
        for graph in sorted(self.named_graphs(), key=lambda g: g.value):
            yield from self.quads_for_pattern(None, None, None, graph)

    def dump(self, output: Any = None, format: Any = None, *, prefixes: Mapping[str, str] | None = None,
             **kwargs: Any) -> bytes | None:
        """The project's graphs as a dataset (N-Quads, TriG), read graph by graph."""
        return ox.serialize(list(self), output, format=format, prefixes=prefixes)

    def flush(self) -> None:
        """Nothing is held here: every write is one request the server has answered."""


class RemoteStore(GraphStore):
    """The project's dataset on a SPARQL 1.1 server; see the module's docstring for writes."""

    def __init__(self, where: Endpoints, *, user: str | None = None, password: str | None = None,
                 timeout_s: float = 60.0, auth: str = "digest", read_only: bool = False,
                 follow_s: float = 1.0) -> None:
        # GraphStore's bookkeeping (change log, lines of the shared graph already sent), not its
        # pyoxigraph store: the data is the server's.
        from collections import deque

        self.path = None
        self.location = where.display
        self.read_only = read_only
        self._generation = 0
        self._changes: deque[tuple[int, frozenset[str]]] = deque(maxlen=CHANGE_LOG)
        self._changes_lock = threading.RLock()
        self._written: dict[str, set[str]] = {}
        self._stats: tuple[int, StoreStats] | None = None
        self.http = SparqlHttp(where, user=user, password=password, timeout_s=timeout_s, auth=auth)
        self.http.probe()
        self._store = RemoteDataset(self.http)  # type: ignore[assignment]
        # Other processes' writes (kg/store/follow.py): every write of this handle is stamped
        # `<writer id>/<n>`; with follow_s > 0, what the others stamp joins the change log.
        self.writer_id = new_writer_id()
        self._writes = itertools.count(1)  # next() is atomic: writes on several threads get their own ids
        self._answered = threading.local()
        self.follower: Follower | None = None
        if follow_s > 0:
            self.follower = Follower(self._store._select, self.writer_id, follow_s)
            self.follower.start()

    def __repr__(self) -> str:
        return f"RemoteStore({self.location!r})"

    def close(self) -> None:
        self.http.close()

    # -- writing --------------------------------------------------------------------------

    def replace_ntriples(self, graph_iri: URIRef, lines: str, *, shared_graph: URIRef | None = None,
                         shared_lines: str = "", validated: bool = False) -> None:
        # `validated` changes nothing here: the server parses whatever it is sent.
        self._writable()
        shared = self._unwritten(shared_graph, shared_lines) if shared_graph else []
        operations = _unmark(str(graph_iri))
        if shared:
            operations += _inserts(str(shared_graph), shared)
        operations.append(f"DROP SILENT GRAPH <{graph_iri}>")
        operations += _marked_last(str(graph_iri), lines.split("\n"))
        self._send(operations, f"cannot write graph <{graph_iri}>")
        self._remember(shared_graph, shared)
        self._changed(graph_iri, shared_graph if shared else None)

    def replace_graphs(self, graphs: Mapping[str, list[str]], removed: list[str]) -> None:
        self._writable()
        if not graphs and not removed:
            return
        operations: list[str] = []
        for iri in [*graphs, *removed]:
            operations += _unmark(iri)
            operations.append(f"DROP SILENT GRAPH <{iri}>")
        markers: list[str] = []
        for iri, lines in graphs.items():
            inserts = _marked_last(iri, lines)
            marker_ops = [op for op in inserts if op.startswith("#marker\n")]
            operations += [op for op in inserts if not op.startswith("#marker\n")]
            markers += marker_ops
        operations += markers  # every graph's marker after every graph's lines
        self._send(operations, f"cannot write {len(graphs)} graphs")
        self._changed(*graphs, *removed)

    def add_ntriples(self, graph_iri: URIRef, lines: str) -> None:
        self._writable()
        new = self._unwritten(graph_iri, lines)
        if new:
            self._send(_inserts(str(graph_iri), new), f"cannot write graph <{graph_iri}>")
            self._remember(graph_iri, new)
            self._changed(graph_iri)

    def replace_marked(self, graph_iri: URIRef, lines: str) -> None:
        self._writable()
        operations = _unmark(str(graph_iri)) + _marked_last(str(graph_iri), lines.split("\n"))
        self._send(operations, f"cannot write graph <{graph_iri}>")
        self._changed(graph_iri)

    def remove_graph(self, graph_iri: URIRef) -> bool:
        self._writable()
        if not self.has_graph(graph_iri):
            return False
        self._send([*_unmark(str(graph_iri)), f"DROP SILENT GRAPH <{graph_iri}>"], f"cannot remove graph <{graph_iri}>")
        self._written.pop(str(graph_iri), None)
        self._changed(graph_iri)
        return True

    def flush(self) -> None:
        """Each write is acknowledged by the server once it has committed it."""

    def _changed(self, *graphs: object) -> None:
        """After a write (this handle's, or another process's seen by the follower): what was read
        of those graphs is old."""
        self._store.cache.forget(str(g) for g in graphs if g is not None)  # type: ignore[attr-defined]
        self._answered.__dict__.pop("upto", None)
        super()._changed(*graphs)

    # -- following other writers ----------------------------------------------------------

    def changed_graphs(self, since: int) -> frozenset[str] | None:
        """GraphStore's change log, with the graphs other processes wrote (kg/store/follow.py) as
        one more entry when the follower has seen some."""
        if self.follower is not None:
            others = self.follower.changed()
            if others:
                self._changed(*others)
        with self._changes_lock:
            # What this answer covers, for the caller's next `generation`: the log's readers ask
            # changed_graphs(theirs), then take `generation` as their new place; another thread's
            # follower may add an entry in between, which must not be skipped.
            self._answered.upto = self._generation
            return super().changed_graphs(since)

    @property
    def generation(self) -> int:
        """How many entries the change log has; right after changed_graphs on this thread, the
        number its answer covered (see there)."""
        answered = self._answered.__dict__.pop("upto", None)
        return self._generation if answered is None else answered

    def optimize(self) -> None:
        """Compaction is the server's own business (Virtuoso checkpoints on its own)."""

    def _send(self, operations: list[str], what: str) -> None:
        """The operations in order, as one request (as many as the server's size limit needs),
        each request ending with the stamps of the graphs it writes (kg/store/follow.py)."""
        operations = [op.removeprefix("#marker\n") for op in operations]
        for batch in _batches(operations, reserve=2):
            stamps = stamp_operations({_graph_of(op) for op in batch}, f"{self.writer_id}/{next(self._writes)}")
            try:
                self.http.update(" ;\n".join(batch + stamps))
            except StoreError as error:
                # Earlier requests of this write went through (or, a server that died, part of
                # this one): whatever was read of these graphs is old.
                self._changed(*{_graph_of(op) for op in operations})
                raise StoreError(f"{what}: {error}") from None

    # -- reading --------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *,
              union: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, base_iri: str | None = None,
              timeout_s: float | None = None, max_bytes: int | None = None) -> Any:
        """A query over the union of the project's graphs (or the dataset given), on the server."""
        substitutions = {ox.Variable(name): value for name, value in (bindings or {}).items()}
        return self._store.query(  # type: ignore[call-arg]
            sparql, prefixes=PREFIXES, substitutions=substitutions or None,
            default_graph=[ox.NamedNode(g) for g in default_graph] if default_graph is not None else None,
            named_graphs=[ox.NamedNode(g) for g in named_graphs] if named_graphs is not None else None,
            base_iri=base_iri, timeout_s=timeout_s, max_bytes=max_bytes)

    def public(self, timeout_s: float, max_bytes: int) -> "PublicQueries":
        """This store as the public /sparql route reads it: each query within the endpoint's time
        limit and with its answer bounded in size (what the worker processes bound for the embedded
        store). The guard runs before, as for the embedded store: nothing it refuses is sent."""
        return PublicQueries(self, timeout_s, max_bytes)

    def document_hash(self, graph_iri: URIRef) -> str | None:
        """Asked of the server every time, never of what was read before: whether a document is
        "unchanged" decides whether it is written."""
        rows = self._store._select(  # type: ignore[attr-defined]
            f"SELECT ?h WHERE {{ GRAPH <{graph_iri}> {{ <{graph_iri}> <{_CONTENT_HASH}> ?h }} }}")
        return next((row["h"].value for row in rows), None)

    def half_written(self) -> list[str]:
        """Document graphs without their content-hash marker: a write or delete the server did not
        finish (see the module's docstring). `kg ingest` of their files rewrites them."""
        rows = self._store._select(  # type: ignore[attr-defined]
            f'SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
            f'FILTER(STRSTARTS(STR(?g), "{NAMESPACE}document/")) '
            f'FILTER NOT EXISTS {{ GRAPH ?g {{ ?g <{_CONTENT_HASH}> ?h }} }} }} GROUP BY ?g')
        return sorted(row["g"].value for row in rows)


def _unmark(graph_iri: str) -> list[str]:
    return [f"DELETE WHERE {{ GRAPH <{graph_iri}> {{ <{graph_iri}> <{_CONTENT_HASH}> ?old }} }}"]


def _inserts(graph_iri: str, lines: list[str]) -> list[str]:
    lines = [line for line in lines if line]
    return [f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n" + "\n".join(lines[start:start + WRITE_CHUNK]) + "\n} }"
            for start in range(0, len(lines), WRITE_CHUNK)]


def _marked_last(graph_iri: str, lines: list[str]) -> list[str]:
    """Inserts of a graph's lines with its content-hash marker in an operation of its own, last
    (tagged "#marker" so that several graphs' markers can be put after all their lines)."""
    prefix = f"<{graph_iri}> <{_CONTENT_HASH}> "
    markers = [line for line in lines if line.startswith(prefix)]
    rest = [line for line in lines if line and not line.startswith(prefix)]
    return _inserts(graph_iri, rest) + ["#marker\n" + op for op in _inserts(graph_iri, markers)]


def _graph_of(operation: str) -> str:
    """The graph an operation of this module writes (each names exactly one: `GRAPH <iri>`)."""
    match = _GRAPH.search(operation)
    if match is None:
        raise AssertionError(f"an update operation without its graph: {operation[:80]}")
    return match.group(1)


def _batches(operations: list[str], *, reserve: int = 0) -> list[list[str]]:
    """Operations in requests of at most MAX_REQUEST_BYTES and MAX_REQUEST_OPERATIONS (less
    `reserve`, for the stamps added to each), in order."""
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for operation in operations:
        length = len(operation.encode("utf-8")) + 3
        if current and (size + length > MAX_REQUEST_BYTES or len(current) >= MAX_REQUEST_OPERATIONS - reserve):
            batches.append(current)
            current, size = [], 0
        current.append(operation)
        size += length
    if current:
        batches.append(current)
    return batches


def _requests(operations: list[str]) -> list[str]:
    """Operations joined into requests the server takes (as _batches), in order."""
    return [" ;\n".join(batch) for batch in _batches(operations)]


class PublicQueries:
    """What kg.query.sparql.execute needs of a store (`raw` for the guard, `query`), with limits."""

    path = None

    def __init__(self, store: RemoteStore, timeout_s: float, max_bytes: int) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes

    @property
    def raw(self) -> RemoteDataset:
        return self.store.raw  # type: ignore[return-value]

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.store.query(sparql, bindings, timeout_s=self.timeout_s, max_bytes=self.max_bytes, **kwargs)
