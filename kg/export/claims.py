"""Export the store back into the claims interchange format, one file per document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import URIRef

from kg.claims.io import dump_claims
from kg.claims.model import Claims
from kg.errors import NotFound
from kg.rdf.iris import iri_for, local_id
from kg.rdf.mapping import ACTORS_GRAPH
from kg.rdf.reverse import graph_to_claims
from kg.store import GraphStore
from kg.terms import ID


def document_iris(store: GraphStore) -> list[URIRef]:
    """Named graphs that hold a source document (the graph IRI is the document IRI)."""
    return [iri for iri in store.graph_iris() if iri.startswith(str(ID["document/"]))]


def claims_of(store: GraphStore, document_id: str | None = None) -> Iterator[tuple[str, Claims]]:
    """(document id, claims) for one document or every document."""
    iris = [iri_for("document", document_id)] if document_id else document_iris(store)
    for iri in iris:
        if not store.has_graph(iri):
            raise NotFound(f"no document {document_id!r} in the store")
        yield local_id(str(iri), "document"), graph_to_claims(store.document_with_actors(iri, ACTORS_GRAPH), iri)


def write_claims(store: GraphStore, out: Path, fmt: str = "yaml", document_id: str | None = None) -> list[Path]:
    """Write `<document id>.claims.<fmt>` files into the folder `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for identifier, claims in claims_of(store, document_id):
        path = out / f"{identifier}.claims.{fmt}"
        path.write_text(dump_claims(claims, fmt), encoding="utf-8")
        written.append(path)
    return written
