"""Validate a batch (one document's graph) with pyshacl against the shapes and the ontology.

Each document's graph, with the descriptions of the actors it mentions, is self-contained, so a
batch is validated on its own: the cost grows with the batch, never with the store
(ENGINE-FACTS.md: pyshacl over a whole store is 480x slower than over a batch).

`Validator.check` runs the same shapes compiled to Python (kg.validate.compiled), about ten
times faster, with pyshacl as the reference and the fallback.

The verdict is the SHACL specification's: a report with any result, whatever its severity
(sh:Violation, sh:Warning, sh:Info or another), does not conform. What a caller does with a
report that only has warnings is its own policy (README, "Validation per batch"); it reads
`ValidationResult.results`, where every result carries its severity. Both engines are held to
the W3C SHACL Core test suite (tests/test_shacl_conformance.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node as RdflibNode

from kg.config import Settings
from kg.store.convert import OxTriple, to_rdflib_graph
from kg.terms import PREFIXES, ontology_files, shape_files

if TYPE_CHECKING:
    from kg.validate.compiled import CompiledShapes

logger = logging.getLogger(__name__)

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# parameters whose value is a shape, and those whose value is a list of shapes
SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
# boolean parameters that act only when their value is `true`
_SWITCHES = (SH.deactivated, SH.closed, SH.uniqueLang, SH.qualifiedValueShapesDisjoint)
_FALSE = Literal("false", datatype=XSD.boolean)
# the path kinds that wrap one path (sh:alternativePath has a list)
PATH_KINDS = {SH.inversePath: "inverse", SH.zeroOrMorePath: "zeroOrMore",
              SH.oneOrMorePath: "oneOrMore", SH.zeroOrOnePath: "zeroOrOne"}

# A property path as a value that compares equal whatever graph holds it: the predicate's IRI,
# or a tuple such as ("sequence", p, q), ("inverse", p), ("alternative", p, q), ("zeroOrMore", p).
PathKey = Union[URIRef, tuple]


@dataclass(frozen=True)
class Result:
    """One result of a validation report, as the specification compares reports: focus node,
    result path, source constraint component, value and severity (rdflib terms)."""

    focus: RdflibNode
    path: PathKey | None
    component: URIRef
    value: RdflibNode | None
    severity: URIRef


@dataclass(frozen=True)
class ValidationResult:
    """The specification's verdict on a batch.

    `conforms` is False as soon as there is a result, whatever its severity. `violations` has a
    line for each result, `[NodeShape] focus path: message (value v)`, followed by the severity
    when it is not sh:Violation (`[sh:Warning]`). `results` holds the results themselves."""

    conforms: bool
    violations: list[str] = field(default_factory=list)
    results: frozenset[Result] = frozenset()

    @property
    def severities(self) -> set[URIRef]:
        return {result.severity for result in self.results}


def _load(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _short(node: object) -> str:
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    return str(node)


_PATH_MARKS = ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
               (SH.zeroOrOnePath, "{}?"))


def _path(graph: Graph, path: object, depth: int = 0) -> str:
    """A property path as written in the shapes: `ck:status`, `(ck:evidence prov:value)`, and
    in SPARQL's marks for the other kinds (`^ex:p`, `ex:p*`, `(ex:p | ex:q)`)."""
    if isinstance(path, BNode) and depth < 32:
        if graph.value(path, RDF.first) is not None:
            return "(" + " ".join(_path(graph, step, depth + 1) for step in Collection(graph, path)) + ")"
        alternatives = graph.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + " | ".join(_path(graph, step, depth + 1) for step in Collection(graph, alternatives)) + ")"
        for predicate, mark in _PATH_MARKS:
            inner = graph.value(path, predicate)
            if inner is not None:
                return mark.format(_path(graph, inner, depth + 1))
    return _short(path)


def path_key(graph: Graph, path: RdflibNode, depth: int = 0) -> PathKey:
    """`path` (a node of `graph`) as a PathKey."""
    if isinstance(path, URIRef) or depth > 32:
        return path  # type: ignore[return-value]
    if graph.value(path, RDF.first) is not None:
        return ("sequence", *(path_key(graph, step, depth + 1) for step in Collection(graph, path)))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return ("alternative", *(path_key(graph, step, depth + 1) for step in Collection(graph, alternatives)))
    for predicate, kind in PATH_KINDS.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return (kind, path_key(graph, inner, depth + 1))
    return ("unknown", path)


