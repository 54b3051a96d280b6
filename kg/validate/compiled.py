"""The SHACL shapes compiled once into plain Python checks over an indexed batch.

pyshacl re-reads the shapes graph and builds an rdflib graph for every document; with the
constraints already in hand, a batch costs one pass to index its triples and one dictionary lookup
per (focus node, property). The checker gives the results and the messages of
`Validator.validate` (pyshacl), and pyshacl stays the reference: a shape using anything the
compiler does not implement raises UnsupportedShape, and the Validator then keeps using pyshacl.
It implements the SHACL Core constraints and paths (tests/test_shacl_conformance.py), not
SHACL-SPARQL (sh:sparql, constraint components of the shapes' own) nor recursive shapes.

A shape without sh:message reports pyshacl's own wording, asked of pyshacl itself when such a
shape has a result (never on the way to a conforming verdict).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node as RdflibNode

from kg.errors import KGError
from kg.terms import PREFIXES
from kg.validate import components
from kg.validate.batch import RDF_TYPE, SUBCLASS_OF, Batch, Node, Triple, from_rdflib, rdflib_view
from kg.validate.components import ValueTest
from kg.validate.shacl import (PATH_KINDS, PathKey, Result, ValidationResult, _path, _short, _term, canonical,
                               flatten, line, path_key, referenced)


class UnsupportedShape(KGError):
    """The shapes use a target, path or constraint the compiled checker does not implement."""


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# sh: terms that describe a shape without constraining data (or that the compiler reads itself)
_DESCRIPTIVE = {SH.message, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.path,
                SH.severity, SH.deactivated, SH.flags, *_TARGETS}
_RANGES = {SH.minInclusive: "minInclusive", SH.minExclusive: "minExclusive",
           SH.maxInclusive: "maxInclusive", SH.maxExclusive: "maxExclusive"}
_QUALIFIED = {SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
_CONSTRAINTS = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.pattern, SH.nodeKind,
                SH.minLength, SH.maxLength, SH.languageIn, SH.uniqueLang, SH.hasValue, SH.property,
                SH.node, SH["not"], SH["and"], SH["or"], SH.xone, SH.closed, SH.ignoredProperties,
                SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals, *_QUALIFIED, *_RANGES}
_PATH_KINDS = {**PATH_KINDS, SH.alternativePath: "alternative"}
_TYPE_RESOURCE = (RDF_TYPE, ox.NamedNode(str(RDFS.Resource)))
# the sh:minLength/maxLength datatypes pyshacl accepts (a negative value is refused anyway)
_WHOLE_NUMBERS = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.long, XSD.int,
                  XSD.short, XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte}
MIN_COUNT = SH.MinCountConstraintComponent
MAX_COUNT = SH.MaxCountConstraintComponent


_T = TypeVar("_T", bound=Hashable)
_NONE: list[Node] = []
_NO_PREDICATES: dict[ox.NamedNode, list[Node]] = {}
# One result: the shape, the focus node, the value node (None for a count or sh:hasValue), the
# constraint component and the result path (the shape's, but for sh:closed).
Failure = tuple["CompiledShape", Node, "Node | None", URIRef, "PathKey | None"]
# A property path other than a predicate or a sequence of predicates, as the checker walks it:
# ("predicate", p), ("inverse", p), ("sequence", walks), ("alternative", walks), or
# ("zeroOrMore" | "oneOrMore" | "zeroOrOne", walk).
Walk = tuple[Any, ...]
# A constraint that looks at all the value nodes of a focus node at once (sh:lessThanOrEquals,
# sh:xone, sh:node, sh:property, ...): (shape, batch, focus, values) -> failures.
FocusCheck = Callable[["CompiledShape", Batch, Node, list[Node]], list[Failure]]
# (shape, its predicate when the path is one, min count, max count, value tests, focus checks)
_Step = tuple["CompiledShape", "ox.NamedNode | None", int, int, "tuple[ValueTest, ...]",
              "tuple[FocusCheck, ...]"]


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


def _distinct(nodes: Iterable[Node]) -> list[Node]:
    return list(dict.fromkeys(nodes))


def _walk(batch: Batch, walk: Walk, nodes: list[Node]) -> list[Node]:
    """The nodes reached from `nodes` along `walk`, each once."""
    kind = walk[0]
    if kind == "predicate":
        return _distinct(value for node in nodes for value in batch.objects(node, walk[1]))
    if kind == "inverse":
        return _distinct(value for node in nodes for value in batch.subjects(node, walk[1]))
    if kind == "sequence":
        for step in walk[1]:
            nodes = _walk(batch, step, nodes)
        return nodes
    if kind == "alternative":
        return _distinct(value for option in walk[1] for value in _walk(batch, option, nodes))
    if kind == "zeroOrOne":
        return _distinct([*nodes, *_walk(batch, walk[1], nodes)])
    reached: dict[Node, None] = dict.fromkeys(nodes) if kind == "zeroOrMore" else {}
    frontier = nodes
    while frontier:
        frontier = [node for node in _walk(batch, walk[1], frontier) if node not in reached]
        reached.update(dict.fromkeys(frontier))
    return list(reached)


def _inverse(walk: Walk) -> Walk:
    kind = walk[0]
    if kind == "predicate":
        return ("inverse", walk[1])
    if kind == "inverse":
        return ("predicate", walk[1])
    if kind == "sequence":
        return ("sequence", tuple(_inverse(step) for step in reversed(walk[1])))
    if kind == "alternative":
        return ("alternative", tuple(_inverse(option) for option in walk[1]))
    return (kind, _inverse(walk[1]))


def _view(node: Node | None) -> RdflibNode | None:
    """A node of the batch as the rdflib term a report holds."""
    return None if node is None else canonical(rdflib_view(node))


@dataclass(frozen=True, eq=False)
class CompiledShape:
    """One shape's constraints. A node shape (no path) has the focus node as its one value node."""

    node: RdflibNode
    label: str
    where: str
    message: str | None
    severity: URIRef
    deactivated: bool
    # a predicate or a sequence of predicates; any other path is `walk`
    path: tuple[ox.NamedNode, ...] | None
    walk: Walk | None
    path_key: PathKey | None
    min_count: int | None
    max_count: int | None
    tests: tuple[ValueTest, ...]
    checks: tuple[FocusCheck, ...]

    def values(self, batch: Batch, focus: Node) -> list[Node]:
        path = self.path
        if path is None:
            return [focus] if self.walk is None else _walk(batch, self.walk, [focus])
        nodes = batch.objects(focus, path[0])
        for step in path[1:]:
            reached: list[Node] = []
            for node in nodes:
                for value in batch.objects(node, step):
                    if value not in reached:
                        reached.append(value)
            nodes = reached
        return nodes

    def failures(self, batch: Batch, focus: Node) -> list[Failure]:
        """Every result of the shape for one focus node; each constraint is evaluated on its own,
        as in pyshacl."""
        if self.deactivated:
            return []
        values = self.values(batch, focus)
        failed: list[Failure] = []
        if self.min_count is not None and len(values) < self.min_count:
            failed.append((self, focus, None, MIN_COUNT, self.path_key))
        if self.max_count is not None and len(values) > self.max_count:
            failed.append((self, focus, None, MAX_COUNT, self.path_key))
        for value in values:
            for test in self.tests:
                if not test(value, batch):
                    failed.append((self, focus, value, components.component(test), self.path_key))
        for check in self.checks:
            failed += check(self, batch, focus, values)
        return failed

    def plan(self) -> _Step:
        """What the hot loop of CompiledShapes.check reads, unpacked once."""
        step = self.path[0] if self.path is not None and len(self.path) == 1 else None
        low = -1 if self.min_count is None else self.min_count
        high = sys.maxsize if self.max_count is None else self.max_count
        return (self, step, low, high, self.tests, self.checks)

    @property
    def constrains(self) -> bool:
        return bool(self.tests or self.checks) or self.min_count is not None or self.max_count is not None

    def conforms(self, batch: Batch, focus: Node) -> bool:
        return not self.failures(batch, focus)


