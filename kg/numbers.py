"""Exact decimals in JSON text: 90000000000 stays 90000000000 and 1.5 stays 1.5.

Amounts and quantities are Decimals from the claims file to the store (xsd:decimal) and back.
JSON writers know no Decimal: the standard library refuses one, pydantic writes it as a string,
and a float would turn 90000000000 into 90000000000.0 and round anything past 15 digits. So a
writer puts `marked(value)` where the number goes (a string tagged with a token drawn from the
OS's random source when the process starts, which no input can know), and `unmark` replaces
each tagged string in the finished text with the bare digits. Only the text of a finite
Decimal is ever tagged, so the replacement can only ever write a JSON number.
"""

from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

_TOKEN = f"exact-decimal-{secrets.token_hex(16)}:"
_MARKED_TEXT = re.compile('"' + re.escape(_TOKEN) + r'(-?[0-9]+(?:\.[0-9]+)?)"')
_MARKED_BYTES = re.compile(_MARKED_TEXT.pattern.encode("ascii"))


def text(value: Decimal) -> str:
    """The decimal in positional notation, as xsd:decimal and JSON write it: 9E+10 -> "90000000000"."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    return format(value, "f")


def parse(lexical: str | None) -> Decimal | None:
    """An xsd:decimal's exact value (an amount, a quantity), never through a float; None when
    there is no text or it is no finite number."""
    if lexical is None:
        return None
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def marked(value: Decimal) -> str:
    """A placeholder string for `value` that `unmark` turns into the bare number."""
    return _TOKEN + text(value)


def unmark(data: str | bytes) -> Any:
    """JSON text with every placeholder of `marked` replaced by its number (str in, str out; bytes, bytes)."""
    if isinstance(data, bytes):
        return _MARKED_BYTES.sub(rb"\1", data)
    return _MARKED_TEXT.sub(r"\1", data)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return marked(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(data: Any, **options: Any) -> str:
    """json.dumps, with every Decimal written as an exact JSON number."""
    return unmark(json.dumps(data, default=_default, **options))
