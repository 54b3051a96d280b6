"""A prepared document's lines are written to the embedded store unchecked (they are pyoxigraph's
own writing of terms it checked when the mapper made them) and hold the same quads as lines
checked on the way in; lines from anywhere else are checked, and bad ones write nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.errors import StoreError
from kg.ingest import Preparer
from kg.rdf.mapping import ACTORS_GRAPH
from kg.sources import Source
from kg.store import GraphStore
from kg.store.convert import ox_nt_lines

from .conftest import SEED_CLAIMS

TRICKY = ox.Literal('a "quoted" word,\nnew line\ttab \\ backslash, é and 𝄞')


def quads(store: GraphStore) -> set[tuple[str, ...]]:
    return {tuple(str(term) for term in quad) for quad in store.quads()}


def prepared_lines(preparer: Preparer) -> tuple[URIRef, str, str]:
    item = preparer.prepare(Source(SEED_CLAIMS, "claims"))
    assert item.iri is not None and item.ntriples is not None
    extra = ox_nt_lines([(ox.NamedNode(item.iri), ox.NamedNode("https://example.org/note"), TRICKY)])
    return URIRef(item.iri), item.ntriples + "\n" + "\n".join(extra), item.actor_ntriples


def test_validated_lines_hold_the_quads_checked_lines_hold(preparer: Preparer, tmp_path: Path) -> None:
    graph, lines, actors = prepared_lines(preparer)
    checked, trusted = GraphStore.open(tmp_path / "checked"), GraphStore.open(tmp_path / "trusted")
    checked.replace_ntriples(graph, lines, shared_graph=ACTORS_GRAPH, shared_lines=actors)
    trusted.replace_ntriples(graph, lines, shared_graph=ACTORS_GRAPH, shared_lines=actors, validated=True)
    assert quads(trusted) == quads(checked)
    assert any(TRICKY.value in quad[2] for quad in quads(trusted))


def test_unvalidated_lines_with_a_bad_iri_write_nothing(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    with pytest.raises(StoreError, match="cannot write graph <https://example.org/g>"):
        store.replace_ntriples(URIRef("https://example.org/g"), "<https://example.org/a b> <https://example.org/p> \"x\" .")
    assert not quads(store)
