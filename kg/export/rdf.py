"""The whole store as an RDF dataset (TriG or N-Quads), named graphs kept."""

from __future__ import annotations

import pyoxigraph as ox

from kg.store import GraphStore
from kg.terms import PREFIXES

DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}


def dump_dataset(store: GraphStore, fmt: str) -> bytes:
    prefixes = PREFIXES if fmt == "trig" else None
    return store.raw.dump(format=DATASET_FORMATS[fmt], prefixes=prefixes) or b""
