"""Status cues, negation and conditions: how firmly a clause commits its subject.

The lexicon is in data/modality.yaml; the rule that turns a clause's cues into one status is
`choose_status` (documented at the top of that file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.lexicon import Lexicon
from kg.extract.phrases import PhraseMatch
from kg.extract.text import Token

# Weakest first; the weakest cue of these two wins ("discussed what ... would provide").
_TENTATIVE = ("proposed", "under_discussion")
_FIRM = ("delivered", "pledged", "reported_intent")


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    label: str
    text: str
    nominal: bool = False      # a noun ("proposal"), not a verb or a modal


_MODALS = frozenset({"could", "might", "may"})
_CONTRAST = frozenset({"but", "although", "though", "whereas", "yet"})


@dataclass(frozen=True, slots=True)
class Condition:
    cue_start: int             # first token of the cue ("if")
    start: int                 # first token of the condition text
    end: int                   # token after the condition text
    text: str
    cue: str


def _text(tokens: Sequence[Token], start: int, end: int) -> str:
    if start >= end:
        return ""
    return tokens[start].text + "".join(
        ("" if t.start == p.end else " ") + t.text for p, t in zip(tokens[start:end - 1], tokens[start + 1:end], strict=False))


def find_status_cues(tokens: Sequence[Token], lexicon: Lexicon) -> list[Cue]:
    """Leftmost-longest status cues ("ready to" before "ready"), with two context filters."""
    lex = lexicon.modality
    cues: list[Cue] = []
    for m in _status_phrases(tokens, lexicon):
        word = tokens[m.start].text
        if m.payload == "under_discussion" and m.key == ("may",) and not word.islower():
            continue  # the month, not the modal
        label = m.payload
        if label == "none" and m.end < len(tokens) and tokens[m.end].norm in ("which", "whom", "whose"):
            continue  # "under which it has trained ...": a relative clause, not "under sanctions"
        if label == "delivered":
            before = [f for f in lex.future_passive.find_all(tokens, max(0, m.start - 4), m.start) if f.end == m.start]
            if before:
                continue  # "will be stationed" promises a deployment; the modal carries the status
        cues.append(Cue(m.start, m.end, label, _text(tokens, m.start, m.end), m.key in lex.nominal))
    return cues + _settled(tokens, lexicon, cues)


def _status_phrases(tokens: Sequence[Token], lexicon: Lexicon) -> list[PhraseMatch[str]]:
    """Status phrases as written, and those an adverb splits ("are also providing", "has already
    delivered"), found with the adverbs left out and given their span in the sentence."""
    status = lexicon.modality.status
    found = status.find(tokens)
    adverbs = lexicon.modality.inner_adverbs
    kept = [k for k, t in enumerate(tokens) if t.norm not in adverbs]
    if len(kept) == len(tokens):
        return found
    taken = {k for m in found for k in range(m.start, m.end)}
    for m in status.find([tokens[k] for k in kept]):
        start, end = kept[m.start], kept[m.end - 1] + 1
        if end - start > m.end - m.start and not any(k in taken for k in range(start, end)):
            found.append(PhraseMatch(start, end, m.payload, m.key))
    return sorted(found, key=lambda m: m.start)


def _settled(tokens: Sequence[Token], lexicon: Lexicon, found: Sequence[Cue]) -> list[Cue]:
    """"reached a broad agreement", "struck a landmark deal": a verb of settling and a deal noun a
    few words apart (data/modality.yaml `settled`), where no fixed phrase already covers the verb."""
    lex = lexicon.modality
    taken = {k for c in found for k in range(c.start, c.end)}
    out = []
    for m in lex.settle_verbs.find(tokens):
        if m.start in taken:
            continue
        for k in range(m.end, min(len(tokens), m.end + lex.settle_gap + 1)):
            if tokens[k].norm in _CLAUSE_END:
                break
            if tokens[k].norm in lex.settle_nouns:
                out.append(Cue(m.start, k + 1, "pledged", _text(tokens, m.start, k + 1)))
                break
    return out


def find_negations(tokens: Sequence[Token], lexicon: Lexicon) -> list[Cue]:
    lex = lexicon.modality
    exceptions = {m.start for m in lex.negation_exceptions.find(tokens)}
    return [Cue(m.start, m.end, "negation", _text(tokens, m.start, m.end))
            for m in lex.negation.find(tokens) if m.start not in exceptions]


def find_persuasions(tokens: Sequence[Token], lexicon: Lexicon) -> list[Cue]:
    """"persuade", "urge", "call on": their object is asked to commit."""
    return [Cue(m.start, m.end, "proposed", _text(tokens, m.start, m.end)) for m in lexicon.modality.persuade.find(tokens)]


_CLAUSE_END = frozenset({",", ";", ".", ":", "—", "–", "(", ")", "!", "?", "but", "while", "whereas"})


def find_conditions(tokens: Sequence[Token], lexicon: Lexicon) -> list[Condition]:
    """Condition clauses; the condition text runs from after the cue to the end of its clause."""
    lex = lexicon.modality
    exceptions = {m.start for m in lex.condition_exceptions.find(tokens)}
    found: list[Condition] = []
    for m in lex.conditions.find(tokens):
        if m.start in exceptions:
            continue
        start = m.start + m.payload
        end = start
        while end < len(tokens) and tokens[end].norm not in _CLAUSE_END and tokens[end].text not in _CLAUSE_END:
            end += 1
        if end > start:
            found.append(Condition(m.start, start, end, _text(tokens, start, end), _text(tokens, m.start, m.end)))
    return found


def find_contrasts(tokens: Sequence[Token]) -> list[Cue]:
    """"but", "although": the start of a contrasting clause."""
    return [Cue(i, i + 1, "contrast", t.text) for i, t in enumerate(tokens) if t.norm in _CONTRAST]


def choose_status(cues: Sequence[Cue], negations: Sequence[Cue], *, subject_end: int, cue_start: int, cue_end: int,
                  clause_end: int, conditional: bool, contrasts: Sequence[Cue] = (),
                  relatives: Sequence[int] = ()) -> tuple[str, Cue | None] | None:
    """The status of a commitment whose type cue is tokens [cue_start, cue_end).

    `subject_end` is where the clause's predicate starts (after the committer or the reported
    clause's opening); `clause_end` bounds passive cues after the type cue ("were adopted").
    None means no commitment is claimed (negated, not a commitment, or no cue at all).
    """
    # "Switzerland will not export weapons ..., but has pledged 5 billion francs": a contrast opens
    # a clause of its own, the negation before it does not reach the cue
    contrast = max((c.start for c in contrasts if subject_end <= c.start < cue_start), default=None)
    if contrast is not None:
        subject_end = contrast
    if any(subject_end <= n.start < cue_end for n in negations):
        return None
    before = [c for c in cues if subject_end <= c.start < cue_end]
    after = [c for c in cues if cue_end <= c.start < clause_end]
    # "has the right to conclude security agreements": a `none` cue governs the type cue after it,
    # unless a relative clause with a cue of its own stands between ("thanked Pistorius, who
    # promised to transfer Iris-T systems"); `relatives` are the positions of "who"/"which"
    for none in (c for c in before if c.end <= cue_start and c.label == "none"):
        own = [c for c in before if c.label != "none" and none.end <= c.start < cue_start
               and any(none.end <= r < c.start for r in relatives)]
        if not own:
            return None
    scope = [c for c in before + after if c.label != "none"]
    withdrawn = [c for c in scope if c.label == "withdrawn"]
    if withdrawn:
        return "withdrawn", withdrawn[0]
    firm_before = [c for c in scope if c.label in ("pledged", "delivered") and c.start < cue_start]
    for label in _TENTATIVE:
        tentative = [c for c in scope if c.label == label
                     and not (c.nominal and any(f.end <= c.start for f in firm_before))  # "agreed to ... the initiative to"
                     and not (conditional and c.text.lower() in _MODALS)]  # "could impose sanctions if ...": a threat
        if tentative:
            return label, min(tentative, key=lambda c: abs(c.start - cue_start))
    firm = [c for c in scope if c.label in _FIRM]
    if conditional:
        return "conditional", None
    if firm:
        # the cue nearest before the type cue governs it ("has pledged to deliver" -> pledged)
        preceding = [c for c in firm if c.start < cue_start]
        nearest = max(preceding, key=lambda c: c.start) if preceding else min(firm, key=lambda c: c.start)
        if nearest.label == "reported_intent" and any(c.label == "pledged" for c in preceding):
            nearest = max((c for c in preceding if c.label == "pledged"), key=lambda c: c.start)
        elif nearest.label == "pledged" and not nearest.nominal:
            # "is expected to approve", "plans to sign": an intent governing the promising verb
            intent = next((c for c in preceding if c.label == "reported_intent" and c.end == nearest.start
                           and c.text.lower().endswith(" to")), None)
            nearest = intent or nearest
        return nearest.label, nearest
    return None
