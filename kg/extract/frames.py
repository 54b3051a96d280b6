"""Reporting frames: who says a clause, and which tokens are what they say.

"President Emmanuel Macron said in Paris on Wednesday, September 3, that Europe is ready ..."
has the speaker Macron and the complement "Europe is ready ...". Trailing frames ("..., sources
said.") and "according to X" are frames too. The speaker of a frame is a person (announced_by),
an outlet or unnamed sources (attributed_to), or a state or group speaking as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.actors import Mention
from kg.extract.lexicon import Lexicon
from kg.extract.text import Token

_SKIP_BEFORE_VERB = frozenset({"also", "earlier", "previously", "later", "has", "have", "had", "reportedly", "then",
                               "further", "again", "separately", "recently", "publicly", "officially", "first",
                               "once", "already", "would", "will", "on", "last"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
_THAT_WINDOW = 14
_RELATIVES = frozenset({"who", "which", "whose"})
_TRAILING_TAIL = 8  # words after a closing "said": "on Wednesday", "told reporters in Kyiv"
# Words that may link anonymous sources to the verb: "sources familiar with the matter said".
_SOURCE_TAIL = frozenset({"familiar", "with", "the", "matter", "plans", "talks", "situation", "discussions",
                          "close", "to", "knowledgeable", "about", "in", "at", "of", "from", "who", "spoke",
                          "on", "condition", "anonymity", "said", "told", "involved", "negotiations", "issue"})


@dataclass(frozen=True, slots=True)
class Frame:
    verb_start: int
    verb_end: int
    lemma: str
    speaker: Mention | None        # the named speaker, when there is one
    speaker_start: int             # first token of the speaker phrase ("Bloomberg sources")
    anonymous: bool                # the speaker is (an outlet's) unnamed sources
    pronoun: bool                  # "he said": the speaker is the last person named
    complement_start: int
    complement_end: int
    trailing: bool                 # "..., sources said." / "according to X"
    that: bool


def _anonymous_before(tokens: Sequence[Token], end: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """An anonymous-source phrase ending at or shortly before `end` -> (start, end)."""
    j = end
    while j > 0 and end - j < 8 and tokens[j - 1].norm in _SOURCE_TAIL:
        j -= 1
    for stop in sorted({end, j}, reverse=True):
        for m in lexicon.attribution.anonymous.find_all(tokens, max(0, stop - 4), stop):
            if m.end == stop or (m.end >= j and m.end <= end):
                return m.start, m.end
    return None


def _mention_ending(mentions: Sequence[Mention], end: int) -> Mention | None:
    return next((m for m in mentions if m.end == end), None)


def _mention_starting(mentions: Sequence[Mention], start: int, tokens: Sequence[Token]) -> Mention | None:
    for m in mentions:
        if m.start == start or (m.start == start + 1 and tokens[start].norm == "the"):
            return m
    return None


def find_frames(tokens: Sequence[Token], mentions: Sequence[Mention], lexicon: Lexicon) -> list[Frame]:
    lex = lexicon.attribution
    frames: list[Frame] = []
    n = len(tokens)
    end_of_sentence = n - 1 if n and tokens[-1].norm in (".", "!", "?") else n
    for verb in lex.report_verbs.find(tokens):
        lemma = verb.payload
        that = next((k for k in range(verb.end, min(n, verb.end + _THAT_WINDOW)) if tokens[k].norm == "that"), None)
        if that is not None and any(tokens[k].norm in (".", ";") for k in range(verb.end, that)):
            that = None
        closing = verb.end >= end_of_sentence and verb.start > 0  # "..., Starmer announced."
        if lemma in lex.that_only and that is None and not closing:
            continue
        # the speaker before the verb, past adverbs and auxiliaries
        j = verb.start
        while j > 0 and tokens[j - 1].norm in _SKIP_BEFORE_VERB and verb.start - j < 3:
            j -= 1
        if j > 1 and tokens[j - 1].norm == ",":
            # "Bloomberg, citing unnamed sources, reported"; "Schoof, who hosted the summit, said"
            k = j - 2
            while k > 0 and tokens[k].norm != "," and j - k < 16:
                k -= 1
            if k > 0 and tokens[k].norm == "," and (lex.citing.at(tokens, k + 1) or tokens[k + 1].norm in _RELATIVES):
                j = k
        speaker = _mention_ending(mentions, j)
        if speaker is None and j > 1 and tokens[j - 1].norm == ",":
            appositive = _mention_ending(mentions, j - 1)  # "Foo Bar, Ruritania's defence minister, said"
            if appositive is not None and appositive.via == "appositive":
                speaker = appositive
        anonymous = False
        speaker_start = speaker.start if speaker else j
        pronoun = False
        source = _anonymous_before(tokens, j, lexicon) if speaker is None else None
        if source is not None:
            anonymous = True
            speaker_start = source[0]
            speaker = _mention_ending(mentions, source[0])
            if speaker is not None and speaker.kind == "media":
                speaker_start = speaker.start
            else:
                speaker = None
        elif speaker is None and j > 0 and tokens[j - 1].norm in _PRONOUNS:
            pronoun, speaker_start = True, j - 1
        elif speaker is None:
            # inverted: ", said Macron." / ", said a senior official."
            after = _mention_starting(mentions, verb.end, tokens)
            anon_after = lex.anonymous.at(tokens, verb.end) or lex.anonymous.at(tokens, min(n - 1, verb.end + 1))
            if verb.start > 0 and tokens[verb.start - 1].norm == "," and (after or anon_after):
                frames.append(Frame(verb.start, verb.end, lemma, after, verb.start, after is None, False,
                                    0, verb.start - 1, True, False))
            continue
        if speaker is not None and speaker.kind not in ("person", "media", "state", "organisation", "group"):
            continue
        # "..., sources said." closes a clause of its own; "Later, Rubio said the ..." only has an opener
        trailing = speaker_start > 4 and tokens[speaker_start - 1].norm == "," and that is None \
            and end_of_sentence - verb.end <= _TRAILING_TAIL \
            and all(tokens[k].norm != "," for k in range(verb.end, end_of_sentence))
        if trailing:
            frames.append(Frame(verb.start, verb.end, lemma, speaker, speaker_start, anonymous, pronoun,
                                0, speaker_start - 1, True, False))
        else:
            start = that + 1 if that is not None else verb.end
            frames.append(Frame(verb.start, verb.end, lemma, speaker, speaker_start, anonymous, pronoun,
                                start, end_of_sentence, False, that is not None))
    for m in lex.according_to.find(tokens):
        speaker = _mention_starting(mentions, m.end, tokens)
        # "according to sources", "according to a White House official"
        anon = any(lex.anonymous.at(tokens, k) for k in range(m.end, min(n, m.end + 5))
                   if not any(t.norm in (",", ".", ";") for t in tokens[m.end:k]))
        if anon and speaker is not None and speaker.kind != "media":
            speaker = None
        if speaker is None and not anon:
            continue
        stop = m.end
        while stop < n and tokens[stop].norm not in (",", ".", ";"):
            stop += 1
        if m.start == 0:
            frames.append(Frame(m.start, m.end, "according", speaker, m.end, bool(anon) and speaker is None, False,
                                min(stop + 1, n), end_of_sentence, True, False))
        else:
            frames.append(Frame(m.start, m.end, "according", speaker, m.end, bool(anon) and speaker is None, False,
                                0, m.start, True, False))
    frames.sort(key=lambda f: f.verb_start)
    return frames


def main_frame(frames: Sequence[Frame]) -> Frame | None:
    """The frame that governs the sentence: the first leading frame, else a trailing one."""
    leading = [f for f in frames if not f.trailing]
    return leading[0] if leading else (frames[0] if frames else None)
