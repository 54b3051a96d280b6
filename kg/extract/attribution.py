"""Who reported a claim, and how far a report's attribution reaches.

Within a sentence: "according to BFM TV", "the WSJ reported", "Bloomberg sources reported"
(-> "Bloomberg citing unnamed sources"), "Bloomberg, citing unnamed sources familiar with the
matter" (-> "Bloomberg citing unnamed sources"), "sources said" (-> "unnamed sources"),
"a source told Reuters" (-> "Reuters citing unnamed sources"), and the backward form "This
was reported by Bloomberg ...". The scope rule across sentences is documented in
data/attribution.yaml and implemented by `scope_attributions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.actors import Mention
from kg.extract.frames import Frame
from kg.extract.lexicon import Lexicon
from kg.extract.sentences import Sentence
from kg.extract.text import Token

_MAX_CITED_WORDS = 6


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str
    backward: bool
    cue: str


def _citing(tokens: Sequence[Token], after: int, mentions: Sequence[Mention], lexicon: Lexicon) -> str | None:
    """", citing unnamed sources familiar with the matter" right after an outlet -> "unnamed sources"."""
    lex = lexicon.attribution
    j = after + 1 if after < len(tokens) and tokens[after].norm == "," else after
    cite = lex.citing.at(tokens, j) if j < len(tokens) else []
    if not cite:
        return None
    k = cite[0].end
    stop = k
    while stop < len(tokens) and stop - k < 10 and tokens[stop].norm not in (",", ".", ";", ":"):
        stop += 1
    if lex.anonymous.find(tokens, k, stop):
        return lex.anonymous_name
    named = next((m for m in mentions if k <= m.start < stop), None)
    if named is not None:
        return named.name
    words = [t.text for t in tokens[k:min(stop, k + _MAX_CITED_WORDS)]]
    return " ".join(words) if words else None


def _outlet(mention: Mention, tokens: Sequence[Token], mentions: Sequence[Mention], lexicon: Lexicon,
            anonymous: bool = False, verb_end: int | None = None) -> str:
    cited = lexicon.attribution.anonymous_name if anonymous else _citing(tokens, mention.end, mentions, lexicon)
    if cited is None and verb_end is not None:  # "the Times reported, citing officials"
        cited = _citing(tokens, verb_end, mentions, lexicon)
    return f"{mention.name} citing {cited}" if cited else mention.name


def sentence_attribution(tokens: Sequence[Token], mentions: Sequence[Mention], frames: Sequence[Frame],
                         lexicon: Lexicon) -> Attribution | None:
    """The attribution a sentence states itself, if any."""
    lex = lexicon.attribution
    media = [m for m in mentions if m.kind == "media"]
    # backward: "This was reported by Bloomberg, citing ..."
    opener = lex.backward.at(tokens, 0) if tokens else []
    if opener:
        outlet = next((m for m in media if m.start >= opener[0].end - 1), None)
        if outlet is not None:
            return Attribution(_outlet(outlet, tokens, mentions, lexicon), True, " ".join(opener[0].key))
        if lex.anonymous.find(tokens, opener[0].end):
            return Attribution(lex.anonymous_name, True, " ".join(opener[0].key))
    for frame in frames:  # an outlet first ("according to a draft seen by Reuters")
        speaker = frame.speaker
        if speaker is not None and speaker.kind == "media":
            # "Bloomberg reported this" points back as well
            backward = frame.complement_end - frame.complement_start == 1 and \
                tokens[frame.complement_start].norm in lex.backward_objects
            return Attribution(_outlet(speaker, tokens, mentions, lexicon, frame.anonymous, frame.verb_end), backward,
                               f"{speaker.surface} {tokens[frame.verb_start].text}")
    for frame in frames:
        speaker = frame.speaker
        if frame.anonymous:
            told = next((m for m in media if frame.verb_end <= m.start <= frame.verb_end + 1), None)
            if told is not None:
                return Attribution(f"{told.name} citing {lex.anonymous_name}", False, f"told {told.surface}")
            return Attribution(lex.anonymous_name, False, f"sources {tokens[frame.verb_start].text}")
        if frame.body is not None:  # "the Ministry of Defence said", "according to a bank statement"
            return Attribution(frame.body, False, f"body {tokens[frame.verb_start].text}")
        if speaker is not None and speaker.kind in ("state", "organisation") and _metonym(speaker):
            # "Downing Street said", "the Kremlin said": a seat of government speaking for it
            return Attribution(speaker.surface, False, f"{speaker.surface} {tokens[frame.verb_start].text}")
    # "reported by X", "as cited by X"
    for m in lex.according_to.find(tokens):
        outlet = next((x for x in media if m.end <= x.start <= m.end + 1), None)
        if outlet is not None:
            return Attribution(_outlet(outlet, tokens, mentions, lexicon), False, " ".join(m.key))
    # "told Reuters", "in an interview with CNN"
    for outlet in media:
        if outlet.start > 0 and tokens[outlet.start - 1].norm in ("told", "tells", "to", "with"):
            return Attribution(outlet.name, False, f"{tokens[outlet.start - 1].text} {outlet.surface}")
    return None


def _metonym(mention: Mention) -> bool:
    """A name that stands for a government without being its name ("Downing Street", "the Kremlin")."""
    surface = mention.surface[4:] if mention.surface.lower().startswith("the ") else mention.surface
    return bool(surface) and surface.casefold() != mention.name.casefold() and " " + surface.casefold() not in \
        " " + mention.name.casefold() and mention.via == "name" and not surface.isupper()


def scope_attributions(sentences: Sequence[Sentence], own: Sequence[Attribution | None],
                       voiced: Sequence[bool]) -> list[tuple[str | None, str | None]]:
    """(attribution, cue) governing each sentence; `voiced` marks sentences where a named person
    speaks in their own voice, which ends a report's forward scope."""
    result: list[tuple[str | None, str | None]] = [(None, None)] * len(sentences)
    current: Attribution | None = None
    for i, sentence in enumerate(sentences):
        if sentence.heading:
            current = None
            continue
        if sentence.first_in_paragraph:
            current = None
        attribution = own[i]
        if attribution is not None and attribution.backward:
            result[i] = (attribution.source, attribution.cue)
            for k in _backward_targets(sentences, i):
                if own[k] is None and result[k][0] is None:
                    result[k] = (attribution.source, f"backward:{attribution.cue}")
            current = None
        elif attribution is not None:
            result[i] = (attribution.source, attribution.cue)
            current = attribution
        elif voiced[i]:
            current = None
        elif current is not None:
            result[i] = (current.source, f"scope:{current.cue}")
    return result


def _backward_targets(sentences: Sequence[Sentence], i: int) -> list[int]:
    """The sentences a backward attribution covers: the previous paragraph when it opens its own
    paragraph, else the earlier sentences of its paragraph; never across a heading."""
    here = sentences[i]
    if here.first_in_paragraph:
        k = i - 1
        if k < 0 or sentences[k].heading:
            return []
        paragraph = sentences[k].paragraph
        targets = []
        while k >= 0 and sentences[k].paragraph == paragraph and not sentences[k].heading:
            targets.append(k)
            k -= 1
        return targets
    return [k for k in range(i) if sentences[k].paragraph == here.paragraph]
