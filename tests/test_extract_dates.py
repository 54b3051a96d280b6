"""Dates and times: absolute and relative dates against the publication date, clock times with zones."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import Extractor
from kg.extract.dates import find_dates, find_times
from kg.extract.lexicon import load_lexicon
from kg.extract.text import tokenize

PUBLISHED = dt.date(2025, 9, 4)  # a Thursday


def dates(text: str, published: dt.date | None = PUBLISHED) -> list[tuple[str, dt.date]]:
    return [(d.text, d.date) for d in find_dates(tokenize(text), published, load_lexicon())]


@pytest.mark.parametrize(("text", "expected"), [
    ("on August 20", dt.date(2025, 8, 20)),
    ("on 4 September 2025", dt.date(2025, 9, 4)),
    ("on Wednesday, September 3", dt.date(2025, 9, 3)),
    ("on Sept. 12", dt.date(2025, 9, 12)),
    ("in a statement dated 2025-07-15", dt.date(2025, 7, 15)),
    ("yesterday", dt.date(2025, 9, 3)),
    ("tomorrow", dt.date(2025, 9, 5)),
])
def test_a_date_resolves_against_publication(text, expected):
    assert [d for _, d in dates(text)] == [expected]


def test_a_date_without_year_takes_the_nearest_year():
    assert dates("on December 30", dt.date(2026, 1, 3)) == [("December 30", dt.date(2025, 12, 30))]


def test_a_weekday_in_a_past_clause_is_the_last_such_day():
    assert dates("Zelensky said on Monday")[0][1] == dt.date(2025, 9, 1)


def test_a_weekday_in_a_future_clause_is_the_next_such_day():
    assert dates("The leaders will meet on Monday")[0][1] == dt.date(2025, 9, 8)


def test_last_week_is_the_monday_of_last_week_at_week_precision():
    found = find_dates(tokenize("Germany pledged aid last week"), PUBLISHED, load_lexicon())
    assert (found[0].date, found[0].precision) == (dt.date(2025, 8, 25), "week")


def test_a_relative_date_needs_a_publication_date():
    assert dates("yesterday", None) == []


def test_may_the_modal_is_not_a_month():
    assert dates("Germany may send troops") == []


@pytest.mark.parametrize(("text", "hour", "minute", "zone"), [
    ("at 11:30 Kyiv time", 11, 30, "Europe/Kyiv"),
    ("at 3:00 PM", 15, 0, None),
    ("at 10 a.m. ET", 10, 0, "America/New_York"),
    ("at 15:00 CET", 15, 0, "Europe/Brussels"),
    ("at 9:15 (Moscow time)", 9, 15, "Europe/Moscow"),
])
def test_clock_times_keep_their_zone(text, hour, minute, zone):
    [time] = find_times(tokenize(text), load_lexicon())
    assert (time.hour, time.minute, time.zone) == (hour, minute, zone)


def test_a_decimal_number_is_not_a_time():
    assert find_times(tokenize("worth 2.5 billion"), load_lexicon()) == []


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def test_an_event_start_is_localised_with_summer_time(extractor):
    found = extractor.extract("Leaders will hold a summit on September 4. The summit will start at 11:30 Kyiv time.",
                              document="t.txt", published=PUBLISHED)
    assert [e.start.isoformat() for e in found.events] == ["2025-09-04T11:30:00+03:00"]


def test_a_time_without_zone_takes_the_last_zone_of_the_article(extractor):
    found = extractor.extract("Leaders will hold a meeting on September 4 at 11:30 Kyiv time. After the meeting, "
                              "at 3:00 PM, they will hold a press conference.", document="t.txt", published=PUBLISHED)
    starts = {e.kind.value: e.start.isoformat() for e in found.events}
    assert starts == {"meeting": "2025-09-04T11:30:00+03:00", "press_conference": "2025-09-04T15:00:00+03:00"}


def test_the_sentence_date_is_the_commitments_date(extractor):
    found = extractor.extract("Donald Trump stated on August 20 that Washington is ready to provide air support to "
                              "Ukraine.", document="t.txt", published=PUBLISHED)
    assert [c.date for c in found.commitments] == [dt.date(2025, 8, 20)]


def test_the_date_a_speaker_spoke_wins_over_other_dates(extractor):
    found = extractor.extract("Germany will deliver four IRIS-T systems to Ukraine by December 31, Chancellor "
                              "Friedrich Merz said on Wednesday.", document="t.txt", published=PUBLISHED)
    assert [c.date for c in found.commitments] == [dt.date(2025, 9, 3)]


def test_a_past_events_date_carries_to_the_sentences_narrating_it(extractor):
    text = ("At the talks in Washington on August 18, security guarantees were key. "
            "After the meeting, Trump wrote that the parties discussed what guarantees European countries "
            "would provide.\n\n"
            "Zelensky reported proposals for the purchase of American weapons worth $90 billion.\n\n"
            "Later, Rubio said the United States was working on security guarantees.")
    found = extractor.extract(text, document="t.txt", published=PUBLISHED)
    by_committer = {c.committer: c.date for c in found.commitments}
    assert by_committer == {"European countries": dt.date(2025, 8, 18), "Ukraine": dt.date(2025, 8, 18),
                            "United States": None}


def test_a_future_statement_does_not_take_a_past_events_date(extractor):
    text = "Zelensky met Trump at the White House on Friday. Britain will send troops to Ukraine."
    found = extractor.extract(text, document="t.txt", published=PUBLISHED)
    # not Friday's: the news lead's own day, the publication date
    assert [c.date for c in found.commitments] == [PUBLISHED]
