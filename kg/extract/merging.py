"""One commitment reported several times in a document is recorded once.

Once every sentence is read, the drafts are merged: an amount a later sentence gives to a
commitment stated before (`amount_follow_ups`), a commitment restated by its announcer or by the
report (`drop_restated`), and the same commitment found twice in one sentence (`dedupe`).
"""

from __future__ import annotations

from kg.claims.vocabulary import CommitmentType, Status
from kg.claims.model import Commitment
from kg.extract.drafts import Draft

# Statuses that say a thing happened: two reports of one, whoever tells it, are one (drop_restated).
_DONE = frozenset({Status.DELIVERED, Status.WITHDRAWN})
# Statuses that only talk of a commitment: one restated in any of them is one (drop_restated); a
# conditional one stays its own.
_TALK = frozenset({Status.PROPOSED, Status.UNDER_DISCUSSION, Status.REPORTED_INTENT, Status.PLEDGED})


def amount_follow_ups(drafts: list[Draft]) -> list[Draft]:
    """"... signed an agreement to fund drones. They will provide €500 million each.": a pronoun
    sentence that only puts an amount on the commitments of the sentence before completes them."""
    kept: list[Draft] = []
    for d in drafts:
        c = d.commitment
        if c.amount is not None and any(cue.startswith("committer:pronoun:") for cue in c.cues):
            earlier = next((k for k in kept if k.sentence == d.sentence - 1 and k.commitment.committer == c.committer
                            and k.commitment.amount is None), None)
            if earlier is not None and (earlier.commitment.type == c.type or c.type == CommitmentType.FINANCIAL_AID):
                earlier.commitment.amount, earlier.commitment.currency = c.amount, c.currency
                earlier.cues.append(f"amount:follow-up:{c.quote[:40]}")
                continue
        kept.append(d)
    return kept


def drop_restated(drafts: list[Draft], shifted: set[int] = frozenset()) -> list[Draft]:
    """A speaker restating a commitment already recorded from them ("Trump said the US would send
    Patriots ... 'We're going to send them Patriots,' Trump told reporters") adds no commitment,
    nor does the report restating one in its own voice to the same named recipient ("including
    pledges from Paris to deliver ... to Ukraine ... France also pledges to provide more military
    equipment to Ukraine") unless it moves in time ("had previously committed five officers"); a
    restatement that adds an amount or a quantity is a commitment of its own."""
    kept: list[Draft] = []
    for d in drafts:
        c = d.commitment
        same = next((k for k in kept if k.sentence != d.sentence
                     and (c.announced_by or (_same_recipient(k.commitment, c) and d.sentence not in shifted))
                     and (k.commitment.announced_by == c.announced_by or None in (k.commitment.announced_by, c.announced_by)
                          or _done(k.commitment, c))
                     and k.commitment.committer == c.committer
                     and k.commitment.type == c.type
                     and ((c.status in _TALK and k.commitment.status in _TALK)
                          or c.status == k.commitment.status in _DONE)
                     and c.condition == k.commitment.condition
                     and (c.amount is None or c.amount == k.commitment.amount)
                     and (c.quantity is None or c.quantity == k.commitment.quantity)
                     and _same_kit(k.commitment, c)), None)
        if same is None:
            kept.append(d)
            continue
        if same.commitment.date is None and c.date is not None:
            same.commitment.date = c.date
        same.cues.append(f"restated:{c.quote[:40]}")
    return kept


def _done(first: Commitment, later: Commitment) -> bool:
    """Both reports say the same thing happened (delivered, or withdrawn) to the same named
    recipient: one event, whoever announced it ("French soldiers ... left the country" and
    "Macron said France would withdraw its troops deployed in Niger")."""
    return first.status == later.status in _DONE and later.beneficiary is not None \
        and later.beneficiary == first.beneficiary


def _same_recipient(first: Commitment, later: Commitment) -> bool:
    """Whether a later report names the earlier one's recipient: the same beneficiary, or for
    sanctions the same target or none ("unveiled sanctions against five officers in Myanmar's
    military ... announced it would freeze the assets of officers")."""
    if later.beneficiary:
        return later.beneficiary == first.beneficiary
    return later.type == CommitmentType.SANCTIONS and later.target in (None, first.target)


def type_cue_of(c: Commitment) -> str:
    """The "type:TYPE:TEXT" cue a commitment was found by ("" for none)."""
    return next((x for x in c.cues if x.startswith("type:")), "")


def _kit(c: Commitment) -> set[str]:
    """The named things a commitment's type cue speaks of ("IRIS-T", "Patriot", "F-16s"): its
    capitalised or numbered words past the first."""
    cue = type_cue_of(c)
    words = cue.split(":", 2)[-1].split()[1:]
    return {w.lower().rstrip("s") for w in words if w[:1].isupper() or any(ch.isdigit() for ch in w)}


def _same_kit(a: Commitment, b: Commitment) -> bool:
    """Two retellings speak of the same thing unless each names a different one ("two more IRIS-T
    systems" is not the Patriot promised before)."""
    ka, kb = _kit(a), _kit(b)
    return not (ka and kb and not ka & kb)


def dedupe(drafts: list[Draft]) -> list[Draft]:
    """One commitment per committer and type in a sentence, unless they differ in amount or in
    the explicit beneficiary ("$14 billion ... to Israel, and $4 billion ... for Taiwan")."""
    kept: list[Draft] = []
    for d in drafts:
        c = d.commitment
        same = [k.commitment for k in kept if (k.commitment.committer, k.commitment.type) == (c.committer, c.type)]
        if all((c.amount is not None and k.amount is not None and c.amount != k.amount)
               or (d.explicit_beneficiary and c.beneficiary is not None and k.beneficiary is not None
                   and c.beneficiary != k.beneficiary) for k in same):
            kept.append(d)
    return kept
