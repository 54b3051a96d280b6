"""The SHACL shapes compiled once into plain Python checks over an indexed batch.

pyshacl re-reads the shapes graph and builds an rdflib graph for every document; with the
constraints already in hand, a batch costs one pass to index its triples and one dictionary lookup
per (focus node, property). The checker gives pyshacl's verdicts and the messages of
`Validator._messages`, and pyshacl stays the reference: a shape using anything the compiler does
not implement raises UnsupportedShape, and the Validator then keeps using pyshacl.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node as RdflibNode

from kg.errors import KGError
from kg.terms import PREFIXES
from kg.validate import components
from kg.validate.batch import SUBCLASS_OF, Batch, Node, Triple, from_rdflib
from kg.validate.components import ValueTest
from kg.validate.shacl import ValidationResult, _short, flatten


class UnsupportedShape(KGError):
    """The shapes use a target, path or constraint the compiled checker does not implement."""


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# sh: terms that describe a shape without constraining data (or that the compiler reads itself)
_DESCRIPTIVE = {SH.message, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.path,
                SH.severity, SH.deactivated, SH.flags, *_TARGETS}
_RANGES = {SH.minInclusive: "minInclusive", SH.minExclusive: "minExclusive",
           SH.maxInclusive: "maxInclusive", SH.maxExclusive: "maxExclusive"}
_CONSTRAINTS = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.pattern,
                SH.minLength, SH.maxLength, SH.lessThanOrEquals, SH.xone, *_RANGES}
_SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
# the sh:minLength/maxLength datatypes pyshacl accepts (a negative value is refused anyway)
_WHOLE_NUMBERS = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.long, XSD.int,
                  XSD.short, XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte}


_NONE: list[Node] = []
_NO_PREDICATES: dict[ox.NamedNode, list[Node]] = {}
# (shape, its predicate when the path is one, min count, max count, value tests, has sh:xone or
# sh:lessThanOrEquals)
_Step = tuple["CompiledShape", "ox.NamedNode | None", int, int, "tuple[ValueTest, ...]", bool]


def _passes(tests: tuple[ValueTest, ...], value: Node, batch: Batch) -> bool:
    """Every test runs, as in pyshacl, where each constraint is evaluated on its own."""
    passed = True
    for test in tests:
        if not test(value, batch):
            passed = False
    return passed


def short(node: Node) -> str:
    """`_short` of shacl.py for a node of the batch."""
    if node.__class__ is ox.NamedNode:
        text = node.value  # type: ignore[union-attr]
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        return str(node)
    return node.value  # type: ignore[union-attr]


@dataclass(frozen=True, eq=False)
class CompiledShape:
    """One shape's constraints. A node shape (no path) has the focus node as its one value node."""

    label: str
    where: str
    message: str
    deactivated: bool
    path: tuple[ox.NamedNode, ...] | None
    min_count: int | None
    max_count: int | None
    tests: tuple[ValueTest, ...]
    at_most: tuple[ox.NamedNode, ...]
    xone: tuple[tuple[CompiledShape, ...], ...]

    def values(self, batch: Batch, focus: Node) -> list[Node]:
        path = self.path
        if path is None:
            return [focus]
        nodes = batch.objects(focus, path[0])
        for step in path[1:]:
            reached: list[Node] = []
            for node in nodes:
                for value in batch.objects(node, step):
                    if value not in reached:
                        reached.append(value)
            nodes = reached
        return nodes

    def failures(self, batch: Batch, focus: Node) -> list[Node | None]:
        """One entry per result: None for a count, else the value node."""
        values = self.values(batch, focus)
        failed: list[Node | None] = []
        if self.min_count is not None and len(values) < self.min_count:
            failed.append(None)
        if self.max_count is not None and len(values) > self.max_count:
            failed.append(None)
        for value in values:
            if not _passes(self.tests, value, batch):
                failed.append(value)
        failed += self.related(batch, focus, values)
        return failed

    def plan(self) -> _Step:
        """What the hot loop of CompiledShapes.check reads, unpacked once."""
        step = self.path[0] if self.path is not None and len(self.path) == 1 else None
        low = -1 if self.min_count is None else self.min_count
        high = sys.maxsize if self.max_count is None else self.max_count
        return (self, step, low, high, self.tests, bool(self.at_most or self.xone))

    def related(self, batch: Batch, focus: Node, values: list[Node]) -> list[Node]:
        """Failures of the constraints that look beyond one value: sh:lessThanOrEquals, sh:xone."""
        failed: list[Node] = []
        for other in self.at_most:
            failed += components.less_than_or_equals(values, batch.objects(focus, other))
        for members in self.xone:
            for value in values:
                if sum(member.conforms(batch, value) for member in members) != 1:
                    failed.append(value)
        return failed

    @property
    def constrains(self) -> bool:
        return bool(self.tests or self.at_most or self.xone) or \
            self.min_count is not None or self.max_count is not None

    def conforms(self, batch: Batch, focus: Node) -> bool:
        return self.deactivated or not self.failures(batch, focus)

    def line(self, focus: Node, value: Node | None) -> str:
        """One line of Validator._messages."""
        extra = f" (value {short(value)})" if value is not None and value != focus else ""
        return f"[{self.label}] {short(focus)}{self.where}: {self.message}{extra}"


