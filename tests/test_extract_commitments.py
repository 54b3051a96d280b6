"""Commitments from wire-style sentences: type, committer, status and parties."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.claims.model import Claims, Commitment
from kg.extract import Extractor

PUBLISHED = dt.date(2025, 9, 4)  # a Thursday


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def claims(extractor: Extractor, text: str, published: dt.date | None = PUBLISHED) -> Claims:
    return extractor.extract(text, document="test.txt", published=published)


def one(found: Claims, committer: str, type_: str) -> Commitment:
    matches = [c for c in found.commitments if c.committer == committer and c.type == type_]
    assert len(matches) == 1, [(c.committer, c.type.value) for c in found.commitments]
    return matches[0]


def test_a_pledge_of_military_aid_has_amount_beneficiary_and_date(extractor):
    c = one(claims(extractor, "Germany pledged €500 million in military aid to Ukraine on Tuesday."),
            "Germany", "arms_delivery")
    assert (c.status, c.beneficiary, c.amount, c.currency, c.date) == \
        ("pledged", "Ukraine", 500_000_000, "EUR", dt.date(2025, 9, 2))


def test_a_completed_delivery_is_delivered(extractor):
    c = one(claims(extractor, "The Netherlands has delivered the first F-16 jets to Ukraine."),
            "Netherlands", "arms_delivery")
    assert (c.status, c.beneficiary) == ("delivered", "Ukraine")


def test_an_adopted_sanctions_package_is_delivered_against_its_target(extractor):
    c = one(claims(extractor, "The EU adopted its 19th sanctions package against Russia."), "European Union", "sanctions")
    assert (c.status, c.target, c.beneficiary) == ("delivered", "Russia", None)


def test_a_refusal_is_no_commitment_but_recorded_as_refused(extractor):
    found = claims(extractor, "The EU adopted its 19th sanctions package against Russia. "
                              "Hungary has not agreed to the new sanctions.")
    assert [c.committer for c in found.commitments if c.status != "refused"] == ["European Union"]
    assert [(c.committer, c.type) for c in found.commitments if c.status == "refused"] == [("Hungary", "sanctions")]


@pytest.mark.parametrize(("sentence", "who", "what"), [
    ("Poland ruled out sending troops to Ukraine.", "Poland", "troop_deployment"),
    ("Slovakia refused to supply fighter jets to Kyiv.", "Slovakia", "arms_delivery"),
    ("Italian Prime Minister Giorgia Meloni said Italy would not send soldiers to Ukraine.", "Italy", "troop_deployment"),
])
def test_ruling_out_or_refusing_claims_nothing_and_is_a_refusal(extractor, sentence, who, what):
    found = claims(extractor, sentence).commitments
    assert [(c.committer, c.type, c.status) for c in found] == [(who, what, "refused")]
    assert found[0].beneficiary == "Ukraine"


@pytest.mark.parametrize(("sentence", "who", "what"), [
    ("Oslo declined to join the naval mission.", "Norway", "troop_deployment"),
    ("Hungary is blocking the allocation of 6.5 billion euros for Ukraine.", "Hungary", "financial_aid"),
    ("Swiss law prohibits the export of military equipment to countries at war.", "Switzerland", "arms_delivery"),
    ("The new aid package is unacceptable for Hungary.", "Hungary", "financial_aid"),
    ("The UAE denied arming the Rapid Support Forces.", "United Arab Emirates", "arms_delivery"),
    ("The UAE denied reports that it was arming the RSF.", "United Arab Emirates", "arms_delivery"),
    ("Oslo will not take part in the mission.", "Norway", "other"),
    ("Saudi Arabia and the UAE said they will not allow their airspace to be used for a strike.", "United Arab Emirates", "other"),
    ("Saudi Arabia and the UAE have refused to allow the use of their airspace for a strike.", "Saudi Arabia", "other"),
    ("Saudi Arabia and the UAE have refused to allow the use of their airspace for a strike.", "United Arab Emirates", "other"),
])
def test_explicit_refusals_name_who_refused_what(extractor, sentence, who, what):
    found = claims(extractor, sentence).commitments
    assert (who, what) in [(c.committer, c.type) for c in found if c.status == "refused"], found
    assert all(c.status == "refused" for c in found)


@pytest.mark.parametrize("sentence", [
    "The spokesman declined to comment on the report.",
    "The EU will prohibit new investments in Russian LNG projects.",
    "Sanctions will follow if Russia refuses an unconditional ceasefire.",
])
def test_what_refuses_no_commitment_is_no_refusal(extractor, sentence):
    assert [c for c in claims(extractor, sentence).commitments if c.status == "refused"] == []


def test_not_unless_is_a_condition_not_a_refusal(extractor):
    c = one(claims(extractor, "Kenya said it would not send police officers to Haiti unless the mission is fully funded."),
            "Kenya", "troop_deployment")
    assert (c.status, c.condition) == ("conditional", "the mission is fully funded")


def test_an_offer_under_a_condition_is_conditional_with_its_condition(extractor):
    c = one(claims(extractor, "Japan would send monitors if a ceasefire holds."), "Japan", "monitoring")
    assert (c.status, c.condition) == ("conditional", "a ceasefire holds")


def test_a_framework_condition_makes_an_offer_conditional(extractor):
    c = one(claims(extractor, "Sweden is ready to deploy troops to Ukraine within the framework of a future "
                              "peace agreement."), "Sweden", "troop_deployment")
    assert (c.status, c.condition, c.beneficiary) == ("conditional", "a future peace agreement", "Ukraine")


def test_training_of_named_trainees_benefits_their_state(extractor):
    c = one(claims(extractor, "Britain will train 10,000 Ukrainian soldiers next year."), "United Kingdom", "training")
    assert (c.status, c.beneficiary, c.quantity.value, c.quantity.unit) == ("pledged", "Ukraine", 10000, "soldiers")


def test_patriot_systems_are_air_defence_with_their_number(extractor):
    c = one(claims(extractor, "Germany will supply two more Patriot systems to Kyiv."), "Germany", "air_defence")
    assert (c.status, c.beneficiary, c.quantity.value, c.quantity.unit) == ("pledged", "Ukraine", 2, "systems")


def test_coordinated_subjects_each_commit(extractor):
    found = claims(extractor, "The United Kingdom and France are ready to send hundreds of soldiers to Ukraine.")
    for state in ("United Kingdom", "France"):
        c = one(found, state, "troop_deployment")
        assert c.status == "reported_intent"
        assert (c.quantity.value, c.quantity.approximate) == ("hundreds", True)


def test_a_capital_stands_for_its_state(extractor):
    c = one(claims(extractor, "Washington is ready to provide air support to Kyiv."), "United States", "air_support")
    assert c.beneficiary == "Ukraine"


def test_persuading_someone_to_act_is_a_proposal_by_the_persuader(extractor):
    c = one(claims(extractor, "European leaders will urge the US President Donald Trump to impose new sanctions "
                              "against Russia."), "United States", "sanctions")
    assert (c.status, c.proposed_by, c.target) == ("proposed", "European leaders", "Russia")


def test_discussion_is_under_discussion(extractor):
    c = one(claims(extractor, "France and Germany are negotiating a bilateral security agreement with Ukraine."),
            "France", "security_guarantee")
    assert c.status == "under_discussion"


def test_a_proposal_is_proposed(extractor):
    c = one(claims(extractor, "The European Commission proposed a €140 billion reparations loan for Ukraine."),
            "European Commission", "financial_aid")
    assert (c.status, c.amount, c.currency, c.beneficiary) == ("proposed", 140_000_000_000, "EUR", "Ukraine")


def test_a_suspension_is_withdrawn(extractor):
    c = one(claims(extractor, "Spain suspended its arms deliveries to Ukraine."), "Spain", "arms_delivery")
    assert c.status == "withdrawn"


def test_a_purchase_names_the_seller_as_counterparty(extractor):
    c = one(claims(extractor, "Norway agreed to buy American weapons worth $500 million for Ukraine."),
            "Norway", "arms_purchase")
    assert (c.status, c.counterparty, c.amount, c.currency) == ("pledged", "United States", 500_000_000, "USD")


def test_a_pledge_of_money_alone_is_financial_aid(extractor):
    c = one(claims(extractor, "Canada pledged 2 billion Canadian dollars to Ukraine."), "Canada", "financial_aid")
    assert (c.amount, c.currency, c.beneficiary) == (2_000_000_000, "CAD", "Ukraine")


def test_a_speaker_with_a_post_commits_the_state_and_announces_it(extractor):
    c = one(claims(extractor, "Prime Minister Keir Starmer said he would provide air cover for Ukraine."),
            "United Kingdom", "air_support")
    assert (c.announced_by, c.beneficiary) == ("Keir Starmer", "Ukraine")


def test_a_reported_clause_has_its_own_subject_and_the_speaker_announces(extractor):
    c = one(claims(extractor, "President Emmanuel Macron said on Monday that Europe is ready to provide security "
                              "guarantees to Kyiv."), "Europe", "security_guarantee")
    assert (c.announced_by, c.date, c.beneficiary) == ("Emmanuel Macron", dt.date(2025, 9, 1), "Ukraine")


def test_an_elaboration_inherits_the_previous_condition(extractor):
    found = claims(extractor, "About 10 countries are ready to send forces to Ukraine within the framework of a "
                              "future peace agreement. In particular, Belgium is ready to send 300 soldiers.")
    c = one(found, "Belgium", "troop_deployment")
    assert (c.status, c.condition) == ("conditional", "a future peace agreement")


def test_a_description_of_a_guarantee_is_not_a_second_commitment(extractor):
    found = claims(extractor, "Estonia is ready to send troops to Ukraine as a security guarantee.")
    assert [(c.committer, c.type.value) for c in found.commitments] == [("Estonia", "troop_deployment")]


def test_a_list_of_parts_becomes_components_of_the_reported_commitment(extractor):
    found = claims(extractor, "The US could draft security guarantees for Ukraine. The guarantees would include "
                              "air defense and monitoring.")
    c = one(found, "United States", "security_guarantee")
    assert c.components == ["air defence", "monitoring"]
    assert len(found.commitments) == 1


def test_a_commitment_named_without_modality_is_not_claimed(extractor):
    assert claims(extractor, "Ukraine would have the right to conclude security agreements with Poland.").commitments == []


def test_a_state_named_in_an_officials_title_can_commit_later(extractor):
    found = claims(extractor, "Foo Bar, Ruritania's defence minister, said his country was ready to send 500 troops "
                              "to Ukraine. Ruritania will also train Ukrainian pilots.")
    assert one(found, "Ruritania", "troop_deployment").announced_by == "Foo Bar"
    assert one(found, "Ruritania", "training").beneficiary == "Ukraine"


def test_receiving_from_a_giver_makes_the_giver_commit(extractor):
    c = one(claims(extractor, "Ukraine received the first F-16 jets from Denmark on Monday."), "Denmark", "arms_delivery")
    assert (c.status, c.beneficiary, c.date) == ("delivered", "Ukraine", dt.date(2025, 9, 1))


def test_receiving_from_nobody_named_claims_nothing(extractor):
    assert claims(extractor, "Ukraine will receive more Patriot systems.").commitments == []


def test_an_appeal_is_not_the_appellants_commitment(extractor):
    assert claims(extractor, "Zelensky called for more air defence systems.").commitments == []


def test_a_rejection_of_the_idea_claims_nothing(extractor):
    assert claims(extractor, "The Kremlin said any deployment of Western troops to Ukraine would be "
                             "unacceptable.").commitments == []


def test_responding_to_sanctions_is_not_imposing_them(extractor):
    assert claims(extractor, "Putin said Russia would respond to new sanctions.").commitments == []


def test_forces_named_by_a_demonym_need_a_beneficiary(extractor):
    assert claims(extractor, "Russian forces deployed additional troops near Pokrovsk.").commitments == []
    c = one(claims(extractor, "British troops will be stationed in Ukraine."), "United Kingdom", "troop_deployment")
    assert (c.status, c.beneficiary) == ("pledged", "Ukraine")


def test_a_threat_of_sanctions_is_an_intent_against_the_named_state(extractor):
    c = one(claims(extractor, "Trump threatened to impose secondary tariffs on buyers of Russian oil."),
            "United States", "sanctions")
    assert (c.status, c.target, c.announced_by) == ("reported_intent", "Russia", "Donald Trump")


def test_every_commitment_keeps_evidence(extractor):
    text = "Germany pledged €500 million in military aid to Ukraine on Tuesday, Reuters reported."
    [c] = claims(extractor, text).commitments
    assert text[c.quote_start:c.quote_end] == c.quote == text
    assert 0 <= c.confidence <= 1
    assert {"type:arms_delivery:military aid", "status:pledged:pledged", "attribution:Reuters"} <= set(c.cues)
