"""The Gazetteer: lookup of states, organisations, groups, media and persons by surface form."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import MappingProxyType

from kg.gazetteer.model import GazetteerEntry
from kg.gazetteer.normalize import normalize, strip_possessive

# Lower ranks win. Kinds first: a state beats an organisation, a group, a person or an outlet
# under the same surface form ("Georgia"); then how the form names the entry.
_KIND_RANK = MappingProxyType({"state": 0, "organisation": 1, "group": 2, "person": 3, "media": 4})
_NAME, _OFFICIAL, _ABBREVIATION, _ALIAS, _CAPITAL, _METONYM = range(6)

_ROMAN_NUMERAL = re.compile(r"^[ivxlcdm]+$")


@dataclass(frozen=True)
class TitleSpec:
    """A canonical title of the controlled vocabulary (see data/titles.yaml)."""

    title: str
    variants: tuple[str, ...]
    leader: bool = False
    generic: str | None = None


def surface_forms(entry: GazetteerEntry) -> Iterator[tuple[str, int]]:
    """Every form under which ``resolve`` finds ``entry``, with how it names the entry."""
    yield entry.name, _NAME
    if entry.official_name:
        yield entry.official_name, _OFFICIAL
    if entry.abbreviation:
        yield entry.abbreviation, _ABBREVIATION
    for alias in entry.aliases:
        yield alias, _ALIAS
    for capital in entry.capitals:
        yield capital, _CAPITAL
    for metonym in entry.metonyms:
        yield metonym, _METONYM


def surname_keys(entry: GazetteerEntry) -> set[str]:
    """Lookup keys under which a person is found by surname: the last word of the name and every alias."""
    keys = {normalize(alias) for alias in entry.aliases}
    words = normalize(entry.name).split()
    if len(words) > 1 and " of " not in f" {normalize(entry.name)} " and not _ROMAN_NUMERAL.match(words[-1]):
        keys.add(words[-1])
    keys.discard("")
    return keys


class Gazetteer:
    """Actors and sources by name. Build it with ``load_gazetteer()`` and keep the object.

    Lookups fold case, accents, hyphens, dots and a leading "the" (see ``normalize``), so
    "the Kremlin", "Antonio Costa", "U.S." and "Kyiv" all find their entries.

    Ambiguity rule, when one surface form belongs to several entries: the entry of the
    better-ranked kind wins (state, then organisation, then group, then person, then media),
    so "Georgia" is the state; between entries of one kind, the one the form names more
    directly wins (canonical name, then official name, abbreviation, alias, capital, metonym);
    then the entry listed first in the data files. ``candidates()`` returns them all, ranked.
    """

    def __init__(self, entries: Iterable[GazetteerEntry], titles: Iterable[TitleSpec] = ()) -> None:
        self._entries: tuple[GazetteerEntry, ...] = tuple(entries)
        self._titles: tuple[TitleSpec, ...] = tuple(titles)
        self._by_name: dict[str, GazetteerEntry] = {e.name: e for e in self._entries}
        self._title_by_key: dict[str, TitleSpec] = {}
        for spec in self._titles:
            for form in (spec.title, *spec.variants):
                self._title_by_key.setdefault(normalize(form), spec)

        ranked: dict[str, dict[str, tuple[tuple[int, int, int], GazetteerEntry]]] = {}
        for order, entry in enumerate(self._entries):
            for form, how in surface_forms(entry):
                key = normalize(form)
                if not key:
                    continue
                rank = (_KIND_RANK[entry.kind], how, order)
                slot = ranked.setdefault(key, {})
                best = slot.get(entry.name)
                if best is None or rank < best[0]:
                    slot[entry.name] = (rank, entry)
        self._index: dict[str, tuple[GazetteerEntry, ...]] = {
            key: tuple(entry for _, entry in sorted(slot.values(), key=lambda item: item[0]))
            for key, slot in ranked.items()
        }

        self._demonyms: dict[str, GazetteerEntry] = {}
        for entry in self._entries:
            for demonym in entry.demonyms:
                self._demonyms.setdefault(normalize(demonym), entry)

        self._surnames: dict[str, list[GazetteerEntry]] = {}
        for entry in self._entries:
            if entry.kind == "person":
                for key in surname_keys(entry):
                    self._surnames.setdefault(key, []).append(entry)

        leader_titles = frozenset(spec.title for spec in self._titles if spec.leader)
        display = {e.name: e.display_name() for e in self._entries if e.kind != "person"}
        for entry in self._entries:
            if entry.kind == "person":
                entry._leader_titles = leader_titles
                entry._display_names = display

    # --- collections ---------------------------------------------------------------------

    @property
    def entries(self) -> list[GazetteerEntry]:
        """All entries, in file order (states, organisations, media, people)."""
        return list(self._entries)

    @property
    def titles(self) -> dict[str, list[str]]:
        """Canonical title -> its surface variants (the canonical form first), from titles.yaml."""
        return {spec.title: list(spec.variants) for spec in self._titles}

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self._entries)

    def get(self, name: str) -> GazetteerEntry | None:
        """The entry whose canonical name is exactly ``name``."""
        return self._by_name.get(name)

    def of_kind(self, *kinds: str) -> list[GazetteerEntry]:
        """Entries of the given kinds, in file order."""
        return [e for e in self._entries if e.kind in kinds]

    def names(self) -> Iterator[tuple[str, str]]:
        """(surface form, canonical name) for every form ``resolve`` accepts, as written in the data.

        For building fast matchers. Demonyms are not included (see ``demonyms``). The forms
        are raw: a matcher over running text should match all-capital abbreviations ("US",
        "WHO", "CAR") case-sensitively, although ``resolve`` itself ignores case.
        """
        for entry in self._entries:
            seen: set[str] = set()
            for form, _ in surface_forms(entry):
                if form not in seen:
                    seen.add(form)
                    yield form, entry.name

    def demonyms(self) -> Iterator[tuple[str, str]]:
        """(demonym, canonical state name) pairs, for building matchers."""
        for entry in self._entries:
            for demonym in entry.demonyms:
                yield demonym, entry.name

    # --- lookups -------------------------------------------------------------------------

    def candidates(self, text: str) -> list[GazetteerEntry]:
        """Every entry ``text`` names, best first (see the class docstring for the ranking)."""
        key = normalize(text)
        found = self._index.get(key)
        if found is None:
            bare = strip_possessive(key)
            found = self._index.get(bare, ()) if bare else ()
        return list(found)

    def resolve(self, text: str) -> GazetteerEntry | None:
        """The entry ``text`` names: a canonical or official name, abbreviation, alias, capital or metonym.

        "Britain" -> United Kingdom, "the Kremlin" -> Russia, "Kyiv" -> Ukraine, "Antonio Costa"
        -> António Costa, "NATO" -> NATO. Demonyms are adjectives, not names: "British" gives
        ``None`` here (use ``state_for_demonym``). When several entries share the form, the
        ambiguity rule of the class docstring picks one (a state first). ``None`` when nothing matches.
        """
        found = self.candidates(text)
        return found[0] if found else None

    def state_for_demonym(self, text: str) -> GazetteerEntry | None:
        """The state an adjective or attributive form refers to: "Finnish" -> Finland, "US" -> United States.

        Demonyms come from states.yaml. A plural ("Ukrainians") is tried without its "s", and
        a state's own name or alias used attributively ("Ukraine envoy") is accepted as well;
        capitals and metonyms are not.
        """
        key = normalize(text)
        if not key:
            return None
        entry = self._demonyms.get(key)
        if entry is None and key.endswith("s"):
            entry = self._demonyms.get(key[:-1])
        if entry is not None:
            return entry
        for candidate in self._index.get(key, ()):
            if candidate.kind == "state" and key in {
                normalize(form) for form, how in surface_forms(candidate) if how <= _ALIAS
            }:
                return candidate
        return None

    def resolve_person_by_surname(self, surname: str) -> GazetteerEntry | None:
        """The one person known by ``surname`` (the last word of the name, or an alias), else ``None``.

        "Rubio" -> Marco Rubio, "Zelenskyy" -> Volodymyr Zelensky. Returns ``None`` when no
        person or more than one person answers to the surname ("Harris": Kamala Harris and
        Simon Harris), so a bare surname never picks one of several people by chance.
        """
        key = normalize(surname)
        found = self._surnames.get(key)
        if found is None:
            bare = strip_possessive(key)
            found = self._surnames.get(bare, []) if bare else []
        unique = {e.name: e for e in found}
        return next(iter(unique.values())) if len(unique) == 1 else None

    def canonical_title(self, text: str) -> str | None:
        """The canonical title a surface form stands for: "defense minister" -> "Defence Minister"."""
        spec = self._title_by_key.get(normalize(text))
        return spec.title if spec else None

    def generic_title(self, title: str) -> str | None:
        """The cross-country title of a national one: "Secretary of State" -> "Foreign Minister".

        A title without a ``generic`` in titles.yaml is its own generic title; ``None`` for an unknown title.
        """
        spec = self._title_by_key.get(normalize(title))
        if spec is None:
            return None
        return spec.generic or spec.title

    def is_leader_title(self, title: str) -> bool:
        """Whether a title (or variant) is a head of state, government or organisation title."""
        spec = self._title_by_key.get(normalize(title))
        return bool(spec and spec.leader)