@dataclass(frozen=True)
class Targets:
    classes: tuple[Node, ...]
    nodes: tuple[Node, ...]
    subjects_of: tuple[ox.NamedNode, ...]
    objects_of: tuple[ox.NamedNode, ...]


class _Wording:
    """pyshacl's generic messages, for the shapes that have no sh:message, from pyshacl itself:
    its constraint component for the shape writes the message, as it would in a report."""

    def __init__(self, shapes: Graph) -> None:
        self._graph = shapes
        self._shapes: Any = None

    def message(self, shape: RdflibNode, component: URIRef, data: Graph, focus: RdflibNode,
                value: RdflibNode | None) -> str:
        from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
        from pyshacl.shapes_graph import ShapesGraph

        if self._shapes is None:
            copy = Graph()  # pyshacl adds a few triples of its own to the graph it is given
            for triple in self._graph:
                copy.add(triple)
            self._shapes = ShapesGraph(copy)
            self._shapes.shapes  # noqa: B018 - builds pyshacl's shape objects
        try:
            if component in (SH.QualifiedMinCountConstraintComponent, SH.QualifiedMaxCountConstraintComponent):
                kind = CONSTRAINT_PARAMETERS_MAP[SH.qualifiedValueShape]
            else:
                kind = next(c for c in CONSTRAINT_PARAMETERS_MAP.values() if c.shacl_constraint_component == component)
            messages = kind(self._shapes.lookup_shape_from_node(shape)).make_generic_messages(data, focus, value)
        except Exception:  # noqa: BLE001 - a message is not worth failing a verdict over
            return _short(component)
        return str(min(messages, key=str)) if messages else "None"


