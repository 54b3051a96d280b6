"""The application factory: settings and store in, FastAPI app out. No business logic here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import problems
from api.limits import BodyLimit
from api.list_routes import ListRoutes
from api.routers import actors, commitments, docs, documents, events, export, overview, page, sparql, system, tracked
from api.services import SparqlService, Writer
from api.sparql_route import SparqlRoute
from kg import __version__
from kg.catalogue import CommitmentCatalogue
from kg.catalogue.tracked import TrackedIndex
from kg.config import Settings
from kg.store import GraphStore

if TYPE_CHECKING:
    from kg.ingest import Preparer

DESCRIPTION = """Who committed what, to whom, when, under what condition, and who says so.

* **REST** (JSON, or JSON-LD with `Accept: application/ld+json`): actors, commitments, events and
  source documents, paginated with opaque cursors. Errors are `application/problem+json`.
* **SPARQL 1.1** at `/sparql` (read-only, time- and size-limited) and the Graph Store Protocol's
  read side at `/rdf-graphs`.
* **Export** of the graph (or one actor's neighbourhood) at `/export`: GraphML, GEXF, Cytoscape
  JSON, node-link JSON, DOT, SVG.
* **The web page** at `/`.
"""


def create_app(settings: Settings, store: GraphStore, *, preparer: "Preparer | None" = None) -> FastAPI:
    sparql_service = SparqlService(settings, store)
    catalogue = CommitmentCatalogue(store, snapshot_path=_snapshot_path(settings, store)) if settings.catalogue else None
    tracked_index = TrackedIndex(store) if settings.catalogue else None  # GET /tracked (kg/catalogue/tracked.py)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if catalogue is not None:
            catalogue.start()  # first, and alone on the GIL while it builds: the REST lists wait for it
        app.openapi()  # built once now: built on first request, it holds the event loop for ~0.2 s
        sparql_service.start()
        later = ([tracked_index.start] if tracked_index is not None else []) + \
            ([writer.prepare_in_background] if settings.write_token else [])
        for then in later:  # after the catalogue's build (or 30 s): they would share the GIL with it
            if catalogue is not None:
                catalogue.after_ready(then, 30.0)
            else:
                then()
        try:
            yield
        finally:
            if catalogue is not None:
                catalogue.save()
            sparql_service.close()

    # /docs and /redoc are the docs router's: FastAPI's own pages load their scripts from a CDN.
    # Telemetry off, FastAPI no longer looks up OpenTelemetry's providers (and the environment) for
    # every request: 6% of the main process's time on a SPARQL point lookup.
    telemetry = None if settings.telemetry else {"tracing": False, "metrics": False, "logs": False}
    app = FastAPI(title="Commitments knowledge graph", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None, telemetry=telemetry)
    app.state.settings = settings
    app.state.store = store
    app.state.sparql = sparql_service
    app.state.catalogue = catalogue
    app.state.tracked_index = tracked_index
    writer = Writer(store, preparer, catalogue, tracked_index)
    app.state.writer = writer
    problems.install(app)
    # Added first, so innermost: /sparql queries and plain list requests are answered past the body
    # limit and CORS, ahead of FastAPI's routing and dependency machinery (api.sparql_route).
    app.add_middleware(SparqlRoute, service=sparql_service, router=app.router)
    app.add_middleware(ListRoutes)  # the commitment lists, likewise (api.list_routes)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["Accept", "Content-Type"], expose_headers=["X-Result-Count"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    for module in (system, actors, commitments, events, documents, sparql, export, overview, tracked, page, docs):
        app.include_router(module.router)
    page.mount_files(app)
    docs.mount_assets(app)
    return app


def _snapshot_path(settings: Settings, store: GraphStore) -> Path | None:
    """Beside the store's folder, not in it: the folder belongs to RocksDB."""
    if not settings.catalogue_snapshot or store.path is None:
        return None
    return store.path.parent / f"{store.path.name}.catalogue.json"
