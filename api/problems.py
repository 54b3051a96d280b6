"""Errors as RFC 9457 problem details (application/problem+json), mapped in one place.

Handlers raise kg.errors exceptions (or HTTPException); `install` registers the handlers that turn
each into a problem document with type, title, status, detail and instance.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import (
    ExportError,
    InvalidClaims,
    KGError,
    NotFound,
    QueriesBusy,
    QueryError,
    QueryInterrupted,
    QueryMemoryExceeded,
    QueryOverLimit,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    ShapeViolation,
    StoreError,
)
from kg.query.formats import NotAcceptable

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://w3id.org/commitments-kg/problems/"

# Most specific first: the first class an error is an instance of decides.
_MAPPING: list[tuple[type[KGError], int, str, str]] = [
    (NotFound, 404, "not-found", "Not found"),
    (InvalidClaims, 422, "invalid-claims", "Invalid claims"),
    (ShapeViolation, 422, "shape-violation", "The claims do not conform to the SHACL shapes"),
    (QueryRefused, 403, "query-refused", "Query refused"),
    (QueryTimeout, 504, "query-timeout", "Query time limit exceeded"),
    (QueryTooLarge, 413, "result-too-large", "Query result too large"),
    (QueryOverLimit, 400, "query-over-limit", "Query over a limit"),
    (QueryMemoryExceeded, 503, "query-memory", "Query memory limit exceeded"),
    (QueryError, 400, "query-error", "Malformed query"),
    (NotAcceptable, 406, "not-acceptable", "Not acceptable"),
    (QueriesBusy, 503, "busy", "Too busy"),
    (ExportError, 422, "export-error", "Cannot export"),
    (QueryInterrupted, 503, "query-interrupted", "Query interrupted"),
    (StoreError, 500, "store-error", "Store error"),
    (KGError, 500, "error", "Internal error"),
]

PROBLEM_SCHEMA = {
    "description": "A problem document (RFC 9457)",
    "content": {PROBLEM_JSON: {"schema": {
        "type": "object",
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                       "detail": {"type": "string"}, "instance": {"type": "string"}},
        "required": ["type", "title", "status"]}}},
}


def problem_document(status: int, title: str, detail: str | None = None, *, kind: str | None = None,
                     instance: str | None = None) -> dict[str, Any]:
    """The members of a problem document; `kind` names the problem type (else about:blank)."""
    body: dict[str, Any] = {"type": PROBLEM_BASE + kind if kind else "about:blank", "title": title,
                            "status": status}
    if detail:
        body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    return body


def problem(request: Request, status: int, title: str, detail: str | None = None, *, kind: str | None = None,
            headers: dict[str, str] | None = None, **extensions: Any) -> JSONResponse:
    """A problem+json response for a request the application read."""
    body = problem_document(status, title, detail, kind=kind, instance=request.url.path)
    body.update({k: v for k, v in extensions.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _kg_error(request: Request, error: Exception) -> JSONResponse:
    for cls, status, kind, title in _MAPPING:
        if isinstance(error, cls):
            break
    if status >= 500:
        log.error("%s on %s: %s", type(error).__name__, request.url.path, error)
    extensions: dict[str, Any] = {}
    detail = str(error)
    if isinstance(error, InvalidClaims):
        extensions["errors"] = error.problems
        detail = f"{len(error.problems)} problem(s) in {error.source}: " + "; ".join(error.problems[:5])
    elif isinstance(error, ShapeViolation):
        extensions["violations"] = error.violations
        detail = f"{len(error.violations)} SHACL violation(s); the store is untouched"
    headers = {"Retry-After": "1"} if isinstance(error, (QueriesBusy, QueryInterrupted)) else None
    return problem(request, status, title, detail, kind=kind, headers=headers, **extensions)


def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [{"loc": [str(part) for part in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in error.errors()]
    detail = "; ".join(f"{'.'.join(e['loc'][1:] or e['loc'])}: {e['msg']}" for e in errors)
    return problem(request, 422, "Invalid request parameters", detail, kind="invalid-parameters", errors=errors)


def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    from http import HTTPStatus

    try:
        title = HTTPStatus(error.status_code).phrase
    except ValueError:
        title = "Error"
    detail = error.detail if isinstance(error.detail, str) and error.detail != title else None
    if error.status_code == 404 and detail is None:
        detail = f"nothing at {request.url.path}"
    return problem(request, error.status_code, title, detail, headers=getattr(error, "headers", None))


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path, exc_info=error)
    return problem(request, 500, "Internal Server Error", "an unexpected error occurred; it has been logged")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json."""
    app.add_exception_handler(KGError, _kg_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
