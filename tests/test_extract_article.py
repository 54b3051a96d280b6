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


def test_a_wire_dateline_in_capitals_without_a_dash_is_not_part_of_the_first_sentence():
    text = "NAIROBI Dec 2 Germany will deliver four IRIS-T systems to Ukraine."
    assert segment(text)[0].text == "Germany will deliver four IRIS-T systems to Ukraine."


@pytest.mark.parametrize("dateline", ["Harare, Feb 20: ", "Abuja - ", "Abuja \u2014 "])
def test_a_dateline_with_a_colon_or_a_dash_after_the_place_is_not_the_first_sentences(dateline: str):
    text = dateline + "The European Union confirmed the suspension of restrictive measures."
    assert segment(text)[0].text == "The European Union confirmed the suspension of restrictive measures."


def test_a_dateline_with_a_year_is_not_the_first_sentences():
    text = "MAKKAH, Jun 12 2018 (WAM) - The UAE, Saudi Arabia and Kuwait have agreed to provide aid to Jordan."
    assert segment(text)[0].text.startswith("The UAE, Saudi Arabia and Kuwait")


# A wire story hard-wrapped at a fixed width, with no blank lines between its paragraphs.
WRAPPED = ("CARACAS, July 21 China will provide Venezuela\n"
           "with a new $4 billion credit line under an agreement signed on\n"
           "Monday, with the money to be repaid by oil shipments from OPEC\n"
           "member Venezuela.\n"
           "The deal was inked during a 24-hour visit to Venezuela by\n"
           "Chinese President Xi Jinping, who is on a tour of Latin America.\n"
           "Officials said the credit would be repaid by shipments of\n"
           "about 100,000 barrels per day of crude oil.\n"
           "No other terms were given.\n")


def test_a_line_of_a_hard_wrapped_text_runs_on_into_the_next():
    sentences = segment(WRAPPED)
    assert sentences[0].text.startswith("China will provide Venezuela\nwith a new $4 billion credit line")
    assert sentences[0].text.endswith("member Venezuela.")
    assert [s.paragraph for s in sentences] == [0, 1, 2, 3]


def test_a_commitment_wrapped_over_lines_is_found(gazetteer):
    found = Extractor(gazetteer).extract(WRAPPED, document="t.txt", published=dt.date(2014, 7, 21))
    assert [(c.committer, c.type.value, c.beneficiary) for c in found.commitments] == \
        [("China", "financial_aid", "Venezuela")]


def test_lines_that_end_their_sentences_stay_paragraphs():
    text = ("Germany will send 500 troops to Lithuania next year.\nThe brigade will be ready by 2027.\n"
            "France said it would follow\nSpain declined.")
    assert [s.paragraph for s in segment(text)] == [0, 1, 2, 3]


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
