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
# Reporting verbs that take a person or an audience as object before "that" ("told a news conference that").
_OBJECT_TAKING = frozenset({"tell", "told", "inform", "assure", "reassure", "warn", "remind", "write"})
# A participle's speaker ("X opened his wallet, saying ..."): a name among the sentence's first words.
_OPENER_WINDOW = 8
_PREPOSITIONS = frozenset({"at", "in", "on", "to", "during", "after", "before", "with", "from", "for", "via"})
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
    body: str | None = None        # an unnamed body speaking: "the Ministry of Defence", "Czech media"


def _anonymous_before(tokens: Sequence[Token], end: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """An anonymous-source phrase ending at or shortly before `end` -> (start, end)."""
    j = end
    while j > 0 and end - j < 8 and tokens[j - 1].norm in _SOURCE_TAIL:
        j -= 1
    for stop in sorted({end, j}, reverse=True):
        for m in lexicon.attribution.anonymous.find_all(tokens, max(0, stop - 4), stop):
            if m.end == stop or (m.end >= j and m.end <= end):
                return m.start, m.end
    # "people familiar with the matter told": the source phrase ends inside the tail it opens
    for m in lexicon.attribution.anonymous.find_all(tokens, max(0, j - 4), end):
        if j <= m.end <= end and m.start < j:
            return m.start, m.end
    return None


_PHRASE_OPENERS = frozenset({",", ";", ":", '"', "“", "”", "(", "-", "—", "–"})


def _body_before(tokens: Sequence[Token], end: int, lexicon: Lexicon) -> int | None:
    """Start of a phrase naming an unnamed body right before `end` ("the Canadian defence ministry",
    "Czech media"), opening the sentence or a clause; None when there is none."""
    lex = lexicon.attribution
    k = end
    while k > 0 and end - k < 8:
        t = tokens[k - 1]
        if t.norm in lex.body_words or (t.is_word and t.capitalized):
            k -= 1
        else:
            break
    if k == end or (k > 0 and tokens[k - 1].norm not in _PHRASE_OPENERS):
        return None
    return k if lex.bodies.find(tokens, k, end) else None


def _phrase(tokens: Sequence[Token], start: int, end: int) -> str:
    return "".join(("" if n == 0 or t.start == tokens[start + n - 1].end else " ") + t.text
                   for n, t in enumerate(tokens[start:end]))


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
        if that is not None and lemma not in _OBJECT_TAKING and any(
                tokens[k].norm in ("a", "an", "the", "its", "their") and tokens[k - 1].norm not in _PREPOSITIONS
                or tokens[k].text in ("$", "€", "£") for k in range(verb.end, that)):
            that = None  # "announced a contribution to the fund that buys ...", "said a bill that would ...": relative
        # "..., Starmer announced.", "..., the government announced on Saturday."
        closing = verb.start > 0 and end_of_sentence - verb.end <= 4 \
            and all(tokens[k].norm not in (",", ";", "that") for k in range(verb.end, end_of_sentence))
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
            elif k > 0 and tokens[k].norm == "," and tokens[k + 1].norm in ("a", "an", "the") \
                    and (named := _mention_ending(mentions, k)) is not None and named.kind == "person":
                j = k  # "John Kirby, a spokesman for the US Department of Defense, said": the person speaks
        speaker = _mention_ending(mentions, j)
        if speaker is None and j > 1 and tokens[j - 1].norm == ",":
            appositive = _mention_ending(mentions, j - 1)  # "Foo Bar, Ruritania's defence minister, said"
            if appositive is not None and appositive.via == "appositive":
                speaker = appositive
        anonymous = False
        speaker_start = speaker.start if speaker else j
        pronoun = False
        body = None
        source = _anonymous_before(tokens, j, lexicon) if speaker is None else None
        body_start = _body_before(tokens, j, lexicon) if speaker is None and source is None else None
        if body_start is not None:
            # "..., the Ministry of Defence said in a statement": an unnamed body reports
            speaker_start, body = body_start, _phrase(tokens, body_start, j)
        elif source is not None:
            anonymous = True
            speaker_start = source[0]
            speaker = _mention_ending(mentions, source[0])
            if speaker is not None and speaker.kind == "media":
                speaker_start = speaker.start
            else:
                if speaker is not None:  # "a White House official said": the phrase starts at "a"
                    speaker_start = speaker.start - (speaker.start > 0 and tokens[speaker.start - 1].norm in ("a", "an", "the"))
                speaker = None
        elif speaker is None and j > 0 and tokens[j - 1].norm in _PRONOUNS:
            pronoun, speaker_start = True, j - 1
        elif speaker is None and tokens[verb.start].norm.endswith("ing"):
            # "Putin opened his wallet, saying Moscow will buy ...": the participle's speaker is the
            # sentence's subject, and what follows is what was said (never an inverted ", said X")
            # ("adding to Taiwan's arsenal" says nothing: what is said starts with a name)
            # (a person first: "the Warsaw government spokesperson Piotr Müller clarified ..., noting that")
            openers = [m for m in mentions if m.start < min(verb.start, _OPENER_WINDOW)
                       and m.kind in ("person", "media", "state", "organisation", "group")]
            opener = next((m for m in openers if m.kind == "person"), openers[0] if openers else None)
            start = that + 1 if that == verb.end else verb.end
            said = _mention_starting(mentions, start, tokens)
            if opener is not None and said is not None and said.kind in ("person", "state", "organisation", "group") \
                    and verb.start > 0 and tokens[verb.start - 1].norm == ",":
                frames.append(Frame(verb.start, verb.end, lemma, opener, opener.start, False, False,
                                    start, end_of_sentence, False, that == verb.end))
            continue
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
        # "..., sources said." closes a clause of its own; "Later, Rubio said the ..." only has an opener;
        # "..., Reuters reported, citing three diplomats." closes one too
        # "..., CIA Director John Ratcliffe told ...": capitalised words the speaker's name did not take in
        k = speaker_start
        while k > 1 and speaker_start - k < 3 and tokens[k - 1].is_word and tokens[k - 1].capitalized:
            k -= 1
        if k < speaker_start and tokens[k - 1].norm == ",":
            speaker_start = k
        citing_tail = verb.end + 1 < n and tokens[verb.end].norm == "," and bool(lex.citing.at(tokens, verb.end + 1))
        trailing = speaker_start > 4 and tokens[speaker_start - 1].norm == "," and (citing_tail or (
            that is None and end_of_sentence - verb.end <= _TRAILING_TAIL
            and all(tokens[k].norm != "," for k in range(verb.end, end_of_sentence))))
        if trailing:
            frames.append(Frame(verb.start, verb.end, lemma, speaker, speaker_start, anonymous, pronoun,
                                0, speaker_start - 1, True, False, body))
        else:
            start = that + 1 if that is not None else verb.end
            frames.append(Frame(verb.start, verb.end, lemma, speaker, speaker_start, anonymous, pronoun,
                                start, end_of_sentence, False, that is not None, body))
    for m in lex.according_to.find(tokens):
        speaker = _mention_starting(mentions, m.end, tokens)
        # "according to sources", "according to a White House official"
        anon = any(lex.anonymous.at(tokens, k) for k in range(m.end, min(n, m.end + 5))
                   if not any(t.norm in (",", ".", ";") for t in tokens[m.end:k]))
        if anon and speaker is not None and speaker.kind != "media":
            speaker = None
        stop = m.end
        while stop < n and tokens[stop].norm not in (",", ".", ";"):
            stop += 1
        body = None
        if not anon and (speaker is None or speaker.kind not in ("person", "media")):
            # "according to the Japanese foreign ministry", "according to a bank statement",
            # "according to the Kremlin": the body's words are the attribution
            if lex.bodies.find(tokens, m.end, stop) or (speaker is not None and speaker.end == stop):
                body = _phrase(tokens, m.end, stop)
        if speaker is None and not anon and body is None:
            continue
        if m.start == 0:
            frames.append(Frame(m.start, m.end, "according", speaker, m.end, bool(anon) and speaker is None, False,
                                min(stop + 1, n), end_of_sentence, True, False, body))
        else:
            frames.append(Frame(m.start, m.end, "according", speaker, m.end, bool(anon) and speaker is None, False,
                                0, m.start, True, False, body))
    frames.sort(key=lambda f: f.verb_start)
    return frames


def main_frame(frames: Sequence[Frame]) -> Frame | None:
    """The frame that governs the sentence: the first leading frame, else a trailing one."""
    leading = [f for f in frames if not f.trailing]
    return leading[0] if leading else (frames[0] if frames else None)
