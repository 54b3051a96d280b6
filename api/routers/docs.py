"""The API's documentation pages, /docs (Swagger UI) and /redoc (ReDoc), with their JavaScript and
CSS served from node_modules like the page's own libraries.

FastAPI's default pages load both from cdn.jsdelivr.net (and ReDoc's fonts from Google): offline,
or behind a proxy that blocks them, the pages were blank. The packages are pinned in
package-lock.json and installed by `make install` (npm ci); nothing is copied into the repository.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

log = logging.getLogger(__name__)

NODE_MODULES = Path(__file__).resolve().parent.parent.parent / "node_modules"
# npm package -> the folder of it that holds its browser build, served at /vendor/<package>/.
ASSETS = {"swagger-ui-dist": "", "redoc": "bundles"}
SWAGGER = "/vendor/swagger-ui-dist"
REDOC = "/vendor/redoc"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"

router = APIRouter(include_in_schema=False)


def _openapi_url(request: Request) -> str:
    return request.scope.get("root_path", "") + (request.app.openapi_url or "/openapi.json")


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return get_swagger_ui_html(openapi_url=_openapi_url(request), title=f"{request.app.title} - Swagger UI",
                               swagger_js_url=f"{root}{SWAGGER}/swagger-ui-bundle.js",
                               swagger_css_url=f"{root}{SWAGGER}/swagger-ui.css",
                               swagger_favicon_url=f"{root}{SWAGGER}/favicon-32x32.png",
                               oauth2_redirect_url=f"{root}{OAUTH2_REDIRECT}")


@router.get(OAUTH2_REDIRECT)
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return get_redoc_html(openapi_url=_openapi_url(request), title=f"{request.app.title} - ReDoc",
                          redoc_js_url=f"{root}{REDOC}/redoc.standalone.js",
                          redoc_favicon_url=f"{root}{SWAGGER}/favicon-32x32.png", with_google_fonts=False)


def mount_assets(app: FastAPI) -> None:
    """Serve the documentation pages' npm packages (installed by `make`, never copied in)."""
    for package, folder in ASSETS.items():
        directory = NODE_MODULES / package / folder
        if directory.is_dir():
            app.mount(f"/vendor/{package}", StaticFiles(directory=directory), name=f"vendor-{package}")
        else:
            log.warning("%s is missing: run `make install` (npm ci) for /docs and /redoc", directory)
