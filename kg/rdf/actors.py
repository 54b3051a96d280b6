"""Resolving the names a document uses to the actors it means, with the gazetteer's help.

A claims file declares actors; commitments and events name them, sometimes by an alias
('Britain', 'Washington'). The directory maps every surface name to one canonical actor, so
the same actor gets the same IRI in every document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.claims.model import Actor, Claims
from kg.claims.vocabulary import ActorKind

if TYPE_CHECKING:
    from kg.gazetteer import Gazetteer


@dataclass
class ResolvedActor:
    """One actor of a document, with what the file and the gazetteer know of it."""

    name: str
    kind: ActorKind
    role: str | None = None
    wikidata: str | None = None
    iso2: str | None = None
    aliases: set[str] = field(default_factory=set)
    declared: bool = True


# Cached: the mapper looks up the same few dozen names for every commitment and participant.
@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


class ActorDirectory:
    """Surface name -> canonical actor for one document."""

    def __init__(self, claims: Claims, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self._published = claims.published
        self._by_key: dict[str, ResolvedActor] = {}
        self.actors: dict[str, ResolvedActor] = {}
        for actor in claims.actors:
            self._declare(actor)

    def _declare(self, actor: Actor) -> None:
        entry = self._gazetteer.resolve(actor.name) if self._gazetteer else None
        if entry is not None and entry.kind != actor.kind.value:
            entry = None  # a namesake of another kind ("Georgia" the person) is not this actor
        canonical = entry.name if entry is not None else actor.name
        resolved = self.actors.get(canonical)
        if resolved is None:
            resolved = ResolvedActor(name=canonical, kind=actor.kind)
            self.actors[canonical] = resolved
        resolved.role = actor.role or resolved.role
        resolved.wikidata = actor.wikidata or resolved.wikidata
        resolved.aliases |= set(actor.aliases)
        if actor.name != canonical:
            resolved.aliases.add(actor.name)
        if entry is not None:
            self._enrich(resolved, entry)
        for surface in (actor.name, canonical, *actor.aliases):
            self._by_key.setdefault(_key(surface), resolved)

    def _enrich(self, resolved: ResolvedActor, entry: object) -> None:
        resolved.wikidata = resolved.wikidata or getattr(entry, "wikidata", None)
        resolved.iso2 = resolved.iso2 or getattr(entry, "iso2", None)
        if resolved.kind is ActorKind.PERSON and not resolved.role:
            resolved.role = entry.role_on(self._published)  # type: ignore[attr-defined]

    def resolve(self, name: str) -> ResolvedActor | None:
        """The actor a name means: declared in the file first, then the gazetteer (added as undeclared)."""
        found = self._by_key.get(_key(name))
        if found is not None or self._gazetteer is None:
            return found
        entry = self._gazetteer.resolve(name)
        if entry is None:
            return None
        resolved = self.actors.get(entry.name)
        if resolved is None:
            resolved = ResolvedActor(name=entry.name, kind=ActorKind(entry.kind), declared=False)
            self._enrich(resolved, entry)
            self.actors[entry.name] = resolved
        self._by_key[_key(name)] = resolved
        return resolved

    def known_names(self) -> set[str]:
        return set(self._by_key)

    def resolve_post_body(self, role: str) -> tuple[str, ResolvedActor | None]:
        """'President of France' -> ('President', France); the body is resolved like any name."""
        title, sep, body = role.partition(" of ")
        if not sep:
            return role, None
        return title.strip(), self.resolve(body.strip())
