"""Events: meetings, summits, calls and press conferences, with date, start time and participants.

Rules (in text order, one event "in focus" at a time):
* an event noun after a determiner ("a meeting of the Coalition of the Willing on September 4",
  "the talks in Washington ... on August 18", "a press conference") or an event verb with an
  object ("will call Trump") names an event; a definite noun ("the summit") with no new date
  refers to the event in focus when the kinds agree, otherwise it opens a new event;
* a noun after "after", "before", "following" ("After the meeting, ...") is a time anchor: it
  refers to the event in focus and lends its date to events the sentence opens;
* a clock time belongs to the nearest event noun or verb of its sentence, or to the event in
  focus when the sentence has none; a time without a zone takes the last zone written earlier
  in the article ("3:00 PM" after "11:30 Kyiv time");
* attendance sentences ("will be physically attended by ...", "will join by video link") add
  every actor they name to the event they mention or, failing that, the event in focus, with the
  mode their wording gives (in_person / video); "involving X, Y and Z" after an event noun adds
  X, Y and Z; a person who speaks in a sentence that goes on about "the parties" of the event in
  focus, or elaborates on it ("In particular, ..."), took part;
* narrative date: the date of a past event (on or before publication) carries to the undated
  sentences after it in the same section, until a time-shift word ("Later", "currently") or a
  heading; commitments use it when their sentence gives no date of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.claims.model import Event, Participant
from kg.claims.vocabulary import AttendanceMode, EventKind
from kg.extract.actors import Mention
from kg.extract.analysis import SentenceAnalysis
from kg.extract.dates import TimeMention, localize
from kg.extract.frames import main_frame
from kg.extract.lexicon import Lexicon
from kg.extract.text import Token

_QUOTES = frozenset({'"', "'", "“", "”", "«", "»"})
_KIND_WORD = {"meeting": "meeting", "summit": "summit", "call": "call", "press_conference": "press conference",
              "statement": "statement"}


@dataclass
class _Draft:
    kind: str
    section: int
    date: dt.date | None = None
    start: dt.datetime | None = None
    name: str | None = None
    location: str | None = None
    group: str | None = None
    participants: dict[str, str | None] = field(default_factory=dict)
    sentences: list[int] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)

    def touch(self, index: int, attribution: str | None) -> None:
        if index not in self.sentences:
            self.sentences.append(index)
        if attribution and attribution not in self.attributions:
            self.attributions.append(attribution)

    def add(self, name: str, mode: str | None) -> None:
        if name not in self.participants or (mode and not self.participants[name]):
            self.participants[name] = mode


@dataclass(frozen=True, slots=True)
class _Trigger:
    start: int
    end: int
    kind: str
    noun: bool
    definite: bool
    anchor: bool
    parties: tuple[Mention, ...] = ()   # verb triggers: subject and object ("Zelensky met Trump")


# Stands for "the people of the event in focus" among a trigger's parties.
_FOCUS = Mention(-1, -1, "", "group", "group", actor=False)

_BETWEEN_SUBJECT_AND_VERB = frozenset({"also", "will", "would", "has", "have", "had", "to", "then", "later",
                                       "separately", "again", "already", "last", "is", "are", "was", "were", "due"})


class EventBuilder:
    """Builds the events of one document; holds the lexicon only, so it is reusable."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lex = lexicon

    def _triggers(self, a: SentenceAnalysis) -> list[_Trigger]:
        lex = self._lex.events
        tokens = a.tokens
        anchors = {m.end for m in self._lex.syntax.event_anchors.find(tokens)}
        found: list[_Trigger] = []
        for m in lex.nouns.find(tokens):
            before = tokens[m.start - 1] if m.start > 0 else None
            ok = before is not None and (before.norm in lex.determiners or before.text in _QUOTES
                                         or any(x.end == m.start for x in a.mentions)
                                         or any(d.end == m.start for d in a.dates))
            if not ok:
                continue
            if m.payload == "call" and m.end < len(tokens) and tokens[m.end].norm in ("for", "on", "to"):
                continue  # "calls for", "a call to action"
            definite = before is not None and before.norm in ("the", "this", "that", "its", "their", "'s")
            anchor = definite and (m.start in anchors or m.start - 1 in anchors)
            found.append(_Trigger(m.start, m.end, m.payload, True, definite, anchor))
        for m in lex.verbs.find(tokens):
            if any(t.start <= m.start < t.end for t in found):
                continue
            j = m.end + (m.end < len(tokens) and tokens[m.end].norm == "with")
            obj = next((x for x in a.mentions if x.start == j and x.actor and x.kind != "media"), None)
            subjects = _subjects_before(a, m.start)
            if not subjects and obj is None and self._lex.events.participant_nouns.find(tokens, max(0, m.start - 4), m.start):
                subjects = [_FOCUS]  # "the two leaders spoke by phone": the people of the event in focus
            if obj is None and m.end - m.start == 1:
                continue  # a bare "call" or "meet" needs someone to call or meet ("meeting its target" is none)
            parties = tuple(subjects) + ((obj,) if obj is not None else ())
            found.append(_Trigger(m.start, m.end, m.payload, False, False, False, parties))
        return sorted(found, key=lambda t: t.start)

    def build(self, analyses: Sequence[SentenceAnalysis], published: dt.date | None, text: str) -> list[Event]:
        drafts: list[_Draft] = []
        focus: _Draft | None = None
        last_zone: str | None = None
        narrative: tuple[int, dt.date, str] | None = None   # (section, date, cue)
        for index, a in enumerate(analyses):
            s = a.sentence
            if s.heading:
                narrative = None
                continue
            if narrative is not None and narrative[0] != s.section:
                narrative = None
            if a.time_shift:
                narrative = None
            triggers = self._triggers(a)
            anchor_date = None
            for t in triggers:
                if t.anchor and focus is not None and focus.kind in self._lex.events.same_kind.get(t.kind, {t.kind}):
                    anchor_date = focus.date
            events_here: list[tuple[_Trigger, _Draft]] = []
            for t in triggers:
                if t.anchor:
                    continue
                explicit = self._date_near(a, t)
                compatible = focus is not None and focus.kind in self._lex.events.same_kind.get(t.kind, {t.kind})
                if t.noun and t.definite and compatible and focus is not None \
                        and (explicit is None or explicit == focus.date):
                    draft = focus
                else:
                    draft = _Draft(t.kind, s.section, date=explicit or anchor_date)
                    draft.cues.append(f"event:{t.kind}:{' '.join(tok.text for tok in a.tokens[t.start:t.end])}")
                    self._describe(draft, a, t, focus)
                    drafts.append(draft)
                if draft.date is None and explicit is not None:
                    draft.date = explicit
                draft.touch(index, a.attribution)
                events_here.append((t, draft))
                focus = draft
                if explicit is not None and published is not None and explicit <= published:
                    narrative = (s.section, explicit, f"date:narrative:{explicit.isoformat()}")
            # clock times
            for time in a.times:
                zone = time.zone or last_zone
                if time.zone:
                    last_zone = time.zone
                target = self._nearest(events_here, time)
                if target is None and focus is not None and self._lex.events.start_verbs.find(a.tokens):
                    target = focus
                if target is not None and target.date is not None and zone and target.start is None:
                    target.start = localize(target.date, time, zone, self._lex)
                    target.cues.append(f"start:{time.text}" + ("" if time.zone else f" (zone of {zone})"))
                    target.touch(index, a.attribution)
            # attendance
            attendance = self._lex.events.attendance.find(a.tokens)
            modes = self._lex.events.modes.find(a.tokens)
            if attendance or modes:
                target = events_here[0][1] if events_here else focus
                if target is not None:
                    mode = modes[0].payload if modes else None
                    for m in self._attendees(a, target):
                        target.add(m.name, mode)
                    target.touch(index, a.attribution)
                    if mode:
                        target.cues.append(f"mode:{mode}:{' '.join(modes[0].key)}")
            # speakers who go on about "the parties" of the event in focus took part in it
            if focus is not None and focus.section == s.section and not events_here and \
                    (a.elaboration or self._lex.events.participant_nouns.find(a.tokens)):
                speaker = a.speaker()
                if speaker is not None and speaker.kind == "person" and focus.date is not None \
                        and published is not None and focus.date <= published:
                    focus.add(speaker.name, None)
            if narrative is not None and not a.day_dates and _past(a):
                a.narrative_date, a.narrative_cue = narrative[1], narrative[2]
            elif anchor_date is not None and not a.day_dates:
                a.narrative_date, a.narrative_cue = anchor_date, f"date:anchor:{anchor_date.isoformat()}"
        return [self._event(d, analyses, text) for d in drafts]

    def _date_near(self, a: SentenceAnalysis, t: _Trigger) -> dt.date | None:
        dates = a.day_dates
        if not dates:
            return None
        return min(dates, key=lambda d: (d.start < t.start, abs(d.start - t.end))).date

    @staticmethod
    def _nearest(events: list[tuple[_Trigger, _Draft]], time: TimeMention) -> _Draft | None:
        if not events:
            return None
        return min(events, key=lambda e: min(abs(time.start - e[0].end), abs(e[0].start - time.end)))[1]

    def _describe(self, draft: _Draft, a: SentenceAnalysis, t: _Trigger, focus: _Draft | None) -> None:
        """Name, location, group and first participants of a new event."""
        tokens = a.tokens
        kind_word = _KIND_WORD[t.kind]
        for party in t.parties:
            if party is _FOCUS:
                for name in (focus.participants if focus is not None else {}):
                    draft.add(name, None)
            else:
                draft.add(party.name, None)
        j = t.end
        # "a meeting of the "Coalition of the Willing"", "the NATO summit"
        k = j
        if k < len(tokens) and tokens[k].norm == "of":
            k += 1
            while k < len(tokens) and (tokens[k].text in _QUOTES or tokens[k].norm == "the"):
                k += 1
            group = next((m for m in a.mentions if m.start <= k < m.end and m.kind in ("group", "organisation")), None)
            if group is not None:
                draft.group = group.name
        before = next((m for m in a.mentions if m.end == t.start and m.kind in ("group", "organisation")), None)
        if before is not None:
            draft.group = before.name
        # "the talks in Washington"
        if j < len(tokens) and tokens[j].norm == "in" and j + 1 < len(tokens) and tokens[j + 1].capitalized:
            place = next((m for m in a.mentions if m.start == j + 1), None)
            draft.location = place.surface if place is not None else tokens[j + 1].text
        # "Rutte will hold a press conference", "Macron hosted the summit"
        if t.noun:
            k = t.start - 1
            while k > 0 and tokens[k].norm in self._lex.events.determiners:
                k -= 1
            if k >= 0 and tokens[k].norm in _HOLD_VERBS:
                for m in _subjects_before(a, k):
                    draft.add(m.name, None)
        # "involving Trump, Zelensky, and a number of European leaders"
        for intro in self._lex.events.participants_after.find(tokens, t.end, min(len(tokens), t.end + 6)):
            for mention in _chain(a, intro.end, self._lex):
                if mention.name != draft.group:
                    draft.add(mention.name, None)
            break
        if draft.group:
            draft.name = f"{draft.group} {kind_word}"
        elif draft.location:
            noun = " ".join(tok.text for tok in tokens[t.start:t.end]) if t.noun else kind_word
            draft.name = f"{noun[:1].upper()}{noun[1:]} in {draft.location}"
        elif t.kind == "call" and len(draft.participants) == 1:
            draft.name = f"Call with {next(iter(draft.participants))}"
        elif not t.noun and len(draft.participants) >= 2:
            names = list(draft.participants)
            link = "between" if t.kind == "call" else "of"
            draft.name = f"{kind_word.capitalize()} {link} {', '.join(names[:-1])} and {names[-1]}"
        else:
            draft.name = kind_word.capitalize()

    def _attendees(self, a: SentenceAnalysis, target: _Draft) -> list[Mention]:
        frame = main_frame(a.frames)
        speaker_zone = range(frame.speaker_start, frame.verb_end) if frame is not None and frame.trailing else range(0)
        out = []
        for m in a.mentions:
            if not m.actor or m.kind == "media" or m.name == target.group or m.start in speaker_zone:
                continue
            if m.start > 0 and a.tokens[m.start - 1].norm in ("in", "from", "at", "to") and m.kind == "state":
                continue  # "in Paris" is where, not who
            out.append(m)
        return out

    def _event(self, d: _Draft, analyses: Sequence[SentenceAnalysis], text: str) -> Event:
        first, last = analyses[min(d.sentences)].sentence, analyses[max(d.sentences)].sentence
        confidence = 0.5 + 0.1 * (d.date is not None) + 0.1 * (d.start is not None) + 0.1 * bool(d.participants)
        return Event(
            name=d.name or d.kind.capitalize(), kind=EventKind(d.kind), date=d.date, start=d.start, location=d.location,
            participants=[Participant(actor=name, mode=AttendanceMode(mode) if mode else None)
                          for name, mode in d.participants.items()],
            attributed_to="; ".join(d.attributions) or None,
            quote=text[first.start:last.end], quote_start=first.start, quote_end=last.end,
            confidence=round(min(confidence, 0.9), 2), cues=d.cues)


