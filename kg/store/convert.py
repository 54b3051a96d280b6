"""pyoxigraph terms -> rdflib terms, and rdflib terms -> N-Triples text for the store's updates."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # Oxigraph types plain strings as xsd:string; rdflib keeps them plain. Plain is the
        # same RDF 1.1 literal, and keeps round-trips equal.
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: Node) -> str:
    """One term in N-Triples syntax. rdflib's n3() abbreviates integers and booleans (`5`, `true`),
    which a SPARQL parser reads back as xsd:integer, losing types such as xsd:nonNegativeInteger."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"cannot write a {type(term).__name__} as N-Triples")


def to_ntriples(graph: Graph) -> str:
    """N-Triples lines, which are also valid inside a SPARQL INSERT DATA block."""
    return "\n".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in graph)