def canonical(term: RdflibNode | None) -> RdflibNode | None:
    """The term as results compare it: "x"^^xsd:string is the plain literal "x" (RDF 1.1), and a
    typed literal has rdflib's normal lexical form, which is all that either engine sees of it
    (kg.store.convert builds rdflib literals, and rdflib normalises them)."""
    if isinstance(term, Literal) and term.datatype is not None:
        if term.datatype == XSD.string:
            return Literal(str(term))
        return Literal(str(term), datatype=term.datatype, normalize=True)
    return term


def _term(term: object) -> str:
    """A shapes-graph term (a severity, a parameter) as text; PREFIXES has no sh:."""
    text = str(term)
    return "sh:" + text[len(str(SH)):] if text.startswith(str(SH)) else _short(term)


def line(label: str, focus: str, where: str, message: object, value: str | None, severity: object) -> str:
    """One line of ValidationResult.violations; both engines write them with this."""
    extra = f" (value {value})" if value is not None else ""
    level = "" if severity == SH.Violation else f" [{_term(severity)}]"
    return f"[{label}] {focus}{where}: {message}{extra}{level}"


def is_on(graph: Graph, node: RdflibNode, switch: URIRef) -> bool:
    """Whether a boolean parameter such as sh:deactivated is `true` on `node`."""
    return any(isinstance(value, Literal) and value.datatype == XSD.boolean and str(value) == "true"
               for value in graph.objects(node, switch))


def referenced(graph: Graph) -> set[RdflibNode]:
    """The shapes another shape refers to (sh:node, sh:property, sh:not, sh:and, ...)."""
    found: set[RdflibNode] = set()
    for predicate in SHAPE_VALUED:
        found.update(graph.objects(None, predicate))
    for predicate in SHAPE_LISTS:
        for members in graph.objects(None, predicate):
            if members == RDF.nil or graph.value(members, RDF.first) is not None:
                found.update(graph.items(members))
    return found


def flatten(shapes: Graph) -> tuple[Graph, dict[object, URIRef]]:
    """The same constraints, with each property shape of a targeted node shape made a targeted
    shape of its own.

    pyshacl rebuilds every constraint of a nested property shape once per focus node; a targeted
    property shape is built once and evaluated over all its focus nodes, which made validation
    several times faster with the same results. A node shape keeps its property shapes where
    moving them would change a verdict: when it is deactivated (its property shapes are off
    too), when another shape refers to it (sh:node, sh:xone, ...: the property shapes are part
    of what conformance to it means), when it is sh:closed (its property shapes' paths are the
    properties it allows) and when one of them has sh:qualifiedValueShapesDisjoint (its sibling
    shapes are the other property shapes of the same node shape).

    The boolean parameters that act only when `true` (sh:deactivated, sh:closed, sh:uniqueLang,
    sh:qualifiedValueShapesDisjoint) are made `false` when their lexical form is another one
    ("1"), as the W3C suite reads the specification (property/uniqueLang-002); rdflib's parser,
    unless told not to normalise literals, has already turned "1" into "true".

    Returns the new graph and, for reports, the node shape each property shape belongs to."""
    graph = Graph()
    for s, p, o in shapes:
        if p in _SWITCHES and isinstance(o, Literal) and o.datatype == XSD.boolean and str(o) != "true":
            o = _FALSE
        graph.add((s, p, o))
    owners: dict[object, URIRef] = {}
    for node, prop in graph.subject_objects(SH.property):
        if isinstance(node, URIRef):
            owners.setdefault(prop, node)
    nested = referenced(graph)
    for node in list(graph.subjects(RDF.type, SH.NodeShape)):
        targets = [(p, o) for p in _TARGETS for o in graph.objects(node, p)]
        if not targets or not isinstance(node, URIRef) or node in nested \
                or is_on(graph, node, SH.deactivated) or is_on(graph, node, SH.closed):
            continue
        props = list(graph.objects(node, SH.property))
        if any(is_on(graph, prop, SH.qualifiedValueShapesDisjoint) for prop in props):
            continue
        for prop in props:
            graph.remove((node, SH.property, prop))
            graph.add((prop, RDF.type, SH.PropertyShape))
            for predicate, value in targets:
                graph.add((prop, predicate, value))
            owners[prop] = node
    return graph, owners


