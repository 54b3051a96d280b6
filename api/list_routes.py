"""The commitment lists (`GET /actors/{id}/commitments`, `GET /commitments`) answered ahead of
FastAPI's router when the request is plain: JSON asked for, every parameter one the route knows,
given once, with a value FastAPI would take as it is.

Reading and validating nine query parameters through FastAPI's dependency machinery cost about
0.3 ms of CPU per request, as much as the catalogue page itself (api.read_cache): the REST route
was to answer an actor's 20 newest commitments in under 2 ms. This handler checks the same values
itself and calls the same readers (api.readers) on a thread, as the FastAPI route does; anything
it is not sure of (an unknown or repeated parameter, a value in another spelling, JSON-LD, HEAD)
goes on to the FastAPI routes in api.routers, which stay the reference, the OpenAPI description
and the 422 messages. Its errors are the same problem documents (api.problems).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from anyio import to_thread
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api import models as m
from api import readers
from api.jsonld import render, wants_jsonld
from api.pagination import LIMIT_DEFAULT, LIMIT_MAX
from api.params import SortOrder, check_range
from api.problems import PROBLEM_JSON, problem_answer
from api.sparql_route import form_fields, route_path, send_response
from kg.claims.vocabulary import CommitmentType, Status

_ACTOR_PATH = re.compile(r"/actors/([^/]+)/commitments")
_LIMIT = re.compile(r"[1-9][0-9]{0,2}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TYPES = {t.value: t.value for t in CommitmentType}
_STATUSES = {s.value: s.value for s in Status}
_ROLES = {r.value: r for r in m.RoleFilter}
_SORTS = {s.value: s for s in SortOrder}
_CURSOR_MAX, _ACTOR_ID_MAX = 2000, 300  # api.params.Cursor, api.params.ActorId
_COMMON = frozenset({"type", "status", "from", "to", "limit", "cursor", "sort"})
_ACTOR_PARAMS = _COMMON | {"role"}
_LIST_PARAMS = _COMMON | {"committer", "beneficiary"}


class _Unsure(Exception):
    """A value this handler leaves to FastAPI's validation."""


class ListRoutes:
    """ASGI middleware answering plain requests for the commitment lists; everything else passes on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        actor = _ACTOR_PATH.fullmatch(path)
        if actor is None and path != "/commitments":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            call = self._reader(request, actor.group(1) if actor else None)
        except _Unsure:
            call = None
        if call is None:
            await self.app(scope, receive, send)
            return
        try:
            body = await to_thread.run_sync(call)
        except Exception as error:  # noqa: BLE001 - answered as the app's handlers answer it
            await send_response(send, *problem_answer(error, scope["path"]), media_type=PROBLEM_JSON)
        else:
            await send_response(send, 200, body, None, media_type="application/json")

    def _reader(self, request: Request, actor_id: str | None) -> Callable[[], bytes] | None:
        """The work of the route for this request, or None when FastAPI's route should answer it."""
        app = request.scope.get("app")
        state = getattr(app, "state", None)
        catalogue = getattr(state, "catalogue", None)
        store = getattr(state, "store", None)
        if catalogue is None or store is None or not catalogue.ready or wants_jsonld(request):
            return None  # lists by SPARQL while the catalogue builds, and JSON-LD: FastAPI's routes
        pairs = form_fields(request.scope["query_string"])
        params = dict(pairs)
        if len(params) != len(pairs) or not params.keys() <= (_ACTOR_PARAMS if actor_id else _LIST_PARAMS):
            return None
        common: dict[str, Any] = {
            "type_": _choice(params, "type", _TYPES), "status": _choice(params, "status", _STATUSES),
            "from_": _day(params, "from"), "to": _day(params, "to"), "limit": _limit(params),
            "cursor": _text(params, "cursor", _CURSOR_MAX), "catalogue": catalogue,
            "sort": _choice(params, "sort", _SORTS) or SortOrder.NEWEST}
        read: Callable[[], Any]
        if actor_id is not None:
            read = functools.partial(readers.actor_commitments, request, store, actor_id,
                                     role=_choice(params, "role", _ROLES) or m.RoleFilter.ANY, **common)
        else:
            read = functools.partial(readers.list_commitments, request, store,
                                     committer=_text(params, "committer", _ACTOR_ID_MAX),
                                     beneficiary=_text(params, "beneficiary", _ACTOR_ID_MAX), **common)

        def page() -> bytes:
            check_range(common["from_"], common["to"])
            return bytes(render(request, read()).body)

        return page


def _choice(params: dict[str, str], name: str, values: dict[str, Any]) -> Any:
    if name not in params:
        return None
    if params[name] not in values:
        raise _Unsure(name)
    return values[params[name]]


def _day(params: dict[str, str], name: str) -> dt.date | None:
    if name not in params:
        return None
    value = params[name]
    if not _DAY.fullmatch(value):
        raise _Unsure(name)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Unsure(name) from None


def _limit(params: dict[str, str]) -> int:
    if "limit" not in params:
        return LIMIT_DEFAULT
    value = params["limit"]
    if not _LIMIT.fullmatch(value) or int(value) > LIMIT_MAX:
        raise _Unsure("limit")
    return int(value)


def _text(params: dict[str, str], name: str, longest: int) -> str | None:
    value = params.get(name)
    if value is not None and len(value) > longest:
        raise _Unsure(name)
    return value
