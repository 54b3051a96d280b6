"""The compiled SHACL checker gives pyshacl's verdicts and messages; pyshacl is the oracle.

Both engines are handed the same pyoxigraph triples through `Validator.check`, so any difference
is the checker's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.claims.io import load_claims
from kg.rdf.mapping import claims_to_graph
from kg.store import convert
from kg.terms import CK, ORG, PROV, SCHEMA, TIME, shape_files
from kg.validate import CompiledShapes, UnsupportedShape, ValidationResult, Validator

from .conftest import SEED_CLAIMS

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Term]
ID = "https://w3id.org/commitments-kg/id/"
CKS = "https://w3id.org/commitments-kg/shapes#"
TURTLE_PREFIXES = """
@prefix ck: <https://w3id.org/commitments-kg/ontology#> .
@prefix cks: <https://w3id.org/commitments-kg/shapes#> .
@prefix ex: <http://example.org/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
"""


# ---------------------------------------------------------------------------------------------
# Terms and batches


def iri(value: object) -> ox.NamedNode:
    return ox.NamedNode(str(value))


def lit(text: str, datatype: object = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(text, language=language)
    return ox.Literal(text, datatype=iri(datatype)) if datatype is not None else ox.Literal(text)


def to_ox(term: object) -> Term:
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    return convert.to_ox(term)  # type: ignore[arg-type]


def document_triples(path: Path, gazetteer: object) -> list[Triple]:
    """A document's batch, whether the mapper hands back an rdflib graph or pyoxigraph triples."""
    mapped = claims_to_graph(load_claims(path), path.stem, gazetteer)  # type: ignore[arg-type]
    data: Iterable = mapped.combined() if hasattr(mapped, "combined") else mapped
    return [tuple(to_ox(t) for t in triple[:3]) for triple in data]  # type: ignore[misc]


def objects(triples: list[Triple], subject: Term, predicate: ox.NamedNode) -> list[Term]:
    return [o for s, p, o in triples if s == subject and p == predicate]


def instances(triples: list[Triple], classes: Iterable[Term]) -> list[Term]:
    wanted = set(classes)
    return sorted({s for s, p, o in triples if p == iri(RDF.type) and o in wanted}, key=str)


def follow(triples: list[Triple], focus: Term, path: tuple[ox.NamedNode, ...]) -> list[Term]:
    nodes = [focus]
    for step in path:
        nodes = [o for n in nodes for o in objects(triples, n, step)]
    return nodes


def set_values(triples: list[Triple], focus: Term, path: tuple[ox.NamedNode, ...],
               values: list[Term]) -> list[Triple]:
    """The batch with the values at the end of `path` from `focus` replaced by `values`."""
    holders = follow(triples, focus, path[:-1])
    assert holders, f"no node along {path[:-1]} from {focus}"
    last = path[-1]
    kept = [t for t in triples if not (t[1] == last and t[0] in holders)]
    return kept + [(h, last, v) for h in holders for v in values]  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def compiled(validator: Validator) -> Validator:
    checker = Validator(validator.source_shapes, validator.ontology, engine="compiled")
    assert checker.engine == "compiled", checker.fallback_reason
    return checker


@pytest.fixture(scope="module")
def oracle(validator: Validator) -> Validator:
    return Validator(validator.source_shapes, validator.ontology, engine="pyshacl")


@pytest.fixture(scope="module")
def seed(gazetteer) -> list[Triple]:
    return document_triples(SEED_CLAIMS, gazetteer)


def _with_tenure_and_extraction(triples: list[Triple]) -> list[Triple]:
    """The seed plus a well-formed tenure and extraction, so that every shape has a focus node."""
    person = instances(triples, [iri(CK.Person)])[0]
    post = instances(triples, [iri(ORG.Post)])[0]
    document = instances(triples, [iri(CK.SourceDocument)])[0]
    tenure, interval, start = iri(ID + "tenure/t"), iri(ID + "tenure/t/i"), iri(ID + "tenure/t/s")
    activity, agent = iri(ID + "document/x/extraction"), iri(ID + "agent/kg-extract-0-1-0")
    a = iri(RDF.type)
    return triples + [
        (tenure, a, iri(CK.Tenure)), (tenure, iri(CK.holder), person), (tenure, iri(CK.post), post),
        (tenure, iri(CK.during), interval), (interval, a, iri(TIME.Interval)),
        (interval, iri(TIME.hasBeginning), start), (start, a, iri(TIME.Instant)),
        (start, iri(TIME.inXSDDate), lit("2017-05-14", XSD.date)),
        (activity, a, iri(CK.Extraction)), (activity, iri(PROV.used), document),
        (activity, iri(PROV.wasAssociatedWith), agent), (agent, a, iri(CK.Extractor)),
        (agent, iri(RDFS.label), lit("kg-extract 0.1.0")),
    ] + _tracked(triples)


