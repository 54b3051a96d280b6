"""The embedded Oxigraph store: one named graph per source document, the union as default."""

from kg.store.oxigraph import GraphStore, StoreStats

__all__ = ["GraphStore", "StoreStats"]
