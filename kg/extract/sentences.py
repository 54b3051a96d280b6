"""Sentence segmentation with character offsets, paragraphs and sections.

Paragraphs are blocks separated by blank lines (or, in a text without blank lines, single
lines, unless the text is hard-wrapped at a fixed width, as wire copy is: then a line that stops
mid-sentence runs on into the next). A one-line paragraph without end punctuation is a heading and opens a new section:
sections bound how far an event's date and a heading's "for Ukraine" carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
# A candidate boundary: end punctuation, optional closing quotes/brackets, space, then a
# capital, a digit or an opening quote.
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9À-Ý])")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)\.$")
# A wire dateline opening a paragraph: "KYIV, Oct 2 (Reuters) - ", "WASHINGTON (AP) — ", "ISLAMABAD: ".
# It is not part of the first sentence (its date is the filing date, its agency the outlet).
_DATELINE = re.compile(
    r"[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+)*(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?)?[ \t]*(?:\([^()\n]{2,40}\)[ \t]*)?(?:[-–—]{1,2}[ \t]+|[–—](?=[A-Z])|:[ \t]+(?=[A-Z]))"
    # or the agency alone: "(MENAFN) Mexican President ...", "(Reuters) - The ..."
    r"|\([A-Z][A-Za-z.&/ -]{1,30}\)[ \t]*(?:[-–—]{1,2}[ \t]+)?(?=[A-Z\"“])"
    # or a place and a day with no dash: "New Delhi, April 19 India on Friday delivered ..."
    # (a wire's place in capitals, with or without the comma: "NAIROBI Dec 2 China's Exim Bank ...")
    r"|(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?,|[A-Z]{3,}(?:[ -][A-Z]{3,})?,?) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:,? \d{4})?"
    r"(?: \([^()\n]{2,40}\))?(?::|[ \t]+[-–—]{1,2})?[ \t]+(?=[A-Z])"
    # or a place in lower case with a dash: "Abuja - The Economic Community of West African States ..."
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?[ \t]+[-–—]{1,2}[ \t]+(?=[A-Z])")

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cpt sgt adm sen rep gov st mt no nos vs approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp jr sr fig art para e.g i.e etc. "
    "pres".split())
# After an acronym with periods ("U.S."), split only before a word that usually opens a sentence.
_OPENERS = frozenset(
    "the this that these those it he she they we i in on at but and however meanwhile earlier later "
    "according after before a an his her their its there as for while since when if".split())
_MAX_HEADING_WORDS = 14
# What ends a paragraph's last line; a line of a hard-wrapped text that ends otherwise runs on.
_ENDS_PARAGRAPH = frozenset(".!?:;\"”’)…")
_WRAP_MIN_CHARS = 35


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    section: int
    heading: bool
    first_in_paragraph: bool


def _paragraph_spans(text: str, start: int) -> list[tuple[int, int]]:
    if _PARAGRAPH_BREAK.search(text, start):
        splitter, wrapped = _PARAGRAPH_BREAK, None
    else:
        splitter, wrapped = _LINE_BREAK, _wrap_width(text, start)
    spans, pos, line = [], start, start
    for match in splitter.finditer(text, start):
        runs_on = wrapped is not None and _continues(text[line:match.start()].strip(), wrapped)
        line = match.end()
        if runs_on:
            continue
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return [_strip(text, a, b) for a, b in spans if text[a:b].strip()]


def _wrap_width(text: str, start: int) -> float | None:
    """The typical line length of a text hard-wrapped at a fixed width, as wire copy is ("China
    will provide Venezuela\nwith a new $4 billion credit line ..."), or None when its lines are
    paragraphs: most long lines of a wrapped text stop mid-sentence."""
    lines = [line.strip() for line in text[start:].split("\n") if line.strip()]
    long = [line for line in lines[:-1] if len(line) >= _WRAP_MIN_CHARS]
    open_ended = [line for line in long if line[-1] not in _ENDS_PARAGRAPH]
    if len(open_ended) < 3 or len(open_ended) < 0.4 * len(long):
        return None
    return sorted(len(line) for line in long)[len(long) // 2]


def _continues(line: str, width: float) -> bool:
    """Whether a line of a hard-wrapped text runs on into the next: it stops without end
    punctuation and is not much shorter than the text's lines (a short line is a heading or the
    end of a paragraph)."""
    return bool(line) and line[-1] not in _ENDS_PARAGRAPH and len(line) >= 0.6 * width


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _is_boundary(text: str, match: re.Match[str], para_start: int) -> bool:
    if text[match.start()] != ".":
        return True
    before = _WORD_BEFORE.search(text, max(para_start, match.start() - 20), match.start() + 1)
    if before is None:
        return True
    word = before.group(1)
    if word.lower().rstrip(".") in _ABBREVIATIONS or word.lower() in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "Donald J. Trump"
        return False
    if "." in word:  # an acronym with periods: "U.S."
        following = text[match.end():match.end() + 30].split()
        return bool(following) and following[0].strip("\"“‘(").lower() in _OPENERS
    return True


def _is_heading(text: str, a: int, b: int) -> bool:
    chunk = text[a:b]
    return ("\n" not in chunk and chunk[-1] not in ".!?:;\"”’)…" and chunk[0].isupper()
            and len(chunk.split()) <= _MAX_HEADING_WORDS)


def segment(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of text[start:], each with offsets such that text[s.start:s.end] == s.text."""
    sentences: list[Sentence] = []
    section = 0
    for paragraph, (pa, pb) in enumerate(_paragraph_spans(text, start)):
        if _is_heading(text, pa, pb):
            if sentences:
                section += 1
            sentences.append(Sentence(len(sentences), pa, pb, text[pa:pb], paragraph, section, True, True))
            continue
        pos, first = pa, True
        dateline = _DATELINE.match(text, pa, pb)
        if dateline is not None:
            pos = dateline.end()
        for match in _BOUNDARY.finditer(text, pos, pb):
            if not _is_boundary(text, match, pa):
                continue
            a, b = _strip(text, pos, match.end())
            if a < b:
                sentences.append(Sentence(len(sentences), a, b, text[a:b], paragraph, section, False, first))
                first = False
            pos = match.end()
        a, b = _strip(text, pos, pb)
        if a < b:
            sentences.append(Sentence(len(sentences), a, b, text[a:b], paragraph, section, False, first))
    return sentences