def _tracked(triples: list[Triple]) -> list[Triple]:
    """A well-formed tracked commitment over the seed's first commitment, with a link, a conflict,
    a pledged amount and a delivered quantity (kg/link writes these)."""
    report = instances(triples, [iri(CK.Commitment)])[0]
    document = instances(triples, [iri(CK.SourceDocument)])[0]
    t, link, conflict = iri(ID + "tracked/t"), iri(ID + "tracked/t/link/0"), iri(ID + "tracked/t/conflict/0")
    money, count = iri(ID + "tracked/t/pledgedAmount/eur"), iri(ID + "tracked/t/deliveredQuantity/system")
    a = iri(RDF.type)
    return [
        (t, a, iri(CK.TrackedCommitment)), (t, iri(CK.trackedCommitter), iri(ID + "actor/france")),
        (t, iri(CK.trackedType), iri(CK.troop_deployment)), (t, iri(CK.currentStatus), iri(CK.pledged)),
        (t, iri(CK.report), report), (t, iri(CK.sourceDocument), document),
        (t, iri(CK.reportCount), lit("2", XSD.integer)), (t, iri(CK.firstReported), lit("2025-01-02", XSD.date)),
        (t, iri(CK.lastReported), lit("2025-02-02", XSD.date)), (t, iri(CK.fulfilment), lit("partial")),
        (t, iri(CK.contentHash), lit("0" * 64)),
        (t, iri(CK.pledgedAmount), money), (money, a, iri(SCHEMA.MonetaryAmount)),
        (money, iri(SCHEMA.value), lit("5", XSD.decimal)), (money, iri(SCHEMA.currency), lit("EUR")),
        (t, iri(CK.deliveredQuantity), count), (count, a, iri(SCHEMA.QuantitativeValue)),
        (count, iri(SCHEMA.value), lit("2", XSD.decimal)), (count, iri(CK.approximate), lit("false", XSD.boolean)),
        (t, iri(CK.link), link), (link, a, iri(CK.ReportLink)), (link, iri(CK.linkFrom), report),
        (link, iri(CK.linkTo), report), (link, iri(CK.linkScore), lit("0.8", XSD.decimal)),
        (link, iri(CK.linkKind), lit("same")), (link, iri(CK.linkReason), lit("same committer and type")),
        (t, iri(CK.conflict), conflict), (conflict, a, iri(CK.Conflict)), (conflict, iri(CK.conflictKind), lit("status")),
        (conflict, iri(RDFS.comment), lit("pledged and refused")), (conflict, iri(CK.conflictingReport), report),
        (conflict, iri(CK.conflictingReport), iri(ID + "commitment/other")),
    ]


@pytest.fixture(scope="module")
def base(seed: list[Triple], compiled: Validator, oracle: Validator) -> list[Triple]:
    triples = _with_tenure_and_extraction(seed)
    assert compiled.check(triples) == oracle.check(triples) == ValidationResult(True)
    return triples


def same(compiled: Validator, oracle: Validator, triples: list[Triple]) -> ValidationResult | None:
    """Both engines' result, which must be equal; where pyshacl raises, the checker must too."""
    try:
        expected = oracle.check(triples)
    except Exception as error:  # noqa: BLE001 - whatever pyshacl raises is the expected outcome
        with pytest.raises(type(error)):
            compiled.check(triples)
        return None
    got = compiled.check(triples)
    assert got == expected
    return got


# ---------------------------------------------------------------------------------------------
# Whole documents


def test_the_project_shapes_compile(compiled: Validator) -> None:
    assert compiled.fallback_reason is None


def test_the_seed_document_gets_the_same_verdict(seed: list[Triple], compiled: Validator,
                                                  oracle: Validator) -> None:
    result = same(compiled, oracle, seed)
    assert result is not None and result.conforms


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, gazetteer) -> list[list[Triple]]:
    from bench import generate

    generated = generate.generate_corpus(2000, per_doc=100, cache_dir=tmp_path_factory.mktemp("corpus"))
    documents = [document_triples(path, gazetteer) for path in sorted(generated.files)[:20]]
    assert len(documents) == 20 and all(len(d) > 1500 for d in documents)
    return documents


def test_generated_documents_get_the_same_verdicts(corpus: list[list[Triple]], compiled: Validator,
                                                   oracle: Validator) -> None:
    for document in corpus:
        result = same(compiled, oracle, document)
        assert result is not None and result.conforms


def test_a_generated_document_with_its_commitments_broken_gets_the_same_messages(
        corpus: list[list[Triple]], compiled: Validator, oracle: Validator) -> None:
    """Thousands of violations at once: every commitment loses its status and evidence quote."""
    document = corpus[0]
    broken = [t for t in document if t[1] not in (iri(CK.status), iri(PROV.value))]
    result = same(compiled, oracle, broken)
    assert result is not None and len(result.violations) >= 200


# ---------------------------------------------------------------------------------------------
# Every constraint of the shapes, broken


