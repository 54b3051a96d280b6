"""A batch of pyoxigraph triples indexed for the compiled checker, with the terms as pyshacl sees them.

pyshacl validates an rdflib graph, and rdflib changes typed literals on the way in: it rewrites
lexical forms ("01"^^xsd:integer becomes "1", so two such triples are one), and its parser decides
what is ill-typed. Rather than re-implement those rules, every literal that is not a string is
turned into the rdflib literal pyshacl would see, once per distinct literal (cached across batches,
since booleans, dates and offsets repeat). Strings, by far the most numerous, stay pyoxigraph
literals: rdflib leaves them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node as RdflibNode

from kg.store.convert import OxTerm, OxTriple, to_ox, to_rdflib

Term = OxTerm
Triple = OxTriple
# A node of the batch: IRIs, blank nodes and string literals as pyoxigraph terms, other literals
# as rdflib literals.
Node = ox.NamedNode | ox.BlankNode | ox.Literal | Literal

RDF_TYPE = ox.NamedNode(str(RDF.type))
SUBCLASS_OF = ox.NamedNode(str(RDFS.subClassOf))
_STRING = ox.NamedNode(str(XSD.string))
_LANG_STRING = ox.NamedNode(str(RDF.langString))

_typed: dict[ox.Literal, Literal] = {}
_TYPED_LIMIT = 200_000


def _as_rdflib(term: ox.Literal) -> Literal:
    if len(_typed) >= _TYPED_LIMIT:
        _typed.clear()
    view = _typed[term] = to_rdflib(term)  # type: ignore[assignment]
    return view


def node(term: Term) -> Node:
    """The batch's node for a pyoxigraph term."""
    if term.__class__ is ox.Literal:
        datatype = term.datatype  # type: ignore[union-attr]
        if datatype != _STRING and datatype != _LANG_STRING:
            view = _typed.get(term)  # type: ignore[arg-type]
            return _as_rdflib(term) if view is None else view  # type: ignore[arg-type]
    return term


def from_rdflib(term: RdflibNode) -> Node:
    """A term of the shapes or ontology graph as a node of the batch."""
    return node(to_ox(term))


def rdflib_view(value: Node) -> RdflibNode:
    """The rdflib term pyshacl compares, for the few constraints that compare values."""
    if isinstance(value, Literal):
        return value
    return to_rdflib(value)


class Batch:
    """subject -> predicate -> objects without duplicates, and class -> instances."""

    __slots__ = ("index", "instances", "declares_subclasses", "closures", "_reverse")

    def __init__(self, triples: Iterable[Triple], hierarchy: Iterable[tuple[Node, ox.NamedNode, Node]]) -> None:
        index: dict[Node, dict[ox.NamedNode, list[Node]]] = {}
        typed = _typed
        # The ontology's hierarchy is part of the data pyshacl validates (Validator adds it), so
        # it is part of the index too: a path or target may reach it.
        known = 0
        for s, p, o in hierarchy:
            index.setdefault(s, {}).setdefault(p, []).append(o)
            known += 1
        # A node's triples come one after another with the same subject term (the mapper writes
        # them so): its predicates are looked up once per run of them, not once per triple.
        last: object = None
        predicates: dict[ox.NamedNode, list[Node]] = {}
        for s, p, o in triples:
            if o.__class__ is ox.Literal:
                datatype = o.datatype  # type: ignore[union-attr]
                if datatype != _STRING and datatype != _LANG_STRING:
                    view = typed.get(o)  # type: ignore[arg-type]
                    o = _as_rdflib(o) if view is None else view  # type: ignore[arg-type,assignment]
            if s is not last:
                last = s
                found = index.get(s)
                if found is None:
                    found = index[s] = {}
                predicates = found
            objects = predicates.get(p)
            if objects is None:
                predicates[p] = [o]
            elif o not in objects:
                objects.append(o)
        # types and subclass declarations in one pass over the subjects rather than a comparison
        # per triple
        instances: dict[Node, list[Node]] = {}
        subclass_statements = 0
        for s, predicates in index.items():
            types = predicates.get(RDF_TYPE)
            if types is not None:
                for o in types:
                    members = instances.get(o)
                    if members is None:
                        instances[o] = [s]
                    else:
                        members.append(s)
            supers = predicates.get(SUBCLASS_OF)
            if supers is not None:
                subclass_statements += len(supers)
        self.index = index
        self.instances = instances
        self.declares_subclasses = subclass_statements > known
        # class -> itself and its subclasses, when the batch adds to the ontology's hierarchy
        self.closures: dict[Node, frozenset[Node]] = {}
        # object -> predicate -> subjects, built when a path first goes backwards (sh:inversePath)
        self._reverse: dict[Node, dict[ox.NamedNode, list[Node]]] | None = None

    def objects(self, subject: Node, predicate: ox.NamedNode) -> list[Node]:
        predicates = self.index.get(subject)
        if predicates is None:
            return []
        return predicates.get(predicate, [])

    def subjects(self, obj: Node, predicate: ox.NamedNode) -> list[Node]:
        if self._reverse is None:
            reverse: dict[Node, dict[ox.NamedNode, list[Node]]] = {}
            for s, predicates in self.index.items():
                for p, objects in predicates.items():
                    for o in objects:
                        reverse.setdefault(o, {}).setdefault(p, []).append(s)
            self._reverse = reverse
        predicates = self._reverse.get(obj)
        if predicates is None:
            return []
        return predicates.get(predicate, [])

    def types(self, subject: Node) -> list[Node]:
        return self.objects(subject, RDF_TYPE)

    def subjects_of(self, predicate: ox.NamedNode) -> set[Node]:
        return {s for s, predicates in self.index.items() if predicate in predicates}

    def objects_of(self, predicate: ox.NamedNode) -> set[Node]:
        return {o for predicates in self.index.values() for o in predicates.get(predicate, ())}

    def rdflib_graph(self) -> Graph:
        """The batch as the rdflib graph pyshacl would validate (for pyshacl's wording of messages)."""
        graph = Graph()
        for s, predicates in self.index.items():
            subject = rdflib_view(s)
            for p, objects in predicates.items():
                predicate = rdflib_view(p)
                for o in objects:
                    graph.add((subject, predicate, rdflib_view(o)))
        return graph

    def subclass_edges(self) -> list[tuple[Node, Node]]:
        return [(s, o) for s, predicates in self.index.items() for o in predicates.get(SUBCLASS_OF, ())]
