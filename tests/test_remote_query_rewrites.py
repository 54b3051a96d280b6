"""The rewrites the remote store makes of the project's queries for Virtuoso
(kg.store.remote.filters_outside, order_outside) keep their answers: every named query gives the
same rows, in the same order, rewritten or not, on the embedded store (the reference engine)."""

from __future__ import annotations


import pyoxigraph as ox
import pytest

from kg.ingest import ingest_paths
from kg.query.named import all_named_queries, named_query
from kg.store import GraphStore
from kg.store.remote import filters_outside, form_of, order_outside
from tests.api_fixtures import SEED_CLAIMS

DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, preparer) -> GraphStore:
    store = GraphStore.open(tmp_path_factory.mktemp("rewrites") / "store")
    ingest_paths(store, [SEED_CLAIMS], preparer)
    return store


def rows(store: GraphStore, text: str, bindings: dict[str, ox.Literal]) -> list[tuple[str, ...]]:
    """The answer's rows in order, each by variable name (order_outside projects SELECT *), without
    the parameters (pyoxigraph leaves a substituted variable unbound in the answer, a subquery's
    SELECT * gives its value)."""
    result = store.query(text, bindings)
    if form_of(text) != "select":
        return [(str(bool(result)),)] if form_of(text) == "ask" else sorted(tuple(map(str, t)) for t in result)
    names = sorted(v.value for v in result.variables if v.value not in bindings)
    return [tuple(str(solution[n]) for n in names) for solution in result]


@pytest.mark.parametrize("query", [q.name for q in all_named_queries()])
def test_every_named_query_answers_the_same_with_its_filters_outside(seeded: GraphStore, query: str) -> None:
    text = named_query(query).text
    rewritten = order_outside(filters_outside(text))
    # The same rows; in the same order where the ORDER BY decides it (ties may come either way).
    assert sorted(rows(seeded, rewritten, {})) == sorted(rows(seeded, text, {}))


@pytest.mark.parametrize("query", ["commitments", "commitments__newest", "events", "events__newest"])
def test_date_range_pages_answer_the_same_with_their_filters_outside(seeded: GraphStore, query: str) -> None:
    text = named_query(query).text
    bindings = {"from": ox.Literal("2025-08-19", datatype=DATE), "to": ox.Literal("2025-09-30", datatype=DATE)}
    first = rows(seeded, text, bindings)
    assert first and rows(seeded, order_outside(filters_outside(text)), bindings) == first
    names = sorted(v.value for v in seeded.query(text, bindings).variables if v.value not in bindings)
    key, tie = first[0][names.index("key")], first[0][names.index("tie")]
    after = {**bindings, "afterKey": ox.Literal(key.strip('"')), "afterTie": ox.Literal(tie.strip('"'))}
    following = rows(seeded, text, after)
    assert len(following) == len(first) - 1
    assert rows(seeded, order_outside(filters_outside(text)), after) == following


def test_filters_move_out_whole_and_nothing_else_does() -> None:
    text = ('SELECT ?x WHERE { ?x ?p ?o . FILTER NOT EXISTS { ?x a ?t } OPTIONAL { ?x <q> ?z FILTER(?z > 1) } '
            'FILTER regex(str(?o), "a{") BIND(1 AS ?k) } ORDER BY ?x')
    assert filters_outside(text) == (
        'SELECT ?x WHERE { { SELECT * WHERE {  ?x ?p ?o .  OPTIONAL { ?x <q> ?z FILTER(?z > 1) }  BIND(1 AS ?k)  } '
        'LIMIT 1000000000 }\nFILTER NOT EXISTS { ?x a ?t } FILTER regex(str(?o), "a{")\n} ORDER BY ?x')
    assert filters_outside("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"
