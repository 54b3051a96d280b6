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
    background: bool = False            # "following a meeting ...": told as the background of the news


# Stands for "the people of the event in focus" among a trigger's parties.
_FOCUS = Mention(-1, -1, "", "group", "group", actor=False)

_BETWEEN_SUBJECT_AND_VERB = frozenset({"also", "will", "would", "has", "have", "had", "to", "then", "later",
                                       "separately", "again", "already", "last", "is", "are", "was", "were", "due",
                                       "plans", "planned", "plan", "intends", "intended", "wants", "wanted",
                                       "expects", "expected", "hopes", "hoped", "agreed", "decided", "set",
                                       "going", "is", "scheduled", "able", "ready", "shall", "may", "might",
                                       "could", "can"})


class EventBuilder:
    """Builds the events of one document; holds the lexicon only, so it is reusable."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lex = lexicon

    def _triggers(self, a: SentenceAnalysis, referent: Mention | None = None) -> list[_Trigger]:
        lex = self._lex.events
        tokens = a.tokens
        anchors = {m.end for m in self._lex.syntax.event_anchors.find(tokens)}
        found: list[_Trigger] = []
        for m in lex.nouns.find(tokens):
            before = tokens[m.start - 1] if m.start > 0 else None
            ok = before is not None and (before.norm in lex.determiners or before.text in _QUOTES
                                         or before.norm in lex.noun_prepositions
                                         or any(x.end == m.start for x in a.mentions)
                                         or any(d.end == m.start for d in a.dates))
            if not ok:
                continue
            if before is not None and before.norm in lex.noun_prepositions and before.norm not in lex.determiners \
                    and any(x.start == m.end for x in a.mentions):
                continue  # "after meeting Zelensky": a verb
            if m.payload == "call" and m.end < len(tokens) and tokens[m.end].norm in ("for", "on", "to") \
                    and not any(d.start == m.end + 1 for d in a.dates):
                continue  # "calls for", "a call to action", "a call on allies to ..." (not "a call on Wednesday")
            definite = before is not None and before.norm in ("the", "this", "that", "its", "their", "'s")
            anchor = definite and (m.start in anchors or m.start - 1 in anchors)
            background = any(k in anchors for k in range(max(0, m.start - 4), m.start + 1))
            found.append(_Trigger(m.start, m.end, m.payload, True, definite, anchor, background=background))
        # "Starmer spoke with Zelensky by phone": a talk verb with a medium reports a call
        for m in lex.talk_verbs.find(tokens):
            if any(t.start <= m.start < t.end for t in found):
                continue
            if not lex.call_media.find(tokens, m.end, min(len(tokens), m.end + 12)):
                continue
            subjects = _subjects_before(a, m.start) or self._implicit_subject(a, m.start, referent)
            obj = self._object(a, m.end, subjects)
            if not subjects and obj is None:
                continue
            found.append(_Trigger(m.start, m.end, "call", False, False, False,
                                  tuple(subjects) + ((obj,) if obj is not None else ())))
        for m in lex.verbs.find(tokens):
            if any(t.start < m.end and m.start < t.end for t in found):
                continue  # "held a phone call with": the noun is the event
            obj = self._object(a, m.end, [])
            subjects = _subjects_before(a, m.start) or self._implicit_subject(a, m.start, referent)
            if not subjects and obj is None and self._lex.events.participant_nouns.find(tokens, max(0, m.start - 4), m.start):
                subjects = [_FOCUS]  # "the two leaders spoke by phone": the people of the event in focus
            if obj is None and m.end - m.start == 1 and not (subjects and m.payload == "meeting" and _placed(a, m.end)):
                continue  # a bare "call" or "meet" needs someone to call or meet ("meeting its target" is none),
                # or a place or day to meet at ("the leaders will meet in Copenhagen on September 25")
            parties = tuple(subjects) + ((obj,) if obj is not None else ())
            found.append(_Trigger(m.start, m.end, m.payload, False, False, False, parties))
        found.sort(key=lambda t: t.start)
        # "will meet in Paris on Monday for an emergency summit": the verb's event is the noun's
        merged: list[_Trigger] = []
        for t in found:
            noun = next((x for x in found if x.noun and not x.anchor and 0 < x.start - t.end <= 8
                         and x.kind in self._lex.events.same_kind.get(t.kind, {t.kind})), None) if not t.noun else None
            if noun is not None:
                index = found.index(noun)
                found[index] = _Trigger(noun.start, noun.end, noun.kind, True, noun.definite, noun.anchor,
                                        tuple(t.parties) + tuple(noun.parties), noun.background)
                continue
            merged.append(t)
        return [t for t in found if t in merged or t.noun]

    def _implicit_subject(self, a: SentenceAnalysis, verb: int, referent: Mention | None) -> list[Mention]:
        """"he had spoken with him", "said on Monday after meeting Zelensky": a pronoun or a participle
        clause stands for the sentence's person subject, else its speaker, else the person spoken of before."""
        tokens = a.tokens
        j = verb
        while j > 0 and tokens[j - 1].norm in _BETWEEN_SUBJECT_AND_VERB:
            j -= 1
        if j == 0 or tokens[j - 1].norm not in _PERSON_PRONOUNS | _PARTICIPLE_OPENERS:
            return []
        if tokens[j - 1].norm in _PARTICIPLE_OPENERS and not tokens[verb].norm.endswith("ing"):
            return []
        person = _person_subject(a, j - 1)
        if person is None:
            frame = main_frame(a.frames)
            person = frame.speaker if frame is not None and frame.speaker is not None and frame.speaker.kind == "person" \
                else referent
        return [person] if person is not None else []

    def _object(self, a: SentenceAnalysis, end: int, subjects: list[Mention]) -> Mention | None:
        """The actor a talk or meeting verb takes: "met Trump", "spoke with Zelensky", "spoken with him"."""
        tokens = a.tokens
        medium = self._lex.events.call_media.at(tokens, end) if end < len(tokens) else []
        if medium:
            end = medium[0].end  # "speak by phone with Putin"
        j = end + (end < len(tokens) and tokens[end].norm in ("with", "to"))
        obj = next((x for x in a.mentions if x.start == j and x.actor and x.kind != "media"), None)
        if obj is None and j < len(tokens) and tokens[j].norm in ("him", "her"):
            names = {m.name for m in subjects}
            obj = next((m for m in reversed(a.mentions) if m.kind == "person" and m.end <= end and m.name not in names), None)
        return obj

    def build(self, analyses: Sequence[SentenceAnalysis], published: dt.date | None, text: str) -> list[Event]:
        drafts: list[_Draft] = []
        focus: _Draft | None = None
        last_zone: str | None = None
        narrative: tuple[int, dt.date, str] | None = None   # (section, date, cue)
        spoken: tuple[int, str, dt.date] | None = None       # (section, person, day): "Trump said on Monday"
        referent: Mention | None = None                      # the last person who spoke
        for index, a in enumerate(analyses):
            s = a.sentence
            if s.heading:
                narrative = spoken = None
                continue
            if narrative is not None and narrative[0] != s.section:
                narrative = None
            if spoken is not None and spoken[0] != s.section:
                spoken = None
            if a.time_shift:
                narrative = spoken = None
            frame = main_frame(a.frames)
            speaker = frame.speaker if frame is not None and frame.speaker is not None \
                and frame.speaker.kind == "person" else (referent if frame is not None and frame.pronoun else None)
            past = _past(a)
            # the day of the narrative this sentence continues: a past event told before, or the day
            # the same person spoke ("Trump said on Monday ... Trump told reporters during a meeting")
            carried: tuple[dt.date, str] | None = None
            if past:
                subject = speaker or _person_subject(a, len(a.tokens))
                if spoken is not None and subject is not None and subject.name == spoken[1]:
                    carried = (spoken[2], f"date:spoken:{spoken[2].isoformat()}")
                elif narrative is not None:
                    carried = (narrative[1], narrative[2])
            triggers = self._triggers(a, speaker or referent)
            anchor_date = None
            for t in triggers:
                if t.anchor and focus is not None and focus.kind in self._lex.events.same_kind.get(t.kind, {t.kind}):
                    anchored = self._referred(drafts, focus, t, s.section)
                    anchor_date = anchored.date
                    if _AT_EVENT.intersection(tok.norm for tok in a.tokens[max(0, t.start - 4):t.start]):
                        # "Trump met Zelensky on the sidelines of the summit": they were at the summit
                        for m in _opening_chain(a, t.start):
                            if m.kind == "person":
                                anchored.add(m.name, None)
            events_here: list[tuple[_Trigger, _Draft]] = []
            for t in triggers:
                if t.anchor:
                    continue
                explicit = self._date_near(a, t, triggers)
                referred = self._referred(drafts, focus, t, s.section)
                if t.noun and t.definite and referred is not None \
                        and (explicit is None or explicit == referred.date):
                    draft = referred
                else:
                    draft = _Draft(t.kind, s.section, date=explicit or anchor_date)
                    draft.cues.append(f"event:{t.kind}:{' '.join(tok.text for tok in a.tokens[t.start:t.end])}")
                    if draft.date is None and carried is not None:
                        draft.date = carried[0]
                        draft.cues.append(carried[1])
                    self._describe(draft, a, t, focus, speaker or referent)
                    drafts.append(draft)
                if draft is referred and t.noun:
                    self._participants(draft, a, t, speaker or referent)
                if draft.date is None and explicit is not None:
                    draft.date = explicit
                draft.touch(index, a.attribution)
                events_here.append((t, draft))
                focus = draft
                if explicit is not None and published is not None and explicit <= published and not t.background:
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
            attendance = [m for m in self._lex.events.attendance.find(a.tokens) if self._attends_event(a, m.end)
                          and not any(m.start - 3 <= n.start < m.start for n in a.negations)]  # "did not attend"
            modes = [m for m in self._lex.events.modes.find(a.tokens)
                     if not any(t.start <= m.start < t.end for t in triggers)]  # "a video conference" is the event
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
            if carried is None and speaker is not None and past and focus is not None \
                    and focus.section == s.section and focus.date is not None and published is not None \
                    and focus.date <= published and speaker.name in focus.participants:
                # "Starmer said that ..." after "Starmer visited Kyiv on Thursday": said during the visit
                carried = (focus.date, f"date:speaker-at-event:{focus.date.isoformat()}")
            if carried is not None and not a.day_dates:
                a.narrative_date, a.narrative_cue = carried
            elif narrative is not None and not a.day_dates and past:
                a.narrative_date, a.narrative_cue = narrative[1], narrative[2]
            elif anchor_date is not None and not a.day_dates:
                a.narrative_date, a.narrative_cue = anchor_date, f"date:anchor:{anchor_date.isoformat()}"
            if speaker is not None:
                referent = speaker
                said = self._spoken_on(a, frame) if frame is not None and past else None
                if said is not None and published is not None and said <= published:
                    spoken = (s.section, speaker.name, said)
        return [self._event(d, analyses, text) for d in drafts]

    def _referred(self, drafts: list[_Draft], focus: _Draft | None, t: _Trigger, section: int) -> _Draft | None:
        """The event a definite noun refers to: the last of its very kind in the section ("the summit"
        after a summit and a meeting on its sidelines), else the event in focus when the kinds agree
        ("the meeting" for a summit), else the last of an agreeing kind ("the video conference")."""
        kinds = self._lex.events.same_kind.get(t.kind, {t.kind})
        same = next((d for d in reversed(drafts) if d.kind == t.kind and d.section == section), None)
        if same is not None:
            return same
        if focus is not None and focus.kind in kinds:
            return focus
        return next((d for d in reversed(drafts) if d.kind in kinds and d.section == section), None)

    @staticmethod
    def _spoken_on(a: SentenceAnalysis, frame) -> dt.date | None:
        """The day a frame says its speaker spoke: "said on Monday", "..., Kallas said on Tuesday"."""
        if frame.trailing:
            days = [d for d in a.day_dates if d.start >= frame.speaker_start]
        else:
            days = [d for d in a.day_dates if frame.verb_start <= d.start < max(frame.complement_start, frame.verb_end + 4)]
        return days[0].date if days else None

    def _date_near(self, a: SentenceAnalysis, t: _Trigger, triggers: Sequence[_Trigger] = ()) -> dt.date | None:
        """The day written after the trigger (before the next one), else before it; a day written after
        a later trigger is that trigger's ("after a video conference ... ahead of the summit on Friday")."""
        dates = a.day_dates
        if not dates:
            return None
        later = [x.start for x in triggers if x.start > t.start and not x.anchor]
        if later:
            dates = [d for d in dates if d.start < min(later)]
        tokens = a.tokens
        # a day before the trigger counts unless it sits in a relative aside ("Driscoll, who delivered
        # the plan on Thursday, is expected to meet ...")
        dates = [d for d in dates if d.start >= t.start or not _in_relative_aside(tokens, d.start, t.start)]
        weeks = [d for d in a.dates if d.precision == "week" and t.end <= d.start <= t.end + 4]
        after = [d for d in dates if d.start >= t.end]
        if weeks and (not after or weeks[0].start < after[0].start):
            return None  # "is expected to meet Ukrainian officials again next week": no day
        if not dates:
            return None
        return min(dates, key=lambda d: (d.start < t.start, abs(d.start - t.end))).date

    @staticmethod
    def _nearest(events: list[tuple[_Trigger, _Draft]], time: TimeMention) -> _Draft | None:
        if not events:
            return None
        return min(events, key=lambda e: min(abs(time.start - e[0].end), abs(e[0].start - time.end)))[1]

    def _describe(self, draft: _Draft, a: SentenceAnalysis, t: _Trigger, focus: _Draft | None,
                  speaker: Mention | None = None) -> None:
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
        self._participants(draft, a, t, speaker)
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

    def _participants(self, draft: _Draft, a: SentenceAnalysis, t: _Trigger, speaker: Mention | None) -> None:
        """Who an event noun says took part: the holder ("Macron hosted the summit", "Merz told a news
        conference", "Merz, who hosted the video conference"), the owner ("Trump's summit with Putin"),
        and the people after "with", "involving", ... together with the sentence's subject when the
        list opens with "with" ("Trump told reporters during a meeting with Rutte")."""
        if not t.noun:
            return
        tokens = a.tokens
        k = t.start - 1
        while k > 0 and (tokens[k].norm in self._lex.events.determiners or tokens[k].norm in _BEFORE_HELD) \
                and t.start - k <= 5:
            k -= 1
        if k >= 0 and tokens[k].norm in _HOLD_VERBS:
            for m in _subjects_before(a, k):
                draft.add(m.name, None)
        for party in t.parties:
            if party is not _FOCUS:
                draft.add(party.name, None)
        j = t.start - 1
        while j > 0 and tokens[j].norm in self._lex.events.determiners:
            j -= 1
        if j >= 0 and tokens[j].norm in ("in", "during", "at") and not t.definite:
            # "Putin and Trump discussed the war in a phone call": the subjects took part
            for m in _opening_chain(a, j):
                draft.add(m.name, None)
        owner = None
        if t.start > 1 and tokens[t.start - 1].norm == "'s":
            owner = next((m for m in a.mentions if m.end == t.start - 1 and m.actor and m.kind != "media"), None)
            if owner is not None:
                draft.add(owner.name, None)
        for intro in self._lex.events.participants_after.find(tokens, t.end, min(len(tokens), t.end + 6)):
            people = [m for m in _chain(a, intro.end, self._lex) if m.name != draft.group]
            if people and owner is None and intro.start == t.end and intro.key == ("with",):
                subject = _person_subject(a, t.start) or speaker
                if subject is not None and subject.name not in {m.name for m in people}:
                    draft.add(subject.name, None)
            for mention in people:
                draft.add(mention.name, None)
            break

    def _attends_event(self, a: SentenceAnalysis, end: int) -> bool:
        """An attendance verb attends an event: "joined the call", "will join by video link", "attended
        by"; not "take part in security guarantees" or "joined the coalition"."""
        tokens = a.tokens
        j = end + (end < len(tokens) and tokens[end].norm in ("in", "at"))
        while j < len(tokens) and tokens[j].norm in self._lex.events.determiners and j - end < 4:
            j += 1
        if j >= len(tokens) or tokens[j].norm in (".", ",", ";", "by", "and", "also") or not tokens[j].is_word:
            return True
        if self._lex.events.nouns.at(tokens, j) or self._lex.events.modes.at(tokens, j):
            return True
        return any(m.start == j and m.kind == "group" for m in a.mentions)  # "joined the Coalition of the Willing meeting"

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


