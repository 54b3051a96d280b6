"""Tokens with character offsets, and the one normalisation every lexicon lookup uses.

Every later stage works on token indices and turns them back into character offsets through
`Token.start`/`Token.end`, so quotes and spans always point into the article text as read.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Order matters: the first alternative that matches at a position wins.
_TOKEN = re.compile(
    r"""
      \d{4}-\d{2}-\d{2}                       # ISO dates stay whole
    | [ap]\.m\.                               # a.m. / p.m.
    | (?:[A-Z]\.){2,}                         # U.S., U.K., D.C.
    | \d+(?:st|nd|rd|th)\b                    # ordinals: 19th
    | \d+(?:[.,:]\d+)*                        # 5,000  2.5  11:30
    | ['’ʼ]s\b                                # possessive 's is a token of its own
    | [^\W\d_]+(?:-[^\W_]+)*(?:['’ʼ](?!s\b)[^\W_]+)*   # words, F-16, don't
    | \S                                      # any other single character
    """,
    re.VERBOSE,
)

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                              "–": "-", "—": "-", "\u00a0": " "})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Case-folded, accent-free, with one apostrophe and one dash: the key of every lookup."""
    text = text.translate(_APOSTROPHES)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.casefold()


class Token(NamedTuple):
    """A word, number or punctuation mark (a named tuple: sentences make thousands of them)."""

    text: str
    start: int  # character offset into the article
    end: int
    norm: str

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()


class Tokens(list[Token]):
    """A sentence's tokens, with the set of their norms: a lexicon none of whose phrases starts
    with one of them need not look at the tokens one by one."""

    __slots__ = ("positions", "norms", "starts", "norm_list")

    def __init__(self, tokens: list[Token]) -> None:
        super().__init__(tokens)
        self.norm_list = [t.norm for t in tokens]
        self.starts: dict[tuple[int, int], list[int]] = {}   # per phrase table: where one of its phrases may start
        self.positions: dict[str, list[int]] = {}
        for i, token in enumerate(tokens):
            self.positions.setdefault(token.norm, []).append(i)
        self.norms = self.positions.keys()


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """Tokens of text[start:end], offsets relative to the whole text."""
    end = len(text) if end is None else end
    out = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        out.append(Token(word, m.start(), m.end(), word if word.islower() and word.isascii() and "`" not in word else normalize(word)))
    return Tokens(out)


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The token-norm tuple a lexicon phrase is matched by."""
    return tuple(token.norm for token in tokenize(phrase))