ENGINES = ("compiled", "pyshacl")


class Validator:
    """Holds the parsed shapes and ontology; validating costs only the batch.

    `check` uses the shapes compiled to Python (kg.validate.compiled) unless `engine` (default:
    the KG_SHACL_ENGINE setting) is "pyshacl" or the shapes use something the compiler does not
    implement, in which case `fallback_reason` says what. `validate` always runs pyshacl."""

    def __init__(self, shapes: Graph | None = None, ontology: Graph | None = None,
                 engine: str | None = None) -> None:
        self.source_shapes = shapes if shapes is not None else _load(shape_files())
        self.ontology = ontology if ontology is not None else _load(ontology_files())
        self.shapes, self._owners = flatten(self.source_shapes)
        # Only the class hierarchy is needed, for sh:class over subclasses (a ck:State is a
        # ck:Actor); it is added to the batch for the run and taken out again, which is cheaper
        # than letting pyshacl clone the batch to mix an ontology in.
        self._hierarchy = list(self.ontology.triples((None, RDFS.subClassOf, None)))
        if engine is None:
            engine = Settings().shacl_engine
        if engine not in ENGINES:
            raise ValueError(f"unknown SHACL engine {engine!r}; expected one of {', '.join(ENGINES)}")
        self.compiled: CompiledShapes | None = None
        self.fallback_reason: str | None = None
        if engine == "compiled":
            # imported here: kg.validate.compiled builds on this module's flatten and messages
            from kg.validate import compiled as compiler

            try:
                self.compiled = compiler.CompiledShapes.compile(self.source_shapes, self.ontology)
            except compiler.UnsupportedShape as error:
                self.fallback_reason = str(error)
                logger.warning("SHACL shapes validated with pyshacl, more slowly: %s", error)

    @property
    def engine(self) -> str:
        """What `check` runs."""
        return "compiled" if self.compiled is not None else "pyshacl"

    def check(self, triples: Iterable[OxTriple]) -> ValidationResult:
        """Validate a batch given as pyoxigraph terms (what the mapper emits)."""
        if self.compiled is not None:
            return self.compiled.check(triples)
        return self.validate(to_rdflib_graph(triples))

    def validate(self, data: Graph) -> ValidationResult:
        added = [triple for triple in self._hierarchy if triple not in data]
        for triple in added:
            data.add(triple)
        try:
            # allow_warnings and allow_infos stay off: with them pyshacl reports a graph with
            # only warnings as conforming, which the specification does not
            conforms, report, _ = validate(
                data, shacl_graph=self.shapes, inference="none", inplace=True, abort_on_first=False,
                allow_infos=False, allow_warnings=False, advanced=False)
        finally:
            for triple in added:
                data.remove(triple)
        lines, results = self._report(report)
        if conforms and not results:
            return ValidationResult(True)
        return ValidationResult(False, lines, results)

    def _node_shape(self, source: object) -> str:
        """The named node shape a result comes from (property shapes are blank nodes inside it)."""
        node = self._owners.get(source, source)
        return str(node).rsplit("#", 1)[-1] if isinstance(node, URIRef) else "shape"

    def _report(self, report: Graph) -> tuple[list[str], frozenset[Result]]:
        """The report's results (those of sh:result, not the sh:detail nested in them)."""
        lines: set[str] = set()
        results: set[Result] = set()
        for node in report.subjects(RDF.type, SH.ValidationReport):
            for result in report.objects(node, SH.result):
                focus = report.value(result, SH.focusNode)
                path = report.value(result, SH.resultPath)
                value = report.value(result, SH.value)
                severity = report.value(result, SH.resultSeverity)
                # several sh:message (one per language): the first in order, as the compiled
                # checker takes it
                message = min(report.objects(result, SH.resultMessage), key=str, default=None)
                shape = self._node_shape(report.value(result, SH.sourceShape))
                where = f" {_path(report, path)}" if path is not None else ""
                shown = _short(value) if value is not None and value != focus else None
                lines.add(line(shape, _short(focus), where, message, shown, severity))
                results.add(Result(canonical(focus), None if path is None else path_key(report, path),
                                   report.value(result, SH.sourceConstraintComponent), canonical(value),
                                   severity))
        return sorted(lines), frozenset(results)
