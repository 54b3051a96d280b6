"""`kg query` reads queries as the server's /sparql does and says what is wrong in its words;
`kg extract -` reads the article from standard input."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api_fixtures import api_store, client  # noqa: F401 - fixtures

from .conftest import SEED_ARTICLE


def kg(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kg", *args], input=stdin, capture_output=True, timeout=300)


# -- kg extract - ----------------------------------------------------------------------------

def test_extract_reads_the_article_from_standard_input() -> None:
    from_file = kg("extract", "--format", "json", str(SEED_ARTICLE))
    piped = kg("extract", "--format", "json", "--document", SEED_ARTICLE.name, "-", stdin=SEED_ARTICLE.read_bytes())
    assert piped.returncode == 0, piped.stderr.decode()
    assert piped.stdout == from_file.stdout, "the same claims, offsets and date as from the file"


def test_piped_text_is_named_as_post_documents_names_it() -> None:
    text = b"Germany will deliver IRIS-T air defence systems to Ukraine, Chancellor Friedrich Merz said on Monday.\n"
    result = kg("extract", "--published", "2025-09-01", "-", stdin=text)
    assert result.returncode == 0, result.stderr.decode()
    assert f"document: article-{hashlib.sha256(text).hexdigest()[:16]}.txt" in result.stdout.decode()
    assert "committer: Germany" in result.stdout.decode()


def test_piped_bytes_that_are_not_text_are_one_line_of_error() -> None:
    result = kg("extract", "-", stdin=b"\xff\xfe\x00\x01")
    assert result.returncode == 1
    assert result.stderr.decode().startswith("standard input: ") and b"Traceback" not in result.stderr


# -- kg query --------------------------------------------------------------------------------

def test_a_missing_query_file_is_named_as_missing(api_store, tmp_path: Path) -> None:
    missing = tmp_path / "who.rq"
    result = kg("query", "--store", str(api_store.path), str(missing))
    assert result.returncode == 1
    assert result.stderr.decode() == f"error: {missing}: no such query file\n"


def test_a_long_inline_query_is_run_not_taken_for_a_file_name(api_store) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o " + "FILTER(true) " * 40 + "}"  # longer than NAME_MAX
    result = kg("query", "--store", str(api_store.path), query)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("update", [
    "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> 1 } }",
    "DROP ALL",
    "PREFIX ex: <https://example.org/> DELETE WHERE { ?s ?p ?o }",
])
def test_an_update_is_refused_as_an_update(api_store, update: str) -> None:
    before = api_store.stats().triples
    result = kg("query", "--store", str(api_store.path), update)
    assert result.returncode == 1
    assert "SPARQL updates" in result.stderr.decode() and "are refused" in result.stderr.decode()
    assert "syntax" not in result.stderr.decode()
    assert api_store.stats().triples == before


@pytest.mark.parametrize("query", [
    "SELECT WHERE {",
    "SELECT ?x WHERE { BIND(<http://example.org/f>(1) AS ?x) }",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "DROP ALL",
    "SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }",
    "SELECT * WHERE " + "{" * 100 + "}" * 100,
    "SELECT ?x WHERE { ?x ck:committer ?y ",
])
def test_the_command_lines_sparql_errors_are_the_servers(client, api_store, query: str) -> None:
    answer = client.post("/sparql", data={"query": query})
    assert answer.status_code in (400, 403), answer.text
    result = kg("query", "--store", str(api_store.path), query)
    assert result.returncode == 1
    assert result.stderr.decode() == f"error: {answer.json()['detail']}\n"
