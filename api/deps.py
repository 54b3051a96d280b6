"""Dependencies: handlers get the store, settings and services from the app that the factory built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

from kg.catalogue import CommitmentCatalogue
from kg.config import Settings
from kg.store import GraphStore

if TYPE_CHECKING:
    from api.services import SparqlService, Writer


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_sparql(request: Request) -> "SparqlService":
    return request.app.state.sparql


def get_writer(request: Request) -> "Writer":
    return request.app.state.writer


def get_catalogue(request: Request) -> CommitmentCatalogue | None:
    """The commitment catalogue, or None when it is turned off (KG_CATALOGUE=false)."""
    return request.app.state.catalogue
