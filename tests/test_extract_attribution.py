"""Who reported a claim, and how far a report's attribution reaches."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import Extractor


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def attributions(extractor: Extractor, text: str) -> dict[str, str | None]:
    found = extractor.extract(text, document="test.txt", published=dt.date(2025, 9, 4))
    return {c.committer: c.attributed_to for c in found.commitments}


def test_an_outlet_citing_unnamed_sources_is_one_attribution(extractor):
    got = attributions(extractor, "Bloomberg, citing unnamed sources, reported that Germany will send troops to Ukraine.")
    assert got == {"Germany": "Bloomberg citing unnamed sources"}


def test_this_was_reported_by_applies_to_the_paragraph_before(extractor):
    got = attributions(extractor, "Germany will send troops to Ukraine.\n\n"
                                  "This was reported by Bloomberg, citing unnamed sources familiar with the matter.")
    assert got == {"Germany": "Bloomberg citing unnamed sources"}


def test_an_outlets_sources_are_the_outlet_citing_unnamed_sources(extractor):
    got = attributions(extractor, "Bloomberg sources also reported that Norway is ready to send troops to Ukraine.")
    assert got == {"Norway": "Bloomberg citing unnamed sources"}


def test_a_report_governs_the_rest_of_its_paragraph(extractor):
    got = attributions(extractor, "The WSJ reported that Spain is ready to send troops to Ukraine. "
                                  "In particular, Portugal will send 200 soldiers.\n\n"
                                  "Greece pledged €10 million to Ukraine.")
    assert got == {"Spain": "The Wall Street Journal", "Portugal": "The Wall Street Journal", "Greece": None}


def test_a_named_speaker_ends_the_reports_scope(extractor):
    found = extractor.extract("According to Reuters, Canada will send instructors to Ukraine. Prime Minister Mark "
                              "Carney said Canada would also provide loans to Ukraine.", document="t.txt",
                              published=dt.date(2025, 9, 4))
    by_type = {c.type.value: c.attributed_to for c in found.commitments}
    # Reuters' report stops at the named speaker, whose own statement it is
    assert by_type == {"training": "Reuters", "financial_aid": "Mark Carney"}


def test_sources_said_is_unnamed_sources(extractor):
    got = attributions(extractor, "Denmark will deliver more F-16 jets to Ukraine, sources said.")
    assert got == {"Denmark": "unnamed sources"}


def test_a_source_told_an_outlet(extractor):
    got = attributions(extractor, "A senior official told Reuters that Finland would supply artillery shells to Ukraine.")
    assert got == {"Finland": "Reuters citing unnamed sources"}


def test_an_outlet_reporting_citing_officials_after_the_verb(extractor):
    got = attributions(extractor, "Britain will lead a reassurance force in Ukraine, the Times reported, citing officials.")
    assert got == {"United Kingdom": "The Times citing unnamed sources"}


def test_attribution_does_not_cross_a_heading(extractor):
    got = attributions(extractor, "The WSJ reported that Spain is ready to send troops to Ukraine.\n\n"
                                  "Other news\n\nItaly pledged €10 million to Ukraine.")
    assert got == {"Spain": "The Wall Street Journal", "Italy": None}


def test_a_relative_clause_between_speaker_and_verb(extractor):
    found = extractor.extract("Dutch Prime Minister Dick Schoof, who hosted the summit in The Hague, said the "
                              "Netherlands would provide 500 million euros to Ukraine.", document="t.txt",
                              published=dt.date(2025, 9, 4))
    [c] = found.commitments
    assert (c.committer, c.type.value, c.announced_by, c.amount) == ("Netherlands", "financial_aid", "Dick Schoof", 500_000_000)


def test_according_to_an_unnamed_official(extractor):
    got = attributions(extractor, "Trump paused all military aid to Ukraine, according to a White House official.")
    assert got == {"United States": "unnamed sources"}
