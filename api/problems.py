"""Errors as RFC 9457 problem details (application/problem+json), mapped in one place.

Handlers raise kg.errors exceptions (or HTTPException); `install` registers the handlers that turn
each into a problem document with type, title, status, detail and instance, and makes the OpenAPI
document say so: FastAPI declares every 422 as its own `application/json` validation error, which
this server never sends.
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar, Union

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import (
    ExportError,
    InvalidClaims,
    KGError,
    MissingDependency,
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
    (MissingDependency, 503, "missing-dependency", "A server dependency is missing"),
    (QueryInterrupted, 503, "query-interrupted", "Query interrupted"),
    (StoreError, 500, "store-error", "Store error"),
    (KGError, 500, "error", "Internal error"),
]

_REF = "#/components/schemas/{model}"
T = TypeVar("T")
# A member that is left out when it has no value (never sent as null), so documented without null.
Absent = Union[T, SkipJsonSchema[None]]  # noqa: UP007 - a generic alias


def _absent(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


class Problem(BaseModel):
    """A problem document (RFC 9457), the body of every error this server sends."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="The problem's kind: a URI under " + PROBLEM_BASE + ", or about:blank")
    title: str = Field(description="The kind in words, the same for every problem of the kind")
    status: int = Field(description="The HTTP status")
    detail: Absent[str] = Field(default=None, description="What went wrong this time, and what to do",
                                json_schema_extra=_absent)
    instance: Absent[str] = Field(default=None, description="The path that was asked for", json_schema_extra=_absent)


class ParameterError(BaseModel):
    loc: list[str] = Field(description="Where: 'query', 'path' or 'body', then the parameter's name")
    msg: str
    type: str


class InvalidRequestProblem(Problem):
    """422: the request's parameters or body were read and refused, nothing was done. `type` says which:
    `invalid-parameters` (`errors` lists each parameter's error), `invalid-claims` (`errors` lists each
    problem of the claims as a line naming the item), `shape-violation` (`violations` lists the SHACL
    results), `export-error` (nothing matches the export's filters)."""

    errors: Absent[list[ParameterError] | list[str]] = Field(default=None, json_schema_extra=_absent)
    violations: Absent[list[str]] = Field(default=None, json_schema_extra=_absent)


PROBLEM_SCHEMA = {
    "description": "A problem document (RFC 9457)",
    "content": {PROBLEM_JSON: {"schema": {"$ref": _REF.format(model="Problem")}}},
}
INVALID_REQUEST_SCHEMA = {
    "description": "The request was refused as it stands (a problem document, RFC 9457)",
    "content": {PROBLEM_JSON: {"schema": {"$ref": _REF.format(model="InvalidRequestProblem")}}},
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


def kg_problem(error: Exception, path: str) -> tuple[int, dict[str, Any], dict[str, str] | None]:
    """The status, problem document and headers of a kg.errors exception raised while answering `path`."""
    for cls, status, kind, title in _MAPPING:
        if isinstance(error, cls):
            break
    if status >= 500:
        log.error("%s on %s: %s", type(error).__name__, path, error)
    extensions: dict[str, Any] = {}
    detail = str(error)
    if isinstance(error, InvalidClaims):
        extensions["errors"] = error.problems
        detail = f"{len(error.problems)} problem(s) in {error.source}: " + "; ".join(error.problems[:5])
    elif isinstance(error, ShapeViolation):
        extensions["violations"] = error.violations
        detail = f"{len(error.violations)} SHACL violation(s); the store is untouched"
    elif isinstance(error, MissingDependency):  # the CLI's advice (str) would not help a client
        extensions["dependency"] = error.dependency
        detail = (f"{error.needed_for} is not available: this server lacks {error.dependency} "
                  f"({error.install}, then restart the server)")
    headers = {"Retry-After": "1"} if isinstance(error, (QueriesBusy, QueryInterrupted)) else None
    body = problem_document(status, title, detail, kind=kind, instance=path)
    body.update({k: v for k, v in extensions.items() if v is not None})
    return status, body, headers


def problem_answer(error: Exception, path: str) -> tuple[int, bytes, dict[str, str] | None]:
    """What the app's handlers answer to `error` raised while answering `path` (status, body,
    headers), for handlers outside FastAPI's routing (api.sparql_route, api.list_routes)."""
    if isinstance(error, KGError):
        status, body, headers = kg_problem(error, path)
    elif isinstance(error, RequestValidationError):
        status, body, headers = 422, _validation_document(error, path), None
    else:
        status, body, headers = 500, _unexpected_document(error, path), None
    return status, _json_bytes(body), headers


def _json_bytes(document: dict[str, Any]) -> bytes:
    """As starlette's JSONResponse renders its content."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


def _kg_error(request: Request, error: Exception) -> JSONResponse:
    status, body, headers = kg_problem(error, request.url.path)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_document(error: RequestValidationError, path: str) -> dict[str, Any]:
    errors = [{"loc": [str(part) for part in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in error.errors()]
    detail = "; ".join(f"{'.'.join(e['loc'][1:] or e['loc'])}: {e['msg']}" for e in errors)
    body = problem_document(422, "Invalid request parameters", detail, kind="invalid-parameters", instance=path)
    body["errors"] = errors
    return body


def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse(_validation_document(error, request.url.path), status_code=422, media_type=PROBLEM_JSON)


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


def _unexpected_document(error: Exception, path: str) -> dict[str, Any]:
    log.exception("unexpected error on %s", path, exc_info=error)
    return problem_document(500, "Internal Server Error", "an unexpected error occurred; it has been logged",
                            instance=path)


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse(_unexpected_document(error, request.url.path), status_code=500, media_type=PROBLEM_JSON)


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Make an OpenAPI document describe the problem documents the handlers above send: every 422
    is `application/problem+json` (FastAPI declares its own `application/json` HTTPValidationError)."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, InvalidRequestProblem):
        generated = model.model_json_schema(ref_template=_REF)
        schemas.update(generated.pop("$defs", {}))
        schemas[model.__name__] = generated
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "422" in operation.get("responses", {}):
                operation["responses"]["422"] = INVALID_REQUEST_SCHEMA
    if '"#/components/schemas/HTTPValidationError"' not in json.dumps(schema.get("paths", {})):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return schema


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json, and document them."""
    app.add_exception_handler(KGError, _kg_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:  # FastAPI.openapi builds the document once and keeps it
            document_problems(FastAPI.openapi(app))
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to amend the document
