"""Folding of surface forms into lookup keys: case, accents, punctuation, a leading "the"."""

from __future__ import annotations

import unicodedata
from types import MappingProxyType

# Letters that Unicode decomposition leaves alone, and punctuation variants.
_FOLD = MappingProxyType(str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th",
        "ð": "d", "Ð": "D", "ß": "ss",
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'", "\u00b4": "'",
        "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ", "-": " ",
        ".": "", ",": " ", "\u00a0": " ",
    }
))
_EDGE_PUNCTUATION = " ;:!?\"'()[]{}«»\u201c\u201d"


def normalize(text: str) -> str:
    """Fold ``text`` to its lookup key.

    Case-insensitive, accent-insensitive ("António" = "Antonio", "Løkke" = "Lokke"), hyphens
    and dashes count as spaces, dots vanish ("U.S." = "US"), commas count as spaces, runs of
    whitespace collapse, surrounding quotes and punctuation go, and a leading "the " is dropped
    ("the Kremlin" = "Kremlin").
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = " ".join(folded.casefold().split()).strip(_EDGE_PUNCTUATION)
    if folded.startswith("the "):
        folded = folded[4:].lstrip()
    return folded


def strip_possessive(key: str) -> str | None:
    """``russia's`` -> ``russia``, ``states'`` -> ``states``; ``None`` when there is nothing to strip."""
    if key.endswith("'s") and len(key) > 2:
        return key[:-2]
    if key.endswith("s'") and len(key) > 2:
        return key[:-1]
    return None
