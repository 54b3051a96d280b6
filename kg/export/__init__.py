"""Getting the graph out: claims files, RDF dumps, and graph-visualisation formats."""