_PERSON_PRONOUNS = frozenset({"he", "she"})
_AT_EVENT = frozenset({"sidelines", "at", "during"})
_PARTICIPLE_OPENERS = frozenset({"after", "before", "while", "when", "since"})
# Words between a holding verb and its event noun: "told reporters at a news conference".
_BEFORE_HELD = frozenset({"at", "reporters", "journalists", "the", "a", "an"})


def _placed(a: SentenceAnalysis, end: int) -> bool:
    """A place or a day right after a verb: "meet in Copenhagen on September 25", "meet on Friday"."""
    tokens = a.tokens
    if end + 1 < len(tokens) and tokens[end].norm == "in" and tokens[end + 1].capitalized:
        return True
    return any(end <= d.start <= end + 3 for d in a.day_dates)


def _person_subject(a: SentenceAnalysis, before: int) -> Mention | None:
    """The person the sentence opens with, as its subject ("Zelensky made the remarks after ...")."""
    for m in a.mentions:
        if m.start >= before:
            return None
        j = m.start - (m.start > 0 and a.tokens[m.start - 1].norm == "the")
        if j > 0 and a.tokens[j - 1].norm not in (",",):
            return None
        if m.actor and m.kind == "person":
            return m
        if m.actor:
            return None
    return None


def _in_relative_aside(tokens: Sequence[Token], i: int, before: int) -> bool:
    """Token i lies in a ", who/which ... ," aside that closes before token `before`."""
    j = i
    while j > 0 and tokens[j - 1].norm != ",":
        j -= 1
    if j == 0 or tokens[j].norm not in ("who", "which", "whose", "where"):
        return False
    return any(tok.norm == "," for tok in tokens[i:before])


