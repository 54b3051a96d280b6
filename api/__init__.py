"""The FastAPI service over the store: SPARQL 1.1 protocol, REST, export and the web page."""
