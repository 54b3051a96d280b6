"""The W3C SHACL Core test suite, run as distributed, from ../shared/conformance/shacl-core.

How a validator is judged (../shared/conformance/README.md): for every test, the verdict
(sh:conforms) and the set of results (focus node, result path, source constraint component,
value, severity) must equal the expected report; a validator that declines a shape it does not
implement must say so, never answer "conforms".

- The Validator, with either engine, agrees with every test.
- The compiled checker agrees with every test it compiles (and writes pyshacl's lines), and
  raises UnsupportedShape, naming what it does not implement, on the others.

Reading the files: a test file is parsed once, keeping the lexical forms of its literals (rdflib
would otherwise turn "1"^^xsd:boolean into "true" before any validator sees it, which
property/uniqueLang-002 is about), and where the manifest says `sht:dataGraph <>` or
`sht:shapesGraph <>`, that one graph is the data, the shapes and the expected report, so the
blank nodes of the expected results are those of the data. Literals in results are compared in
the form `kg.validate.shacl.canonical` gives them, rdflib's normal form, since both engines see
literals through rdflib.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.store.convert import to_ox
from kg.validate import CompiledShapes, UnsupportedShape, ValidationResult, Validator
from kg.validate.shacl import Result, canonical, path_key

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "conformance" / "shacl-core"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
TESTS_IN_THE_SUITE = 98


def _parse(path: Path) -> Graph:
    """The file's graph with its literals as written."""
    graph = Graph()
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the suite's ill-typed literals are on purpose
            graph.parse(path, format="turtle")
    finally:
        rdflib.NORMALIZE_LITERALS = saved
    return graph


def _file(iri: object) -> Path:
    text = str(iri)
    assert text.startswith("file://"), text
    return Path(text[len("file://"):])


@dataclass(frozen=True)
class Entry:
    name: str
    kind: URIRef
    data: Graph
    shapes: Graph
    conforms: bool
    results: frozenset[Result]


def _expected(graph: Graph, report: object) -> frozenset[Result]:
    results = set()
    for result in graph.objects(report, SH.result):
        path = graph.value(result, SH.resultPath)
        results.add(Result(canonical(graph.value(result, SH.focusNode)),
                           None if path is None else path_key(graph, path),
                           graph.value(result, SH.sourceConstraintComponent),
                           canonical(graph.value(result, SH.value)), graph.value(result, SH.resultSeverity)))
    return frozenset(results)


def _entries() -> list[Entry]:
    entries: list[Entry] = []
    files: dict[Path, Graph] = {}

    def graph_of(iri: object) -> Graph:
        path = _file(iri)
        if path not in files:
            files[path] = _parse(path)
        return files[path]

    def walk(manifest: Path) -> None:
        graph = graph_of(manifest.as_uri())
        for included in graph.objects(None, MF.include):
            walk(_file(included))
        for head in graph.objects(None, MF.entries):
            for entry in Collection(graph, head):
                action = graph.value(entry, MF.action)
                report = graph.value(entry, MF.result)
                entries.append(Entry(
                    name=str(entry)[len(SUITE.as_uri()) + 1:], kind=graph.value(entry, RDF.type),
                    data=graph_of(graph.value(action, SHT.dataGraph)),
                    shapes=graph_of(graph.value(action, SHT.shapesGraph)),
                    conforms=graph.value(report, SH.conforms).value is True, results=_expected(graph, report)))

    walk(SUITE / "manifest.ttl")
    return sorted(entries, key=lambda e: e.name)


ENTRIES = _entries() if (SUITE / "manifest.ttl").is_file() else []
ABSENT = pytest.mark.skip(reason=f"the W3C SHACL Core suite is not at {SUITE} (../shared is absent)")
PARAMS = [pytest.param(entry, id=entry.name) for entry in ENTRIES] or \
    [pytest.param(None, id="suite-absent", marks=ABSENT)]


def _batch(entry: Entry) -> list:
    return [tuple(to_ox(term) for term in triple) for triple in entry.data]


def _agrees(result: ValidationResult, entry: Entry) -> None:
    assert (result.conforms, result.results) == (entry.conforms, entry.results), (
        f"missing {sorted(map(str, entry.results - result.results))}, "
        f"unexpected {sorted(map(str, result.results - entry.results))}")


@pytest.mark.skipif(not ENTRIES, reason=f"the W3C SHACL Core suite is not at {SUITE} (../shared is absent)")
def test_the_whole_suite_is_read() -> None:
    assert len(ENTRIES) == TESTS_IN_THE_SUITE
    assert len({entry.name for entry in ENTRIES}) == TESTS_IN_THE_SUITE
    assert {entry.kind for entry in ENTRIES} == {SHT.Validate}


@pytest.mark.parametrize("entry", PARAMS)
def test_the_validator_agrees(entry: Entry) -> None:
    """pyshacl through the Validator, and the Validator as ingestion builds it (the compiled
    checker, or pyshacl where it declines)."""
    batch = _batch(entry)
    reference = Validator(entry.shapes, Graph(), engine="pyshacl")
    _agrees(reference.check(batch), entry)
    default = Validator(entry.shapes, Graph(), engine="compiled")
    _agrees(default.check(batch), entry)


@pytest.mark.parametrize("entry", PARAMS)
def test_the_compiled_checker_agrees_or_declines(entry: Entry) -> None:
    try:
        checker = CompiledShapes.compile(entry.shapes, Graph())
    except UnsupportedShape as error:
        # declining is saying so: the Validator names the reason and validates with pyshacl
        assert str(error)
        fallback = Validator(entry.shapes, Graph(), engine="compiled")
        assert fallback.engine == "pyshacl" and fallback.fallback_reason == str(error)
        return
    batch = _batch(entry)
    result = checker.check(batch)
    _agrees(result, entry)
    # and in the Validator's words, pyshacl's messages included
    assert result.violations == Validator(entry.shapes, Graph(), engine="pyshacl").check(batch).violations


@pytest.mark.skipif(not ENTRIES, reason=f"the W3C SHACL Core suite is not at {SUITE} (../shared is absent)")
def test_the_compiled_checker_compiles_the_whole_suite() -> None:
    """The figure the README gives: every test compiles (none falls back to pyshacl)."""
    declined = {}
    for entry in ENTRIES:
        try:
            CompiledShapes.compile(entry.shapes, Graph())
        except UnsupportedShape as error:
            declined[entry.name] = str(error)
    assert declined == {}
