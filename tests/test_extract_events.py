"""Events: kind, date, start time, participants and attendance modes."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.claims.model import Event
from kg.extract import Extractor

PUBLISHED = dt.date(2025, 9, 4)


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def events(extractor: Extractor, text: str) -> list[Event]:
    return extractor.extract(text, document="t.txt", published=PUBLISHED).events


def test_a_meeting_of_a_group_on_a_date(extractor):
    [e] = events(extractor, 'Leaders will meet during a meeting of the "Coalition of the Willing" on September 4.')
    assert (e.kind, e.name, e.date) == ("meeting", "Coalition of the Willing meeting", dt.date(2025, 9, 4))


def test_a_definite_reference_adds_to_the_event_in_focus(extractor):
    [e] = events(extractor, "NATO leaders will hold a summit on September 10. The summit will start at 10:00 CET. "
                            "The summit will be physically attended by Donald Tusk.")
    assert e.start.isoformat() == "2025-09-10T10:00:00+02:00"
    assert [(p.actor, p.mode) for p in e.participants] == [("NATO leaders", None), ("Donald Tusk", "in_person")]


def test_attendance_by_video_names_states_and_people(extractor):
    [e] = events(extractor, "Leaders will hold a meeting on September 4. The leaders of Britain, Italy and Germany, "
                            "as well as US special envoy Steve Witkoff, will join by video link, sources said.")
    assert [(p.actor, p.mode) for p in e.participants] == [
        ("United Kingdom", "video"), ("Italy", "video"), ("Germany", "video"), ("Steve Witkoff", "video")]
    assert e.attributed_to == "unnamed sources"


def test_a_call_after_the_meeting_takes_the_meetings_day(extractor):
    found = events(extractor, "Leaders will hold a meeting on September 4 at 11:30 Kyiv time. After the meeting, "
                              "at 3:00 PM, the participants will call Trump.")
    call = next(e for e in found if e.kind == "call")
    assert (call.date, call.start.isoformat()) == (dt.date(2025, 9, 4), "2025-09-04T15:00:00+03:00")
    assert [p.actor for p in call.participants] == ["Donald Trump"]


def test_talks_with_a_new_date_are_a_new_event_with_their_participants(extractor):
    found = events(extractor, "Leaders will hold a meeting on September 4.\n\nAt the talks in Washington involving "
                              "Trump, Zelensky, and a number of European leaders on August 18, guarantees were key.")
    talks = found[1]
    assert (talks.kind, talks.date, talks.location) == ("meeting", dt.date(2025, 8, 18), "Washington")
    assert [p.actor for p in talks.participants] == ["Donald Trump", "Volodymyr Zelensky", "European leaders"]


def test_a_speaker_elaborating_on_past_talks_took_part(extractor):
    found = events(extractor, "At the talks in Washington on August 18, guarantees were key. In particular, "
                              "Italian Prime Minister Giorgia Meloni stated that the parties would consider guarantees.")
    assert "Giorgia Meloni" in [p.actor for p in found[0].participants]


def test_a_meeting_verb_names_both_sides_and_a_phone_call_follows(extractor):
    found = events(extractor, "Zelensky met Trump at the White House on Friday, and the two leaders spoke by "
                              "phone on Sunday.")
    assert [(e.kind, e.date) for e in found] == [("meeting", dt.date(2025, 8, 29)), ("call", dt.date(2025, 8, 31))]
    assert [p.actor for p in found[1].participants] == ["Volodymyr Zelensky", "Donald Trump"]


def test_a_press_conference_holder_takes_part(extractor):
    [e] = events(extractor, "NATO Secretary-General Mark Rutte will hold a press conference at 10:00 CET on Friday.")
    assert (e.kind, e.date, [p.actor for p in e.participants]) == ("press_conference", dt.date(2025, 9, 5), ["Mark Rutte"])


def test_an_event_quote_is_its_text(extractor):
    text = "Leaders will hold a meeting on September 4. The meeting will be physically attended by Donald Tusk."
    [e] = events(extractor, text)
    assert text[e.quote_start:e.quote_end] == e.quote


def test_meeting_a_target_is_no_event(extractor):
    assert events(extractor, "Germany is meeting its NATO spending target.") == []
