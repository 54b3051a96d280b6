"""The application factory: settings and store in, FastAPI app out."""

from __future__ import annotations

from fastapi import FastAPI

from kg import __version__
from kg.config import Settings
from kg.store import GraphStore


def create_app(settings: Settings, store: GraphStore) -> FastAPI:
    app = FastAPI(title="Commitments knowledge graph", version=__version__,
                  description="Who committed what, to whom, when, under what condition, and who says so.")
    app.state.settings = settings
    app.state.store = store

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/stats")
    def stats() -> dict[str, int]:
        figures = store.stats()
        return {"triples": figures.triples, "documents": figures.documents, "actors": figures.actors,
                "commitments": figures.commitments, "events": figures.events}

    return app
