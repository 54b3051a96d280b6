"""Preparing a document gives the same output whatever shortcuts the fast paths take.

The mapper writes a node's triples one after another with the same subject term, and the
N-Triples writer, the SHACL batch and the catalogue's reader look a subject up once per run of
them. Triples in another order, or with every subject a fresh but equal term, must give the
same lines, verdicts and records. (The YAML loader's own shortcuts: tests/test_ingest_yaml.py.)
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench import generate
from kg.catalogue.records import read_triples
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
