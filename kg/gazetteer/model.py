"""Typed entries of the gazetteer: states, organisations, groups, media and persons with posts.

Entries are immutable pydantic models. A person's posts name their title from the controlled
vocabulary in ``titles.yaml`` and the state or organisation they are held in (``of``), which the
loader checks against the other entries.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr, field_validator, model_validator

QID_PATTERN = re.compile(r"^Q[1-9][0-9]*$")

Kind = Literal["state", "person", "organisation", "group", "media"]
UNStatus = Literal["member", "observer", "none"]
Recognition = Literal["full", "partial"]


def _as_date(day: date | datetime) -> date:
    """A ``datetime`` compared with a ``date`` raises; reduce it to its calendar day."""
    return day.date() if isinstance(day, datetime) else day


class Post(BaseModel):
    """A post held by a person: ``title`` of ``of`` from ``since`` (inclusive) to ``until`` (exclusive).

    ``until`` is the first day out of office, which is the successor's first day, so on a
    handover day the successor holds the post. ``since: None`` means the start is not known;
    ``until: None`` means the post is still held.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    of: str
    since: date | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _until_after_since(self) -> Post:
        if self.since is not None and self.until is not None and self.until <= self.since:
            raise ValueError(f"post {self.title!r} of {self.of!r} ends ({self.until}) before it starts ({self.since})")
        return self

    def held_on(self, day: date | datetime) -> bool:
        """Whether the post was held on ``day`` (an unknown start counts as held before ``until``)."""
        day = _as_date(day)
        started = self.since is None or self.since <= day
        return started and (self.until is None or day < self.until)

    @property
    def current(self) -> bool:
        """Whether the post is still held (no ``until`` recorded)."""
        return self.until is None


class GazetteerEntry(BaseModel):
    """One named actor or source: a state, a person, an organisation, a group or a media outlet.

    Fields that do not apply to an entry's kind are ``None`` or empty (``iso2`` of a person,
    ``posts`` of a state). ``aliases`` holds other names under which ``Gazetteer.resolve`` finds
    the entry; a state's ``capitals`` and ``metonyms`` resolve to it too, its ``demonyms`` only
    through ``Gazetteer.state_for_demonym``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: Kind
    wikidata: str | None = None
    aliases: list[str] = []
    definite_article: bool = False
    # states
    official_name: str | None = None
    iso2: str | None = None
    iso3: str | None = None
    un: UNStatus | None = None
    recognition: Recognition | None = None
    demonyms: list[str] = []
    capitals: list[str] = []
    metonyms: list[str] = []
    # organisations and groups
    abbreviation: str | None = None
    # persons
    posts: list[Post] = []

    # Set by the Gazetteer after loading, to phrase roles: canonical titles that rank as
    # leader posts, and the display form of each ``of`` target ("the United States").
    _leader_titles: frozenset[str] = PrivateAttr(default_factory=frozenset)
    _display_names: dict[str, str] = PrivateAttr(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name must not be blank")
        return value.strip()

    @field_validator("wikidata")
    @classmethod
    def _qid_well_formed(cls, value: str | None) -> str | None:
        if value is not None and not QID_PATTERN.fullmatch(value):
            raise ValueError(f"malformed Wikidata id {value!r}: expected Q followed by digits, e.g. Q145")
        return value

    @field_validator("aliases", "demonyms", "capitals", "metonyms")
    @classmethod
    def _no_blank_strings(cls, values: list[str]) -> list[str]:
        cleaned = [v.strip() for v in values]
        if any(not v for v in cleaned):
            raise ValueError("must not contain blank strings")
        return cleaned

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> GazetteerEntry:
        if self.kind == "state":
            if self.iso2 is None or not re.fullmatch(r"[A-Z]{2}", self.iso2):
                raise ValueError(f"a state needs a two-letter upper-case iso2 code, got {self.iso2!r}")
            if self.iso3 is None or not re.fullmatch(r"[A-Z]{3}", self.iso3):
                raise ValueError(f"a state needs a three-letter upper-case iso3 code, got {self.iso3!r}")
            if self.un is None:
                raise ValueError("a state needs its UN status (un: member | observer | none)")
        else:
            state_only = {
                "iso2": self.iso2, "iso3": self.iso3, "un": self.un, "recognition": self.recognition,
                "official_name": self.official_name, "demonyms": self.demonyms,
                "capitals": self.capitals, "metonyms": self.metonyms,
            }
            present = sorted(k for k, v in state_only.items() if v)
            if present:
                raise ValueError(f"only states have {', '.join(present)}")
        if self.kind != "person" and self.posts:
            raise ValueError("only persons have posts")
        if self.kind not in ("organisation", "group") and self.abbreviation is not None:
            raise ValueError("only organisations and groups have an abbreviation")
        return self

    def posts_on(self, day: date | datetime | None = None) -> list[Post]:
        """Posts held on ``day``; with ``None``, the posts still held. Leader posts come first."""
        if day is None:
            held = [p for p in self.posts if p.current]
        else:
            held = [p for p in self.posts if p.held_on(day)]
        # Stable sort: among leader posts, and among the others, the file order decides.
        return sorted(held, key=lambda p: p.title not in self._leader_titles)

    def role_on(self, day: date | datetime | None = None) -> str | None:
        """The post held on ``day`` as a phrase ("President of France"), or ``None``.

        With ``day=None`` the current post. When several posts are held on the day, a head of
        state, government or organisation post (titles marked ``leader`` in titles.yaml) is
        preferred over the others; ties go to the post listed first in people.yaml.
        """
        held = self.posts_on(day)
        if not held:
            return None
        post = held[0]
        return f"{post.title} of {self._display_names.get(post.of, post.of)}"

    def display_name(self) -> str:
        """The name as it reads in running text: "the United States", "France", "NATO"."""
        return f"the {self.name}" if self.definite_article else self.name
