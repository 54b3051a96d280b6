"""The application factory: settings and store in, FastAPI app out. No business logic here."""

from __future__ import annotations

from fastapi import FastAPI

from api.routers import system
from kg import __version__
from kg.config import Settings
from kg.store import GraphStore


def create_app(settings: Settings, store: GraphStore) -> FastAPI:
    app = FastAPI(title="Commitments knowledge graph", version=__version__,
                  description="Who committed what, to whom, when, under what condition, and who says so.")
    app.state.settings = settings
    app.state.store = store
    app.include_router(system.router)
    return app
