"""The ontology is the single source of terms: everything used is declared, labelled and explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.terms import CK, ontology_files, shape_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for path in shape_files():
        graph.parse(path)
    return graph


def declared(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme, SKOS.Concept)
    return {s for kind in kinds for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def test_every_ck_term_in_the_shapes_is_declared(ontology: Graph, shapes: Graph) -> None:
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(CK))}
    assert used, "the shapes use ck: terms"
    assert used - declared(ontology) == set()


def test_every_ck_term_in_the_code_is_declared(ontology: Graph) -> None:
    names = set()
    for path in [*ROOT.joinpath("kg").rglob("*.py"), *ROOT.joinpath("api").rglob("*.py")]:
        names |= set(re.findall(r"\bCK\.([A-Za-z_]+)", path.read_text(encoding="utf-8")))
    for path in [*ROOT.joinpath("kg").rglob("*.rq")]:
        names |= set(re.findall(r"\bck:([A-Za-z_]+)", path.read_text(encoding="utf-8")))
    assert names, "the code uses ck: terms"
    assert {CK[n] for n in names} - declared(ontology) == set()


def test_every_term_has_a_label_and_a_comment(ontology: Graph) -> None:
    missing = [str(t) for t in declared(ontology) if t.startswith(str(CK))
               and (ontology.value(t, RDFS.label) is None or ontology.value(t, RDFS.comment) is None)]
    assert missing == []


def test_every_class_has_a_shape(ontology: Graph, shapes: Graph) -> None:
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if c.startswith(str(CK))}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes - targeted == set()


def test_each_vocabulary_token_is_a_concept_in_its_scheme(ontology: Graph) -> None:
    from kg.claims.vocabulary import AttendanceMode, CommitmentType, EventKind, Status

    for enum, scheme in ((CommitmentType, CK.CommitmentTypes), (Status, CK.Statuses),
                         (EventKind, CK.EventKinds), (AttendanceMode, CK.AttendanceModes)):
        for member in enum:
            assert (CK[member.value], SKOS.inScheme, scheme) in ontology, member
