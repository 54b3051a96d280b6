"""Reading articles: header forms, offsets into the text as read, and the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, Extractor, extract, read_article
from kg.extract.__main__ import main
from kg.extract.sentences import segment


def test_a_leading_date_line_gives_the_publication_date(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(" date 2025-09-04 Germany will send troops to Ukraine.", encoding="utf-8")
    text, published, name = read_article(path)
    assert (text, published, name) == (" date 2025-09-04 Germany will send troops to Ukraine.", dt.date(2025, 9, 4), "a.txt")


def test_front_matter_gives_date_and_title(tmp_path: Path, gazetteer):
    path = tmp_path / "b.txt"
    path.write_text("---\ndate: 2025-10-02\ntitle: Allies pledge air defence\n---\n"
                    "Germany will deliver four IRIS-T systems to Ukraine.\n", encoding="utf-8")
    text, published, name = read_article(path)
    assert published == dt.date(2025, 10, 2)
    claims = Extractor(gazetteer).extract(text, document=name, published=None)
    assert (claims.published, claims.title) == (dt.date(2025, 10, 2), "Allies pledge air defence")


def test_an_article_without_header_has_no_date(tmp_path: Path):
    path = tmp_path / "c.txt"
    path.write_text("Germany will send troops.", encoding="utf-8")
    assert read_article(path)[1] is None


def test_offsets_point_into_the_text_as_read(gazetteer):
    text = " date 2025-09-04 Germany pledged €500 million in military aid to Ukraine.\n\nJapan would send monitors if a ceasefire holds."
    claims = extract(text, document="d.txt", published=None, gazetteer=gazetteer)
    assert len(claims.commitments) == 2
    for c in claims.commitments:
        assert text[c.quote_start:c.quote_end] == c.quote


def test_a_wire_dateline_is_not_part_of_the_first_sentence():
    text = "KYIV, Oct 2 (Reuters) - Germany will deliver four IRIS-T systems to Ukraine."
    assert segment(text)[0].text == "Germany will deliver four IRIS-T systems to Ukraine."


def test_a_heading_opens_a_section():
    sentences = segment("Germany will send troops.\n\nSecurity guarantees for Ukraine\n\nFrance will too.")
    assert [(s.heading, s.section) for s in sentences] == [(False, 0), (True, 1), (False, 1)]


def test_abbreviations_do_not_end_sentences():
    sentences = segment("Donald J. Trump met Gen. Smith in the U.S. on Monday. Then he left.")
    assert [s.text for s in sentences] == ["Donald J. Trump met Gen. Smith in the U.S. on Monday.", "Then he left."]


def test_extracted_by_names_the_extractor(gazetteer):
    claims = extract("Germany will send troops to Ukraine.", document="e.txt", published=None, gazetteer=gazetteer)
    assert claims.extracted_by == f"{EXTRACTOR_NAME} {EXTRACTOR_VERSION}" == "kg-extract 0.1.0"


def test_the_convenience_function_reuses_one_extractor_per_gazetteer(gazetteer):
    from kg.extract import pipeline

    extract("Germany will send troops.", document="f.txt", published=None, gazetteer=gazetteer)
    built = pipeline._BUILT.get(gazetteer)
    extract("France will send troops.", document="g.txt", published=None, gazetteer=gazetteer)
    assert built is not None and pipeline._BUILT.get(gazetteer) is built


def test_the_command_line_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "h.txt"
    path.write_text(" date 2025-09-04 Germany pledged €500 million in military aid to Ukraine on Tuesday.", encoding="utf-8")
    assert main([str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"] == "h.txt" and data["published"] == "2025-09-04"
    assert data["commitments"][0]["amount"] == 500000000 and data["commitments"][0]["date"] == "2025-09-02"


def test_the_command_line_takes_a_publication_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "i.txt"
    path.write_text("Germany pledged €500 million in military aid to Ukraine yesterday.", encoding="utf-8")
    assert main([str(path), "--published", "2025-01-10", "--format", "yaml"]) == 0
    assert "date: '2025-01-09'" in capsys.readouterr().out