@dataclass(frozen=True)
class Targets:
    classes: tuple[Node, ...]
    nodes: tuple[Node, ...]
    subjects_of: tuple[ox.NamedNode, ...]
    objects_of: tuple[ox.NamedNode, ...]


class CompiledShapes:
    """Built by `compile`; `check` validates one batch."""

    def __init__(self, hierarchy: list[tuple[Node, ox.NamedNode, Node]]) -> None:
        self._shapes: list[tuple[CompiledShape, Targets]] = []
        self._hierarchy = hierarchy
        self._edges = [(s, o) for s, _, o in hierarchy]
        self._closures: dict[Node, frozenset[Node]] = {}

    @property
    def shapes(self) -> list[tuple[CompiledShape, Targets]]:
        return self._shapes

    @shapes.setter
    def shapes(self, shapes: list[tuple[CompiledShape, Targets]]) -> None:
        self._shapes = shapes
        # shapes sharing targets (the property shapes of one node shape) share their focus nodes
        groups: dict[Targets, list[_Step]] = defaultdict(list)
        for shape, targets in shapes:
            if not shape.deactivated:
                groups[targets].append(shape.plan())
        self._groups = list(groups.items())

    @classmethod
    def compile(cls, shapes: Graph, ontology: Graph) -> CompiledShapes:
        """Raises UnsupportedShape, naming the shape and what it uses, rather than skip anything."""
        hierarchy = [(from_rdflib(s), SUBCLASS_OF, from_rdflib(o))
                     for s, o in ontology.subject_objects(RDFS.subClassOf)]
        checks = cls(hierarchy)
        checks.shapes = _Compiler(shapes, checks.subclasses).run()
        return checks

    def subclasses(self, batch: Batch, cls: Node) -> frozenset[Node]:
        """cls and its subclasses. pyshacl follows rdfs:subClassOf through the data it validates,
        which is the batch plus the ontology's hierarchy, so a batch declaring subclasses of its own
        gets a closure of its own."""
        closure = batch.closures.get(cls)
        if closure is None:
            edges = batch.subclass_edges() if batch.declares_subclasses else self._edges
            closure = batch.closures[cls] = _descendants(cls, edges)
        return closure

    def check(self, triples: Iterable[Triple]) -> ValidationResult:
        batch = Batch(triples, self._hierarchy)
        if not batch.declares_subclasses:
            batch.closures = self._closures
        lines: set[str] = set()
        index = batch.index
        # the hot loop: a document has thousands of (focus node, shape) pairs
        for targets, steps in self._groups:
            for focus in self._focus_nodes(batch, targets):
                predicates = index.get(focus, _NO_PREDICATES)
                for shape, step, low, high, tests, related in steps:
                    values = shape.values(batch, focus) if step is None else predicates.get(step, _NONE)
                    if not low <= len(values) <= high:
                        lines.add(shape.line(focus, None))
                    for value in values:
                        for test in tests:
                            if not test(value, batch):
                                lines.add(shape.line(focus, value))
                    if related:
                        for value in shape.related(batch, focus, values):
                            lines.add(shape.line(focus, value))
        if not lines:
            return ValidationResult(True)
        return ValidationResult(False, sorted(lines))

    def _focus_nodes(self, batch: Batch, targets: Targets) -> set[Node]:
        found: set[Node] = set(targets.nodes)
        for cls in targets.classes:
            for member in self.subclasses(batch, cls):
                found.update(batch.instances.get(member, ()))
        for predicate in targets.subjects_of:
            found |= batch.subjects_of(predicate)
        for predicate in targets.objects_of:
            found |= batch.objects_of(predicate)
        return found


