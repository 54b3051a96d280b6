"""Tests of one value node against one constraint parameter, as pyshacl 0.40 decides them.

Each test answers "does this value pass?", and names the constraint component a failure is a
result of (`test.component`). Where pyshacl's answer depends on rdflib's view of a literal
(ill-typed forms, normalised lexical forms, value comparison) the test asks rdflib the same
question pyshacl asks, so the verdicts agree by construction rather than by imitation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from pyshacl.errors import ReportableRuntimeError
from pyshacl.rdfutil.compare import compare_literal
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node as RdflibNode

from kg.validate.batch import RDF_TYPE, Batch, Node, from_rdflib, rdflib_view

ValueTest = Callable[[Node, Batch], bool]


def component(test: ValueTest) -> URIRef:
    """The constraint component a failure of `test` is a result of."""
    return test.component  # type: ignore[attr-defined,no-any-return]


def _named(test: ValueTest, name: str) -> ValueTest:
    test.component = SH[f"{name}ConstraintComponent"]  # type: ignore[attr-defined]
    return test

# pyshacl checks the Python type rdflib parsed for these datatypes only; others pass once the
# datatype IRI matches and rdflib did not flag the literal ill-typed.
_PYTHON_TYPES: dict[RdflibNode, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


def text(value: Node) -> str:
    """The string form pyshacl matches patterns and lengths against (its value_node_to_string)."""
    if value.__class__ is Literal:
        return str(value)  # rdflib's normalised lexical form
    return value.value


def datatype(rule: RdflibNode) -> ValueTest:
    # rdflib holds an xsd:string literal as a plain literal (kg.store.convert), which pyshacl
    # accepts for xsd:string; a language-tagged one has no datatype in rdflib, so it is only an
    # rdf:langString (or an rdfs:Literal), never an xsd:string.
    plain_ok = rule in (XSD.string, RDFS.Literal)
    tagged_ok = rule in (RDF.langString, RDFS.Literal)
    python_type = _PYTHON_TYPES.get(rule)

    def test(value: Node, batch: Batch) -> bool:
        kind = value.__class__
        if kind is ox.Literal:
            return tagged_ok if value.language else plain_ok  # type: ignore[union-attr]
        if kind is Literal:
            if value.datatype == rule:
                if getattr(value, "ill_typed", None) is True:
                    return False
                return python_type is None or isinstance(value.value, python_type)
            return rule == RDFS.Literal or rule == RDFS.Datatype
        return False
    return _named(test, "Datatype")


def class_(cls: Node, subclasses: Callable[[Batch, Node], frozenset[Node]]) -> ValueTest:
    """`subclasses(batch, cls)`: cls and its subclasses, from the ontology and the batch."""
    def test(value: Node, batch: Batch) -> bool:
        if value.__class__ is ox.Literal or value.__class__ is Literal:
            return False
        members = batch.closures.get(cls) or subclasses(batch, cls)
        predicates = batch.index.get(value)
        if predicates is not None:
            for cls_ in predicates.get(RDF_TYPE, ()):
                if cls_ in members:
                    return True
        return False
    return _named(test, "Class")


def in_(members: list[RdflibNode]) -> ValueTest:
    nodes = {from_rdflib(m) for m in members if not isinstance(m, Literal)}
    literals = {m for m in members if isinstance(m, Literal)}

    def test(value: Node, batch: Batch) -> bool:
        if value.__class__ is ox.Literal or value.__class__ is Literal:
            # rdflib literal equality, as in pyshacl's `v not in in_vals`
            return bool(literals) and rdflib_view(value) in literals
        return value in nodes
    return _named(test, "In")


def pattern(regex: re.Pattern[str]) -> ValueTest:
    def test(value: Node, batch: Batch) -> bool:
        if value.__class__ is ox.BlankNode:
            return False
        return regex.search(text(value)) is not None
    return _named(test, "Pattern")


def min_length(limit: int) -> ValueTest:
    def test(value: Node, batch: Batch) -> bool:
        if limit == 0:
            return True
        return value.__class__ is not ox.BlankNode and len(text(value)) >= limit
    return _named(test, "MinLength")


def max_length(limit: int) -> ValueTest:
    def test(value: Node, batch: Batch) -> bool:
        return value.__class__ is not ox.BlankNode and len(text(value)) <= limit
    return _named(test, "MaxLength")


NODE_KINDS = {
    SH.IRI: (ox.NamedNode,), SH.BlankNode: (ox.BlankNode,), SH.Literal: (ox.Literal, Literal),
    SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode), SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal, Literal),
    SH.IRIOrLiteral: (ox.NamedNode, ox.Literal, Literal),
}


def node_kind(rule: RdflibNode) -> ValueTest:
    """`rule` is one of the six node kinds (the compiler refuses others)."""
    kinds = NODE_KINDS[rule]

    def test(value: Node, batch: Batch) -> bool:
        return value.__class__ in kinds
    return _named(test, "NodeKind")


_ORDER: dict[str, Callable[[int], bool]] = {
    "minInclusive": lambda c: c >= 0, "minExclusive": lambda c: c > 0,
    "maxInclusive": lambda c: c <= 0, "maxExclusive": lambda c: c < 0,
}
_CACHE_LIMIT = 50_000
# What rdflib's compare_literal raises for a value that cannot be ordered against a bound (a date
# against a number): pyshacl's value-range constraints catch exactly these two around the same
# call and count either as a failure, so the compiled checks do too (98/98 on the SHACL Core suite).
_UNORDERABLE = (TypeError, NotImplementedError)


def value_range(kind: str, bound: Literal) -> ValueTest:
    accept = _ORDER[kind]
    bound_is_string = isinstance(bound.value, str)
    # Amounts, offsets and confidences repeat across documents; rdflib's comparison is the slow part.
    verdicts: dict[Node, bool] = {}

    def decide(value: Node) -> bool:
        view = rdflib_view(value)
        assert isinstance(view, Literal)
        if isinstance(view.value, str) != bound_is_string:
            return False
        try:
            return accept(compare_literal(view, bound))
        except _UNORDERABLE:
            return False

    def test(value: Node, batch: Batch) -> bool:
        if value.__class__ is not ox.Literal and value.__class__ is not Literal:
            return False
        verdict = verdicts.get(value)
        if verdict is None:
            if len(verdicts) >= _CACHE_LIMIT:
                verdicts.clear()
            verdict = verdicts[value] = decide(value)
        return verdict
    return _named(test, kind[0].upper() + kind[1:])


def _comparable(value: Node, name: str) -> tuple[object, bool]:
    """What pyshacl's sh:lessThan and sh:lessThanOrEquals compare, and whether it is a string: the
    string of an IRI or of a string literal, otherwise the rdflib literal (itself a str subclass,
    hence the flag)."""
    if value.__class__ is ox.BlankNode:
        raise ReportableRuntimeError(f"Cannot use {name} to compare a BlankNode.")
    if value.__class__ is ox.NamedNode:
        return value.value, True  # type: ignore[union-attr]
    view = rdflib_view(value)
    if isinstance(view, Literal) and isinstance(view.value, str):
        return view.value, True
    return view, False


def _not_below(values: list[Node], others: list[Node], strict: bool) -> list[Node]:
    name = "sh:lessThan" if strict else "sh:lessThanOrEquals"
    failing = []
    for value in values:
        left, left_is_string = _comparable(value, name)
        for other in others:
            right, right_is_string = _comparable(other, name)
            try:
                below = left_is_string == right_is_string and (left < right if strict else left <= right)  # type: ignore[operator]
            except _UNORDERABLE:
                # values that cannot be compared ("weird"^^xsd:integer) fail, as SHACL says
                # (pyshacl raises TypeError there)
                below = False
            if not below:
                failing.append(value)
    return failing


def less_than_or_equals(values: list[Node], others: list[Node]) -> list[Node]:
    """The values that are not <= every other value, in pyshacl's order of checks and errors."""
    return _not_below(values, others, strict=False)


def less_than(values: list[Node], others: list[Node]) -> list[Node]:
    """The values that are not < every other value, as less_than_or_equals."""
    return _not_below(values, others, strict=True)


def language_in(ranges: list[str]) -> ValueTest:
    """pyshacl's sh:languageIn: a language-tagged literal whose tag, or its first subtag, is one
    of the ranges (case aside), or any tag when a range is "*"."""
    wanted = {r.lower() for r in ranges}
    wildcard = "*" in wanted

    def test(value: Node, batch: Batch) -> bool:
        language = value.language if value.__class__ is ox.Literal else None  # type: ignore[union-attr]
        if not language:
            return False
        language = language.lower()
        return wildcard or language in wanted or language.split("-")[0] in wanted
    return _named(test, "LanguageIn")
