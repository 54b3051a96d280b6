"""Dates and clock times in a sentence, resolved against the publication date.

Absolute dates ("August 20", "4 September 2025", "on Wednesday, September 3") take the year
that puts them nearest the publication date. Weekdays ("on Monday") take the nearest such day
on or before publication, or on or after it when the sentence speaks of the future ("will
meet on Monday"). "last week" gives the Monday of that week, marked as week precision.
Clock times keep their zone word ("11:30 Kyiv time" -> Europe/Kyiv); a time without one is
given a zone later, from the last explicit zone of the article (events.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kg.extract.lexicon import DateLexicon, Lexicon
from kg.extract.text import Token


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int                 # token indices [start, end)
    end: int
    date: dt.date
    precision: str             # "day" or "week"
    text: str
    relative: bool             # resolved from the publication date rather than written out


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int
    end: int
    hour: int
    minute: int
    zone: str | None           # IANA name, when the text gives a zone
    text: str


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """The date with that month and day nearest to publication (ties go to the past)."""
    best: dt.date | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - published).days) < abs((best - published).days):
            best = candidate
    return best


def _day_number(token: Token) -> int | None:
    text = token.norm.rstrip(".")
    for suffix in ("st", "nd", "rd", "th"):
        if text.endswith(suffix) and text[:-2].isdigit():
            text = text[:-2]
    if text.isdigit() and 1 <= int(text) <= 31 and len(text) <= 2:
        return int(text)
    return None


def _year(tokens: Sequence[Token], i: int) -> tuple[int | None, int]:
    """An optional ", 2025" or " 2025" at token i -> (year, index after it)."""
    j = i + 1 if i < len(tokens) and tokens[i].norm == "," else i
    if j < len(tokens) and tokens[j].norm.isdigit() and len(tokens[j].norm) == 4 and 1900 <= int(tokens[j].norm) <= 2100:
        return int(tokens[j].norm), j + 1
    return None, i


def _month(tokens: Sequence[Token], i: int, lex: DateLexicon) -> tuple[int | None, int]:
    """A capitalised month name at token i (with an optional abbreviation dot)."""
    if i >= len(tokens) or not tokens[i].capitalized:
        return None, i
    month = lex.months.get(tokens[i].norm)
    if month is None:
        return None, i
    j = i + 1
    if j < len(tokens) and tokens[j].text == "." and len(tokens[i].norm) <= 4:
        j += 1
    return month, j


def _is_future(tokens: Sequence[Token], lex: DateLexicon) -> bool:
    return bool(lex.future_markers.find(tokens))


_PAST_WORDS = frozenset({"said", "met", "held", "told", "spoke", "wrote", "gave", "sent", "was", "were", "had", "did"})


def _local_tense(tokens: Sequence[Token], i: int, lex: DateLexicon) -> bool | None:
    """The tense of the words just before a weekday: "said on Wednesday" (past), "will meet on
    Monday" (future), "..., Merz told a news conference in Berlin on Tuesday" (past: the clause of
    the weekday, back to its comma, not the whole sentence); None when they do not tell."""
    start = i
    while start > 0 and i - start < 8 and tokens[start - 1].norm not in (",", ";", ":", '"'):
        start -= 1
    near = tokens[max(0, i - 4):i]
    if lex.future_markers.find(near):
        return True
    if any(t.norm in _PAST_WORDS or (t.norm.endswith("ed") and len(t.norm) > 4) for t in near):
        return False
    window = tokens[start:i]
    if lex.future_markers.find(window):
        return True
    if any(t.norm in _PAST_WORDS or (t.norm.endswith("ed") and len(t.norm) > 4) for t in window):
        return False
    return None


def find_dates(tokens: Sequence[Token], published: dt.date | None, lexicon: Lexicon) -> list[DateMention]:
    """Every date the sentence gives that can be resolved, in text order."""
    lex = lexicon.dates
    found: list[DateMention] = []
    future: bool | None = None
    relative_starts = lex.relative_starts
    i = 0
    while i < len(tokens):
        token = tokens[i]
        norm = token.norm
        if not (norm[:1].isdigit() or norm in relative_starts or (token.capitalized and (norm in lex.months or norm in lex.weekdays))):
            i += 1
            continue  # most tokens cannot start a date
        mention: DateMention | None = None
        # ISO date
        if len(token.norm) == 10 and token.norm[4] == "-" and token.norm[:4].isdigit():
            try:
                mention = DateMention(i, i + 1, dt.date.fromisoformat(token.norm), "day", token.text, False)
            except ValueError:
                mention = None
        # Month Day[, Year]
        if mention is None:
            month, j = _month(tokens, i, lex)
            if month is not None and j < len(tokens) and (day := _day_number(tokens[j])) is not None:
                year, end = _year(tokens, j + 1)
                mention = _absolute(tokens, i, end, year, month, day, published)
        # Day [of] Month [Year]
        if mention is None and (day := _day_number(token)) is not None:
            j = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].norm == "of")
            month, k = _month(tokens, j, lex)
            if month is not None:
                year, end = _year(tokens, k)
                if year is None and k < len(tokens) and tokens[k].norm.isdigit() and len(tokens[k].norm) == 4:
                    year, end = int(tokens[k].norm), k + 1
                mention = _absolute(tokens, i, end, year, month, day, published)
        # Weekday, optionally followed by an absolute date ("Wednesday, September 3")
        if mention is None and token.capitalized and token.norm in lex.weekdays:
            k = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].norm == ",")
            following = find_dates(tokens[k:k + 5], published, lexicon) if k < len(tokens) else []
            if following and following[0].start == 0 and not following[0].relative:
                after = following[0]
                mention = DateMention(i, k + after.end, after.date, "day", _text(tokens, i, k + after.end), False)
            elif published is not None:
                local = _local_tense(tokens, i, lex)
                if local is None and future is None:
                    future = _is_future(tokens, lex)
                before = tokens[i - 1].norm if i > 0 else ""
                forward = (local if local is not None else future) if before not in ("last", "next") else before == "next"
                weekday = lex.weekdays[token.norm]
                if forward:
                    delta = (weekday - published.weekday()) % 7
                    if before == "next" and delta == 0:
                        delta = 7
                else:
                    delta = -((published.weekday() - weekday) % 7)
                    if before == "last" and delta == 0:
                        delta = -7
                start = i - 1 if before in ("last", "next", "this") else i
                mention = DateMention(start, i + 1, published + dt.timedelta(days=delta), "day",
                                      _text(tokens, start, i + 1), True)
        # today, yesterday, last week
        if mention is None and published is not None:
            days = lex.relative_days.at(tokens, i)
            if days:
                m = days[0]
                mention = DateMention(i, m.end, published + dt.timedelta(days=m.payload), "day", _text(tokens, i, m.end), True)
            else:
                weeks = lex.relative_weeks.at(tokens, i)
                if weeks:
                    m = weeks[0]
                    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=m.payload)
                    mention = DateMention(i, m.end, monday, "week", _text(tokens, i, m.end), True)
        if mention is not None:
            found.append(mention)
            i = mention.end
        else:
            i += 1
    return found


def _absolute(tokens: Sequence[Token], start: int, end: int, year: int | None, month: int, day: int,
              published: dt.date | None) -> DateMention | None:
    try:
        if year is not None:
            date = dt.date(year, month, day)
        elif published is not None:
            found = _nearest_year(month, day, published)
            if found is None:
                return None
            date = found
        else:
            return None
    except ValueError:
        return None
    return DateMention(start, end, date, "day", _text(tokens, start, end), False)


def _text(tokens: Sequence[Token], start: int, end: int) -> str:
    return " ".join(t.text for t in tokens[start:end]).replace(" ,", ",").replace(" .", ".")


def _zone_after(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> tuple[str | None, int]:
    """A zone after a clock time: "Kyiv time", "(Kyiv time)", "CET", "ET"."""
    j = i + 1 if i < len(tokens) and tokens[i].text == "(" else i
    if j >= len(tokens):
        return None, i
    for m in lexicon.dates.zones.at(tokens, j):
        follows_time = m.end < len(tokens) and tokens[m.end].norm == "time"
        abbreviation = tokens[j].text.isupper() and len(tokens[j].text) <= 4 and m.end == j + 1
        if follows_time or abbreviation:
            end = m.end + 1 if follows_time else m.end
            if end < len(tokens) and tokens[end].text == ")" and j > i:
                end += 1
            return m.payload, end
    return None, i


def find_times(tokens: Sequence[Token], lexicon: Lexicon) -> list[TimeMention]:
    """Clock times: "11:30 Kyiv time", "3:00 PM", "10 a.m. ET", "15:00 CET", "noon"."""
    found: list[TimeMention] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        hour = minute = None
        end = i + 1
        if token.norm in ("noon", "midday"):
            hour, minute = 12, 0
        elif token.norm[:1].isdigit():
            parts = token.norm.replace(".", ":").split(":")
            meridiem = tokens[i + 1].norm.replace(".", "") if i + 1 < len(tokens) else ""
            if meridiem not in ("am", "pm"):
                meridiem = ""
            if all(p.isdigit() for p in parts) and len(parts) <= 2 and (len(parts) == 2 or meridiem):
                if "." in token.norm and not meridiem:
                    parts = []  # "2.5" is a number, not half past two
                if parts:
                    h, mnt = int(parts[0]), int(parts[1]) if len(parts) == 2 else 0
                    if meridiem == "pm" and h < 12:
                        h += 12
                    elif meridiem == "am" and h == 12:
                        h = 0
                    if 0 <= h <= 23 and 0 <= mnt <= 59 and (len(parts) == 1 or len(parts[1]) == 2):
                        hour, minute = h, mnt
                        end = i + 2 if meridiem else i + 1
        if hour is not None and minute is not None:
            zone, zone_end = _zone_after(tokens, end, lexicon)
            stop = zone_end if zone else end
            found.append(TimeMention(i, stop, hour, minute, zone, _text(tokens, i, stop)))
            i = stop
        else:
            i += 1
    return found


@cache
def zone_info(name: str, fallback: str | None = None) -> ZoneInfo | None:
    """The tz database zone, trying the former name when the database predates a rename."""
    for candidate in (name, fallback):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def localize(day: dt.date, time: TimeMention, zone: str, lexicon: Lexicon) -> dt.datetime | None:
    """The time on that day in that zone, with its UTC offset (summer time included)."""
    info = zone_info(zone, lexicon.dates.zone_fallbacks.get(zone))
    if info is None:
        return None
    return dt.datetime(day.year, day.month, day.day, time.hour, time.minute, tzinfo=info)
