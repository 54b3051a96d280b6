"""pyoxigraph terms <-> rdflib terms, and either -> N-Triples text for the store's writes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxTriple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, OxTerm]


# Datatype IRIs as rdflib terms, made once each: the SHACL checker turns every new typed literal
# of a document (about a hundred: amounts, offsets, dates) into an rdflib one, and making the
# datatype's URIRef again each time was a third of that.
_datatype = lru_cache(maxsize=1000)(URIRef)


def to_rdflib(term: OxTerm) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # Oxigraph types plain strings as xsd:string; rdflib keeps them plain. Plain is the
        # same RDF 1.1 literal, and keeps round-trips equal.
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=_datatype(datatype))
    raise TypeError(f"unexpected term {term!r}")


def to_ox(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term (a plain literal becomes xsd:string, the same literal)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None:
            return ox.Literal(str(term))
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    raise TypeError(f"unexpected term {term!r}")


def to_rdflib_graph(triples: Iterable[OxTriple]) -> Graph:
    """pyoxigraph triples as an rdflib graph, for pyshacl and the tools that want rdflib."""
    graph = Graph()
    for s, p, o in triples:
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return graph


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: Node) -> str:
    """One term in N-Triples syntax. rdflib's n3() abbreviates integers and booleans (`5`, `true`),
    which a SPARQL parser reads back as xsd:integer, losing types such as xsd:nonNegativeInteger."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return _nt_literal(str(term), term.language, str(term.datatype) if term.datatype is not None else None)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"cannot write a {type(term).__name__} as N-Triples")


def _nt_literal(lexical: str, language: str | None, datatype: str | None) -> str:
    text = f'"{lexical.translate(_ESCAPES)}"'
    if language:
        return f"{text}@{language}"
    if datatype is not None and datatype != XSD_STRING:
        return f"{text}^^<{datatype}>"
    return text


def to_ntriples(graph: Graph) -> str:
    """N-Triples lines, which are also valid inside a SPARQL INSERT DATA block."""
    return "\n".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in graph)


# Characters that pyoxigraph's str() escapes (\t, \b, \f, \u0001, \uFFFE...) and nt_term writes
# as they are (found by comparing the two over every code point). Stored lines were written by
# nt_term and the content hash is taken over the lines, so another spelling of the same literal
# would make an unchanged document look changed on its next ingest.
_ESCAPED_ONLY_BY_OXIGRAPH = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def ox_nt_term(term: OxTerm) -> str:
    """A pyoxigraph term in N-Triples syntax, exactly as nt_term writes the same rdflib term."""
    if isinstance(term, ox.Literal) and _ESCAPED_ONLY_BY_OXIGRAPH.search(term.value):
        return _nt_literal(term.value, term.language, term.datatype.value)
    return str(term)


def ox_nt_lines(triples: Sequence[OxTriple]) -> list[str]:
    """N-Triples lines for pyoxigraph triples, the same text nt_term gives for rdflib triples.

    pyoxigraph's own str() is the fast path (about 0.1 us a term against several for nt_term).
    Whatever it escapes differently shows as a backslash in the literal, and few literals have
    one (a quote with quotation marks in it), so only those are looked at again.

    Subjects, predicates and IRI objects repeat (a node has a dozen triples, a document a few
    dozen predicates and actors): each is written once per call and looked up after that, which
    took a third off the 0.9 us a triple this cost."""
    written: dict[OxTerm, str] = {}
    get = written.get
    named = ox.NamedNode
    lines: list[str] = []
    last: object = None
    subject = ""
    for s, p, o in triples:
        if s is not last:  # a node's triples come one after another with the same subject term
            last = s
            found = get(s)
            if found is None:
                found = written[s] = str(s)
            subject = found
        predicate = get(p)
        if predicate is None:
            predicate = written[p] = str(p)
        if o.__class__ is named:
            obj = get(o)
            if obj is None:
                obj = written[o] = str(o)
        else:
            obj = str(o)
            if "\\" in obj:  # only a literal can have one: an IRI with a backslash is refused
                obj = ox_nt_term(o)
        lines.append(f"{subject} {predicate} {obj} .")
    return lines