def _shapes_graph() -> Graph:
    graph = Graph()
    for path in shape_files():
        graph.parse(path)
    return graph


@dataclass(frozen=True)
class Case:
    """One constraint parameter of one property (or node) shape."""

    shape: str
    targets: tuple[ox.NamedNode, ...]
    path: tuple[ox.NamedNode, ...] | None
    param: URIRef
    message: str
    params: dict[URIRef, list] = field(hash=False, compare=False)
    # the paths of the shapes in an sh:xone list
    alternatives: tuple[tuple[ox.NamedNode, ...], ...] = field(hash=False, compare=False)
    # every property shape of the same node shape, as (path, parameters)
    siblings: tuple[tuple[tuple[ox.NamedNode, ...], dict[URIRef, list]], ...] = field(hash=False, compare=False)

    @property
    def id(self) -> str:
        path = " ".join(p.value.rsplit("/", 1)[-1].replace("#", ":") for p in self.path or ())
        return f"{self.shape}-{path or 'node'}-{self.param.rsplit('#', 1)[-1]}"


_DESCRIPTIVE = {SH.path, SH.message, SH.name, SH.description, SH.targetClass, SH.flags}


def _params(graph: Graph, node: object) -> dict[URIRef, list]:
    found: dict[URIRef, list] = {}
    for p, o in graph.predicate_objects(node):
        if str(p).startswith(str(SH)):
            found.setdefault(p, []).append(list(Collection(graph, o)) if p in (SH["in"], SH.xone) else o)
    return found


def _path(graph: Graph, node: object) -> tuple[ox.NamedNode, ...]:
    path = graph.value(node, SH.path)
    steps = list(Collection(graph, path)) if isinstance(path, BNode) else [path]
    return tuple(iri(step) for step in steps)


def constraint_cases() -> list[Case]:
    graph = _shapes_graph()
    cases = []
    for shape in sorted(graph.subjects(RDF.type, SH.NodeShape)):
        name = str(shape).rsplit("#", 1)[-1]
        targets = tuple(iri(c) for c in sorted(graph.objects(shape, SH.targetClass)))
        siblings = tuple((_path(graph, prop), _params(graph, prop)) for prop in graph.objects(shape, SH.property))
        for prop in graph.objects(shape, SH.property):
            params = _params(graph, prop)
            for param in sorted(set(params) - _DESCRIPTIVE):
                cases.append(Case(name, targets, _path(graph, prop), param, str(params[SH.message][0]),
                                  params, (), siblings))
        node_params = _params(graph, shape)
        for param in sorted(set(node_params) - _DESCRIPTIVE - {SH.property}):
            alternatives = tuple(_path(graph, m) for xone in node_params.get(SH.xone, []) for m in xone)
            cases.append(Case(name, targets, None, param, str(node_params[SH.message][0]),
                              node_params, alternatives, siblings))
    return cases


CASES = constraint_cases()

_VALID = {  # two valid, distinct values per datatype
    XSD.string: ["alpha", "beta"], XSD.date: ["2024-01-01", "2024-01-02"],
    XSD.dateTime: ["2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z"], XSD.decimal: ["0.25", "0.75"],
    XSD.integer: ["3", "4"], XSD.boolean: ["true", "false"],
}
_WRONG = {  # values an sh:datatype must reject: another datatype, or an ill-typed lexical form
    XSD.string: [lit("5", XSD.integer), lit("chien", language="fr"), iri(ID + "a-thing"),
                 lit("x", XSD.normalizedString)],
    XSD.date: [lit("2025-02-30", XSD.date), lit("2025-13-01", XSD.date), lit("20250228", XSD.date),
               lit("March 2025"), lit("2025-03-01T10:00:00Z", XSD.dateTime)],
    XSD.dateTime: [lit("2025-02-30T10:00:00Z", XSD.dateTime), lit("2025-01-01T25:00:00", XSD.dateTime),
                   lit("2025-03-01", XSD.date), lit("ten o'clock")],
    XSD.decimal: [lit("abc", XSD.decimal), lit("12", XSD.integer), lit("0.5"), lit("0.5", XSD.double)],
    XSD.integer: [lit("1.5", XSD.integer), lit("12", XSD.decimal), lit("twelve"),
                  lit("5", XSD.nonNegativeInteger)],
    XSD.boolean: [lit("maybe", XSD.boolean), lit("TRUE", XSD.boolean), lit("true"), lit("1", XSD.integer)],
}
Mutation = tuple[str, list[Triple]]