class CompiledShapes:
    """Built by `compile`; `check` validates one batch."""

    def __init__(self, hierarchy: list[tuple[Node, ox.NamedNode, Node]], wording: _Wording | None = None) -> None:
        self._shapes: list[tuple[CompiledShape, Targets]] = []
        self._hierarchy = hierarchy
        self._edges = [(s, o) for s, _, o in hierarchy]
        self._closures: dict[Node, frozenset[Node]] = {}
        self._wording = wording

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
        compiler = _Compiler(shapes)
        checks = cls(hierarchy, _Wording(compiler.graph))
        compiler.subclasses = checks.subclasses
        checks.shapes = compiler.run()
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
        found: list[Failure] = []
        index = batch.index
        # the hot loop: a document has thousands of (focus node, shape) pairs
        for targets, steps in self._groups:
            for focus in self._focus_nodes(batch, targets):
                predicates = index.get(focus, _NO_PREDICATES)
                for shape, step, low, high, tests, checks in steps:
                    values = shape.values(batch, focus) if step is None else predicates.get(step, _NONE)
                    if not low <= len(values) <= high:
                        if len(values) < low:
                            found.append((shape, focus, None, MIN_COUNT, shape.path_key))
                        if len(values) > high:
                            found.append((shape, focus, None, MAX_COUNT, shape.path_key))
                    for value in values:
                        for test in tests:
                            if not test(value, batch):
                                found.append((shape, focus, value, components.component(test), shape.path_key))
                    if checks:
                        for check in checks:
                            found += check(shape, batch, focus, values)
        if not found:
            return ValidationResult(True)
        return self._report(batch, found)

    def _report(self, batch: Batch, found: list[Failure]) -> ValidationResult:
        lines: set[str] = set()
        results: set[Result] = set()
        data: Graph | None = None
        for shape, focus, value, component, path in found:
            message = shape.message
            if message is None:
                if data is None:
                    data = batch.rdflib_graph()
                assert self._wording is not None
                message = self._wording.message(shape.node, component, data, rdflib_view(focus),
                                                None if value is None else rdflib_view(value))
            shown = short(value) if value is not None and value != focus else None
            where = shape.where if path == shape.path_key else f" {_short(path)}"
            lines.add(line(shape.label, short(focus), where, message, shown, shape.severity))
            results.add(Result(_view(focus), path, component, _view(value), shape.severity))
        return ValidationResult(False, sorted(lines), frozenset(results))

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


