"""What every store backend offers the layers above it: the interface of `GraphStore`.

Two backends implement it: the embedded Oxigraph store (kg.store.oxigraph.GraphStore) and a
remote SPARQL 1.1 server (kg.store.remote.RemoteStore, a GraphStore whose `raw` dataset answers
over HTTP). Callers type against `GraphStore` as before; this protocol lists, in one place, what
a third backend must provide, and a test checks that both backends have all of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import Graph, URIRef

from kg.store.convert import OxTriple


@runtime_checkable
class RawDataset(Protocol):
    """The part of pyoxigraph.Store that the query, catalogue and linking layers read through
    `store.raw`: pattern lookups, named graphs, SPARQL, a dataset dump."""

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any, graph_name: Any = None) -> Any: ...

    def contains_named_graph(self, graph_name: Any) -> bool: ...

    def named_graphs(self) -> Iterator[Any]: ...

    def query(self, query: str, **kwargs: Any) -> Any: ...

    def dump(self, output: Any = None, format: Any = None, **kwargs: Any) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...


@runtime_checkable
class Store(Protocol):
    """A dataset of one named graph per document, written whole document by whole document."""

    path: Path | None
    read_only: bool

    @property
    def raw(self) -> RawDataset: ...

    @property
    def generation(self) -> int: ...

    def changed_graphs(self, since: int) -> frozenset[str] | None: ...

    # writing: each call is all or nothing for the graphs it names
    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> None: ...

    def replace_ntriples(self, graph_iri: URIRef, lines: str, *, shared_graph: URIRef | None = None,
                         shared_lines: str = "", validated: bool = False) -> None: ...

    def replace_graphs(self, graphs: Mapping[str, list[str]], removed: list[str]) -> None: ...

    def add_ntriples(self, graph_iri: URIRef, lines: str) -> None: ...

    def replace_marked(self, graph_iri: URIRef, lines: str) -> None: ...

    def remove_graph(self, graph_iri: URIRef) -> bool: ...

    def flush(self) -> None: ...

    # reading
    def has_graph(self, graph_iri: URIRef) -> bool: ...

    def graph_iris(self) -> list[URIRef]: ...

    def document_hash(self, graph_iri: URIRef) -> str | None: ...

    def graph_triples(self, graph_iri: URIRef) -> list[OxTriple]: ...

    def document_with_actors_triples(self, graph_iri: URIRef, actors_graph: URIRef) -> list[OxTriple]: ...

    def quads(self) -> Iterator[tuple[Any, Any, Any, Any]]: ...

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, **kwargs: Any) -> Any: ...

    def stats(self) -> Any: ...

    def __len__(self) -> int: ...
