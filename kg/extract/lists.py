"""Donor lists set out one line each after a lead-in that ends with a colon.

    Here's a breakdown of some of the money that donors have pledged to provide to Syria:
    Kuwait: $300 million.
    Saudi Arabia - $300 million.

Each line names a donor and its amount and nothing else: no verb, so no type or status cue of its
own. The lead-in says what the amounts are (pledged, given) and to whom; each line is its donor's
own financial aid with that status. The list ends at the first line of another form.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.actors import Mention
from kg.extract.amounts import Money
from kg.extract.analysis import SentenceAnalysis

# What may stand between a donor and its amount on a list's line.
_SEPARATORS = frozenset({":", "-", "–", "—"})
# Statuses a lead-in may give its list (a refusal or a "none" cue makes no list of commitments).
_STATUSES = ("pledged", "delivered", "reported_intent")
# Words before the one a lead-in's amounts are for: "pledged to provide to Syria".
_FOR = frozenset({"to", "for"})


@dataclass(frozen=True)
class Lead:
    """What a list's lead-in says of its amounts: their status, whom they are for, and what said it."""

    status: str
    status_cue: str
    beneficiary: Mention | None


def lead_in(a: SentenceAnalysis) -> Lead | None:
    """The lead-in of a list of amounts: a sentence that ends with a colon and says amounts were
    pledged or given ("... the money that donors have pledged to provide to Syria ...:")."""
    tokens = a.tokens
    if not tokens or tokens[-1].norm != ":":
        return None
    cue = next((c for c in a.status_cues if c.label in _STATUSES), None)
    if cue is None or a.negations:
        return None
    beneficiary = next((m for m in a.mentions if m.actor and m.kind == "state" and not m.is_demonym
                        and m.start > 0 and tokens[m.start - 1].norm in _FOR), None)
    return Lead(cue.label, cue.text, beneficiary)


def line(a: SentenceAnalysis) -> Mention | None:
    """The donor a list's line opens with, before its separator ("Kuwait: ...", "Saudi Arabia - ..."),
    or None for a sentence of another form (which ends the list)."""
    tokens = a.tokens
    start = 1 if tokens and tokens[0].norm == "the" else 0
    donor = next((m for m in a.mentions if m.start == start), None)
    if donor is None or not donor.actor or donor.kind not in ("state", "organisation") or donor.is_demonym:
        return None
    return donor if donor.end < len(tokens) and tokens[donor.end].norm in _SEPARATORS else None


def amount(a: SentenceAnalysis, donor: Mention) -> Money | None:
    """The amount right after a list line's separator ("Kuwait: $300 million.", "European Union:
    €100 million ($135.2 million)."), or None."""
    return next((m for m in a.money if m.start == donor.end + 1), None)
