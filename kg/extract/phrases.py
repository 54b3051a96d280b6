"""Multi-word phrase lookup over token norms: one dictionary probe per token position.

Lexicons hold hundreds of phrases and the gazetteer thousands of names; a regex alternation of
all of them would be tried at every character, this is tried once per token, and only tokens
that start some phrase look further.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Generic, NamedTuple, TypeVar

from kg.extract.text import Token, phrase_key

T = TypeVar("T")


class PhraseMatch(NamedTuple, Generic[T]):
    start: int  # token index, inclusive
    end: int    # token index, exclusive
    payload: T
    key: tuple[str, ...]


class PhraseMatcher(Generic[T]):
    """Phrases keyed by their first token; each key keeps every payload added for it."""

    def __init__(self, items: Iterable[tuple[str, T]] = ()) -> None:
        # first token -> (lengths, longest first; key -> payloads)
        self._by_first: dict[str, tuple[list[int], dict[tuple[str, ...], list[T]]]] = {}
        self._firsts: set[str] = set()
        self._key = (id(self), 0)  # changes with every addition: keys the start positions cached on `Tokens`
        for phrase, payload in items:
            self.add(phrase, payload)

    def add(self, phrase: str | tuple[str, ...], payload: T, *, first: bool = False) -> None:
        """Add a phrase; `first` puts its payload before those already under the same key."""
        key = phrase if isinstance(phrase, tuple) else phrase_key(phrase)
        if not key:
            return
        self._key = (id(self), self._key[1] + 1)
        lengths, table = self._by_first.setdefault(key[0], ([], {}))
        self._firsts.add(key[0])
        payloads = table.setdefault(key, [])
        if payload in payloads:
            payloads.remove(payload)
        payloads.insert(0 if first else len(payloads), payload)
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)

    def __contains__(self, phrase: str) -> bool:
        key = phrase_key(phrase)
        return bool(key) and key in self._by_first.get(key[0], ([], {}))[1]

    def _matches(self, tokens: Sequence[Token], i: int, end: int,
                 entry: tuple[list[int], dict[tuple[str, ...], list[T]]]) -> list[PhraseMatch[T]]:
        lengths, table = entry
        found: list[PhraseMatch[T]] = []
        norms = getattr(tokens, "norm_list", None)
        for length in lengths:
            if i + length > end:
                continue
            if length == 1:
                key: tuple[str, ...] = (tokens[i].norm,)
            elif norms is not None:
                key = tuple(norms[i:i + length])
            else:
                key = tuple([t.norm for t in tokens[i:i + length]])
            payloads = table.get(key)
            if payloads:
                found.extend([PhraseMatch(i, i + length, p, key) for p in payloads])
        return found

    def at(self, tokens: Sequence[Token], i: int) -> list[PhraseMatch[T]]:
        """Every phrase starting at token i, longest first."""
        entry = self._by_first.get(tokens[i].norm) if i < len(tokens) else None
        return self._matches(tokens, i, len(tokens), entry) if entry else []

    def _starts(self, tokens: Sequence[Token], start: int, end: int) -> Iterable[int]:
        """Positions in [start, end) where some phrase may start: from the `Tokens` index of norms
        when there is one (no per-token probing), else every position."""
        positions = getattr(tokens, "positions", None)
        if positions is None:
            return range(start, end)
        cache = tokens.starts  # type: ignore[attr-defined]
        found = cache.get(self._key)
        if found is None:
            found = [i for norm in self._firsts.intersection(positions) for i in positions[norm]]
            found.sort()
            cache[self._key] = found
        if start <= 0 and end >= len(tokens):
            return found
        return found[bisect_left(found, start):bisect_left(found, end)]

    def find_all(self, tokens: Sequence[Token], start: int = 0, end: int | None = None) -> list[PhraseMatch[T]]:
        """Every match, overlapping ones included, in text order."""
        end = len(tokens) if end is None else end
        by_first = self._by_first
        found: list[PhraseMatch[T]] = []
        for i in self._starts(tokens, max(0, start), end):
            entry = by_first.get(tokens[i].norm)
            if entry:
                found.extend(self._matches(tokens, i, end, entry))
        return found

    def find(self, tokens: Sequence[Token], start: int = 0, end: int | None = None) -> list[PhraseMatch[T]]:
        """Leftmost-longest matches that do not overlap (first payload of each key)."""
        end = len(tokens) if end is None else end
        by_first = self._by_first
        found: list[PhraseMatch[T]] = []
        covered = 0
        for i in self._starts(tokens, max(0, start), end):
            if i < covered:
                continue
            entry = by_first.get(tokens[i].norm)
            if entry:
                matches = self._matches(tokens, i, end, entry)
                if matches:
                    found.append(matches[0])
                    covered = matches[0].end
        return found
