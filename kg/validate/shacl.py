"""Validate a batch (one document's graph) with pyshacl against the shapes and the ontology.

Each document's graph is self-contained (it declares every actor it references), so a batch is
validated on its own: the cost grows with the batch, never with the store (ENGINE-FACTS.md:
pyshacl over a whole store is 480x slower than over a batch).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.terms import PREFIXES, ontology_files, shape_files


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: list[str] = field(default_factory=list)


def _load(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _short(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    return str(node)


class Validator:
    """Holds the parsed shapes and ontology; validating costs only the batch."""

    def __init__(self, shapes: Graph | None = None, ontology: Graph | None = None) -> None:
        self.shapes = shapes if shapes is not None else _load(shape_files())
        self.ontology = ontology if ontology is not None else _load(ontology_files())
        # Only the class hierarchy is needed for sh:class over subclasses (a ck:State is a
        # ck:Actor); mixing in the whole ontology would copy 450 triples into every batch.
        self._hierarchy = Graph()
        for triple in self.ontology.triples((None, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), None)):
            self._hierarchy.add(triple)

    def validate(self, data: Graph) -> ValidationResult:
        conforms, report, _ = validate(
            data,
            shacl_graph=self.shapes,
            ont_graph=self._hierarchy,
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            advanced=True,
        )
        if conforms:
            return ValidationResult(True)
        return ValidationResult(False, self._messages(report))

    def _node_shape(self, source: object) -> str:
        """The named node shape a result comes from (property shapes are blank nodes inside it)."""
        owner = self.shapes.value(None, SH.property, source) if source is not None else None
        node = owner if isinstance(owner, URIRef) else source
        return str(node).rsplit("#", 1)[-1] if isinstance(node, URIRef) else "shape"

    def _messages(self, report: Graph) -> list[str]:
        lines = []
        for result in report.subjects(URIRef(str(SH.resultSeverity)), SH.Violation):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            message = report.value(result, SH.resultMessage)
            shape = self._node_shape(report.value(result, SH.sourceShape))
            where = _short(report, focus) + (f" {_short(report, path)}" if path is not None else "")
            extra = f" (value {_short(report, value)})" if value is not None and value != focus else ""
            lines.append(f"[{shape}] {where}: {message}{extra}")
        return sorted(set(lines))
