"""Dependencies: handlers get the store, settings and services from the app that the factory built.

They are coroutines although they only read an attribute: FastAPI runs a plain function dependency
on its thread pool, one thread hop (about 0.1 ms, more on a busy machine) per dependency per request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

from kg.catalogue import CommitmentCatalogue
from kg.config import Settings
from kg.store import GraphStore

if TYPE_CHECKING:
    from api.services import SparqlService, Writer


async def get_store(request: Request) -> GraphStore:
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_sparql(request: Request) -> "SparqlService":
    return request.app.state.sparql


async def get_writer(request: Request) -> "Writer":
    return request.app.state.writer


async def get_catalogue(request: Request) -> CommitmentCatalogue | None:
    """The commitment catalogue, or None when it is turned off (KG_CATALOGUE=false)."""
    return request.app.state.catalogue
