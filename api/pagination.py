"""Keyset pagination with opaque cursors.

List queries order by (sort key, tie-breaker) and take `afterKey`/`afterTie` parameters; the
tie-breaker is a short hash of the item's IRI (sorting on the IRIs themselves makes Oxigraph read
each IRI's text at every comparison: 5 s instead of 0.6 s for 100,000 items). A cursor is the two
values and a fingerprint of the filters, base64url-encoded. Reading stops after limit + 1 items
of the lazily evaluated solutions, so a page costs its own size, and a page never shifts when
items are added before it (unlike offsets).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

LIMIT_DEFAULT = 50
LIMIT_MAX = 500


def fingerprint(filters: dict[str, Any]) -> str:
    text = json.dumps({k: str(v) for k, v in sorted(filters.items()) if v is not None}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def encode_cursor(key: str, tie: str, filters: dict[str, Any]) -> str:
    raw = json.dumps([key, tie, fingerprint(filters)], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _invalid(message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", "cursor"), "msg": message, "type": "value_error"}])


def decode_cursor(cursor: str | None, filters: dict[str, Any]) -> tuple[str | None, str | None]:
    """(afterKey, afterTie) from a cursor; (None, None) for the first page. Bad cursors are 422."""
    if not cursor:
        return None, None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, tie, mark = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise _invalid("not a cursor this API gave out") from None
    if not (isinstance(key, str) and isinstance(tie, str) and isinstance(mark, str)):
        raise _invalid("not a cursor this API gave out")
    if mark != fingerprint(filters):
        raise _invalid("this cursor belongs to a list with other filters; start again without it")
    return key, tie


Row = dict[str, Any]


def take(rows: Iterable[Row], item: str, limit: int) -> tuple[list[list[Row]], tuple[str, str] | None]:
    """Group consecutive rows by the item variable; stop after `limit` items.

    Returns the items' rows and, when more items follow, the (key, tie) to continue after.
    """
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    more = False
    iterator: Iterator[dict[str, Any]] = iter(rows)
    for row in iterator:
        iri = row[item].value
        if groups and groups[-1][0] == iri:
            groups[-1][1].append(row)
            continue
        if len(groups) == limit:
            more = True
            break
        groups.append((iri, [row]))
    last = groups[-1][1][0] if groups else None
    after = (last["key"].value, last["tie"].value) if more and last is not None else None
    return [rows_ for _, rows_ in groups], after


def next_link(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return str(request.url.include_query_params(cursor=cursor))