def samples(case: Case, base: list[Triple], path: tuple[ox.NamedNode, ...]) -> list[Term]:
    """Distinct values that suit the property at `path`: from its list, of its class, or of its
    datatype, whichever property shape of the node shape says so."""
    said: dict[URIRef, list] = {}
    for sibling_path, params in case.siblings:
        if sibling_path == path:
            for param, values in params.items():
                said.setdefault(param, values)
    if said.get(SH["in"]):
        return [to_ox(m) for m in said[SH["in"]][0]]
    if said.get(SH["class"]):
        return instances(base, [iri(said[SH["class"]][0])]) + [iri(ID + "sample/1"), iri(ID + "sample/2")]
    if said.get(SH.datatype):
        datatype = said[SH.datatype][0]
        return [lit(text, datatype) for text in _VALID[datatype]]
    return [iri(ID + "sample/1"), iri(ID + "sample/2")]


def focus(case: Case, base: list[Triple]) -> Term:
    """The first focus node of the shape that has a value for the path, else the first."""
    nodes = instances(base, case.targets)
    assert nodes, f"the base batch has no focus node for {case.shape}"
    with_value = [n for n in nodes if case.path and follow(base, n, case.path)]
    return (with_value or nodes)[0]


def _numeric(bound: Literal, step: Decimal, datatype: URIRef) -> ox.Literal:
    value = Decimal(str(bound.value)) + step
    return lit(str(int(value)) if datatype == XSD.integer else str(value), datatype)


