"""Reading an article file: its text as read, its publication date and its title.

Three header forms are understood: a leading "date YYYY-MM-DD" (the seed articles start with
" date 2025-09-04 European leaders ..."), YAML front matter ("---\\ndate: ...\\ntitle: ...\\n---"),
and a block of "key: value" lines (source, url, date, title, published) closed by a blank line,
as in "source: https://...\\ndate: 2024-07-24\\n\\n" (a date of "unknown" gives none).
The text is never stripped or rewritten: every offset the extractor reports is an offset into
the text exactly as `read_article` returns it; the header only moves where the body starts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from kg.claims.io import read_text

_DATE_LINE = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\n?[ \t]*", re.IGNORECASE)
_KEY_LINES = re.compile(r"\A\ufeff?((?:[ \t]*(?:source|url|date|published|title)[ \t]*:[^\n]*\n)+)[ \t]*(?:\n|\Z)",
                        re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Header:
    body_start: int
    published: dt.date | None
    title: str | None = None
    url: str | None = None


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def parse_header(text: str) -> Header:
    """Where the body starts, and what the header says."""
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError:
            meta = {}
        if isinstance(meta, dict):
            title = meta.get("title")
            url = meta.get("url") or meta.get("source")
            published = _as_date(meta.get("date") or meta.get("published"))
            return Header(match.end(), published, str(title).strip() if title else None, str(url) if url else None)
    match = _KEY_LINES.match(text)
    if match:
        meta = {}
        for line in match.group(1).splitlines():
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip()
        title = meta.get("title") or None
        url = meta.get("url") or meta.get("source") or None
        return Header(match.end(), _as_date(meta.get("date") or meta.get("published")), title, url)
    match = _DATE_LINE.match(text)
    if match:
        try:
            return Header(match.end(), dt.date.fromisoformat(match.group(1)))
        except ValueError:
            return Header(match.end(), None)
    return Header(0, None)


def read_article(path: str | Path) -> tuple[str, dt.date | None, str]:
    """(text as read, publication date from the header or None, document name = file name)."""
    path = Path(path)
    text = read_text(path)
    return text, parse_header(text).published, path.name


def publisher_of(url: str | None) -> str | None:
    """The host that published a report ("www.canada.ca" -> "canada.ca"); None for no URL or a
    source that is not a web address (a wire name stays the article's own business)."""
    if not url:
        return None
    host = urlsplit(url.strip()).hostname
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")