def _descendants(cls: _T, edges: Iterable[tuple[_T, _T]]) -> frozenset[_T]:
    """cls and everything below it along (sub, super) edges."""
    children: dict[_T, list[_T]] = defaultdict(list)
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


# ---------------------------------------------------------------------------------------------
# Constraints over all the value nodes of a focus node


def _equals(values: list[Node], others: list[Node]) -> list[Node]:
    return [v for v in values if v not in others] + [v for v in others if v not in values]


def _disjoint(values: list[Node], others: list[Node]) -> list[Node]:
    return [v for v in values if v in others]


# parameter -> (constraint component, the values that fail it given the values of the other property)
_COMPARISONS: dict[URIRef, tuple[URIRef, Callable[[list[Node], list[Node]], list[Node]]]] = {
    SH.equals: (SH.EqualsConstraintComponent, _equals),
    SH.disjoint: (SH.DisjointConstraintComponent, _disjoint),
    SH.lessThan: (SH.LessThanConstraintComponent, components.less_than),
    SH.lessThanOrEquals: (SH.LessThanOrEqualsConstraintComponent, components.less_than_or_equals),
}


def _compared(param: URIRef, other: ox.NamedNode) -> FocusCheck:
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: the value nodes against the
    values of another property of the focus node."""
    component, failing = _COMPARISONS[param]

    def check(shape: CompiledShape, batch: Batch, focus: Node, values: list[Node]) -> list[Failure]:
        return [(shape, focus, value, component, shape.path_key)
                for value in failing(values, batch.objects(focus, other))]
    return check


def _logical(component: URIRef, members: tuple[CompiledShape, ...],
             passes: Callable[[int, int], bool]) -> FocusCheck:
    """sh:and, sh:or, sh:xone, sh:not and sh:node: a value passes when `passes(conforming
    members, members)`."""
    def check(shape: CompiledShape, batch: Batch, focus: Node, values: list[Node]) -> list[Failure]:
        return [(shape, focus, value, component, shape.path_key) for value in values
                if not passes(sum(member.conforms(batch, value) for member in members), len(members))]
    return check


def _has_value(expected: Node) -> FocusCheck:
    def check(shape: CompiledShape, batch: Batch, focus: Node, values: list[Node]) -> list[Failure]:
        if expected in values:
            return []
        return [(shape, focus, None, SH.HasValueConstraintComponent, shape.path_key)]
    return check


def _unique_lang(shape: CompiledShape, batch: Batch, focus: Node, values: list[Node]) -> list[Failure]:
    """pyshacl's sh:uniqueLang: a result without a value for each language (case aside) of two values."""
    seen: set[str] = set()
    twice: set[str] = set()
    for value in values:
        language = value.language if value.__class__ is ox.Literal else None  # type: ignore[union-attr]
        if language:
            (twice if language.lower() in seen else seen).add(language.lower())
    return [(shape, focus, None, SH.UniqueLangConstraintComponent, shape.path_key) for _ in sorted(twice)]


def _closed(allowed: frozenset[ox.NamedNode]) -> FocusCheck:
    """sh:closed: a result for each triple of a value node whose predicate is neither a path of the
    shape's property shapes nor ignored, with that predicate as its path (rdf:type rdfs:Resource
    aside, as in pyshacl)."""
    def check(shape: CompiledShape, batch: Batch, focus: Node, values: list[Node]) -> list[Failure]:
        failed: list[Failure] = []
        for value in values:
            for predicate, objects in batch.index.get(value, _NO_PREDICATES).items():
                if predicate not in allowed:
                    failed += [(shape, focus, o, SH.ClosedConstraintComponent, URIRef(predicate.value))
                               for o in objects if (predicate, o) != _TYPE_RESOURCE]
        return failed
    return check


