"""The extractor: article text in, `Claims` out.

Build one `Extractor` per gazetteer and reuse it: construction indexes the gazetteer's names
(the slow part); `extract` then costs a few milliseconds per article.
"""

from __future__ import annotations

import datetime as dt
import weakref
from typing import TYPE_CHECKING, Any

from kg.claims.model import Claims, Commitment, Event
from kg.extract.actors import ActorMatcher
from kg.extract.analysis import SentenceAnalysis
from kg.extract.article import parse_header, publisher_of
from kg.extract.attribution import scope_attributions, sentence_attribution
from kg.extract.commitments import CommitmentBuilder
from kg.extract.cues import primed_types
from kg.extract.events import EventBuilder
from kg.extract.frames import main_frame
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.phrases import PhraseMatcher
from kg.extract.registry import ActorRegistry
from kg.extract.sentences import Sentence, segment
from kg.extract.syntax import parse_many
from kg.extract.text import Tokens, tokenize

if TYPE_CHECKING:
    from kg.gazetteer import Gazetteer

EXTRACTOR_NAME = "kg-extract"
EXTRACTOR_VERSION = "0.1.0"


class Extractor:
    """Rule-based extraction of actors, commitments and events from one news article."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon or load_lexicon()
        self.actors = ActorMatcher(gazetteer, self.lexicon)
        self._events = EventBuilder(self.lexicon)
        self._commitments = CommitmentBuilder(self.lexicon, self.actors)

    def extract(self, text: str, *, document: str, published: dt.date | None = None) -> Claims:
        header = parse_header(text)
        published = published or header.published
        sentences = [s for s in segment(text, header.body_start) if not self._boilerplate(s)]
        tokens = [tokenize(text, s.start, s.end) for s in sentences]
        primed = set().union(*(primed_types(t, self.lexicon) for t in tokens))
        names = self.actors.document_names()
        analyses = [self._analyse(s, t, published, primed, names) for s, t in zip(sentences, tokens, strict=True)]
        self._attribute(analyses)
        wanted = [a for a in analyses if not a.sentence.heading and a.may_need_parse]
        for a, doc in zip(wanted, parse_many([a.sentence.text for a in wanted]), strict=True):
            a.parsed(doc)
        for rank, a in enumerate(x for x in analyses if not x.sentence.heading):
            a.lead = rank
        registry = ActorRegistry()
        for a in analyses:
            for mention in a.mentions:
                registry.declare_mention(mention, self.actors)
        events = self._events.build(analyses, published, text)
        commitments = self._commitments.build(analyses, registry, publisher_of(header.url))
        self._declare_references(registry, commitments, events)
        return Claims(document=document, published=published, title=header.title, url=header.url,
                      extracted_by=f"{EXTRACTOR_NAME} {EXTRACTOR_VERSION}", actors=list(registry.actors.values()),
                      commitments=commitments, events=events)

    def _boilerplate(self, sentence: Sentence) -> bool:
        lowered = sentence.text.casefold()
        return any(phrase in lowered for phrase in self.lexicon.syntax.boilerplate)

    def _analyse(self, sentence: Sentence, tokens: Tokens, published: dt.date | None,
                 primed: set[str], names: PhraseMatcher[Any]) -> SentenceAnalysis:
        mentions = self.actors.find(tokens, published, names)
        for mention in mentions:
            self.actors.remember(mention, names)
        return SentenceAnalysis(sentence, tokens, mentions, self.lexicon, published, primed)

    def _attribute(self, analyses: list[SentenceAnalysis]) -> None:
        own = [sentence_attribution(a.tokens, a.mentions, a.frames, self.lexicon) for a in analyses]
        voiced = []
        for a in analyses:
            frame = main_frame(a.frames)
            voiced.append(frame is not None and (frame.pronoun or (frame.speaker is not None and frame.speaker.kind != "media")))
        scoped = scope_attributions([a.sentence for a in analyses], own, voiced)
        for a, (source, cue) in zip(analyses, scoped, strict=True):
            a.attribution, a.attribution_cue = source, cue

    def _declare_references(self, registry: ActorRegistry, commitments: list[Commitment], events: list[Event]) -> None:
        """Every name a commitment or event uses is declared (the ingestion refuses others)."""
        for c in commitments:
            for name in c.actor_references().values():
                if not registry.has(name):
                    entry = self.actors.entry(name)
                    registry.declare(name, entry.kind if entry is not None else "group")
        for e in events:
            for p in e.participants:
                if not registry.has(p.actor):
                    entry = self.actors.entry(p.actor)
                    registry.declare(p.actor, entry.kind if entry is not None else "group")


# Extractors built by `extract`, one per gazetteer object, dropped with the gazetteer: building
# one indexes the gazetteer (a fifth of a second), which must not happen once per article.
_BUILT: weakref.WeakKeyDictionary[Any, Extractor] = weakref.WeakKeyDictionary()


def extract(text: str, *, document: str, published: dt.date | None, gazetteer: Gazetteer) -> Claims:
    """Convenience: the `Extractor` of this gazetteer object (built on first use) extracts the text.
    Callers that manage their own `Extractor` avoid even this lookup."""
    try:
        extractor = _BUILT.get(gazetteer)
    except TypeError:  # an unhashable or non-weak-referenceable gazetteer: build one for the call
        return Extractor(gazetteer).extract(text, document=document, published=published)
    if extractor is None:
        extractor = Extractor(gazetteer)
        try:
            _BUILT[gazetteer] = extractor
        except TypeError:
            pass
    return extractor.extract(text, document=document, published=published)
