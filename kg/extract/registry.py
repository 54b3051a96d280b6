"""The actors one document declares: one per canonical name, in order of first mention.

Every name a commitment or an event uses must be declared (the ingestion refuses others), so
the pipeline declares every mention, the post holders' states and organisations, and finally
any name a commitment or event uses that no mention declared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.claims.model import Actor
from kg.claims.vocabulary import ActorKind
from kg.extract.actors import ActorMatcher, Mention
from kg.extract.text import normalize


@dataclass
class ActorRegistry:
    """The actors a document declares, in order of first mention, one per canonical name."""

    actors: dict[str, Actor] = field(default_factory=dict)

    def declare(self, name: str, kind: str, role: str | None = None, wikidata: str | None = None,
                alias: str | None = None) -> str:
        actor = self.actors.get(name)
        if actor is None:
            actor = Actor(name=name, kind=ActorKind(kind), role=role, wikidata=wikidata)
            self.actors[name] = actor
        else:
            if role and not actor.role:
                actor.role = role
            if wikidata and not actor.wikidata:
                actor.wikidata = wikidata
        if alias and normalize(alias) != normalize(name) and alias not in actor.aliases \
                and len(actor.aliases) < 8 and not alias.islower():
            actor.aliases.append(alias)
        return name

    def declare_mention(self, mention: Mention, matcher: ActorMatcher) -> None:
        if not mention.actor:
            return
        alias = None if mention.via in ("demonym", "titled", "appositive", "counted") else mention.surface
        if alias and alias.lower().startswith("the "):
            alias = alias[4:]
        self.declare(mention.name, mention.kind, mention.role, mention.wikidata, alias)
        if mention.kind == "person" and mention.office:
            entry = matcher.entry(mention.office)
            kind = entry.kind if entry is not None else (mention.office_kind or "state")
            self.declare(entry.name if entry is not None else mention.office, kind,
                         wikidata=getattr(entry, "wikidata", None))

    def has(self, name: str) -> bool:
        return name in self.actors

    def kind_of(self, name: str) -> str | None:
        actor = self.actors.get(name)
        return actor.kind.value if actor is not None else None
