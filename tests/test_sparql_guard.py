"""The read-only guard reads a query as the grammar's terminals and the engine's parser do: no
spelling of SERVICE gets past it, and nothing harmless is refused for a look-alike."""

from __future__ import annotations

import pytest

from kg.errors import QueryError, QueryOverLimit, QueryRefused
from kg.query.guard import QueryLimits, check
from kg.query.lexer import scan
from kg.store import GraphStore

URL = "http://127.0.0.1:9/sparql"


@pytest.fixture(scope="module")
def memory_store() -> GraphStore:
    return GraphStore.open(None)


# Every local-name escape of SPARQL's PN_LOCAL_ESC, each of which once opened a fake string or
# comment for a guard that approximated the grammar with a regular expression.
ESCAPES = ["\\_", "\\~", "\\.", "\\-", "\\!", "\\$", "\\&", "\\'", "\\(", "\\)", "\\*", "\\+", "\\,", "\\;", "\\=",
           "\\/", "\\?", "\\#", "\\@", "\\%"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_service_after_an_escaped_local_name_is_refused(memory_store: GraphStore, escape: str) -> None:
    query = (f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a{escape}b ?o "
             f"FILTER EXISTS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }} # '")
    with pytest.raises(QueryRefused, match="SERVICE"):
        check(memory_store, query)


@pytest.mark.parametrize("query", [
    f"PREFIX ex: <{URL}#> SELECT * WHERE {{ SERVICEex:y {{ ?s ?p ?o }} }}",       # no space after the keyword
    f"SELECT * WHERE {{ ?s ?p trueSERVICE<{URL}>{{ ?s ?p ?o }} }}",                # glued to a boolean
    f"SELECT * WHERE {{ SERVICE<{URL}>{{}} }}",
    f"select * where {{ service silent <{URL}> {{}} }}",
    f"SELECT * WHERE {{ BIND(1 AS ?x) FILTER(?x<?x)SERVICE?x#>\n{{}} }}",           # '<' as operator, not an IRI
    f"SELECT * WHERE {{ \\u0053ERVICE <{URL}> {{}} }}",                             # a \\u escape outside strings
    f"SELECT * WHERE {{ BIND(\"\\u0022\" AS ?x) SERVICE <{URL}> {{}} }}",          # decoded, the string reads otherwise
])
def test_spellings_of_service_are_refused(memory_store: GraphStore, query: str) -> None:
    with pytest.raises(QueryError):  # refused (403) or unreadable (400); never let through
        check(memory_store, query)


@pytest.mark.parametrize("query", [
    'SELECT ("a SERVICE and a LOAD" AS ?x) WHERE {}',
    "SELECT * WHERE { ?s <http://www.w3.org/ns/sparql-service-description#endpoint> ?o }",
    "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT * WHERE { ?s sd:endpoint ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o = <http://example.org/service/1>) } # SERVICE in a comment",
    "SELECT ?serviceLoad WHERE { BIND(1 AS ?serviceLoad) }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:load\\#service ?o }",
])
def test_look_alikes_in_strings_iris_names_and_comments_pass(memory_store: GraphStore, query: str) -> None:
    assert check(memory_store, query).form == ""


@pytest.mark.parametrize("update", ["INSERT DATA { <http://a> <http://b> 1 }", "DELETE WHERE { ?s ?p ?o }",
                                    f"LOAD <{URL}>", "CLEAR ALL", "DROP GRAPH <http://g>", "CREATE GRAPH <http://g>",
                                    "ADD DEFAULT TO <http://g>", "COPY <http://a> TO <http://b>",
                                    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_updates_are_refused(memory_store: GraphStore, update: str) -> None:
    with pytest.raises(QueryRefused, match="read-only"):
        check(memory_store, update)


def test_nesting_past_the_limit_is_refused_before_evaluation(memory_store: GraphStore) -> None:
    with pytest.raises(QueryOverLimit, match="5000 deep"):
        check(memory_store, "SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    with pytest.raises(QueryOverLimit, match="deep"):
        check(memory_store, "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }")


def test_nesting_within_the_limit_passes(memory_store: GraphStore) -> None:
    assert check(memory_store, "SELECT * WHERE " + "{" * 60 + "}" * 60).form == ""


def test_a_query_over_the_size_limit_is_refused(memory_store: GraphStore) -> None:
    query = "SELECT * WHERE { BIND(1 AS ?a) FILTER(" + "||".join(["?a=1"] * 200_000) + ") }"
    with pytest.raises(QueryOverLimit, match="characters"):
        check(memory_store, query)


def test_a_query_over_the_token_limit_is_refused(memory_store: GraphStore) -> None:
    query = "SELECT * WHERE { BIND(1 AS ?a) FILTER(" + "||".join(["?a"] * 20_000) + ") }"
    with pytest.raises(QueryOverLimit, match="tokens"):
        check(memory_store, query, limits=QueryLimits(max_chars=1_000_000))


def test_a_stray_character_is_a_syntax_error_naming_its_place() -> None:
    with pytest.raises(QueryError, match="line 2, column 3"):
        scan("SELECT *\n  ` WHERE {}")


def test_an_unclosed_string_is_a_syntax_error() -> None:
    with pytest.raises(QueryError, match="string"):
        scan("SELECT * WHERE { BIND('abc AS ?x) }")


def test_the_lexer_counts_depth_and_tokens() -> None:
    seen = scan("SELECT * WHERE { { ?s ?p ?o } }")
    assert seen.depth == 2
    assert seen.tokens == 10
    assert {"SELECT", "WHERE"} <= seen.words
