"""The web page at /, its own files at /static, the JS libraries from node_modules at /vendor, and
the JSON-LD @context at /context.jsonld."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from api.jsonld import CONTEXT, JSONLD

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "static"
NODE_MODULES = Path(__file__).resolve().parent.parent.parent / "node_modules"
# npm packages the page uses, and the folder of each that holds its browser build.
VENDOR = {"cytoscape": "dist", "d3": "dist"}

router = APIRouter(tags=["page"])


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@router.get("/context.jsonld", name="jsonld_context", summary="The JSON-LD @context of the REST resources",
            response_model=dict, tags=["system"])
def jsonld_context() -> JSONResponse:
    return JSONResponse(CONTEXT, media_type=JSONLD)


def mount_files(app: FastAPI) -> None:
    """Serve the page's files and the npm packages it needs (installed by `make`, never copied in)."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for package, folder in VENDOR.items():
        directory = NODE_MODULES / package / folder
        if directory.is_dir():
            app.mount(f"/vendor/{package}", StaticFiles(directory=directory), name=f"vendor-{package}")
        else:
            log.warning("%s is missing: run `make install` (npm ci) for the page's graphs and charts", directory)
