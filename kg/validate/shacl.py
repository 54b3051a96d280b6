"""Validate a batch (one document's graph) with pyshacl against the shapes and the ontology.

Each document's graph, with the descriptions of the actors it mentions, is self-contained, so a
batch is validated on its own: the cost grows with the batch, never with the store
(ENGINE-FACTS.md: pyshacl over a whole store is 480x slower than over a batch).

`Validator.check` runs the same shapes compiled to Python (kg.validate.compiled), about ten
times faster, with pyshacl as the reference and the fallback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyshacl import validate
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.config import Settings
from kg.store.convert import OxTriple, to_rdflib_graph
from kg.terms import PREFIXES, ontology_files, shape_files

if TYPE_CHECKING:
    from kg.validate.compiled import CompiledShapes

logger = logging.getLogger(__name__)

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: list[str] = field(default_factory=list)


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


def _path(report: Graph, path: object) -> str:
    """A property path as written in the shapes: `ck:status`, or `(ck:evidence prov:value)`."""
    if isinstance(path, BNode) and report.value(path, RDF.first) is not None:
        return "(" + " ".join(_short(step) for step in Collection(report, path)) + ")"
    return _short(path)


def flatten(shapes: Graph) -> tuple[Graph, dict[object, URIRef]]:
    """The same constraints, with each property shape of a targeted node shape made a targeted
    shape of its own.

    pyshacl rebuilds every constraint of a nested property shape once per focus node; a targeted
    property shape is built once and evaluated over all its focus nodes, which made validation
    several times faster with the same results. Returns the new graph and, for reports, the node
    shape each property shape came from."""
    graph = Graph()
    for triple in shapes:
        graph.add(triple)
    owners: dict[object, URIRef] = {}
    for node in list(graph.subjects(RDF.type, SH.NodeShape)):
        targets = [(p, o) for p in _TARGETS for o in graph.objects(node, p)]
        if not targets or not isinstance(node, URIRef):
            continue
        for prop in list(graph.objects(node, SH.property)):
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
            conforms, report, _ = validate(
                data, shacl_graph=self.shapes, inference="none", inplace=True, abort_on_first=False,
                allow_infos=True, allow_warnings=True, advanced=False)
        finally:
            for triple in added:
                data.remove(triple)
        if conforms:
            return ValidationResult(True)
        return ValidationResult(False, self._messages(report))

    def _node_shape(self, source: object) -> str:
        """The named node shape a result comes from (property shapes are blank nodes inside it)."""
        node = self._owners.get(source, source)
        return str(node).rsplit("#", 1)[-1] if isinstance(node, URIRef) else "shape"

    def _messages(self, report: Graph) -> list[str]:
        lines = []
        for result in report.subjects(SH.resultSeverity, SH.Violation):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            message = report.value(result, SH.resultMessage)
            shape = self._node_shape(report.value(result, SH.sourceShape))
            where = _short(focus) + (f" {_path(report, path)}" if path is not None else "")
            extra = f" (value {_short(value)})" if value is not None and value != focus else ""
            lines.append(f"[{shape}] {where}: {message}{extra}")
        return sorted(set(lines))
