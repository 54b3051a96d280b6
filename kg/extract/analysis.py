"""What the finders find in one sentence, computed on first use and shared by the later stages.

Most sentences of an article commit nobody: their quantities, conditions or persuasion verbs are
never asked for, so each finder runs only when events.py or commitments.py needs its result.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING

from kg.extract.actors import Mention
from kg.extract.amounts import Money, QuantityMention, find_money, find_quantities
from kg.extract.cues import TypeCue, find_type_cues, money_cues
from kg.extract.dates import DateMention, TimeMention, find_dates, find_times
from kg.extract.frames import Frame, find_frames, main_frame
from kg.extract.lexicon import Lexicon
from kg.extract.modality import (
    Condition,
    Cue,
    find_conditions,
    find_contrasts,
    find_negations,
    find_persuasions,
    find_status_cues,
)
from kg.extract.sentences import Sentence
from kg.extract.syntax import Parse, parse
from kg.extract.text import Tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc


class SentenceAnalysis:
    """One sentence: its tokens and mentions up front, everything else on demand."""

    def __init__(self, sentence: Sentence, tokens: Tokens, mentions: list[Mention], lexicon: Lexicon,
                 published: dt.date | None, primed: set[str]) -> None:
        self.sentence = sentence
        self.tokens = tokens
        self.mentions = mentions
        self._lex = lexicon
        self._published = published
        self._primed = primed
        self.attribution: str | None = None
        self.attribution_cue: str | None = None
        self.narrative_date: dt.date | None = None   # set by events.py: the date of the event narrated
        self.lead = 1_000_000                        # set by the pipeline: rank among the body's sentences
        self.narrative_cue: str | None = None

    @cached_property
    def frames(self) -> list[Frame]:
        return find_frames(self.tokens, self.mentions, self._lex)

    @cached_property
    def dates(self) -> list[DateMention]:
        return find_dates(self.tokens, self._published, self._lex)

    @cached_property
    def day_dates(self) -> list[DateMention]:
        return [d for d in self.dates if d.precision == "day"]

    @cached_property
    def times(self) -> list[TimeMention]:
        return find_times(self.tokens, self._lex)

    @cached_property
    def money(self) -> list[Money]:
        return find_money(self.tokens, self._lex)

    @cached_property
    def quantities(self) -> list[QuantityMention]:
        spans = [(x.start, x.end) for x in self.money] + [(x.start, x.end) for x in self.times]
        spans += [(x.start, x.end) for x in self.dates]
        taken = {i for start, end in spans for i in range(start, end)}
        return find_quantities(self.tokens, self._lex, taken)

    @cached_property
    def type_cues(self) -> list[TypeCue]:
        if self.sentence.heading:
            return []
        cues = find_type_cues(self.tokens, self._lex, self._primed)
        # "a plan to use frozen Russian assets": a participle before its noun says what state the
        # assets are in, not that anyone froze them
        cues = [c for c in cues if not (c.type == "sanctions" and c.verb_end is not None
                                        and self.parse.token(c.start).dep_ == "amod")]
        return money_cues(self.tokens, self.money, self.status_cues, cues, self._lex) if self.money else cues

    @cached_property
    def status_cues(self) -> list[Cue]:
        return find_status_cues(self.tokens, self._lex)

    @cached_property
    def negations(self) -> list[Cue]:
        return find_negations(self.tokens, self._lex)

    @cached_property
    def contrasts(self) -> list[Cue]:
        return find_contrasts(self.tokens)

    @cached_property
    def persuasions(self) -> list[Cue]:
        return find_persuasions(self.tokens, self._lex)

    @cached_property
    def conditions(self) -> list[Condition]:
        return find_conditions(self.tokens, self._lex)

    @property
    def published(self) -> dt.date | None:
        return self._published

    @cached_property
    def parse(self) -> Parse:
        """The sentence's dependency parse (spaCy), on first use only."""
        return Parse(parse(self.sentence.text), self.tokens, self.sentence.start)

    def parsed(self, doc: Doc) -> None:
        """Take the sentence's parse from a batch (`syntax.parse_many`) instead of parsing it alone."""
        self.__dict__["parse"] = Parse(doc, self.tokens, self.sentence.start)

    @property
    def may_need_parse(self) -> bool:
        """Whether a rule is likely to ask for the parse: a type cue, a negation or a refusal verb."""
        return bool(self.type_cues or self.negations or self._lex.refusals.verbs.find(self.tokens))

    @cached_property
    def elaboration(self) -> bool:
        """Opens with "In particular", "Specifically", ...: it goes on about the sentence before."""
        return bool(self.tokens) and bool(self._lex.syntax.elaboration.at(self.tokens, 0))

    @cached_property
    def time_shift(self) -> bool:
        """"Later", "currently", ...: the narrative leaves the day of the event told before."""
        return bool(self._lex.syntax.time_shift.find(self.tokens))

    def speaker(self) -> Mention | None:
        """The named speaker of the sentence's main frame."""
        frame = main_frame(self.frames)
        return frame.speaker if frame is not None else None