def _term(term: RdflibNode) -> str:
    """A shapes-graph term in an error message; PREFIXES has no sh:."""
    text = str(term)
    return "sh:" + text[len(str(SH)):] if text.startswith(str(SH)) else _short(term)


def _descendants(cls: Node, edges: Iterable[tuple[Node, Node]]) -> frozenset[Node]:
    children: dict[Node, list[Node]] = defaultdict(list)
    for sub, sup in edges:
        children[sup].append(sub)
    seen = {cls}
    todo = [cls]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return frozenset(seen)


class _Compiler:
    def __init__(self, source: Graph, subclasses: Callable[[Batch, Node], frozenset[Node]]) -> None:
        self.graph, self.owners = flatten(source)
        self.subclasses = subclasses
        self.compiled: dict[RdflibNode, CompiledShape] = {}

    def run(self) -> list[tuple[CompiledShape, Targets]]:
        g = self.graph
        if next(g.subjects(SH.parameter, None), None) is not None or \
                next(g.subjects(RDF.type, SH.ConstraintComponent), None) is not None:
            raise UnsupportedShape("the shapes declare constraint components of their own (sh:parameter)")
        compiled: list[tuple[CompiledShape, Targets]] = []
        for node in sorted(self._shapes(), key=str):
            targets = self._targets(node)
            if targets is None:
                continue
            shape = self._shape(node)
            if not shape.constrains:
                continue
            messages = list(g.objects(node, SH.message))
            if len(messages) != 1:
                # pyshacl would report its own generic text (none) or an arbitrary one (several)
                raise UnsupportedShape(f"{shape.label}: a shape that reports needs exactly one "
                                       f"sh:message, found {len(messages)}")
            compiled.append((shape, targets))
        return compiled

    def _shapes(self) -> set[RdflibNode]:
        """Every node pyshacl takes for a shape (its ShapesGraph's rules)."""
        g = self.graph
        found = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        for predicate in (*_TARGETS, SH.property, SH.node):
            found.update(g.subjects(predicate, None))
        for predicate in _SHAPE_VALUED:
            found.update(g.objects(None, predicate))
        for predicate in _SHAPE_LISTS:
            for members in g.objects(None, predicate):
                found.update(g.items(members))
        return found

    def _targets(self, node: RdflibNode) -> Targets | None:
        g = self.graph
        classes = list(g.objects(node, SH.targetClass))
        # pyshacl's implicit class targets: a shape that is also a class targets its instances
        class_types = set(g.subjects(RDFS.subClassOf, RDFS.Class)) | {RDFS.Class}
        if any(t in class_types for t in g.objects(node, RDF.type)):
            classes.append(node)
        nodes = list(g.objects(node, SH.targetNode))
        subjects_of = list(g.objects(node, SH.targetSubjectsOf))
        objects_of = list(g.objects(node, SH.targetObjectsOf))
        if not (classes or nodes or subjects_of or objects_of):
            return None
        for predicate in subjects_of + objects_of:
            if not isinstance(predicate, URIRef):
                raise UnsupportedShape(f"{self._name(node)}: a target predicate is not an IRI")
        return Targets(tuple(from_rdflib(c) for c in classes), tuple(from_rdflib(n) for n in nodes),
                       tuple(ox.NamedNode(str(p)) for p in subjects_of),
                       tuple(ox.NamedNode(str(p)) for p in objects_of))

    def _name(self, node: RdflibNode) -> str:
        """The node shape a result is reported under, as Validator._node_shape names it."""
        owner = self.owners.get(node, node)
        return str(owner).rsplit("#", 1)[-1] if isinstance(owner, URIRef) else "shape"

    def _shape(self, node: RdflibNode, depth: int = 0) -> CompiledShape:
        if node in self.compiled:
            return self.compiled[node]
        if depth > 8:
            raise UnsupportedShape(f"{self._name(node)}: shapes nested too deeply")
        name = self._name(node)
        values: dict[RdflibNode, list[Any]] = defaultdict(list)
        for predicate, value in self.graph.predicate_objects(node):
            values[predicate].append(value)
        for predicate in values:
            if str(predicate).startswith(str(SH)) and predicate not in _DESCRIPTIVE \
                    and predicate not in _CONSTRAINTS:
                raise UnsupportedShape(f"{name}: {_term(predicate)} is not implemented by the compiled checker")
        types = set(values.get(RDF.type, ()))
        if SH.NodeShape in types and SH.PropertyShape in types:
            raise UnsupportedShape(f"{name}: a shape is both a node shape and a property shape")
        for severity in values.get(SH.severity, ()):
            if severity != SH.Violation:
                raise UnsupportedShape(f"{name}: sh:severity {_term(severity)} is not implemented "
                                       "(only sh:Violation)")
        deactivated = self._deactivated(name, values.get(SH.deactivated, []))
        paths = values.get(SH.path, [])
        if len(paths) > 1:
            raise UnsupportedShape(f"{name}: a shape has more than one sh:path")
        path = self._path(name, paths[0]) if paths else None
        where = f" {self._path_text(paths[0])}" if paths else ""
        for param in (SH.minCount, SH.maxCount, SH.lessThanOrEquals):
            if values.get(param) and path is None:
                raise UnsupportedShape(f"{name}: {_term(param)} on a node shape")
        tests = self._tests(name, values)
        at_most = tuple(ox.NamedNode(str(self._iri(name, o, "sh:lessThanOrEquals")))
                        for o in values.get(SH.lessThanOrEquals, ()))
        xone = tuple(tuple(self._shape(m, depth + 1) for m in self._list(name, lst))
                     for lst in values.get(SH.xone, ()))
        messages = values.get(SH.message, [])
        shape = CompiledShape(
            label=name, where=where, message=str(messages[0]) if messages else "",
            deactivated=deactivated, path=path,
            min_count=self._count(name, values.get(SH.minCount, []), "sh:minCount"),
            max_count=self._count(name, values.get(SH.maxCount, []), "sh:maxCount"),
            tests=tests, at_most=at_most, xone=xone)
        self.compiled[node] = shape
        return shape

    def _tests(self, name: str, values: dict[RdflibNode, list[Any]]) -> tuple[ValueTest, ...]:
        tests: list[ValueTest] = []
        datatypes = values.get(SH.datatype, [])
        if len(datatypes) > 1:
            raise UnsupportedShape(f"{name}: more than one sh:datatype")
        tests += [components.datatype(self._iri(name, d, "sh:datatype")) for d in datatypes]
        for cls in values.get(SH["class"], []):
            if isinstance(cls, Literal):
                raise UnsupportedShape(f"{name}: sh:class is a literal")
            tests.append(components.class_(from_rdflib(cls), self.subclasses))
        lists = values.get(SH["in"], [])
        if len(lists) > 1:
            raise UnsupportedShape(f"{name}: more than one sh:in")
        tests += [components.in_(self._list(name, lst)) for lst in lists]
        tests += [components.pattern(regex) for regex in self._patterns(name, values)]
        for param, make in ((SH.minLength, components.min_length), (SH.maxLength, components.max_length)):
            limits = values.get(param, [])
            if len(limits) > 1:
                raise UnsupportedShape(f"{name}: more than one {_term(param)}")
            tests += [make(self._whole(name, limit, _term(param))) for limit in limits]
        for param, kind in _RANGES.items():
            for bound in values.get(param, []):
                if not isinstance(bound, Literal):
                    raise UnsupportedShape(f"{name}: {_term(param)} is not a literal")
                tests.append(components.value_range(kind, bound))
        return tuple(tests)

    def _patterns(self, name: str, values: dict[RdflibNode, list[Any]]) -> list[re.Pattern[str]]:
        flags_found = values.get(SH.flags, [])
        if len(flags_found) > 1:
            raise UnsupportedShape(f"{name}: more than one sh:flags")
        # pyshacl honours only the i and m flags
        text = str(flags_found[0]).lower() if flags_found else ""
        flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        patterns = []
        for pattern in values.get(SH.pattern, []):
            if not isinstance(pattern, Literal):
                raise UnsupportedShape(f"{name}: sh:pattern is not a literal")
            try:
                patterns.append(re.compile(str(pattern), flags))
            except re.error as error:
                raise UnsupportedShape(f"{name}: sh:pattern {pattern!s} is not a Python regex: {error}") from error
        return patterns

    def _path(self, name: str, path: RdflibNode) -> tuple[ox.NamedNode, ...]:
        if isinstance(path, URIRef):
            return (ox.NamedNode(str(path)),)
        if isinstance(path, BNode) and self.graph.value(path, RDF.first) is not None:
            steps = list(Collection(self.graph, path))
            if len(steps) >= 2 and all(isinstance(step, URIRef) for step in steps):
                return tuple(ox.NamedNode(str(step)) for step in steps)
            raise UnsupportedShape(f"{name}: a sequence path of fewer than two predicates, or of paths "
                                   "other than predicates")
        kinds = sorted(_term(p) for p in self.graph.predicates(path, None))
        raise UnsupportedShape(f"{name}: a path of kind {', '.join(kinds) or repr(path)} is not implemented "
                               "(only predicates and sequences of predicates)")

    def _path_text(self, path: RdflibNode) -> str:
        if isinstance(path, BNode):
            return "(" + " ".join(_short(step) for step in Collection(self.graph, path)) + ")"
        return _short(path)

    def _list(self, name: str, head: RdflibNode) -> list[RdflibNode]:
        if head != RDF.nil and self.graph.value(head, RDF.first) is None:
            raise UnsupportedShape(f"{name}: expected an RDF list")
        return list(Collection(self.graph, head))

    @staticmethod
    def _iri(name: str, value: RdflibNode, param: str) -> URIRef:
        if not isinstance(value, URIRef):
            raise UnsupportedShape(f"{name}: {param} is not an IRI")
        return value

    @staticmethod
    def _whole(name: str, value: RdflibNode, param: str) -> int:
        if not (isinstance(value, Literal) and value.datatype in _WHOLE_NUMBERS
                and isinstance(value.value, int) and value.value >= 0):
            raise UnsupportedShape(f"{name}: {param} is not a non-negative integer")
        return int(value.value)

    @staticmethod
    def _count(name: str, found: list[RdflibNode], param: str) -> int | None:
        if not found:
            return None
        if len(found) > 1:
            raise UnsupportedShape(f"{name}: more than one {param}")
        value = found[0]
        # pyshacl accepts only xsd:integer here
        if not (isinstance(value, Literal) and value.datatype == XSD.integer
                and isinstance(value.value, int) and value.value >= 0):
            raise UnsupportedShape(f"{name}: {param} is not a non-negative xsd:integer")
        return int(value.value)

    @staticmethod
    def _deactivated(name: str, found: list[RdflibNode]) -> bool:
        if not found:
            return False
        if len(found) > 1 or not isinstance(found[0], Literal):
            raise UnsupportedShape(f"{name}: sh:deactivated is not one literal")
        return bool(found[0].value)
