"""A knowledge graph of political actors and their commitments.

Layers, each importable without the ones above it:
claims (typed model and file loading) -> extract (article text to claims) -> rdf (claims to
triples and back) -> validate (SHACL) -> store (Oxigraph on disk) -> queries / export / cli.
"""

__version__ = "0.1.0"
