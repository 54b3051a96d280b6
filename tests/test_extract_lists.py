"""Lists in reporting: a donor per line after a lead-in, and shares counted once the thing is named."""

from __future__ import annotations

import pytest

from kg.claims.model import Claims
from kg.extract import Extractor

BREAKDOWN = ("Donors met in Kuwait on Wednesday.\n"
             "Here's a breakdown of the money that donors have pledged to provide to Syria:\n"
             "Kuwait: $300 million.\n"
             "Saudi Arabia - $300 million.\n"
             "Switzerland: 10 million Swiss franc ($10.9 million).\n"
             "European Union: €100 million ($135.2 million).\n"
             "The United Nations welcomed the pledges.\n"
             "Canada: 25 million Canadian dollars.\n")


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def claims(extractor: Extractor, text: str) -> Claims:
    return extractor.extract(text, document="test", published=None)


def test_each_line_after_a_lead_in_is_its_donors_pledge(extractor):
    found = claims(extractor, BREAKDOWN)
    pledges = {c.committer: (c.type.value, c.status.value, c.beneficiary, c.amount, c.currency)
               for c in found.commitments}
    assert pledges["Kuwait"] == ("financial_aid", "pledged", "Syria", 300_000_000, "USD")
    assert pledges["Saudi Arabia"][3] == 300_000_000
    assert pledges["Switzerland"][3:] == (10_000_000, "CHF")
    assert pledges["European Union"][3:] == (100_000_000, "EUR")


def test_a_list_ends_at_a_line_of_another_form(extractor):
    found = claims(extractor, BREAKDOWN)
    assert "Canada" not in {c.committer for c in found.commitments}


def test_a_list_without_a_lead_in_that_promises_is_nothing(extractor):
    found = claims(extractor, "The ministers of these states attended:\nKuwait: $300 million.\nBahrain: $20 million.\n")
    assert not found.commitments


def test_a_line_with_a_name_but_no_separator_is_no_entry(extractor):
    found = claims(extractor, "Here is what donors have pledged to Syria:\nKuwait hosted the meeting.\n")
    assert not found.commitments


def test_a_number_given_each_after_the_thing_is_named_counts_it_again(extractor):
    found = claims(extractor, "Spain has contributed 37 military personnel, whilst Italy, Finland and Hungary provided 4 each.")
    assert {c.committer for c in found.commitments} == {"Spain", "Italy", "Finland", "Hungary"}
    assert {c.type.value for c in found.commitments} == {"troop_deployment"}


def test_the_names_before_who_give_the_share_each(extractor):
    found = claims(extractor, "Malta sent 3 soldiers, ahead of Greece and Portugal who sent 2 each.")
    assert {c.committer for c in found.commitments} == {"Malta", "Greece", "Portugal"}


def test_a_number_each_with_nothing_named_before_is_nothing(extractor):
    found = claims(extractor, "Italy, Finland and Hungary provided 4 each.")
    assert not found.commitments


def test_what_a_state_has_contributed_is_delivered(extractor):
    found = claims(extractor, "Spain has contributed 37 soldiers to the mission in Mali.")
    assert [(c.committer, c.status.value) for c in found.commitments] == [("Spain", "delivered")]
