"""A commitment while a document is read: where it was found, and the cues that made it."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.claims.model import Commitment


@dataclass
class Draft:
    """A commitment found in a sentence, with where it was found and the cues that made it."""

    commitment: Commitment
    sentence: int
    paragraph: int
    section: int
    explicit_beneficiary: bool
    cues: list[str] = field(default_factory=list)