def _subjects_before(a: SentenceAnalysis, verb: int) -> list[Mention]:
    """"Zelensky met", "Macron and Starmer will meet": the names right before an event verb."""
    j = verb
    while j > 0 and a.tokens[j - 1].norm in _BETWEEN_SUBJECT_AND_VERB:
        j -= 1
    out: list[Mention] = []
    while True:
        m = next((x for x in a.mentions if x.end == j and x.actor and x.kind != "media"), None)
        if m is None:
            break
        out.insert(0, m)
        j = m.start
        if j > 0 and a.tokens[j - 1].norm in (",", "and"):
            j -= 1
            if j > 0 and a.tokens[j - 1].norm == ",":
                j -= 1
        else:
            break
    return out


def _past(a: SentenceAnalysis) -> bool:
    """Whether a sentence narrates the past: a person "said/wrote" it, or its clause is in a past tense.
    An outlet's report ("the Times reported") is today's news, not the narrated event."""
    frame = main_frame(a.frames)
    if frame is not None:
        if frame.speaker is None and not frame.pronoun or (frame.speaker is not None and frame.speaker.kind == "media"):
            return False
        verb = a.tokens[frame.verb_start].norm
        return verb.endswith("ed") or verb in _IRREGULAR_PAST
    norms = {t.norm for t in a.tokens}
    if norms & {"will", "'ll", "shall"}:
        return False
    return bool(norms & {"was", "were", "had", "did"}) or any(c.text.endswith("ed") for c in a.status_cues)


_HOLD_VERBS = frozenset({"hold", "holds", "held", "holding", "host", "hosts", "hosted", "hosting", "attend",
                         "attends", "attended", "convene", "convenes", "convened", "chair", "chairs", "chaired",
                         "give", "gives", "gave"})

_IRREGULAR_PAST = frozenset({"said", "wrote", "told", "spoke", "met", "held", "gave", "sent", "made", "took",
                             "brought", "sought", "led", "thought", "felt"})


def _chain(a: SentenceAnalysis, start: int, lexicon: Lexicon) -> list[Mention]:
    """The mentions of a list starting at token `start`: "Trump, Zelensky, and a number of European leaders"."""
    tokens: Sequence[Token] = a.tokens
    out: list[Mention] = []
    j = start
    while j < len(tokens):
        m = next((x for x in a.mentions if x.start == j), None)
        if m is not None:
            if m.actor and m.kind != "media":
                out.append(m)
            j = m.end
            continue
        if tokens[j].norm in (",", "and", "as", "well", "the", "a", "number", "of", "other", "several", "along", "with"):
            j += 1
            continue
        break
    return out
