"""The named queries of kg/query: documented, well-formed, parameterised by binding, never by pasting."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from kg.query import named
from kg.store import GraphStore
from kg.terms import PREFIXES
from tests.api_fixtures import api_store  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent
QUERIES = named.all_named_queries()


def body_of(query: named.NamedQuery) -> str:
    return "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))


def test_there_are_named_queries() -> None:
    assert {"actors", "actor", "actor_commitments", "commitments", "commitment_facts", "events", "event",
            "documents", "document_facts"} <= {q.name for q in QUERIES}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_each_named_query_has_a_summary_and_parses(query: named.NamedQuery) -> None:
    assert len(query.summary) > 20
    translateQuery(parseQuery(query.text), initNs=PREFIXES)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_each_parameter_is_documented_used_and_projected(query: named.NamedQuery) -> None:
    body = body_of(query)
    for parameter, description in query.parameters.items():
        assert description, f"{query.name}: parameter {parameter} has no description"
        assert re.search(rf"\?{parameter}\b", body), f"{query.name}: ?{parameter} is documented but not used"
        if query.form == "SELECT":
            projection = body.split("WHERE", 1)[0]
            # pyoxigraph substitutes only variables of the SELECT projection (SEP-0007).
            assert re.search(rf"\?{parameter}\b", projection), f"{query.name}: ?{parameter} is not projected"


def test_a_parameter_the_query_does_not_declare_is_an_error(api_store: GraphStore) -> None:
    with pytest.raises(TypeError, match="takes no parameter"):
        named.rows(api_store, "actor", actor=ox.NamedNode("https://example.org/x"), extra="nope")


def test_a_bound_value_is_data_not_query_text(api_store: GraphStore) -> None:
    hostile = '" } UNION { ?actor ?p ?o } #'
    assert named.rows(api_store, "actors_search", q=hostile) == []
    assert named.total(api_store, "actors_search_count", q=hostile) == 0


def test_optional_parameters_left_unbound_do_not_filter(api_store: GraphStore) -> None:
    every = named.total(api_store, "commitments_filtered_count")
    conditional = named.total(api_store, "commitments_filtered_count",
                              status=ox.NamedNode(PREFIXES["ck"] + "conditional"))
    assert every == named.total(api_store, "commitments_count") == 11
    assert 0 < conditional < every


def _fstrings_with_sparql(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
            if re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE|WHERE|INSERT|DELETE|GRAPH|FILTER)\b", text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_api_builds_no_sparql_from_strings() -> None:
    offenders = [hit for path in sorted((ROOT / "api").rglob("*.py")) for hit in _fstrings_with_sparql(path)]
    assert offenders == []


def test_rest_readers_use_only_named_queries() -> None:
    source = (ROOT / "api" / "readers.py").read_text(encoding="utf-8")
    assert ".query(" not in source and "raw." not in source
    used = set(re.findall(r'"([a-z_]+)"', source)) & {q.name for q in QUERIES}
    assert {"actors", "actor_commitments", "commitments", "commitment_facts", "events", "documents"} <= used
