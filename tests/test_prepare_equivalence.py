"""Preparing a document gives the same output whatever shortcuts the fast paths take.

The mapper writes a node's triples one after another with the same subject term, and the
N-Triples writer, the SHACL batch and the catalogue's reader look a subject up once per run of
them; the YAML loader builds plain scalars, lists and mappings itself. Triples in another order,
or with every subject a fresh but equal term, and YAML through PyYAML's own constructor, must
give the same lines, verdicts, records and data.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml

from bench import generate
from kg.catalogue.records import read_triples
from kg.claims import io
from kg.claims.io import load_claims
from kg.rdf.mapping import DocumentGraph, claims_to_graph
from kg.store.convert import OxTriple, ox_nt_lines

from .conftest import SEED_CLAIMS


@pytest.fixture(scope="module")
def mapped(gazetteer, tmp_path_factory: pytest.TempPathFactory) -> list[DocumentGraph]:
    folder = tmp_path_factory.mktemp("generated")
    paths = [SEED_CLAIMS, *generate.write_batch(folder, 2, 20250904, per_doc=40, fmt="yaml")]
    return [claims_to_graph(load_claims(Path(path)), str(path), gazetteer) for path in paths]


def _fresh_subjects(triples: list[OxTriple]) -> list[OxTriple]:
    """The same triples, each subject a new term object (no run of identical subjects)."""
    return [(ox.NamedNode(s.value) if isinstance(s, ox.NamedNode) else s, p, o) for s, p, o in triples]


def _shuffled(triples: list[OxTriple], seed: int) -> list[OxTriple]:
    copy = list(triples)
    random.Random(seed).shuffle(copy)
    return copy


def test_the_lines_do_not_depend_on_runs_of_subjects(mapped: list[DocumentGraph]) -> None:
    for document in mapped:
        triples = document.triples
        assert ox_nt_lines(_fresh_subjects(triples)) == ox_nt_lines(triples)
        shuffled = _shuffled(triples, 1)
        assert sorted(ox_nt_lines(shuffled)) == sorted(ox_nt_lines(triples))


def test_the_records_do_not_depend_on_runs_of_subjects(mapped: list[DocumentGraph]) -> None:
    for document in mapped:
        iri, triples = str(document.iri), document.triples
        records = read_triples(iri, triples)
        assert records.commitments and read_triples(iri, _fresh_subjects(triples)) == records
        shuffled = read_triples(iri, _shuffled(triples, 2))
        assert shuffled.document == records.document
        assert sorted(shuffled.commitments) == sorted(records.commitments)
        assert sorted(shuffled.events) == sorted(records.events)


def test_the_verdicts_do_not_depend_on_runs_of_subjects(mapped: list[DocumentGraph], validator) -> None:
    rng = random.Random(3)
    for document in mapped:
        triples = list(document.triples)
        broken = [t for t in triples if rng.random() > 0.05]  # required facts go missing here and there
        for batch in (triples, broken):
            expected = validator.check(batch)
            for variant in (_fresh_subjects(batch), _shuffled(batch, 4)):
                found = validator.check(variant)
                assert (found.conforms, found.violations) == (expected.conforms, expected.violations)
        assert not validator.check(broken).conforms


class _PyYAMLConstructor(io._BaseLoader):  # type: ignore[misc, valid-type]
    """The claims loader's resolvers with PyYAML's own resolve and constructor."""


_PyYAMLConstructor.yaml_implicit_resolvers = io._DatesAsText.yaml_implicit_resolvers
_PyYAMLConstructor.add_constructor("tag:yaml.org,2002:float", io._construct_decimal)


def _load(text: str, loader: type) -> tuple[str, Any]:
    try:
        return "ok", yaml.load(text, Loader=loader)  # noqa: S506 - both are SafeLoader subclasses
    except Exception as error:  # noqa: BLE001 - whatever PyYAML raises, the fast path must raise too
        return "error", f"{type(error).__name__}: {error}"


SCALARS = [
    "a: 1\nb: -2\nc: +3\nd: 0o17\ne: 017\nf: 1_000\ng: 1:30\nh: 0b101\n",
    "a: 1.5\nb: -.inf\nc: .NaN\nd: 1e3\ne: 6.8523015e+5\nf: 1:30.5\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: ~\ng: null\nh:\n",
    "- 'quoted'\n- \"double\"\n- '1'\n- \"yes\"\n- plain\n- 2\n- [3, '4', five]\n",
    "a: &n 7\nb: *n\nc: &s text\nd: *s\n",
    "a: !!int '12'\nb: !!float '2'\nc: !!bool 'yes'\nd: !!null ''\ne: !!str 3\n",
    "a: !!int x\n",
    "a: !!float x\n",
    "a: !!timestamp 2025-02-30\n",
    "a: !!seq x\n",
    "a: !!map x\n",
    "a: !!omap x\n",
    "a: !!set x\n",
    "a: !!pairs x\n",
    "a: !!binary aGk=\n",
    "'k': 1\n\"j\": [a, 'b']\n",
    "nested: {a: [1, {b: 2.5, c: [true, ~]}], d: 'x'}\n",
]


@pytest.mark.parametrize("text", SCALARS)
def test_numbers_booleans_nulls_and_quoted_scalars_are_what_pyyaml_builds(text: str) -> None:
    # repr: Decimal("NaN") is not equal to itself
    assert repr(_load(text, io._DatesAsText)) == repr(_load(text, _PyYAMLConstructor))


def test_a_generated_document_is_what_pyyaml_builds(tmp_path: Path) -> None:
    [path] = generate.write_batch(tmp_path, 1, 7, per_doc=30, fmt="yaml")
    text = Path(path).read_text(encoding="utf-8")
    assert _load(text, io._DatesAsText) == _load(text, _PyYAMLConstructor)
