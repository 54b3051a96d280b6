"""An in-process catalogue of commitments for the REST lists, kept in step with the store's writes."""

from kg.catalogue.index import CataloguePage, CatalogueQuery, CommitmentCatalogue
from kg.catalogue.records import CommitmentRecord, DocumentFacts

__all__ = ["CataloguePage", "CatalogueQuery", "CommitmentCatalogue", "CommitmentRecord", "DocumentFacts"]
