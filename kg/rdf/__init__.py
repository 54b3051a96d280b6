"""Claims <-> RDF in the ontology's terms."""