def break_min_count(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    return [("no value", set_values(base, node, case.path, []))]


def break_max_count(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    limit = int(case.params[SH.maxCount][0])
    current = follow(base, node, case.path)
    extra = [v for v in samples(case, base, case.path) if v not in current]
    return [(f"{limit + 1} values", set_values(base, node, case.path, (current + extra)[:limit + 1]))]


def break_datatype(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    return [(f"value {v}", set_values(base, node, case.path, [v])) for v in _WRONG[case.params[SH.datatype][0]]]


def break_class(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    untyped, text = iri(ID + "nothing-typed"), lit("France")
    return [(f"value {v}", set_values(base, node, case.path, [v])) for v in (untyped, text)]


def break_in(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    member = to_ox(case.params[SH["in"]][0][0])
    # Beside an IRI outside the list, a literal: the member's local name for a list of concepts,
    # another word for a list of literals (the linker's kinds: "same", "fulfils"...).
    word = member.value + "-not-listed" if isinstance(member, ox.Literal) else member.value.rsplit("#", 1)[-1]
    outside = [iri(str(CK) + "not_in_the_scheme"), lit(word)]
    return [(f"value {v}", set_values(base, node, case.path, [v])) for v in outside]


def break_pattern(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    return [(f"value {v}", set_values(base, node, case.path, [v]))
            for v in (lit("?"), lit("q142"), iri("http://www.wikidata.org/entity/Q142"))]


def break_min_length(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    return [("empty string", set_values(base, node, case.path, [lit("")]))]


def break_min_inclusive(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    bound = case.params[SH.minInclusive][0]
    datatype = case.params.get(SH.datatype, [bound.datatype])[0]
    return [(f"value {v}", set_values(base, node, case.path, [v]))
            for v in (_numeric(bound, Decimal(-1), datatype), lit("zero"))]


def break_max_inclusive(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    bound = case.params[SH.maxInclusive][0]
    datatype = case.params.get(SH.datatype, [bound.datatype])[0]
    return [(f"value {v}", set_values(base, node, case.path, [v]))
            for v in (_numeric(bound, Decimal("0.5"), datatype), lit("one"))]


def break_less_than_or_equals(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    assert case.path
    other = iri(case.params[SH.lessThanOrEquals][0])
    ends = objects(base, node, other) or [lit("10", XSD.integer)]
    batch = set_values(base, node, (other,), ends)
    after = lit(str(int(ends[0].value) + 1), XSD.integer)  # type: ignore[union-attr]
    return [("start after end", set_values(batch, node, case.path, [after])),
            ("start is text", set_values(batch, node, case.path, [lit("1")]))]


def break_xone(case: Case, base: list[Triple], node: Term) -> list[Mutation]:
    paths = case.alternatives
    assert paths
    both = base
    for path in paths:
        both = set_values(both, node, path, samples(case, base, path)[:1])
    neither = base
    for path in paths:
        neither = set_values(neither, node, path, [])
    return [("every alternative", both), ("no alternative", neither)]


MUTATORS: dict[URIRef, Callable[[Case, list[Triple], Term], list[Mutation]]] = {
    SH.minCount: break_min_count, SH.maxCount: break_max_count, SH.datatype: break_datatype,
    SH["class"]: break_class, SH["in"]: break_in, SH.pattern: break_pattern,
    SH.minLength: break_min_length, SH.minInclusive: break_min_inclusive,
    SH.maxInclusive: break_max_inclusive, SH.lessThanOrEquals: break_less_than_or_equals,
    SH.xone: break_xone,
}


def test_every_constraint_of_the_shapes_has_a_mutation() -> None:
    assert {case.param for case in CASES} <= set(MUTATORS)
    assert len({case.shape for case in CASES}) == 18


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_breaking_a_constraint_gives_pyshacl_s_messages(case: Case, base: list[Triple], compiled: Validator,
                                                         oracle: Validator) -> None:
    node = focus(case, base)
    mutations = MUTATORS[case.param](case, base, node)
    assert mutations
    for label, triples in mutations:
        try:
            expected = oracle.check(triples)
        except TypeError:
            # pyshacl's sh:lessThanOrEquals compares rdflib literals with <=, which raises for an
            # ill-typed one (an end offset "1.5"^^xsd:integer); the compiled checker reports the
            # pair as SHACL says (values that cannot be compared fail), beside the case's own result
            result = compiled.check(triples)
            assert any(case.message in line for line in result.violations), (label, result.violations)
            assert any("start offset is not after its end offset" in line for line in result.violations), label
            continue
        result = compiled.check(triples)
        assert not result.conforms, label
        assert any(line.startswith(f"[{case.shape}]") and case.message in line for line in result.violations), \
            (label, result.violations)
        assert result == expected, label


# ---------------------------------------------------------------------------------------------
# Literal forms and graph shapes where rdflib and pyshacl have opinions of their own


def _first(base: list[Triple], cls: URIRef) -> Term:
    return instances(base, [iri(cls)])[0]


def _set(cls: URIRef, predicate: URIRef, *values: Term) -> Callable[[list[Triple]], list[Triple]]:
    return lambda base: set_values(base, _first(base, cls), (iri(predicate),), list(values))


def _add(*extra: tuple[str, str, Term]) -> Callable[[list[Triple]], list[Triple]]:
    return lambda base: base + [(iri(s), iri(p), o) for s, p, o in extra]  # type: ignore[misc]


def _bnode_evidence(base: list[Triple]) -> list[Triple]:
    """A commitment's evidence as a blank node, with its quote removed."""
    commitment = _first(base, CK.Commitment)
    evidence = objects(base, commitment, iri(CK.evidence))[0]
    blank = ox.BlankNode("evidence1")
    swap = {evidence: blank}
    moved = [(swap.get(s, s), p, swap.get(o, o)) for s, p, o in base if p != iri(PROV.value) or s != evidence]
    return moved  # type: ignore[return-value]


def _declared_subclass(base: list[Triple]) -> list[Triple]:
    """The batch declares a subclass of ck:Person; pyshacl follows the data's rdfs:subClassOf."""
    minister, tenure = iri(ID + "actor/a-minister"), iri(ID + "tenure/t")
    return [t for t in base if not (t[0] == tenure and t[1] == iri(CK.holder))] + [
        (iri("http://example.org/Minister"), iri(RDFS.subClassOf), iri(CK.Person)),
        (minister, iri(RDF.type), iri("http://example.org/Minister")),
        (tenure, iri(CK.holder), minister)]


EDGES: dict[str, Callable[[list[Triple]], list[Triple]]] = {
    "integer with a leading zero": _set(CK.Evidence, CK.startOffset, lit("01", XSD.integer)),
    "integer with a plus sign": _set(CK.Evidence, CK.startOffset, lit("+5", XSD.integer)),
    "integer with spaces": _set(CK.Evidence, CK.startOffset, lit(" 5 ", XSD.integer)),
    "negative zero": _set(CK.Evidence, CK.startOffset, lit("-0", XSD.integer)),
    "01 and 1 are one value": _set(CK.Evidence, CK.startOffset, lit("01", XSD.integer), lit("1", XSD.integer)),
    "xsd:int for xsd:integer": _set(CK.Evidence, CK.startOffset, lit("5", XSD.int)),
    "decimal in exponent form": _set(CK.Evidence, CK.confidence, lit("1e-1", XSD.decimal)),
    "decimal without a leading digit": _set(CK.Evidence, CK.confidence, lit(".5", XSD.decimal)),
    "decimal with a trailing zero": _set(CK.Evidence, CK.confidence, lit("0.50", XSD.decimal)),
    "decimal NaN": _set(CK.Evidence, CK.confidence, lit("NaN", XSD.decimal)),
    "integer for decimal": _set(CK.Evidence, CK.confidence, lit("1", XSD.integer)),
    "boolean 1": _set(CK.Commitment, CK.reviewed, lit("1", XSD.boolean)),
    "boolean TRUE": _set(CK.Commitment, CK.reviewed, lit("TRUE", XSD.boolean)),
    "boolean true and 1": _set(CK.Commitment, CK.reviewed, lit("true", XSD.boolean), lit("1", XSD.boolean)),
    "date with a zone": _set(CK.Commitment, CK.date, lit("2025-02-28Z", XSD.date)),
    "date with an offset": _set(CK.Commitment, CK.date, lit("2025-02-28+02:00", XSD.date)),
    "leap day": _set(CK.Commitment, CK.date, lit("2024-02-29", XSD.date)),
    "not a leap day": _set(CK.Commitment, CK.date, lit("2023-02-29", XSD.date)),
    "negative year": _set(CK.Commitment, CK.date, lit("-2025-01-01", XSD.date)),
    "dateTime without a time": _set(CK.Event, SCHEMA.startDate, lit("2025-01-01", XSD.dateTime)),
    "dateTime without a zone": _set(CK.Event, SCHEMA.startDate, lit("2025-01-01T10:00:00", XSD.dateTime)),
    "explicit xsd:string": _set(CK.State, RDFS.label, lit("France", XSD.string)),
    "language-tagged label": _set(CK.State, RDFS.label, lit("France", language="fr")),
    "upper-case language tag": _set(CK.State, RDFS.label, lit("France", language="FR")),
    "wikidata id as an IRI": _set(CK.State, CK.wikidata, iri("http://www.wikidata.org/entity/Q142")),
    "wikidata id language-tagged": _set(CK.State, CK.wikidata, lit("Q142", language="en")),
    "amount that is text": _set(SCHEMA.MonetaryAmount, SCHEMA.value, lit("lots")),
    "committer as a literal": _set(CK.Commitment, CK.committer, lit("France")),
    "committer that is a blank node state": lambda base: _set(CK.Commitment, CK.committer, ox.BlankNode("s1"))(
        base) + [(ox.BlankNode("s1"), iri(RDF.type), iri(CK.State))],
    "evidence as a blank node without a quote": _bnode_evidence,
    "a triple given twice": lambda base: base + base[:50],
    "a subclass declared in the batch": _declared_subclass,
    "a class typed as a literal": _add((ID + "thing", str(RDF.type), lit("ck:Actor"))),
    "start and end offsets as text": lambda base: _set(CK.Evidence, CK.endOffset, lit("3"))(
        _set(CK.Evidence, CK.startOffset, lit("5"))(base)),
    "start offset with two end offsets": _set(CK.Evidence, CK.endOffset, lit("1", XSD.integer),
                                               lit("100000", XSD.integer)),
}


@pytest.mark.parametrize("edge", sorted(EDGES))
def test_edge_cases_get_the_same_messages(edge: str, base: list[Triple], compiled: Validator,
                                          oracle: Validator) -> None:
    same(compiled, oracle, EDGES[edge](base))


def test_a_blank_node_compared_by_less_than_or_equals_fails_both_engines(
        base: list[Triple], compiled: Validator, oracle: Validator) -> None:
    broken = _set(CK.Evidence, CK.startOffset, ox.BlankNode("b1"))(base)
    with pytest.raises(ReportableRuntimeError):
        oracle.check(broken)
    with pytest.raises(ReportableRuntimeError):
        compiled.check(broken)


def test_offsets_that_cannot_be_compared_are_a_violation_not_a_crash(base: list[Triple], compiled: Validator) -> None:
    """SHACL: values of sh:lessThanOrEquals that cannot be compared give a result (pyshacl raises TypeError)."""
    broken = _set(CK.Evidence, CK.startOffset, lit("weird", XSD.integer))(base)
    result = compiled.check(broken)
    assert not result.conforms
    assert any("start offset is not after its end offset" in message for message in result.violations), result.violations


# ---------------------------------------------------------------------------------------------
# Shapes the project does not use yet


def _with(validator: Validator, turtle: str) -> Graph:
    graph = Graph()
    for triple in validator.source_shapes:
        graph.add(triple)
    graph.parse(data=TURTLE_PREFIXES + turtle, format="turtle")
    return graph


OTHER_FEATURES = """
ex:Labels a sh:NodeShape ; sh:targetSubjectsOf rdfs:label ;
    sh:property [ sh:path rdfs:label ; sh:maxLength 12 ; sh:pattern "^[a-e]" ; sh:flags "i" ;
                  sh:message "labels are short and start with a to e" ] .
ex:Committers a sh:NodeShape ; sh:targetObjectsOf ck:committer ;
    sh:property [ sh:path ck:isoCode ; sh:minCount 1 ; sh:message "committers have an ISO code" ] .
ex:Named a sh:NodeShape ;
    sh:targetNode <https://w3id.org/commitments-kg/id/actor/france>, "a literal", <http://example.org/absent> ;
    sh:property [ sh:path ck:wikidata ; sh:minCount 2 ; sh:message "named nodes have two ids" ] .
ex:Classes a sh:NodeShape ; sh:targetSubjectsOf rdfs:subClassOf ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "classes in the data are labelled" ] .
ck:Evidence a rdfs:Class, sh:NodeShape ; sh:class prov:Entity ;
    sh:pattern "commitment/[a-m]" ; sh:message "evidence of commitments a to m only" .
ex:Confident a sh:NodeShape ; sh:targetClass ck:Evidence ;
    sh:property [ sh:path ck:confidence ; sh:minExclusive 0.5 ; sh:maxExclusive 0.9 ;
                  sh:message "confidence strictly between 0.5 and 0.9" ] ;
    sh:property [ sh:path ck:confidence ; sh:maxCount 0 ; sh:deactivated true ; sh:message "off" ] ;
    sh:property [ sh:path prov:value ; sh:datatype rdfs:Literal ; sh:minLength 0 ; sh:message "a literal" ] .
ex:Node a sh:NodeShape ; sh:targetClass ck:Participation ;
    sh:in ( <https://w3id.org/commitments-kg/id/nowhere> ) ; sh:message "participations are nowhere" .
"""


def test_other_targets_and_components_get_the_same_messages(validator: Validator, base: list[Triple]) -> None:
    shapes = _with(validator, OTHER_FEATURES)
    compiled = Validator(shapes, validator.ontology, engine="compiled")
    assert compiled.engine == "compiled", compiled.fallback_reason
    oracle = Validator(shapes, validator.ontology, engine="pyshacl")
    confident = _set(CK.Evidence, CK.confidence, lit("0.95", XSD.decimal))(base)
    result = same(compiled, oracle, confident)
    assert result is not None
    for message in ("labels are short", "committers have an ISO code", "named nodes have two ids",
                    "classes in the data are labelled", "evidence of commitments a to m only",
                    "confidence strictly between", "participations are nowhere"):
        assert any(message in line for line in result.violations), message
    assert not any(": off" in line or ": a literal" in line for line in result.violations)


IMPLEMENTED = {
    "sh:or": """cks:SourceDocumentShape sh:or ( [ sh:path ck:nothing ; sh:minCount 1 ]
                                               [ sh:path ck:nothingElse ; sh:minCount 1 ] ) .""",
    "sh:closed": """cks:SourceDocumentShape sh:closed true .""",
    "sh:inversePath": """ex:Committed a sh:NodeShape ; sh:targetClass ck:State ;
        sh:property [ sh:path [ sh:inversePath ck:committer ] ; sh:minCount 1 ;
                      sh:message "every state commits" ] .""",
    "no sh:message": """ex:Silent a sh:NodeShape ; sh:targetClass ck:SourceDocument ;
        sh:property [ sh:path ck:nothing ; sh:minCount 1 ] ;
        sh:property [ sh:path schema:name ; sh:maxLength 3 ; sh:pattern "^x" ] .""",
    "sh:severity": """ex:Mild a sh:NodeShape ; sh:targetClass ck:SourceDocument ; sh:severity sh:Warning ;
        sh:property [ sh:path ck:nothing ; sh:minCount 1 ; sh:severity sh:Warning ; sh:message "m" ] ;
        sh:property [ sh:path ck:nothingElse ; sh:minCount 1 ; sh:severity sh:Info ] .""",
}


@pytest.mark.parametrize("feature", sorted(IMPLEMENTED))
def test_shapes_once_left_to_pyshacl_are_compiled_with_pyshacl_s_results(
        feature: str, validator: Validator, base: list[Triple], compiled: Validator) -> None:
    shapes = _with(validator, IMPLEMENTED[feature])
    checker = Validator(shapes, validator.ontology, engine="compiled")
    assert checker.engine == "compiled", checker.fallback_reason
    oracle = Validator(shapes, validator.ontology, engine="pyshacl")
    result = same(checker, oracle, base)
    # the constraint is enforced, whatever its severity
    assert result is not None and not result.conforms and compiled.check(base).conforms


def test_a_report_of_warnings_only_does_not_conform(validator: Validator, base: list[Triple]) -> None:
    """The specification's verdict: a result of any severity makes the graph non-conforming."""
    shapes = _with(validator, IMPLEMENTED["sh:severity"])
    for engine in ("compiled", "pyshacl"):
        result = Validator(shapes, validator.ontology, engine=engine).check(base)
        assert not result.conforms, engine
        assert result.severities == {SH.Warning, SH.Info}, engine
        assert all(line.endswith(("[sh:Warning]", "[sh:Info]")) for line in result.violations), result.violations


UNSUPPORTED = {
    "sh:sparql": """cks:SourceDocumentShape sh:sparql [ sh:message "no documents" ;
        sh:select "SELECT $this WHERE { $this a <https://w3id.org/commitments-kg/ontology#SourceDocument> }" ] .""",
    "recursive": """ex:Chain a sh:NodeShape ; sh:targetClass ck:SourceDocument ;
        sh:property [ sh:path ck:nothing ; sh:minCount 1 ; sh:message "m" ] ;
        sh:property [ sh:path ck:next ; sh:node ex:Chain ] .""",
}


@pytest.mark.parametrize("feature", sorted(UNSUPPORTED))
def test_an_unsupported_shape_is_named_and_left_to_pyshacl(feature: str, validator: Validator,
                                                           base: list[Triple], compiled: Validator) -> None:
    shapes = _with(validator, UNSUPPORTED[feature])
    with pytest.raises(UnsupportedShape, match=feature):
        CompiledShapes.compile(shapes, validator.ontology)
    fallback = Validator(shapes, validator.ontology, engine="compiled")
    assert fallback.engine == "pyshacl" and feature in (fallback.fallback_reason or "")
    oracle = Validator(shapes, validator.ontology, engine="pyshacl")
    assert fallback.check(base) == oracle.check(base)
    # the unsupported constraint is enforced, not skipped
    assert not fallback.check(base).conforms and compiled.check(base).conforms


# ---------------------------------------------------------------------------------------------
# Flattening the shapes (Validator and compiler alike) keeps every verdict


FLATTENING = {
    # a deactivated node shape's property shapes are off too
    "deactivated": ("""ex:Off a sh:NodeShape ; sh:targetClass ck:SourceDocument ; sh:deactivated true ;
        sh:property [ sh:path ck:nothing ; sh:minCount 1 ; sh:message "m" ] .""", True),
    # a node shape another shape refers to keeps its property shapes: they are what conforming
    # to it means
    "referenced": ("""ex:Named a sh:NodeShape ; sh:targetClass ck:Nothing ;
            sh:property [ sh:path ck:nothing ; sh:minCount 1 ; sh:message "m" ] .
        ex:Documents a sh:NodeShape ; sh:targetClass ck:SourceDocument ; sh:not ex:Named ;
            sh:message "documents are not unnamed" .""", True),
    # a closed node shape allows the paths of its property shapes
    "closed": ("""ex:Closed a sh:NodeShape ; sh:targetClass ck:Person ; sh:closed true ;
            sh:ignoredProperties ( rdf:type ) ;
            sh:property [ sh:path rdfs:label ] , [ sh:path <http://www.w3.org/2004/02/skos/core#altLabel> ] ,
                        [ sh:path ck:wikidata ] .""", None),
    # sibling shapes are the other property shapes of the same node shape
    "qualifiedValueShapesDisjoint": ("""ex:Pair a sh:NodeShape ; sh:targetClass ck:SourceDocument ;
        sh:property [ sh:path rdf:type ; sh:qualifiedValueShape [ sh:hasValue ck:SourceDocument ] ;
                      sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] ;
        sh:property [ sh:path rdf:type ; sh:qualifiedValueShape [ sh:nodeKind sh:IRI ] ;
                      sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] .""", False),
}


@pytest.mark.parametrize("case", sorted(FLATTENING))
def test_flattening_keeps_the_verdict(case: str, validator: Validator, base: list[Triple]) -> None:
    """Each of these shape graphs gets the same results from pyshacl as written and from both
    engines, which flatten it."""
    from pyshacl import validate

    from kg.store.convert import to_rdflib_graph
    from kg.validate.shacl import canonical, path_key

    turtle, conforms = FLATTENING[case]
    shapes = _with(validator, turtle)
    data = to_rdflib_graph(base)
    for triple in validator.ontology.triples((None, RDFS.subClassOf, None)):
        data.add(triple)
    expected, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=False)
    results = {(canonical(report.value(r, SH.focusNode)), report.value(r, SH.sourceConstraintComponent),
                path_key(report, report.value(r, SH.resultPath)) if report.value(r, SH.resultPath) else None)
               for r in report.objects(None, SH.result)}
    if conforms is not None:
        assert expected is conforms
    for engine in ("compiled", "pyshacl"):
        checker = Validator(shapes, validator.ontology, engine=engine)
        assert checker.engine == engine, checker.fallback_reason
        result = checker.check(base)
        assert result.conforms is expected, (engine, result.violations)
        assert {(r.focus, r.component, r.path) for r in result.results} == results, engine


# ---------------------------------------------------------------------------------------------
# Choosing the engine


def test_the_engine_setting_forces_pyshacl(validator: Validator, monkeypatch: pytest.MonkeyPatch,
                                           base: list[Triple]) -> None:
    monkeypatch.setenv("KG_SHACL_ENGINE", "pyshacl")
    forced = Validator(validator.source_shapes, validator.ontology)
    assert forced.engine == "pyshacl" and forced.compiled is None and forced.fallback_reason is None
    monkeypatch.setenv("KG_SHACL_ENGINE", "compiled")
    assert Validator(validator.source_shapes, validator.ontology).engine == "compiled"


def test_an_unknown_engine_is_refused(validator: Validator) -> None:
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        Validator(validator.source_shapes, validator.ontology, engine="fast")


def test_every_graph_of_a_seeded_store_gets_the_same_verdict_from_both_engines(seeded_store) -> None:
    """What `kg validate` checks: each document with its actors, and the shared actors graph with
    the gazetteer's posts, tenures and intervals."""
    from kg.rdf.mapping import ACTORS_GRAPH
    from kg.validate import Validator

    compiled, reference = Validator(engine="compiled"), Validator(engine="pyshacl")
    for iri in seeded_store.graph_iris():
        triples = (seeded_store.graph_triples(iri) if iri == ACTORS_GRAPH
                   else seeded_store.document_with_actors_triples(iri, ACTORS_GRAPH))
        assert compiled.check(triples) == reference.check(triples), iri