def _opening_chain(a: SentenceAnalysis, before: int) -> list[Mention]:
    """The coordinated names the sentence opens with ("On Sunday, Putin and Trump ..."), before `before`."""
    tokens = a.tokens
    out: list[Mention] = []
    for m in a.mentions:
        if m.start >= before or not m.actor or m.kind == "media":
            break
        j = m.start - (m.start > 0 and tokens[m.start - 1].norm == "the")
        gap = tokens[out[-1].end:j] if out else tokens[:j]
        if out and not all(t.norm in (",", "and") for t in gap):
            break
        if not out and gap and not (gap[-1].norm == "," or all(t.is_word and t.capitalized for t in gap)):
            break  # the first name opens the sentence or follows an opening phrase ("On Sunday, ...")
        out.append(m)
    return out


def _subjects_before(a: SentenceAnalysis, verb: int) -> list[Mention]:
    """"Zelensky met", "Macron and Starmer will meet": the names right before an event verb;
    "Merz, who hosted the video conference": the name before a relative "who"."""
    j = verb
    while j > 0 and a.tokens[j - 1].norm in _BETWEEN_SUBJECT_AND_VERB:
        j -= 1
    if j > 1 and a.tokens[j - 1].norm == "who" and a.tokens[j - 2].norm == ",":
        j -= 2
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
    return bool(norms & {"was", "were", "had", "did"} or norms & _IRREGULAR_PAST) \
        or any(c.text.endswith("ed") for c in a.status_cues)


_HOLD_VERBS = frozenset({"hold", "holds", "held", "holding", "host", "hosts", "hosted", "hosting", "attend",
                         "attends", "attended", "convene", "convenes", "convened", "chair", "chairs", "chaired",
                         "give", "gives", "gave", "tell", "tells", "told", "telling", "address", "addresses",
                         "addressed", "addressing", "spoke", "speaks", "speaking"})

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
