"""An in-process catalogue of commitments and events for the REST lists, kept in step with the store's writes."""

from kg.catalogue.index import CataloguePage, CatalogueQuery, CommitmentCatalogue, EventQuery
from kg.catalogue.records import CommitmentRecord, DocumentFacts, EventRecord

__all__ = ["CataloguePage", "CatalogueQuery", "CommitmentCatalogue", "CommitmentRecord", "DocumentFacts",
           "EventQuery", "EventRecord"]
