"""Query parameters shared by the list routes."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from api.pagination import LIMIT_DEFAULT, LIMIT_MAX

Limit = Annotated[int, Query(ge=1, le=LIMIT_MAX, description=f"Items per page, 1 to {LIMIT_MAX}")]
Cursor = Annotated[str | None, Query(max_length=2000, description="The `next_cursor` of the previous page")]
From = Annotated[dt.date | None, Query(alias="from",
                                       description="Earliest date (YYYY-MM-DD); undated items are left out")]
To = Annotated[dt.date | None, Query(description="Latest date (YYYY-MM-DD); undated items are left out")]
ActorId = Annotated[str | None, Query(max_length=300, description="An actor's id, e.g. `france`")]
DEFAULT_LIMIT = LIMIT_DEFAULT


class SortOrder(str, Enum):
    """The order of a dated list. Undated items come last either way."""

    NEWEST = "newest"
    OLDEST = "oldest"


Sort = Annotated[SortOrder, Query(description="`newest` (the default): latest date first; `oldest`: earliest date "
                                              "first. Undated items come last either way; a cursor keeps its order")]
DEFAULT_SORT = SortOrder.NEWEST


def check_range(from_: dt.date | None, to: dt.date | None) -> None:
    if from_ is not None and to is not None and from_ > to:
        raise RequestValidationError([{"loc": ("query", "from"), "msg": "'from' is after 'to'", "type": "value_error"}])
