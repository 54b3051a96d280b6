"""How alike two reports are: a score with its reasons, or None when a hard rule keeps them apart.

Every weight and threshold comes from kg/link/data/linking.yaml (LinkSettings).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from kg.link.reports import Report
from kg.link.settings import LinkSettings

SAME = "same"          # two tellings of one commitment
FULFILS = "fulfils"    # a delivery of what an earlier report pledged
CURATED = "curated"    # a person said so (same_as)


@dataclass(frozen=True, slots=True)
class Edge:
    """A scored pair: `first` is the earlier report (by day, then IRI)."""

    first: str
    second: str
    score: float
    kind: str
    reasons: tuple[str, ...]

    @property
    def key(self) -> tuple[float, str, str]:
        """Strongest first, ties by IRIs: the clustering's order, the same on every run."""
        return (-self.score, self.first, self.second)


def days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)


def relative_gap(a: Decimal, b: Decimal) -> Decimal:
    """|a - b| over the larger of the two (0 when both are 0)."""
    larger = max(a, b)
    return abs(a - b) / larger if larger else Decimal(0)


def similarity(shared: int, size_a: int, size_b: int) -> float:
    """The mean of the cosine and the overlap coefficient of two word sets of these sizes sharing
    `shared` words: a short quote whose words all reappear in a long one counts, without a long
    one's many words swamping it.

    Words of the boilerplate are not counted as shared, but still count in each quote's length:
    two quotes of a template that differ in everything but one number are not alike (left out of
    the lengths too, that one number would be all that is left of them)."""
    if not size_a or not size_b:
        return 0.0
    return (shared / math.sqrt(size_a * size_b) + shared / min(size_a, size_b)) / 2


def _agreeing(agreement: str, what: str, unit: object, weight: float, reasons: list[str]) -> float:
    """The weight two figures that agree add, and the reason saying how they agree."""
    if agreement == "same":
        reasons.append(f"same {what} ({unit})")
        return weight
    reasons.append(f"{'part of the' if agreement == 'part' else 'close'} {what} ({unit})")
    return 0.0


def _figure(a: Decimal, b: Decimal, tolerance: Decimal, same: Decimal, delivery_after_pledge: bool) -> str | None:
    """'same', 'close' or 'part' (a delivery of part of a pledge), or None when the figures disagree."""
    gap = relative_gap(a, b)
    if gap <= same:
        return "same"
    if gap <= tolerance:
        return "close"
    return "part" if delivery_after_pledge and b < a else None


def score(a: Report, b: Report, settings: LinkSettings, common: frozenset[str] = frozenset()) -> Edge | None:
    """The pair's edge, or None when a hard rule forbids the link or the score is under threshold.

    `common`: the committer's boilerplate words in the pair's type group (kg/link/candidates.py):
    they are never shared words (see `similarity`)."""
    if a.sort_key > b.sort_key:
        a, b = b, a
    w = settings.weights
    if a.committer != b.committer or a.iri == b.iri:
        return None
    if not settings.same_document and a.document == b.document:
        return None
    reasons: list[str] = []
    total = 0.0
    if a.type != b.type:
        if settings.group(a.type) != settings.group(b.type):
            return None
        total += w.related_type
        reasons.append(f"related types: {a.type} and {b.type}")
    else:
        total += w.same_type
        reasons.append(f"same committer and type ({a.type})")
    gap = days_apart(a.day, b.day)
    if gap is not None and gap > settings.max_gap_days:
        return None
    if (a.status in settings.delivered and b.status in settings.pledge_stage and gap is not None
            and gap > settings.pledge_after_delivery_days):
        return None  # a new pledge after a delivery: the next one
    for role in ("beneficiary", "target", "counterparty"):
        mine, theirs = a.party(role), b.party(role)
        if mine and theirs:
            if not mine & theirs:
                return None
            total += w.same_party
            reasons.append(f"same {role}")
        elif mine or theirs:
            total += w.missing_party
            reasons.append(f"{role} named by one report only")
    fulfils = b.status in settings.delivered and a.status in settings.pledge_stage
    if a.amount is not None and b.amount is not None:
        if a.currency != b.currency:
            return None
        agreement = _figure(a.amount, b.amount, settings.amount_tolerance, settings.amount_same, fulfils)
        if agreement is None:
            return None
        total += _agreeing(agreement, "amount", a.currency, w.same_amount, reasons)
    if a.quantity is not None and b.quantity is not None and a.unit == b.unit:
        agreement = _figure(a.quantity, b.quantity, settings.quantity_tolerance, settings.quantity_same, fulfils)
        if agreement is None:
            return None
        total += _agreeing(agreement, "quantity", a.unit, w.same_quantity, reasons)
    for exclusive in settings.exclusive_words:
        mine, theirs = a.words & exclusive, b.words & exclusive
        if mine and theirs and not mine & theirs:
            return None
    shared = (a.words & b.words) - common if common else a.words & b.words
    figures_agree = any(r.startswith("same amount") or r.startswith("same quantity") for r in reasons)
    if len(shared) < settings.min_shared_words and not figures_agree:
        return None
    text = similarity(len(shared), len(a.words), len(b.words))
    total += w.text * text
    if shared:
        reasons.append(f"wording {text:.2f} (shared: {', '.join(sorted(shared)[:8])})")
    if gap is not None and gap <= settings.close_days:
        total += w.close_dates
        reasons.append(f"{gap} days apart")
    if a.announcer and a.announcer == b.announcer:
        total += w.same_announcer
        reasons.append("same announcer")
    if a.condition_words & b.condition_words:
        total += w.same_condition
        reasons.append("same condition")
    if fulfils:
        total += w.fulfils
        reasons.append(f"a delivery after a {a.status} report")
    total = max(0.0, min(1.0, total))
    if total < settings.threshold:
        return None
    return Edge(a.iri, b.iri, round(total, 3), FULFILS if fulfils else SAME, tuple(reasons))


def curated_edge(a: Report, b: Report) -> Edge:
    if a.sort_key > b.sort_key:
        a, b = b, a
    return Edge(a.iri, b.iri, 1.0, CURATED, ("curated: same commitment",))
