"""The linker's thresholds, weights and word lists, read from kg/link/data/linking.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Weights:
    text: float
    same_type: float
    same_amount: float
    same_quantity: float
    close_dates: float
    same_party: float
    same_announcer: float
    same_condition: float
    missing_party: float
    related_type: float
    fulfils: float


@dataclass(frozen=True)
class LinkSettings:
    threshold: float
    weights: Weights
    max_gap_days: int
    max_span_days: int
    amount_tolerance: Decimal
    quantity_tolerance: Decimal
    same_document: bool
    min_shared_words: int
    boilerplate_reports: int  # a word in more of a committer's reports of a type group tells nothing
    pledge_after_delivery_days: int
    amount_same: Decimal
    quantity_same: Decimal
    close_days: int
    type_groups: dict[str, str]  # type -> its group's name (the group's first type); alone: itself
    progression: tuple[str, ...]
    stopped: frozenset[str]
    pledge_stage: frozenset[str]
    pledged: frozenset[str]
    delivered: frozenset[str]
    positive: frozenset[str]
    conflict_days: int
    weak_words: frozenset[str]
    exclusive_words: tuple[frozenset[str], ...]

    def group(self, kind: str) -> str:
        return self.type_groups.get(kind, kind)

    def rank(self, status: str) -> int:
        """Place along the progression; stopping statuses rank below every other."""
        return self.progression.index(status) if status in self.progression else -1


def _parse(data: dict[str, Any]) -> LinkSettings:
    groups: dict[str, str] = {}
    for members in data.get("type_groups", []):
        for kind in members:
            groups[kind] = members[0]
    as_set = lambda key: frozenset(data[key])  # noqa: E731
    return LinkSettings(
        threshold=float(data["threshold"]), weights=Weights(**{k: float(v) for k, v in data["weights"].items()}),
        max_gap_days=int(data["max_gap_days"]), max_span_days=int(data["max_span_days"]),
        amount_tolerance=Decimal(str(data["amount_tolerance"])),
        quantity_tolerance=Decimal(str(data["quantity_tolerance"])),
        same_document=bool(data["same_document"]), min_shared_words=int(data["min_shared_words"]),
        boilerplate_reports=int(data["boilerplate_reports"]),
        pledge_after_delivery_days=int(data["pledge_after_delivery_days"]),
        amount_same=Decimal(str(data["amount_same"])), quantity_same=Decimal(str(data["quantity_same"])),
        close_days=int(data["close_days"]), type_groups=groups, progression=tuple(data["progression"]),
        stopped=as_set("stopped"), pledge_stage=as_set("pledge_stage"), pledged=as_set("pledged"),
        delivered=as_set("delivered"), positive=as_set("positive"), conflict_days=int(data["conflict_days"]),
        weak_words=frozenset(str(data["weak_words"]).split()),
        exclusive_words=tuple(frozenset(group) for group in data.get("exclusive_words", [])))


def load_settings(path: Path | None = None) -> LinkSettings:
    """The settings in `path`, or the package's own data file."""
    if path is None:
        return default_settings()
    return _parse(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def default_settings() -> LinkSettings:
    text = resources.files("kg.link").joinpath("data/linking.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))
