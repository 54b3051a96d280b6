"""The closed vocabularies of the interchange format (../shared/eval/FORMAT.md).

The values are the format's own tokens; the ontology declares one SKOS concept per value with
the same local name, so the mapping between the two is mechanical.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import resources


class ActorKind(StrEnum):
    STATE = "state"
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    MEDIA = "media"


class CommitmentType(StrEnum):
    SECURITY_GUARANTEE = "security_guarantee"
    TROOP_DEPLOYMENT = "troop_deployment"
    ARMS_PURCHASE = "arms_purchase"
    ARMS_DELIVERY = "arms_delivery"
    AIR_SUPPORT = "air_support"
    AIR_DEFENCE = "air_defence"
    SANCTIONS = "sanctions"
    FINANCIAL_AID = "financial_aid"
    TRAINING = "training"
    MONITORING = "monitoring"
    OTHER = "other"


class Status(StrEnum):
    """Weakest to strongest, then withdrawn, then refused (an explicit refusal or denial: a fact
    about the actor, never a commitment it made)."""

    PROPOSED = "proposed"
    UNDER_DISCUSSION = "under_discussion"
    REPORTED_INTENT = "reported_intent"
    CONDITIONAL = "conditional"
    PLEDGED = "pledged"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"


class EventKind(StrEnum):
    MEETING = "meeting"
    SUMMIT = "summit"
    CALL = "call"
    PRESS_CONFERENCE = "press_conference"
    STATEMENT = "statement"


class AttendanceMode(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 alphabetic codes, read from the data file shipped with the package."""
    text = resources.files("kg.claims").joinpath("data/iso4217.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