def _qualified(member: CompiledShape, siblings: tuple[CompiledShape, ...], low: int | None,
               high: int | None) -> FocusCheck:
    """sh:qualifiedValueShape: the values that conform to `member` and to none of its siblings
    (sh:qualifiedValueShapesDisjoint), counted against sh:qualifiedMinCount/MaxCount."""
    def check(shape: CompiledShape, batch: Batch, focus: Node, values: list[Node]) -> list[Failure]:
        count = sum(1 for value in values if member.conforms(batch, value)
                    and not any(sibling.conforms(batch, value) for sibling in siblings))
        failed: list[Failure] = []
        if high is not None and count > high:
            failed.append((shape, focus, None, SH.QualifiedMaxCountConstraintComponent, shape.path_key))
        if low is not None and count < low:
            failed.append((shape, focus, None, SH.QualifiedMinCountConstraintComponent, shape.path_key))
        return failed
    return check


def _properties(shapes: tuple[CompiledShape, ...]) -> FocusCheck:
    """sh:property: each property shape validates each value node, and reports its own results."""
    def check(shape: CompiledShape, batch: Batch, focus: Node, values: list[Node]) -> list[Failure]:
        return [failure for value in values for prop in shapes for failure in prop.failures(batch, value)]
    return check


class _Compiler:
    def __init__(self, source: Graph) -> None:
        self.graph, self.owners = flatten(source)
        self.subclasses: Callable[[Batch, Node], frozenset[Node]] = lambda batch, cls: frozenset({cls})
        self.compiled: dict[RdflibNode, CompiledShape] = {}
        self.building: set[RdflibNode] = set()
        # rdfs:Class and its subclasses in the shapes graph (owl:Class is an rdfs:Class: pyshacl
        # adds that to the shapes graph)
        edges = list(self.graph.subject_objects(RDFS.subClassOf))
        self.class_types = _descendants(RDFS.Class, edges) | _descendants(OWL.Class, edges)

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
            if shape.deactivated or not shape.constrains:
                continue
            compiled.append((shape, targets))
        return compiled

    def _shapes(self) -> set[RdflibNode]:
        """Every node pyshacl takes for a shape (its ShapesGraph's rules)."""
        g = self.graph
        found = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        for predicate in (*_TARGETS, SH.property, SH.node):
            found.update(g.subjects(predicate, None))
        return found | referenced(g)

    def _targets(self, node: RdflibNode) -> Targets | None:
        g = self.graph
        classes = list(g.objects(node, SH.targetClass))
        # pyshacl's implicit class targets: a shape that is also a class targets its instances
        if any(t in self.class_types for t in g.objects(node, RDF.type)):
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
        if node in self.building:
            # the specification leaves the validation of recursive shapes undefined
            raise UnsupportedShape(f"{self._name(node)}: a recursive shape (it refers to itself)")
        if depth > 16:
            raise UnsupportedShape(f"{self._name(node)}: shapes nested too deeply")
        self.building.add(node)
        try:
            return self._build(node, depth)
        finally:
            self.building.discard(node)

    def _build(self, node: RdflibNode, depth: int) -> CompiledShape:
        name = self._name(node)
        values: dict[RdflibNode, list[Any]] = defaultdict(list)
        for predicate, value in self.graph.predicate_objects(node):
            values[predicate].append(value)
        if self._switch(name, values, SH.deactivated):
            # a deactivated shape conforms, whatever it says
            shape = CompiledShape(node=node, label=name, where="", message=None, severity=SH.Violation,
                                  deactivated=True, path=None, walk=None, path_key=None, min_count=None,
                                  max_count=None, tests=(), checks=())
            self.compiled[node] = shape
            return shape
        for predicate in values:
            if str(predicate).startswith(str(SH)) and predicate not in _DESCRIPTIVE \
                    and predicate not in _CONSTRAINTS:
                raise UnsupportedShape(f"{name}: {_term(predicate)} is not implemented by the compiled checker")
        types = set(values.get(RDF.type, ()))
        if SH.NodeShape in types and SH.PropertyShape in types:
            raise UnsupportedShape(f"{name}: a shape is both a node shape and a property shape")
        paths = values.get(SH.path, [])
        if len(paths) > 1:
            raise UnsupportedShape(f"{name}: a shape has more than one sh:path")
        if SH.PropertyShape in types and not paths:
            raise UnsupportedShape(f"{name}: a property shape without sh:path")
        walk = self._walk(name, paths[0]) if paths else None
        path = None
        if walk is not None and walk[0] == "predicate":
            path, walk = (walk[1],), None
        elif walk is not None and walk[0] == "sequence" and all(step[0] == "predicate" for step in walk[1]):
            path, walk = tuple(step[1] for step in walk[1]), None
        for param in (SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals):
            if values.get(param) and not paths:
                raise UnsupportedShape(f"{name}: {_term(param)} on a node shape")
        messages = values.get(SH.message, [])
        shape = CompiledShape(
            node=node, label=name, where=f" {_path(self.graph, paths[0])}" if paths else "",
            # several messages (one per language): pyshacl reports them all, the Validator the first
            message=str(min(messages, key=str)) if messages else None,
            severity=self._severity(name, values.get(SH.severity, [])), deactivated=False, path=path,
            walk=walk, path_key=path_key(self.graph, paths[0]) if paths else None,
            min_count=self._count(name, values.get(SH.minCount, []), "sh:minCount"),
            max_count=self._count(name, values.get(SH.maxCount, []), "sh:maxCount"),
            tests=self._tests(name, values), checks=self._checks(node, name, values, depth))
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
        for kind in values.get(SH.nodeKind, []):
            if kind not in components.NODE_KINDS:
                raise UnsupportedShape(f"{name}: sh:nodeKind {_term(kind)} is not a node kind")
            tests.append(components.node_kind(kind))
        for ranges in values.get(SH.languageIn, []):
            tags = self._list(name, ranges)
            if not all(isinstance(tag, Literal) and isinstance(tag.value, str) for tag in tags):
                raise UnsupportedShape(f"{name}: sh:languageIn lists something other than strings")
            tests.append(components.language_in([str(tag) for tag in tags]))
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

    def _checks(self, node: RdflibNode, name: str, values: dict[RdflibNode, list[Any]],
                depth: int) -> tuple[FocusCheck, ...]:
        checks: list[FocusCheck] = []
        for param in _COMPARISONS:
            for other in values.get(param, ()):
                checks.append(_compared(param, ox.NamedNode(str(self._iri(name, other, _term(param))))))
        for param, passes in ((SH.xone, lambda n, _: n == 1), (SH["and"], lambda n, total: n == total),
                              (SH["or"], lambda n, _: n > 0)):
            for members in values.get(param, ()):
                shapes = tuple(self._shape(m, depth + 1) for m in self._list(name, members))
                checks.append(_logical(SH[f"{_term(param)[3:].capitalize()}ConstraintComponent"], shapes, passes))
        for member in values.get(SH["not"], ()):
            checks.append(_logical(SH.NotConstraintComponent, (self._shape(member, depth + 1),),
                                   lambda n, _: n == 0))
        for member in values.get(SH.node, ()):
            checks.append(_logical(SH.NodeConstraintComponent, (self._shape(member, depth + 1),),
                                   lambda n, _: n == 1))
        for expected in values.get(SH.hasValue, ()):
            checks.append(_has_value(from_rdflib(expected)))
        if self._switch(name, values, SH.uniqueLang):
            checks.append(_unique_lang)
        checks += self._qualified(node, name, values, depth)
        props = values.get(SH.property, ())
        if props:
            shapes = tuple(self._shape(prop, depth + 1) for prop in props)
            if any(prop.path is None and prop.walk is None and not prop.deactivated for prop in shapes):
                raise UnsupportedShape(f"{name}: a value of sh:property has no sh:path")
            checks.append(_properties(shapes))
        if self._switch(name, values, SH.closed):
            allowed = {ox.NamedNode(str(p)) for prop in props for p in self.graph.objects(prop, SH.path)
                       if isinstance(p, URIRef)}
            for ignored in values.get(SH.ignoredProperties, ()):
                allowed |= {ox.NamedNode(str(p)) for p in self._list(name, ignored) if isinstance(p, URIRef)}
            checks.append(_closed(frozenset(allowed)))
        return tuple(checks)

    def _qualified(self, node: RdflibNode, name: str, values: dict[RdflibNode, list[Any]],
                   depth: int) -> list[FocusCheck]:
        if not values.get(SH.path) or not any(values.get(p) for p in _QUALIFIED):
            return []  # pyshacl ignores the qualified parameters of a node shape
        members = values.get(SH.qualifiedValueShape, [])
        low = self._count(name, values.get(SH.qualifiedMinCount, []), "sh:qualifiedMinCount")
        high = self._count(name, values.get(SH.qualifiedMaxCount, []), "sh:qualifiedMaxCount")
        if not members or (low is None and high is None):
            raise UnsupportedShape(f"{name}: sh:qualifiedValueShape without a qualified count, or a count "
                                   "without it")
        # sh:qualifiedValueShapesDisjoint: the qualified value shapes of the sibling property shapes
        siblings: set[RdflibNode] = set()
        if self._switch(name, values, SH.qualifiedValueShapesDisjoint):
            for parent in self.graph.subjects(SH.property, node):
                for prop in self.graph.objects(parent, SH.property):
                    siblings.update(self.graph.objects(prop, SH.qualifiedValueShape))
        return [_qualified(self._shape(member, depth + 1),
                           tuple(self._shape(s, depth + 1) for s in sorted(siblings - {member}, key=str)),
                           low, high)
                for member in members]

    @staticmethod
    def _switch(name: str, values: dict[RdflibNode, list[Any]], param: URIRef) -> bool:
        found = values.get(param, [])
        if len(found) > 1 or any(not (isinstance(v, Literal) and v.datatype == XSD.boolean) for v in found):
            raise UnsupportedShape(f"{name}: {_term(param)} is not one xsd:boolean")
        return bool(found) and str(found[0]) == "true"

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

    def _walk(self, name: str, path: RdflibNode, depth: int = 0) -> Walk:
        g = self.graph
        if isinstance(path, URIRef):
            return ("predicate", ox.NamedNode(str(path)))
        if not isinstance(path, BNode) or depth > 16:
            raise UnsupportedShape(f"{name}: sh:path {path!r} is not a property path")
        if g.value(path, RDF.first) is not None:
            steps = self._list(name, path)
            if len(steps) < 2:
                raise UnsupportedShape(f"{name}: a sequence path of fewer than two paths")
            return ("sequence", tuple(self._walk(name, step, depth + 1) for step in steps))
        kinds = [(predicate, value) for predicate, value in g.predicate_objects(path) if predicate in _PATH_KINDS]
        if len(kinds) != 1:
            found = sorted(_term(p) for p in g.predicates(path, None))
            raise UnsupportedShape(f"{name}: a path of kind {', '.join(found) or repr(path)} is not a property path")
        predicate, inner = kinds[0]
        if predicate == SH.alternativePath:
            options = self._list(name, inner)
            if len(options) < 2:
                raise UnsupportedShape(f"{name}: an alternative path of fewer than two paths")
            return ("alternative", tuple(self._walk(name, option, depth + 1) for option in options))
        walk = self._walk(name, inner, depth + 1)
        return _inverse(walk) if predicate == SH.inversePath else (_PATH_KINDS[predicate], walk)

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
    def _severity(name: str, found: list[RdflibNode]) -> URIRef:
        if not found:
            return SH.Violation
        if len(found) > 1 or not isinstance(found[0], URIRef):
            raise UnsupportedShape(f"{name}: sh:severity is not one IRI")
        return found[0]
