"""Which reports a report is scored against: the candidate index of one committer.

Scoring every pair of a committer's reports is quadratic, and a committer's reports often share
their words: a newsroom's or a government's usual phrasing, a generated corpus's one template per
type. So a report is compared only with reports of the same committer (the index is per
committer) and the same type group (a hard rule of the score), that share with it

* a word that is not the committer's boilerplate in that type group, or
* an amount (in one currency) or a numeric quantity (of one unit) within the "same figure" share
  (`amount_same`, `quantity_same`): figures are put in logarithmic buckets of that width, so two
  figures that close are in the same or neighbouring buckets.

No other pair can link: the score needs `min_shared_words` shared words (boilerplate does not
count) or figures that agree. So the index finds every pair the linker could link, whatever the
order of arrival.

**Boilerplate.** A word in more than `boilerplate_reports` of one committer's reports of one type
group tells none of them apart: it finds no candidates and is never counted as a shared word
(kg.link.score.similarity; it still makes a quote longer). The
weight is binary (a word counts in full or not at all) rather than a graded inverse frequency,
so that a pair's score changes only when one of its words crosses that line, never with every
new report; when a word crosses it (either way), `add` and `remove` return the reports that hold
it, which the linker scores again, and the result is the same as a rebuild from scratch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from kg.link.reports import Report
from kg.link.settings import LinkSettings

Key = tuple[str, str]  # (type group, word or figure bucket)


def _bucket(value: Decimal, same: Decimal) -> int | None:
    """The logarithmic bucket of a figure: figures within `same` of each other are at most one
    bucket apart (the width is the log of that ratio); 0 has a bucket of its own (None)."""
    if value <= 0:
        return None
    # a hair wider than the share, so that rounding never puts two such figures two buckets apart
    width = -math.log(1 - float(same)) * 1.000001 if same > 0 else 1e-9
    return math.floor(math.log(float(value)) / width)


def _figure_keys(kind: str, unit: str | None, value: Decimal | None, same: Decimal, *, near: bool) -> list[str]:
    if value is None:
        return []
    bucket = _bucket(value, same)
    if bucket is None:
        return [f"{kind}:{unit}:zero"]
    spread = (bucket - 1, bucket, bucket + 1) if near else (bucket,)
    return [f"{kind}:{unit}:{b}" for b in spread]


@dataclass
class CandidateIndex:
    """Posting lists of one committer's reports by (type group, word) and (type group, figure
    bucket), and the words that are boilerplate in each type group."""

    settings: LinkSettings
    postings: dict[Key, set[str]] = field(default_factory=dict)
    common: dict[str, set[str]] = field(default_factory=dict)  # type group -> its boilerplate words

    def _own_keys(self, report: Report) -> tuple[str, list[Key]]:
        group = self.settings.group(report.type)
        s = self.settings
        keys = [(group, word) for word in report.words]
        keys += [(group, k) for k in _figure_keys("amount", report.currency, report.amount, s.amount_same, near=False)]
        keys += [(group, k) for k in _figure_keys("quantity", report.unit, report.quantity, s.quantity_same, near=False)]
        return group, keys

    def boilerplate(self, report: Report) -> frozenset[str]:
        """The report's words that are boilerplate in its type group (they weigh nothing)."""
        common = self.common.get(self.settings.group(report.type))
        return frozenset(report.words & common) if common else frozenset()

    def common_words(self, group: str) -> frozenset[str]:
        return frozenset(self.common.get(group, ()))

    def add(self, report: Report) -> set[str]:
        """Index `report`; the reports (it among them) holding a word that has just become
        boilerplate, whose scores must be computed again."""
        group, keys = self._own_keys(report)
        limit = self.settings.boilerplate_reports
        rescore: set[str] = set()
        for key in keys:
            members = self.postings.setdefault(key, set())
            members.add(report.iri)
            if key[1] in report.words and len(members) == limit + 1:
                self.common.setdefault(group, set()).add(key[1])
                rescore |= members
        return rescore

    def remove(self, report: Report) -> set[str]:
        """Take `report` out; the reports holding a word that has just stopped being boilerplate."""
        group, keys = self._own_keys(report)
        limit = self.settings.boilerplate_reports
        rescore: set[str] = set()
        for key in keys:
            members = self.postings.get(key)
            if members is None:
                continue
            members.discard(report.iri)
            if key[1] in report.words and len(members) == limit:
                self.common.get(group, set()).discard(key[1])
                rescore |= members
            if not members:
                del self.postings[key]
        return rescore

    def candidates(self, report: Report) -> set[str]:
        """Every indexed report that shares a telling word or a close figure with `report`."""
        group = self.settings.group(report.type)
        common = self.common.get(group, set())
        s = self.settings
        keys: Iterable[str] = [w for w in report.words if w not in common]
        keys = [*keys, *_figure_keys("amount", report.currency, report.amount, s.amount_same, near=True),
                *_figure_keys("quantity", report.unit, report.quantity, s.quantity_same, near=True)]
        found: set[str] = set()
        for key in keys:
            found |= self.postings.get((group, key), set())
        found.discard(report.iri)
        return found
