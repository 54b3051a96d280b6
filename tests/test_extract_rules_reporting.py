"""One behaviour per test: rules for what real reporting leaves implicit (who says so when no
sentence says it, the day a statement was made, deals, trades, troops and officials). Sentences
are made up; each names the rule it exercises."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.claims.model import Claims, Commitment
from kg.extract import Extractor

PUBLISHED = dt.date(2025, 1, 16)  # a Thursday


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def claims(extractor: Extractor, text: str) -> Claims:
    return extractor.extract(text, document="t.txt", published=PUBLISHED)


def one(found: Claims, committer: str, type_: str) -> Commitment:
    matches = [c for c in found.commitments if c.committer == committer and c.type == type_]
    assert len(matches) == 1, [(c.committer, c.type.value, c.status.value) for c in found.commitments]
    return matches[0]


def kinds(found: Claims) -> set[tuple[str, str]]:
    return {(c.committer, c.type.value) for c in found.commitments}


# --- who says so ---------------------------------------------------------------------------------

def test_a_claim_without_a_source_is_its_paragraph_speakers(extractor):
    text = ("Sweden will send 20 more tanks to Ukraine. The tanks will arrive by spring, "
            "Swedish Defence Minister Pal Jonson said.")
    assert one(claims(extractor, text), "Sweden", "arms_delivery").attributed_to == "Pål Jonson"


def test_a_claim_in_a_paragraph_nobody_speaks_in_is_the_publishers(extractor):
    text = "source: https://www.example.org/news/1\ndate: 2025-01-16\n\nSweden will send 20 more tanks to Ukraine.\n"
    assert one(claims(extractor, text), "Sweden", "arms_delivery").attributed_to == "example.org"


def test_without_a_publisher_an_unsourced_claim_stays_unattributed(extractor):
    assert one(claims(extractor, "Sweden will send 20 more tanks to Ukraine."), "Sweden",
               "arms_delivery").attributed_to is None


# --- when ----------------------------------------------------------------------------------------

def test_a_statement_made_during_a_dated_visit_takes_its_date(extractor):
    text = ("Keir Starmer made his first visit to Kyiv on Tuesday, during which he met with Volodymyr Zelensky.\n\n"
            "The two leaders discussed the war.\n\nStarmer said that the UK would supply Ukraine with a new air defence system this year.")
    assert one(claims(extractor, text), "United Kingdom", "air_defence").date == dt.date(2025, 1, 14)


# --- places ---------------------------------------------------------------------------------------

def test_a_capital_inside_the_name_of_a_lake_names_no_state(extractor):
    # Victoria is the Seychelles' capital; Lake Victoria is in East Africa
    found = claims(extractor, "The third section, which will include a branch to the town of Kisumu next to "
                              "Lake Victoria, will cost $4.9 billion to construct, Kenya Railways said.")
    assert "Seychelles" not in {c.committer for c in found.commitments} | {c.beneficiary for c in found.commitments}


def test_a_name_before_the_noun_of_a_place_names_no_actor(extractor):
    found = claims(extractor, "The United States will send peacekeepers to the West Bank.")
    assert one(found, "United States", "troop_deployment").beneficiary is None


# --- deals and trades ----------------------------------------------------------------------------

def test_reaching_a_qualified_agreement_settles_a_deal(extractor):
    c = one(claims(extractor, "Japan and Australia have reached a broad agreement on a reciprocal access agreement."),
            "Japan", "other")
    assert c.status == "pledged"


def test_a_trade_between_two_parties_splits_into_sale_and_purchase_by_the_goods_origin(extractor):
    found = claims(extractor, "Turkey and Poland have signed a deal for the sale of Turkish-made combat drones.")
    seller, buyer = one(found, "Turkey", "arms_delivery"), one(found, "Poland", "arms_purchase")
    assert (seller.beneficiary, buyer.counterparty, buyer.beneficiary) == ("Poland", "Turkey", "Poland")


def test_a_trade_without_a_named_origin_keeps_both_parties_as_stated(extractor):
    found = claims(extractor, "Turkey and Poland have signed a deal for the sale of combat drones.")
    assert ("Poland", "arms_purchase") not in kinds(found)


def test_what_a_state_does_as_a_matter_of_course_is_delivered(extractor):
    found = claims(extractor, "India currently provides $3 billion in aid to Afghanistan.")
    aid = one(found, "India", "financial_aid")
    assert (aid.status.value, aid.beneficiary) == ("delivered", "Afghanistan")


def test_aid_with_no_other_kind_named_is_financial_aid(extractor):
    found = claims(extractor, "New Zealand has suspended all aid to Fiji after the military takeover.")
    aid = one(found, "New Zealand", "financial_aid")
    assert (aid.status.value, aid.beneficiary) == ("withdrawn", "Fiji")


def test_the_unnamed_rest_of_a_list_is_no_commitment_of_its_own(extractor):
    found = claims(extractor, "Japan has delivered patrol boats and other assistance to the Philippines.")
    assert kinds(found) == {("Japan", "arms_delivery")}


def test_allegations_about_a_supply_are_no_commitment(extractor):
    found = claims(extractor, "\u201cWhen all matters are considered, none of the allegations made about the supply of "
                              "weapons to Russia have been proven to be true,\u201d Ramaphosa said, adding that "
                              "\u201cnone of the persons who gave evidence had any knowledge of it\u201d.")
    assert found.commitments == []


def test_people_banned_from_entering_are_sanctioned(extractor):
    found = claims(extractor, "Berlin has banned 18 Saudi nationals from entering the Schengen zone.")
    assert one(found, "Germany", "sanctions").status.value == "delivered"


def test_an_amount_with_its_conversion_in_brackets_is_still_from_its_donor(extractor):
    found = claims(extractor, "Pledges include $1bn (\u00a3640m) from India and $500m from China.")
    assert {c.committer for c in found.commitments if c.type == "financial_aid"} == {"India", "China"}


def test_each_amount_from_a_donor_is_its_own_pledge(extractor):
    found = claims(extractor, "Additional pledges of $260m from Japan, $130m from the US, and $100m from the "
                              "European Union were announced for Nepal.")
    pledges = {c.committer: c for c in found.commitments if c.type == "financial_aid"}
    assert set(pledges) == {"Japan", "United States", "European Union"}
    assert pledges["United States"].amount == 130_000_000
    assert all(c.beneficiary != "Japan" for c in pledges.values())


# --- troops and officials ------------------------------------------------------------------------

def test_troops_named_by_a_demonym_are_their_own_states(extractor):
    c = one(claims(extractor, "The two chiefs of staff signed a document on the withdrawal of French troops from Niger."),
            "France", "troop_deployment")
    assert (c.status, c.beneficiary) == ("withdrawn", "Niger")


def test_an_official_whose_post_names_no_state_speaks_for_the_state_the_report_opens_on(extractor):
    text = ("The Netherlands will supply Ukraine with parts of Patriot systems, its defence minister said.\n\n"
            "\u201cWe will supply the F-16 jets very soon,\u201d Defense Minister Ruben Bekelmans said on Wednesday.")
    found = claims(extractor, text)
    assert ("Ruben Bekelmans", "arms_delivery") not in kinds(found)
    assert ("Netherlands", "arms_delivery") in kinds(found)


def test_an_indirect_question_claims_nothing(extractor):
    found = claims(extractor, "Russia is interested in when these F-16s will be delivered to Ukraine.")
    assert found.commitments == []


def test_a_state_named_after_the_number_of_troops_owns_them(extractor):
    found = claims(extractor, "The administration is withdrawing about 750 US peacekeeping troops from Bosnia.")
    withdrawal = one(found, "United States", "troop_deployment")
    assert (withdrawal.status.value, withdrawal.beneficiary) == ("withdrawn", "Bosnia and Herzegovina")


def test_a_state_named_right_after_the_verb_receives_the_troops(extractor):
    found = claims(extractor, "Pyongyang has promised to send Russia 10,000 more troops.")
    assert one(found, "North Korea", "troop_deployment").beneficiary == "Russia"


def test_troops_that_withdraw_from_a_state_are_withdrawn_from_it(extractor):
    found = claims(extractor, "American troops will withdraw from Iraq by the end of the year.")
    withdrawal = one(found, "United States", "troop_deployment")
    assert (withdrawal.status.value, withdrawal.beneficiary) == ("withdrawn", "Iraq")


def test_a_package_being_rushed_is_delivered(extractor):
    found = claims(extractor, "The United States is rushing a $65 million package of helicopters and boats to Colombia.")
    delivery = one(found, "United States", "arms_delivery")
    assert (delivery.status.value, delivery.beneficiary) == ("delivered", "Colombia")


def test_what_a_buyer_improves_of_its_own_is_given_to_nobody(extractor):
    found = claims(extractor, "Iraq has signed an agreement to buy 18 fighter jets from the United States, "
                              "in a move to bolster its air defenses.")
    assert "air_defence" not in {c.type.value for c in found.commitments}
    assert one(found, "Iraq", "arms_purchase")


def test_a_ship_gifted_is_delivered(extractor):
    found = claims(extractor, "The United States gifted an offshore patrol vessel to Sri Lanka.")
    delivery = one(found, "United States", "arms_delivery")
    assert (delivery.status.value, delivery.beneficiary) == ("delivered", "Sri Lanka")


def test_warplanes_that_strike_are_air_support(extractor):
    found = claims(extractor, "French fighter jets struck targets in northern Chad on Sunday.")
    support = one(found, "France", "air_support")
    assert (support.status.value, support.beneficiary) == ("delivered", "Chad")


@pytest.mark.parametrize("unit", ["a military medical team", "a peacekeeping detachment"])
def test_medical_teams_and_detachments_are_troops(extractor, unit):
    found = claims(extractor, f"China will send {unit} to Liberia.")
    assert one(found, "China", "troop_deployment").beneficiary == "Liberia"


def test_troops_that_head_home_are_withdrawn(extractor):
    found = claims(extractor, "The first large contingent of U.S. troops will head home from Somalia next week.")
    withdrawal = one(found, "United States", "troop_deployment")
    assert (withdrawal.status.value, withdrawal.beneficiary) == ("withdrawn", "Somalia")


def test_a_state_that_leads_a_battalion_somewhere_has_deployed_it(extractor):
    found = claims(extractor, "Germany leads a NATO battalion in Lithuania.")
    deployment = one(found, "Germany", "troop_deployment")
    assert (deployment.status.value, deployment.beneficiary) == ("delivered", "Lithuania")


def test_a_list_of_states_and_places_shares_the_first_ones_promise(extractor):
    found = claims(extractor, "Canada will lead a battalion in Latvia, the UK in Estonia, and the US in Poland.")
    assert {(c.committer, c.beneficiary) for c in found.commitments} == \
        {("Canada", "Latvia"), ("United Kingdom", "Estonia"), ("United States", "Poland")}


def test_soldiers_who_join_a_mission_are_their_states_deployment(extractor):
    found = claims(extractor, "Some 50 French soldiers will join the mission in Estonia on March 20.")
    assert one(found, "France", "troop_deployment").beneficiary == "Estonia"


# --- packages ------------------------------------------------------------------------------------

def test_a_sentence_about_a_package_stated_before_lists_its_parts(extractor):
    text = ("The US Senate on Tuesday passed a $95 billion package to provide aid to Israel, Ukraine and Taiwan.\n\n"
            "The package passed the House on Saturday, including $14 billion in military assistance to Israel.")
    parts = [c for c in claims(extractor, text).commitments if c.amount is not None and c.amount < 95_000_000_000]
    assert [(c.committer, c.type.value, c.beneficiary, c.amount) for c in parts] == \
        [("United States", "arms_delivery", "Israel", 14_000_000_000)]


def test_without_a_package_stated_before_amounts_name_no_committer(extractor):
    text = "The package passed the House on Saturday, including $14 billion in military assistance to Israel."
    assert claims(extractor, text).commitments == []


# --- lists and passives --------------------------------------------------------------------------

def test_a_list_of_contributions_without_repeated_verbs_gives_each_state_its_share(extractor):
    found = claims(extractor, "Germany will send two Eurofighter jets to Poland, Denmark two F-16s and a frigate, "
                              "and France three Rafale fighter jets.")
    assert {c.committer for c in found.commitments if c.type == "arms_delivery"} == {"Germany", "Denmark", "France"}


def test_a_state_with_a_verb_of_its_own_is_not_a_gapped_share(extractor):
    found = claims(extractor, "The UK will send 20 tanks to Ukraine, and Germany has pledged 10 more.")
    assert [c.cues for c in found.commitments if any(x.startswith("committer:gapped") for x in c.cues)] == []


def test_a_passive_in_a_reported_clause_is_the_speakers_side_giving(extractor):
    c = one(claims(extractor, "Dutch Defence Minister Ruben Brekelmans said the fighter jets will be provided to "
                              "Ukraine soon."), "Netherlands", "arms_delivery")
    assert c.status == "pledged"


def test_a_titled_person_the_gazetteer_lacks_is_known_by_surname_afterwards(extractor):
    text = ("The Netherlands will send tanks to Ukraine.\n\nDefense Minister Rubens Bekelmans said on Monday that "
            "the tanks will arrive soon.\n\nBekelmans added the advanced fighter jets will be provided as soon "
            "as possible.")
    assert ("Netherlands", "arms_delivery") in kinds(claims(extractor, text))
    assert all(c.committer != "Bekelmans" for c in claims(extractor, text).commitments)


def test_a_participle_right_after_troops_is_their_deployment(extractor):
    c = one(claims(extractor, "The first 400 Kenyan police officers deployed to Haiti on Tuesday."), "Kenya",
            "troop_deployment")
    assert (c.status, c.beneficiary) == ("delivered", "Haiti")


def test_withholding_a_detail_is_no_refusal(extractor):
    found = claims(extractor, "Germany will send Ukraine another Patriot system. Scholz did not provide a timeframe "
                              "for the system's delivery.")
    assert [c for c in found.commitments if c.status == "refused"] == []


def test_a_none_cue_does_not_reach_past_a_relative_clause_with_its_own_cue(extractor):
    found = claims(extractor, "Scholz thanked Boris Pistorius, who promised to transfer additional IRIS-T systems "
                              "to Ukraine.")
    assert ("Germany", "air_defence") in kinds(found)


# --- parties to agreements -----------------------------------------------------------------------

def test_the_other_party_to_an_agreement_is_its_beneficiary(extractor):
    c = one(claims(extractor, "Chad has decided to end its defence cooperation pact with France."), "Chad", "other")
    assert (c.status, c.beneficiary) == ("withdrawn", "France")


def test_each_of_two_parties_to_an_agreement_benefits_the_other(extractor):
    found = claims(extractor, "Japan and Australia have reached a broad agreement on a reciprocal access agreement.")
    assert (one(found, "Japan", "other").beneficiary, one(found, "Australia", "other").beneficiary) == \
        ("Australia", "Japan")


def test_the_reports_recipient_named_as_a_party_receives(extractor):
    found = claims(extractor, "France and Ukraine on Friday signed a bilateral security agreement. France will send "
                              "more arms to Ukraine.")
    assert ("Ukraine", "security_guarantee") not in kinds(found)
    assert one(found, "France", "security_guarantee").beneficiary == "Ukraine"


def test_a_promise_nouns_maker_commits_along_its_verbs(extractor):
    found = claims(extractor, "France and Ukraine signed an agreement including pledges from Paris to deliver more "
                              "arms and train soldiers.")
    assert {("France", "arms_delivery"), ("France", "training")} <= kinds(found)
    assert ("Ukraine", "training") not in kinds(found)


def test_a_relative_clause_about_a_third_party_is_that_partys_commitment(extractor):
    found = claims(extractor, "Nor will Brazil provide ammunition for the Gepard air defense system that Berlin has "
                              "already sent to Ukraine.")
    c = one(found, "Germany", "air_defence")
    assert (c.status, c.beneficiary) == ("delivered", "Ukraine")
    assert ("Brazil", "air_defence") not in kinds(found)


def test_an_approved_purchase_is_the_owners_and_the_approver_sells(extractor):
    found = claims(extractor, "The United States has approved Jakarta's potential purchase of F-15 jets.")
    assert one(found, "United States", "arms_delivery").beneficiary == "Indonesia"
    assert ("Indonesia", "arms_purchase") in kinds(found) and ("United States", "arms_purchase") not in kinds(found)


def test_without_sending_troops_sends_none(extractor):
    found = claims(extractor, "Italy may provide experts for mine clearance, without sending combat troops.")
    assert [c for c in found.commitments if c.type == "troop_deployment" and c.status != "refused"] == []


def test_money_someone_managed_to_secure_from_a_lender_is_the_lenders_delivery(extractor):
    c = one(claims(extractor, "Pakistan managed to secure a short-term loan from the International Monetary Fund "
                              "amounting to $3 billion."), "International Monetary Fund", "financial_aid")
    assert (c.status, c.beneficiary, c.amount) == ("delivered", "Pakistan", 3_000_000_000)


def test_withdrawing_troops_is_a_deployments_withdrawal(extractor):
    c = one(claims(extractor, "France will withdraw its troops from Niger by the end of the year."), "France",
            "troop_deployment")
    assert (c.status, c.beneficiary) == ("withdrawn", "Niger")


# --- refusals as reporting words them ------------------------------------------------------------

def refused(found: Claims) -> set[tuple[str, str]]:
    return {(c.committer, c.type.value) for c in found.commitments if c.status.value == "refused"}


def test_no_longer_doing_something_refuses_it(extractor):
    text = "Poland said it is no longer transferring weapons to Ukraine."
    assert refused(claims(extractor, text)) == {("Poland", "arms_delivery")}


def test_stopping_short_of_pledges_refuses_them_and_pledges_nothing(extractor):
    found = claims(extractor, "Italy stopped short of concrete pledges of Patriot systems for Ukraine.")
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("Italy", "air_defence", "refused")]


def test_refusing_the_participation_of_soldiers_refuses_a_deployment(extractor):
    text = "The president of Croatia refused to approve the participation of Croatian soldiers in the NATO mission."
    assert ("Croatia", "troop_deployment") in refused(claims(extractor, text))


def test_ruling_out_military_involvement_refuses_a_deployment(extractor):
    text = "Mexico ruled out any US military involvement on Mexican soil."
    assert refused(claims(extractor, text)) == {("Mexico", "troop_deployment")}


def test_a_charge_denied_in_a_relative_clause_is_a_refusal_of_what_it_charges(extractor):
    text = "Sudan accused the UAE of supplying arms to the RSF, a charge the UAE denies."
    assert ("United Arab Emirates", "arms_delivery") in refused(claims(extractor, text))


def test_the_owner_of_a_refusal_noun_refuses(extractor):
    text = "Germany reiterated its refusal to send Taurus missiles to Ukraine."
    assert refused(claims(extractor, text)) == {("Germany", "arms_delivery")}


def test_a_named_owner_of_a_veto_refuses(extractor):
    assert refused(claims(extractor, "Hungary's veto of the 6.5 billion euro aid package angered partners.")) == \
        {("Hungary", "financial_aid")}


def test_a_quoted_we_after_an_officials_post_and_name_is_the_officials_state(extractor):
    text = ("On Wednesday, the Polish prime minister, Mateusz Morawiecki, spoke in Warsaw. "
            "\u201cWe are no longer transferring weapons to Ukraine,\u201d he said.")
    assert refused(claims(extractor, text)) == {("Poland", "arms_delivery")}


def test_an_agency_tag_opening_a_paragraph_is_not_part_of_its_sentence(extractor):
    text = "(MENAFN) Mexican President Claudia Sheinbaum on Friday ruled out any US military involvement in Mexico."
    assert refused(claims(extractor, text)) == {("Mexico", "troop_deployment")}


def test_there_will_be_no_sanctions_promises_none(extractor):
    found = claims(extractor, "Serbia's president said there will be no sanctions against Russia.")
    assert not [c for c in found.commitments if c.status.value != "refused"]


def test_suspended_security_exports_are_a_withdrawn_arms_delivery(extractor):
    found = claims(extractor, "Israel suspended security exports to Colombia in a diplomatic spat.")
    assert one(found, "Israel", "arms_delivery").status.value == "withdrawn"


def test_a_currency_swap_is_financial_aid(extractor):
    found = claims(extractor, "The United States finalized a $20 billion currency swap with Argentina's central bank.")
    assert one(found, "United States", "financial_aid").amount == 20_000_000_000


def test_training_that_has_begun_is_delivered(extractor):
    found = claims(extractor, "Denmark has begun training Ukrainian pilots.")
    assert one(found, "Denmark", "training").status.value == "delivered"


def test_a_definite_description_as_subject_stands_for_the_state_named_before(extractor):
    text = "Denmark agreed to sell its F-16s to Argentina. The Nordic country has also committed to supplying aircraft to Ukraine."
    assert ("Denmark", "Ukraine") in {(c.committer, c.beneficiary) for c in claims(extractor, text).commitments}


def test_a_description_of_another_kind_stands_for_nobody(extractor):
    text = "NATO agreed to buy radar aircraft. The country has also committed to supplying aircraft to Ukraine."
    assert not [c for c in claims(extractor, text).commitments if c.beneficiary == "Ukraine"]


def test_the_two_countries_are_the_last_two_states_named(extractor):
    text = "France met Germany in Paris on Tuesday. The two countries pledged $1 billion in financial aid to Moldova."
    assert {c.committer for c in claims(extractor, text).commitments} == {"France", "Germany"}


def test_of_two_countries_trading_arms_the_one_reported_buying_buys_and_the_other_sells(extractor):
    text = ("India signed a deal with the United States for the procurement of 31 drones. "
            "The two countries finalized the deal worth $4 billion for the acquisition of 31 predator drones.")
    found = claims(extractor, text)
    assert ("United States", "arms_delivery", "India") in {(c.committer, c.type.value, c.beneficiary) for c in found.commitments}
    assert "United States" not in {c.committer for c in found.commitments if c.type.value == "arms_purchase"}


def test_a_person_named_again_by_surname_keeps_the_post_first_given(extractor):
    text = ("Dutch Defence Minister Foo Barov visited Kyiv on Monday. "
            "Barov added that fighter jets will be provided to Ukraine as soon as possible.")
    assert {c.committer for c in claims(extractor, text).commitments} == {"Netherlands"}


def test_one_weapon_system_delivered_is_an_arms_delivery(extractor):
    found = claims(extractor, "India delivered the Brahmos supersonic cruise missile system to the Philippines.")
    assert one(found, "India", "arms_delivery").beneficiary == "Philippines"


def test_a_place_and_day_opening_a_paragraph_without_a_dash_is_a_dateline(extractor):
    found = claims(extractor, "New Delhi, April 19 India on Friday delivered a missile system to the Philippines.")
    assert one(found, "India", "arms_delivery").status.value == "delivered"


def test_a_condition_on_another_clause_leaves_the_pledge_unconditional(extractor):
    text = ("Saudi Arabia has pledged to invest $600 billion in the United States, following comments by "
            "Donald Trump that he may visit the kingdom if such a payment was made.")
    assert one(claims(extractor, text), "Saudi Arabia", "financial_aid").status.value == "pledged"


def test_a_condition_on_the_pledges_clause_makes_it_conditional(extractor):
    found = claims(extractor, "Germany will send 500 troops to Lithuania if Russia attacks the Baltic states.")
    assert one(found, "Germany", "troop_deployment").status.value == "conditional"


def test_the_report_restating_a_pledge_to_the_same_recipient_records_it_once(extractor):
    text = ("France and Ukraine signed an agreement including pledges from Paris to deliver military equipment to Ukraine. "
            "In the agreement, France also pledges to provide more military equipment to Ukraine.")
    assert len([c for c in claims(extractor, text).commitments if c.committer == "France"]) == 1


def test_a_restatement_that_moves_in_time_is_a_commitment_of_its_own(extractor):
    text = ("Australia will send six officers to Bahrain. "
            "Australia had previously committed more officers to Bahrain.")
    assert len([c for c in claims(extractor, text).commitments if c.committer == "Australia"]) == 2


def test_discussing_issues_related_to_cooperation_is_a_topic_not_a_commitment(extractor):
    text = "Lithuania's minister met Boris Pistorius, with whom she discussed issues related to the two countries' defence cooperation."
    assert claims(extractor, text).commitments == []


def test_discussing_a_deployment_is_a_deployment_under_discussion(extractor):
    found = claims(extractor, "Germany discussed the deployment of 500 troops to Lithuania.")
    assert one(found, "Germany", "troop_deployment").status.value == "under_discussion"


def test_each_state_of_a_listed_subject_refuses(extractor):
    text = "Germany, the UK, Italy and Spain have no plans to send troops to Ukraine, officials said."
    assert {c for c, _ in refused(claims(extractor, text))} == {"Germany", "United Kingdom", "Italy", "Spain"}


def test_there_are_no_plans_is_the_speakers_refusal(extractor):
    text = "The White House said there are no plans to deploy US troops to Gaza."
    assert refused(claims(extractor, text)) == {("United States", "troop_deployment")}


def test_abstaining_from_sanctions_refuses_them(extractor):
    assert refused(claims(extractor, "India has abstained from sanctioning Russia.")) == {("India", "sanctions")}


def test_a_ship_sent_somewhere_is_deployed(extractor):
    found = claims(extractor, "Turkey has deployed a frigate to Somalia under a maritime agreement.")
    assert one(found, "Turkey", "troop_deployment").beneficiary == "Somalia"


def test_an_intent_governing_a_promising_verb_is_an_intent(extractor):
    found = claims(extractor, "Italy is expected to approve a new military aid package for Ukraine next week.")
    assert one(found, "Italy", "arms_delivery").status.value == "reported_intent"


def test_the_actor_a_binding_text_obliges_pledges(extractor):
    text = "The agreement obliges Britain to provide at least £3 billion a year in military aid to Ukraine."
    assert one(claims(extractor, text), "United Kingdom", "arms_delivery").status.value == "pledged"


def test_a_deal_committing_a_state_to_train_forces_is_that_states_training(extractor):
    found = claims(extractor, "The deal, signed in Ankara, commits Turkey to train Somali naval forces.")
    assert one(found, "Turkey", "training").status.value == "pledged"


def test_lifting_sanctions_withdraws_them(extractor):
    found = claims(extractor, "Washington will lift sanctions on Syria, Trump said.")
    assert one(found, "United States", "sanctions").status.value == "withdrawn"


def test_pulling_troops_out_of_a_country_withdraws_them_from_it(extractor):
    c = one(claims(extractor, "France will pull its troops out of Chad by January."), "France", "troop_deployment")
    assert (c.status.value, c.beneficiary) == ("withdrawn", "Chad")


def test_a_red_line_in_the_condition_rejects_nothing(extractor):
    found = claims(extractor, "South Korea could consider supplying weapons to Ukraine if Russia crossed a red line.")
    assert one(found, "South Korea", "arms_delivery").condition


def test_a_state_named_after_a_conference_total_does_not_give_it(extractor):
    text = "Donors pledged $1.2 billion for Yemen at a conference in Geneva, with Germany pledging €125 million."
    assert [c.amount for c in claims(extractor, text).commitments if c.committer == "Germany"] == [125_000_000]


def test_digits_glued_to_a_models_letters_are_its_name_not_a_count(extractor):
    found = claims(extractor, "Poland signed a deal to buy a further 48 K9 self-propelled howitzers from South Korea.")
    q = one(found, "Poland", "arms_purchase").quantity
    assert (q.value, q.unit) == (48, "howitzers")


def test_as_soon_as_conditions_a_pledge_but_as_soon_as_possible_does_not(extractor):
    found = claims(extractor, "Denmark has committed to delivering F-16s to Kyiv as soon as Ukrainian pilots complete their training.")
    assert one(found, "Denmark", "arms_delivery").status.value == "conditional"
    found = claims(extractor, "Germany will deliver the jets to Ukraine as soon as possible.")
    assert one(found, "Germany", "arms_delivery").status.value == "pledged"


def test_a_dateline_with_an_em_dash_and_no_space_is_not_the_subject(extractor):
    found = claims(extractor, "PORT-AU-PRINCE\u2014The first 400 Kenyan police officers deployed to Haiti on Tuesday.")
    assert kinds(found) == {("Kenya", "troop_deployment")}


def test_an_agency_tag_with_a_hyphen_is_not_part_of_its_sentence(extractor):
    text = "(MENAFN- UkrinForm) Hungarian Prime Minister Viktor Orban vetoed the allocation of 50 billion euros to Ukraine."
    assert refused(claims(extractor, text)) == {("Hungary", "financial_aid")}


def test_refusing_it_refuses_what_the_sentence_before_named(extractor):
    text = "Croatia's government approved sending soldiers to the NATO mission. However, Milanovic refused to approve it."
    assert ("Croatia", "troop_deployment") in refused(claims(extractor, text))


def test_a_leaders_administration_is_the_state_led_even_out_of_office(extractor):
    text = "The Trump administration approved a $2.3 billion arms package for Taiwan."
    found = extractor.extract(text, document="t.txt", published=dt.date(2024, 5, 3))
    assert {c.committer for c in found.commitments} == {"United States"}


def test_getting_weapons_from_a_state_is_that_states_delivery(extractor):
    found = claims(extractor, "Kyiv will get another batch of Leopard tanks from Germany next month.")
    assert one(found, "Germany", "arms_delivery").beneficiary == "Ukraine"


def test_slapping_sanctions_imposes_them(extractor):
    found = claims(extractor, "Britain slapped sanctions on three Iranian officials.")
    assert one(found, "United Kingdom", "sanctions").status.value == "delivered"


def test_money_named_as_holdings_is_no_aid(extractor):
    assert claims(extractor, "The EU has pledged to keep €200 billion of Russian central bank assets immobilised.").commitments == []


def test_a_group_that_names_its_members_refuses_by_each_member(extractor):
    text = "European countries including Germany, Italy and Spain said they have no plans to send troops."
    assert refused(claims(extractor, text)) == {("Germany", "troop_deployment"), ("Italy", "troop_deployment"),
                                                ("Spain", "troop_deployment")}


def test_members_after_such_as_act_for_an_unnamed_group(extractor):
    text = "Several countries, such as Poland and Romania, said they would not send troops."
    assert refused(claims(extractor, text)) == {("Poland", "troop_deployment"), ("Romania", "troop_deployment")}


def test_announcing_no_plans_is_no_pledge(extractor):
    found = claims(extractor, "Germany announced that it has no plans to send troops to Ukraine.")
    assert [(c.committer, c.status.value) for c in found.commitments] == [("Germany", "refused")]


def test_patrol_boats_handed_over_are_arms(extractor):
    found = claims(extractor, "Japan will give Indonesia two high-speed patrol boats, Prime Minister Shigeru Ishiba said.")
    assert one(found, "Japan", "arms_delivery").beneficiary == "Indonesia"


def test_what_a_review_is_about_is_no_commitment(extractor):
    text = "Lammy said he would update a review on arms sales to Israel to ensure they complied with the law."
    assert claims(extractor, text).commitments == []


def test_an_unnamed_subject_after_for_acts_not_the_sentence_subject(extractor):
    text = "Britain issues licences for companies to sell weapons to Israel."
    assert claims(extractor, text).commitments == []


def test_a_name_after_unlike_is_no_committer(extractor):
    text = "Unlike the U.S., Britain's government does not give arms directly to Israel."
    assert kinds(claims(extractor, text)) == {("United Kingdom", "arms_delivery")}


def test_a_name_made_subject_of_another_verb_does_not_deliver(extractor):
    text = "It is unclear whether the suspension of weapons deliveries will cause Israel to call off its operation."
    assert "Israel" not in {c.committer for c in claims(extractor, text).commitments}


def test_a_recipient_deep_inside_an_of_phrase_is_not_its_subject(extractor):
    text = "None of the allegations made about the supply of weapons to Russia have been proven, Ramaphosa said."
    assert "Russia" not in {c.committer for c in claims(extractor, text).commitments}


def test_the_post_a_title_names_beats_the_persons_latest_post(extractor):
    text = "The fundraiser drew German Foreign Minister Annalena Baerbock, whose nation pledged €120 million."
    found = extractor.extract(text, document="t.txt", published=None)
    assert {c.committer for c in found.commitments} == {"Germany"}


def test_a_demonym_before_aid_names_the_giver(extractor):
    found = claims(extractor, "Ukraine will receive German military aid worth 500 million euros.")
    assert one(found, "Germany", "arms_delivery").beneficiary == "Ukraine"


def test_a_demonym_before_weapons_names_their_maker_not_a_giver(extractor):
    assert kinds(claims(extractor, "Poland bought German tanks.")) == {("Poland", "arms_purchase")}


def test_agreeing_to_a_proposed_sale_pledges_it(extractor):
    found = claims(extractor, "The United States agreed to the proposed sale of F-35 jets to the UAE.")
    assert one(found, "United States", "arms_delivery").status.value == "pledged"


def test_a_proposed_sale_alone_is_proposed(extractor):
    found = claims(extractor, "The proposed sale of F-35 jets to the UAE was announced by the United States.")
    assert one(found, "United States", "arms_delivery").status.value == "proposed"


def test_a_status_noun_in_an_after_phrase_is_background(extractor):
    text = "Last week, the EU agreed upon the 14th package of sanctions against Russia after a month of discussions."
    assert one(claims(extractor, text), "European Union", "sanctions").status.value == "pledged"


def test_ambassadors_of_a_body_agree_in_its_name(extractor):
    text = "EU ambassadors agreed upon the 14th package of sanctions against Russia."
    assert kinds(claims(extractor, text)) == {("European Union", "sanctions")}


def test_latin_america_is_a_region_not_the_united_states(extractor):
    text = "Argentina and Latin America are not considering sending weapons to Ukraine."
    assert "United States" not in {c.committer for c in claims(extractor, text).commitments}


def test_not_opposing_a_sale_refuses_nothing(extractor):
    text = "Netanyahu announced that Israel would not oppose a US sale of advanced weapons to the UAE."
    assert refused(claims(extractor, text)) == set()


def test_the_possessor_of_plans_to_sell_is_the_seller(extractor):
    text = "Biden's campaign criticised the Trump administration's plans to sell combat aircraft to the United Arab Emirates."
    found = extractor.extract(text, document="t.txt", published=dt.date(2020, 10, 1))
    assert {c.committer for c in found.commitments} == {"United States"}


def test_an_offer_made_to_a_recipient_is_pledged(extractor):
    found = claims(extractor, "The German government has offered Poland the Patriot missile defence system.")
    commitment = one(found, "Germany", "air_defence")
    assert (commitment.status.value, commitment.beneficiary) == ("pledged", "Poland")


def test_likely_to_provide_is_an_intent(extractor):
    found = claims(extractor, "India is likely to provide four naval patrol vessels to Vietnam.")
    assert one(found, "India", "arms_delivery").status.value == "reported_intent"


def test_money_deposited_in_a_central_bank_is_aid_to_its_state(extractor):
    found = claims(extractor, "On Wednesday, Saudi Arabia deposited $5 billion in Egypt's central bank.")
    commitment = one(found, "Saudi Arabia", "financial_aid")
    assert (commitment.status.value, commitment.beneficiary) == ("delivered", "Egypt")


def test_assurances_received_from_several_givers_are_each_givers(extractor):
    text = "Sweden has received security guarantees from Britain. Sweden has also received assurances from the U.S. and Germany."
    assert {("United States", "security_guarantee"), ("Germany", "security_guarantee")} <= kinds(claims(extractor, text))


def test_training_going_on_for_some_time_is_delivered(extractor):
    found = claims(extractor, "India has been giving underwater combat training to Vietnamese sailors since October.")
    assert one(found, "India", "training").status.value == "delivered"


def test_refusing_to_join_a_naval_coalition_refuses_a_deployment(extractor):
    text = "Japan has informed Washington of its refusal to join the naval coalition in the Strait of Hormuz."
    assert ("Japan", "troop_deployment") in refused(claims(extractor, text))


def test_a_second_coordinated_object_is_a_cue_of_its_own(extractor):
    found = claims(extractor, "Hungary has vowed never to send troops or weapons to Ukraine.")
    assert refused(found) == {("Hungary", "troop_deployment"), ("Hungary", "arms_delivery")}


def test_neither_nor_subjects_refuse(extractor):
    text = "The president noted that neither Argentina nor other Latin American states intend to send weapons."
    assert refused(claims(extractor, text)) == {("Argentina", "arms_delivery"), ("Latin American states", "arms_delivery")}


def test_opposing_a_proposal_refuses_it(extractor):
    text = "France proposed sending peacekeepers to Ukraine. Germany and Spain strongly opposed it."
    assert {("Germany", "troop_deployment"), ("Spain", "troop_deployment")} <= refused(claims(extractor, text))


def test_opposing_another_states_sale_is_no_refusal(extractor):
    text = "The United States approved the sale of missiles to Taiwan. China firmly opposes this, Lin said."
    assert refused(claims(extractor, text)) == set()


def test_coming_to_each_others_assistance_is_a_security_guarantee(extractor):
    found = claims(extractor, "Britain and Sweden will come to each other's assistance.")
    assert kinds(found) == {("United Kingdom", "security_guarantee"), ("Sweden", "security_guarantee")}


def test_a_successfully_negotiated_arrangement_is_pledged(extractor):
    found = claims(extractor, "The IMF Standby Arrangement was successfully negotiated between Pakistan and the IMF.")
    assert one(found, "International Monetary Fund", "financial_aid").status.value == "pledged"


def test_patrolling_the_skies_is_air_support(extractor):
    found = claims(extractor, "Germany has also said its air force could help patrol the skies over Poland.")
    assert kinds(found) == {("Germany", "air_support")}


def test_what_a_dismissed_report_says_is_no_commitment(extractor):
    text = "Indonesia has dismissed reports of a proposal from Russia to base several of its aircraft at an Indonesian air base."
    assert [c for c in claims(extractor, text).commitments if c.status.value != "refused"] == []


def test_no_sign_that_a_state_would_act_claims_nothing(extractor):
    text = "There was no sign the US would put more of its own troops into the field."
    assert claims(extractor, text).commitments == []


def test_what_is_watched_is_not_promised(extractor):
    text = "Peskov said that Moscow would keep an eye on possible arms supplies to Ukraine from Latin America."
    assert claims(extractor, text).commitments == []


def test_surveillance_equipment_handed_over_is_arms(extractor):
    found = claims(extractor, "Japan will provide the Philippines with surveillance radars.")
    assert kinds(found) == {("Japan", "arms_delivery")}


def test_cutting_aid_withdraws_it(extractor):
    found = claims(extractor, "Washington has cut military aid to Niger.")
    assert one(found, "United States", "arms_delivery").status.value == "withdrawn"


def test_a_question_asked_claims_nothing(extractor):
    text = "A journalist asked whether the Cypriot government was considering the purchase of new weapons systems."
    assert claims(extractor, text).commitments == []


def test_the_maker_of_a_named_system_sells_it_in_a_two_party_deal(extractor):
    text = "India and France on Monday inked an agreement sealing a deal to procure 26 Rafale marine jets."
    found = claims(extractor, text)
    assert one(found, "France", "arms_delivery").beneficiary == "India"
    assert one(found, "India", "arms_purchase").counterparty == "France"


def test_refuting_a_charge_refuses_it_and_the_maker_is_the_seller(extractor):
    text = "Moscow and Tehran have repeatedly refuted the allegations that Iranian-made drones are imported into Russia."
    assert refused(claims(extractor, text)) == {("Russia", "arms_purchase"), ("Iran", "arms_delivery")}


def test_a_demonym_before_a_passive_sanctioned_is_the_target(extractor):
    text = "Australia imposed sanctions on Russia. Several more Iranian citizens are sanctioned over the allegations."
    assert "Iran" not in {c.committer for c in claims(extractor, text).commitments}


def test_a_states_surveillance_assets_deployed_are_its_monitoring(extractor):
    text = "“We have deployed U.S. intelligence, surveillance and reconnaissance assets to support the evacuation,” he added."
    assert kinds(claims(extractor, text)) == {("United States", "monitoring")}


def test_an_arrangement_negotiated_between_two_parties_benefits_the_other(extractor):
    found = claims(extractor, "The IMF Standby Arrangement was successfully negotiated between Islamabad and the IMF.")
    assert one(found, "International Monetary Fund", "financial_aid").beneficiary == "Pakistan"


def test_a_dateline_ending_in_a_colon_is_not_a_committer(extractor):
    text = "COLOMBO, Sept 1: After a week-long discussion, the International Monetary Fund has agreed to provide a $2.9 billion loan to Sri Lanka."
    commitment = one(claims(extractor, text), "International Monetary Fund", "financial_aid")
    assert (commitment.status.value, commitment.beneficiary) == ("pledged", "Sri Lanka")


def test_denying_a_deployment_of_mercenaries_refuses_a_deployment(extractor):
    text = "Mali's government has denied any deployment of Russian mercenaries from the Wagner group."
    assert refused(claims(extractor, text)) == {("Mali", "troop_deployment")}


def test_a_cue_under_a_rejection_noun_is_no_pledge(extractor):
    text = "Akpabio has confirmed the story on the Senate rejection of military intervention in Niger."
    assert [c for c in claims(extractor, text).commitments if c.status.value != "refused"] == []


def test_an_ironclad_commitment_is_a_security_guarantee(extractor):
    text = "The United States reaffirmed its ironclad commitment to the Philippines under the Mutual Defense Treaty."
    assert ("United States", "security_guarantee") in kinds(claims(extractor, text))


def test_ordering_jets_to_be_deployed_is_a_command_not_a_purchase(extractor):
    text = "Last week the United States ordered F-35 fighter jets to be deployed to Puerto Rico."
    assert "arms_purchase" not in {c.type.value for c in claims(extractor, text).commitments}


def test_a_purchase_order_placed_is_pledged(extractor):
    found = claims(extractor, "Poland ordered 48 F-35 fighter jets from the United States.")
    assert one(found, "Poland", "arms_purchase").status.value == "pledged"


def test_what_a_situation_is_likened_to_is_no_claim(extractor):
    assert claims(extractor, "Putin likened the situation to Moscow sending arms to North Korea.").commitments == []


def test_granting_rights_is_no_grant_of_money(extractor):
    text = "Armenia is expected to agree to grant the US exclusive special rights to develop the corridor."
    assert claims(extractor, text).commitments == []


def test_a_grant_of_money_is_financial_aid(extractor):
    found = claims(extractor, "The EU will provide a grant of 50 million euros to Moldova.")
    assert one(found, "European Union", "financial_aid").beneficiary == "Moldova"


def test_a_recipient_drawing_on_a_tranche_commits_nothing(extractor):
    text = "Argentina's government has indicated that it intends to draw on the first tranche of the arrangement."
    assert claims(extractor, text).commitments == []


def test_declining_to_side_with_an_ally_refuses_no_commitment(extractor):
    text = "Russia as well as Belarus and Kazakhstan declined to openly side with their South Caucasus ally."
    assert refused(claims(extractor, text)) == set()


def test_an_economy_declining_is_no_refusal(extractor):
    text = "Growth in South America's second-largest economy will decline this year, said the IMF."
    assert refused(claims(extractor, text)) == set()


def test_ruling_out_participation_refuses_it(extractor):
    text = "Saudi Arabia has ruled out participation in any potential American military strike."
    assert ("Saudi Arabia", "other") in refused(claims(extractor, text))


def test_troops_entering_a_state_are_deployed_there(extractor):
    found = claims(extractor, "ECOWAS troops entered The Gambia on Sunday to secure President Adama Barrow's rule.")
    commitment = one(found, "Economic Community of West African States", "troop_deployment")
    assert (commitment.status.value, commitment.beneficiary) == ("delivered", "Gambia")


def test_a_deal_for_fighters_is_a_purchase_and_past_negotiations_are_background(extractor):
    text = "Brazil has finalised a $4.68 billion deal for 36 Saab Gripen NG fighters after concluding 20 months of negotiations."
    assert one(claims(extractor, text), "Brazil", "arms_purchase").status.value == "pledged"


def test_a_contract_for_the_supply_of_arms_is_a_supply(extractor):
    text = "Russia and Nigeria have signed a contract for the sale of 12 attack helicopters to Nigeria."
    assert "arms_purchase" not in {c.type.value for c in claims(extractor, text).commitments if c.committer == "Russia"}


def test_what_a_loan_is_for_is_not_the_lenders_purchase(extractor):
    text = "Japan has agreed to provide the Philippines with a loan for the acquisition of five Japanese patrol vessels."
    assert kinds(claims(extractor, text)) == {("Japan", "financial_aid")}


def test_the_subject_of_a_negated_passive_refuses_nothing(extractor):
    text = "The Treasury Department noted that Eritrean military leader President Isaias Afwerki was not sanctioned."
    assert refused(claims(extractor, text)) == set()


def test_a_host_refusing_anothers_troops_refuses_a_deployment(extractor):
    found = claims(extractor, "The Chilean government will not accept Argentine troops into its country, the minister said.")
    refusal = one(found, "Chile", "troop_deployment")
    assert refusal.status.value == "refused"


def test_not_joining_a_condemnation_refuses_nothing(extractor):
    found = claims(extractor, "Officials said Peru had not joined condemnation of the attacks on the embassy.")
    assert not [c for c in found.commitments if c.status.value == "refused"]


def test_a_force_grown_where_it_is_is_a_deployment(extractor):
    found = claims(extractor, "Spain will boost the number of troops in Latvia to 600 from 500.")
    assert one(found, "Spain", "troop_deployment").status.value == "pledged"


def test_halting_a_programme_of_military_supplies_withdraws_a_delivery(extractor):
    found = claims(extractor, "Qatar said on Friday it has halted a programme of military supplies to Sudan.")
    assert one(found, "Qatar", "arms_delivery").status.value == "withdrawn"


def test_export_permits_in_an_article_about_arms_are_arms_exports(extractor):
    found = claims(extractor, "Norway has suspended new export permits to Chile. Arms exports had grown for years.")
    assert one(found, "Norway", "arms_delivery").status.value == "withdrawn"


def test_terminating_a_visiting_forces_agreement_withdraws_it(extractor):
    found = claims(extractor, "Thai Prime Minister Srettha Thavisin announced the termination of a Visiting Forces Agreement with Japan.")
    assert one(found, "Thailand", "other").status.value == "withdrawn"


def test_those_under_sanction_by_a_state_are_sanctioned_by_it(extractor):
    found = claims(extractor, "Several leaders of the militia are under sanction by Kenya.")
    assert one(found, "Kenya", "sanctions").status.value == "delivered"


def test_a_stopped_financing_package_is_withdrawn_aid(extractor):
    found = claims(extractor, "Kuwait has stopped a $1 billion financing package for the Jordanian army.")
    assert one(found, "Kuwait", "financial_aid").status.value == "withdrawn"


def test_what_a_delivery_is_for_is_no_commitment_of_its_own(extractor):
    found = claims(extractor, "In order to further intensify surveillance in the Andaman Sea and enhance its combat capability, "
                              "Thailand on Friday received two frigates from South Korea.")
    assert kinds(found) == {("South Korea", "arms_delivery")}


def test_quotation_marks_take_no_place_between_a_verb_and_its_object(extractor):
    found = claims(extractor, "Moscow: Putin has ordered his military to start withdrawing the “main part” of its forces in Syria.")
    assert one(found, "Russia", "troop_deployment").status.value == "withdrawn"


def test_money_agreed_on_with_a_lender_is_the_lenders_to_the_borrower(extractor):
    found = claims(extractor, "Malawi reached a staff-level agreement with the IMF on a $175 million credit facility.")
    loan = one(found, "International Monetary Fund", "financial_aid")
    assert loan.beneficiary == "Malawi"
    assert not [c for c in found.commitments if c.committer == "Malawi"]


def test_the_world_bank_is_a_lender_too(extractor):
    found = claims(extractor, "Nepal signed an agreement with the World Bank on a $200 million loan.")
    assert one(found, "World Bank", "financial_aid").beneficiary == "Nepal"


def test_he_who_refuses_is_the_person_his_clause_hangs_from(extractor):
    text = ("French President Emmanuel Macron said nothing should be ruled out. Adrian Watson, a spokesperson, "
            "stated in a press release on the 27th, \"President Joe Biden has made it clear that he will not "
            "deploy troops to Ukraine,\" he said.")
    refusals = {(c.committer, c.type.value) for c in claims(extractor, text).commitments if c.status.value == "refused"}
    assert refusals == {("United States", "troop_deployment")}


def test_equipment_in_an_article_about_military_aid_is_arms(extractor):
    text = ("Seoul has stepped up military aid to Manila. Seoul is providing equipment to the Philippines.")
    assert ("South Korea", "arms_delivery") in kinds(claims(extractor, text))
    assert not claims(extractor, "Seoul is providing equipment to the Philippines.").commitments


def test_declining_to_comment_refuses_nothing_whatever_the_subject_holds(extractor):
    found = claims(extractor, "The French embassy in Kinshasa declined to comment to Reuters on the arms deal.")
    assert not found.commitments


def test_not_confirming_troops_refuses_nothing(extractor):
    assert not claims(extractor, "The Malian government has not confirmed the presence of Russian troops in the north.").commitments


def test_what_a_treaty_commitment_defends_is_its_beneficiary(extractor):
    found = claims(extractor, "The president reaffirmed the U.S. commitment to defend the Philippines.")
    assert one(found, "United States", "security_guarantee").beneficiary == "Philippines"


def test_strikes_flown_are_air_support(extractor):
    found = claims(extractor, "France carried out air strikes against militants in Mali on Sunday.")
    assert kinds(found) == {("France", "air_support")}


def test_strikes_guarded_against_are_no_air_support(extractor):
    found = claims(extractor, "Japan fears the radars could be used to protect military sites from air strikes.")
    assert ("Japan", "air_support") not in kinds(found)


def test_a_description_stands_for_its_actor_only_right_after_the(extractor):
    found = claims(extractor, "The SADC Commission imposed sanctions on Madagascar.")
    assert "European Commission" not in {c.committer for c in found.commitments}
    assert ("European Commission", "sanctions") in kinds(claims(extractor, "The Commission imposed sanctions on Belarus."))


def test_a_parliament_authorising_a_deployment_pledges_it(extractor):
    found = claims(extractor, "The Kenyan parliament on Tuesday approved a motion authorising the government to deploy troops to Haiti.")
    deployment = one(found, "Kenya", "troop_deployment")
    assert (deployment.status.value, deployment.beneficiary) == ("pledged", "Haiti")


def test_what_others_fear_an_actor_may_do_commits_nobody(extractor):
    found = claims(extractor, "China has moved warships near the island, a step that regional leaders fear might signal a military intervention.")
    assert not [c for c in found.commitments if c.type.value == "troop_deployment"]


def test_a_delivery_reported_twice_is_one_commitment(extractor):
    found = claims(extractor, "More than 800 Spanish troops have arrived in Latvia. The Spanish troops arrived in Latvia "
                              "on Sunday as part of the allied force, an official said.")
    assert one(found, "Spain", "troop_deployment").beneficiary == "Latvia"


def test_deliveries_of_different_quantities_stay_apart(extractor):
    found = claims(extractor, "Germany delivered 20 howitzers to Ukraine in May. Germany delivered 12 howitzers to Ukraine in July.")
    assert len([c for c in found.commitments if c.committer == "Germany"]) == 2


def test_a_force_an_actor_has_in_a_place_is_deployed_there(extractor):
    deployment = one(claims(extractor, "Canada also has 800 troops in Latvia, a mission it supports."), "Canada", "troop_deployment")
    assert (deployment.status.value, deployment.beneficiary) == ("delivered", "Latvia")


def test_having_troops_nowhere_named_or_none_commits_nothing(extractor):
    assert not claims(extractor, "Ukraine will have more troops next year.").commitments
    assert not claims(extractor, "Britain has no troops in Libya.").commitments


def test_a_host_demanding_that_foreign_troops_leave_refuses_their_deployment(extractor):
    found = claims(extractor, "Somali lawmakers passed a resolution calling for all foreign troops to leave the country.")
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("Somalia", "troop_deployment", "refused")]


def test_foreign_troops_leaving_without_a_demand_is_no_refusal(extractor):
    assert not [c for c in claims(extractor, "Foreign troops will leave Afghanistan by 2014.").commitments
                if c.status.value == "refused"]


def test_a_refusal_stated_twice_is_one_refusal(extractor):
    text = "Austria will not send troops to Ukraine. Austria will not send troops to Ukraine, the chancellor repeated."
    assert len([c for c in claims(extractor, text).commitments if c.status.value == "refused"]) == 1


def test_a_host_ordering_another_states_troops_out_refuses_their_deployment(extractor):
    found = claims(extractor, "Chad demanded that French troops leave the country within a month.")
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("Chad", "troop_deployment", "refused")]


def test_a_state_ordering_its_own_troops_out_refuses_nothing(extractor):
    found = claims(extractor, "Mali's army ordered Malian troops to leave Kidal.")
    assert not [c for c in found.commitments if c.status.value == "refused"]


def test_leave_to_buy_makes_the_allowed_a_buyer_and_the_giver_a_seller(extractor):
    found = claims(extractor, "The State Department has cleared Poland to buy 96 Apache helicopters.")
    assert kinds(found) == {("Poland", "arms_purchase"), ("United States", "arms_delivery")}
    assert one(found, "United States", "arms_delivery").beneficiary == "Poland"
    assert one(found, "Poland", "arms_purchase").status.value == "pledged"


def test_leave_to_buy_refused_is_the_givers_refusal(extractor):
    found = claims(extractor, "The United States has not allowed Turkey to buy F-35 jets.")
    assert [(c.committer, c.status.value) for c in found.commitments] == [("United States", "refused")]


def test_another_states_troops_that_cannot_stay_are_the_hosts_refusal(extractor):
    found = claims(extractor, "Russian military personnel cannot stay in Moldova, the president's office said.")
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("Moldova", "troop_deployment", "refused")]


def test_no_foreign_presence_is_the_refusal_of_whoever_names_it_first(extractor):
    found = claims(extractor, "Vanuatu's government said that there would be no foreign military presence at Luganville.")
    assert [(c.committer, c.status.value) for c in found.commitments] == [("Vanuatu", "refused")]


def test_a_place_named_with_its_part_is_still_where_troops_go(extractor):
    found = claims(extractor, "Turkey has deployed 300 troops to northern Iraq.")
    assert one(found, "Turkey", "troop_deployment").beneficiary == "Iraq"


def test_a_states_bonds_bought_by_another_are_financial_aid_to_the_issuer(extractor):
    found = claims(extractor, "China will buy $5 billion of Greek government bonds.")
    aid = one(found, "China", "financial_aid")
    assert (aid.beneficiary, aid.status.value) == ("Greece", "pledged")


def test_what_follows_saying_is_said_by_the_sentences_subject(extractor):
    found = claims(extractor, "Dutch Prime Minister Mark Rutte spoke to reporters on Monday, saying the Netherlands "
                              "will send 200 troops to Lithuania.")
    deployment = one(found, "Netherlands", "troop_deployment")
    assert (deployment.beneficiary, deployment.attributed_to) == ("Lithuania", "Mark Rutte")


def test_a_participle_that_says_nothing_frames_nothing(extractor):
    found = claims(extractor, "The State Department approved the sale of 100 Harpoon missiles to Taiwan, "
                              "adding to Taiwan's arsenal of older missiles.")
    assert ("United States", "arms_delivery") in kinds(found)


def test_a_states_decision_to_act_is_its_pledge(extractor):
    found = claims(extractor, "Canada's decision to send 200 troops to Latvia was welcomed by its allies.")
    deployment = one(found, "Canada", "troop_deployment")
    assert (deployment.status.value, deployment.beneficiary) == ("pledged", "Latvia")


def test_a_decision_nobody_is_said_to_make_pledges_nothing(extractor):
    found = claims(extractor, "Officials took the decision to abstain, warning that a military intervention was risky.")
    assert not found.commitments


def test_a_guarantee_of_a_states_security_is_given_to_that_state(extractor):
    found = claims(extractor, "The UK and France agreed to guarantee Moldova's security.")
    assert {(c.committer, c.beneficiary) for c in found.commitments} == {("United Kingdom", "Moldova"),
                                                                         ("France", "Moldova")}


def test_a_commitment_in_the_speakers_relative_clause_is_the_speakers(extractor):
    found = claims(extractor, "Spain, which has sent 500 troops to Latvia, said on Monday that its mission was working.")
    deployment = one(found, "Spain", "troop_deployment")
    assert (deployment.status.value, deployment.beneficiary) == ("delivered", "Latvia")


def test_money_paid_to_a_state_is_financial_aid(extractor):
    aid = one(claims(extractor, "Qatar would pay $1 billion to Egypt."), "Qatar", "financial_aid")
    assert (aid.beneficiary, aid.status.value, aid.amount) == ("Egypt", "reported_intent", 1_000_000_000)


def test_money_paid_for_weapons_is_their_purchase(extractor):
    found = claims(extractor, "Poland will spend $10 billion on 180 K2 tanks.")
    assert kinds(found) == {("Poland", "arms_purchase")}
    assert one(found, "Poland", "arms_purchase").amount == 10_000_000_000


def test_freezing_assets_is_a_sanction(extractor):
    found = claims(extractor, "Britain froze the assets of 20 Russian oligarchs on Monday.")
    assert one(found, "United Kingdom", "sanctions").status.value == "delivered"


def test_assets_named_as_frozen_are_no_new_sanction(extractor):
    found = claims(extractor, "The leaders agreed to use frozen Russian assets to finance a loan to Kyiv.")
    assert ("European Union", "sanctions") not in kinds(found) and not [
        c for c in found.commitments if c.type.value == "sanctions"]


def test_weapons_that_arrive_are_the_senders_delivery_to_where_they_arrive(extractor):
    found = claims(extractor, "The first batch of F-16s arrived in Ukraine from Denmark.")
    delivery = one(found, "Denmark", "arms_delivery")
    assert (delivery.beneficiary, delivery.status.value) == ("Ukraine", "delivered")


def test_weapons_that_arrive_from_nobody_named_commit_nobody(extractor):
    assert not claims(extractor, "Ukraine's first F-16 jets have arrived, the president said.").commitments


def test_leading_a_police_mission_is_a_deployment(extractor):
    found = claims(extractor, "Kenya will lead a multinational police mission to Haiti.")
    assert one(found, "Kenya", "troop_deployment").beneficiary == "Haiti"


def test_a_later_untargeted_report_of_a_sanction_is_the_same_sanction(extractor):
    found = claims(extractor, "Canada on Tuesday unveiled sanctions against five generals in Myanmar's army. "
                              "Canada announced it would freeze the assets of the officers.")
    assert len([c for c in found.commitments if c.type.value == "sanctions"]) == 1


def test_a_status_split_by_an_adverb_is_still_a_status(extractor):
    found = claims(extractor, "New Zealand and Norway are also providing instructors.")
    assert {(c.committer, c.type.value, c.status.value) for c in found.commitments} == {
        ("New Zealand", "training", "delivered"), ("Norway", "training", "delivered")}


def test_instructing_cadets_is_training(extractor):
    found = claims(extractor, "Australian troops will instruct Afghan officer cadets in Kabul.")
    assert one(found, "Australia", "training").status.value == "pledged"


def test_strikes_launched_to_help_a_state_support_it(extractor):
    found = claims(extractor, "French forces have launched an air strike, intervening to help Mali's army stop the rebels.")
    strike = one(found, "France", "air_support")
    assert (strike.beneficiary, strike.status.value) == ("Mali", "delivered")


def test_a_pacts_mutual_assistance_clause_guarantees_the_other_party(extractor):
    found = claims(extractor, "Greek lawmakers ratified a defence deal with France that includes a mutual assistance clause.")
    assert one(found, "Greece", "security_guarantee").beneficiary == "France"


def test_weapons_named_before_a_deal_are_bought_by_it(extractor):
    found = claims(extractor, "New Delhi will go ahead with the S-400 deal notwithstanding the US sanctions.")
    assert kinds(found) == {("India", "arms_purchase")}


def test_what_could_befall_a_party_is_nobodys_commitment(extractor):
    found = claims(extractor, "India and Russia signed a missile deal that could invite sanctions from the United States.")
    assert not [c for c in found.commitments if c.type.value == "sanctions"]


def test_none_of_a_states_forces_there_is_that_states_refusal(extractor):
    found = claims(extractor, 'Visiting the US Defence Secretary, the minister said, "There shall not be any boots '
                              'on the ground from India," with regard to Afghanistan.')
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("India", "troop_deployment", "refused")]


def test_an_act_the_speaker_calls_off_the_table_is_the_speakers_refusal(extractor):
    found = claims(extractor, "Sending troops to Ukraine is not on the table, Italian Defence Minister Guido Crosetto said.")
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("Italy", "troop_deployment", "refused")]


def test_judging_another_actors_act_unacceptable_refuses_nothing(extractor):
    found = claims(extractor, "The Kremlin said any deployment of NATO troops to Ukraine was unacceptable.")
    assert not [c for c in found.commitments if c.status.value == "refused"]


def test_troops_a_state_hosts_are_sent_by_their_own_state(extractor):
    found = claims(extractor, "Poland will host 10,000 US troops under a new agreement.")
    deployment = one(found, "United States", "troop_deployment")
    assert (deployment.beneficiary, deployment.status.value) == ("Poland", "pledged")


def test_each_donor_in_a_list_of_amounts_pledges_its_own(extractor):
    found = claims(extractor, "Japan will provide grants worth $14 million, while the UK has pledged $5 million, "
                              "China $1 million and India $2 million.")
    assert {(c.committer, c.amount) for c in found.commitments if c.type.value == "financial_aid"} == {
        ("Japan", 14_000_000), ("United Kingdom", 5_000_000), ("China", 1_000_000), ("India", 2_000_000)}


def test_assuring_a_state_of_aid_pledges_it(extractor):
    found = claims(extractor, "Washington has assured the Bangladesh authorities of relief assistance worth $2.1 million.")
    assert one(found, "United States", "financial_aid").status.value == "pledged"


def test_warplanes_taking_part_in_an_air_operation_give_air_support(extractor):
    found = claims(extractor, "Jordan announced that its warplanes took part in the US-led air operation in Syria.")
    assert one(found, "Jordan", "air_support").status.value == "delivered"


def test_money_due_to_be_given_is_pledged(extractor):
    aid = one(claims(extractor, "Kuwait is also due to give Egypt $4 billion."), "Kuwait", "financial_aid")
    assert (aid.beneficiary, aid.status.value) == ("Egypt", "pledged")


def test_what_a_moratorium_bans_is_no_commitment_of_its_own(extractor):
    found = claims(extractor, "Japan will lift a three-year-old moratorium on financial aid to Pakistan.")
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("Japan", "sanctions", "withdrawn")]


def test_the_african_unions_peace_and_security_council_is_the_african_union(extractor):
    found = claims(extractor, "The AU Peace and Security Council agreed to the deployment of 8,000 troops to Somalia.")
    assert {c.committer for c in found.commitments} == {"African Union"}


def test_states_each_sending_weapons_each_deliver(extractor):
    found = claims(extractor, "The Netherlands and Germany are each sending two Patriot batteries to Turkey.")
    assert {(c.committer, c.type.value) for c in found.commitments} == {("Netherlands", "air_defence"),
                                                                         ("Germany", "air_defence")}


def test_a_withdrawal_reported_twice_is_one(extractor):
    found = claims(extractor, "Japan will withdraw its troops from Iraq. The withdrawal of the Japanese troops from "
                              "Iraq is expected to be completed next month.")
    assert len([c for c in found.commitments if c.status.value == "withdrawn"]) == 1


def test_air_defence_bought_is_the_buyers_purchase(extractor):
    found = claims(extractor, "Sweden will buy four Patriot systems from the United States.")
    assert kinds(found) == {("Sweden", "arms_purchase")}
    assert one(found, "Sweden", "arms_purchase").counterparty == "United States"


def test_the_rest_of_a_bought_systems_name_is_no_second_commitment(extractor):
    found = claims(extractor, "Sweden signed an agreement to purchase Raytheon's Patriot air and missile defense system.")
    assert kinds(found) == {("Sweden", "arms_purchase")}


def test_money_a_state_spends_on_itself_is_no_aid(extractor):
    found = claims(extractor, "Peru is also spending $11 million to repair three of its helicopters.")
    assert not found.commitments


def test_money_being_spent_on_aid_for_a_state_is_delivered(extractor):
    found = claims(extractor, "Germany is spending $2 billion on military aid for Ukraine this year.")
    aid = one(found, "Germany", "arms_delivery")
    assert (aid.beneficiary, aid.status.value) == ("Ukraine", "delivered")


def test_a_named_speaker_described_with_an_article_still_speaks(extractor):
    found = claims(extractor, "Olaf Scholz, a Social Democrat, said Germany would send 500 troops to Lithuania.")
    assert one(found, "Germany", "troop_deployment").attributed_to == "Olaf Scholz"


def test_strikes_that_had_begun_were_flown(extractor):
    found = claims(extractor, "The Pentagon said the United States had begun air strikes against the group in Syria.")
    assert one(found, "United States", "air_support").status.value == "delivered"


def test_a_paused_shipment_of_bombs_is_a_delivery_withdrawn(extractor):
    found = claims(extractor, "The United States paused a shipment of bombs to Israel.")
    delivery = one(found, "United States", "arms_delivery")
    assert (delivery.beneficiary, delivery.status.value) == ("Israel", "withdrawn")


def test_military_engineers_sent_abroad_are_a_deployment(extractor):
    found = claims(extractor, "Seoul will send an additional 200 military engineers to South Sudan.")
    assert one(found, "South Korea", "troop_deployment").beneficiary == "South Sudan"


def test_military_cooperation_agreed_is_a_commitment(extractor):
    found = claims(extractor, "Vietnam and India agreed to expand military cooperation.")
    assert kinds(found) == {("Vietnam", "other"), ("India", "other")}


def test_coast_guard_ships_handed_over_are_a_delivery(extractor):
    found = claims(extractor, "Tokyo has already delivered two coast guard ships to the Philippines.")
    assert one(found, "Japan", "arms_delivery").status.value == "delivered"


def test_troops_pledged_to_be_kept_somewhere_are_pledged(extractor):
    found = claims(extractor, "Italy pledged to keep its troops in Lebanon until 2026.")
    assert one(found, "Italy", "troop_deployment").status.value == "pledged"


def test_airspace_opened_to_another_state_is_a_commitment(extractor):
    found = claims(extractor, "Turkey will open its airspace to Russian planes flying to Syria.")
    assert one(found, "Turkey", "other").status.value == "pledged"


def test_relief_supplies_rushed_to_a_state_are_delivered(extractor):
    found = claims(extractor, "India rushed relief supplies to Sri Lanka, including rice and medicine.")
    relief = one(found, "India", "other")
    assert (relief.beneficiary, relief.status.value) == ("Sri Lanka", "delivered")


def test_deciding_against_an_act_refuses_it(extractor):
    found = claims(extractor, "Britain has decided against supplying arms to Libyan rebels.")
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("United Kingdom", "arms_delivery", "refused")]


def test_the_suspension_of_measures_withdraws_them(extractor):
    found = claims(extractor, "The European Union confirmed the suspension of restrictive measures on Zimbabwe's officials.")
    assert one(found, "European Union", "sanctions").status.value == "withdrawn"


def test_troops_that_leave_a_state_are_withdrawn_from_it(extractor):
    found = claims(extractor, "Some 180 soldiers in a Mozambican contingent are set to leave Burundi on Wednesday.")
    withdrawal = one(found, "Mozambique", "troop_deployment")
    assert (withdrawal.beneficiary, withdrawal.status.value) == ("Burundi", "withdrawn")


def test_troops_that_leave_for_a_state_are_not_withdrawn(extractor):
    found = claims(extractor, "Some 1,500 North Korean soldiers left for Russia by ship.")
    assert not [c for c in found.commitments if c.status.value == "withdrawn"]


def test_leading_a_battalion_somewhere_deploys_there(extractor):
    found = claims(extractor, "Canada will lead a battalion in Latvia.")
    assert one(found, "Canada", "troop_deployment").beneficiary == "Latvia"


def test_weapons_supplied_under_a_contract_are_the_buyers_purchase_too(extractor):
    found = claims(extractor, "Russia undertook to supply 29 Tor M1 missiles to Iran under a $700 million contract.")
    assert one(found, "Iran", "arms_purchase").counterparty == "Russia"


def test_a_withdrawal_done_and_announced_by_someone_is_one(extractor):
    found = claims(extractor, "The last 50 of the 1,500 French soldiers previously stationed in Niger left the country "
                              "on Friday morning. In September, French President Emmanuel Macron said France would "
                              "withdraw its troops deployed in Niger by the end of 2023.")
    assert len([c for c in found.commitments if c.status.value == "withdrawn"]) == 1


def test_helping_another_improve_its_own_is_the_helpers_commitment(extractor):
    found = claims(extractor, "The United States will help Ukraine strengthen its air defenses.")
    helped = one(found, "United States", "air_defence")
    assert (helped.beneficiary, helped.status.value) == ("Ukraine", "pledged")


def test_the_one_helped_commits_nothing(extractor):
    found = claims(extractor, "NATO would help Turkey improve its air defenses.")
    assert [c.committer for c in found.commitments] == ["NATO"]


def test_bolstering_its_own_without_help_is_still_nothing(extractor):
    found = claims(extractor, "Poland signed a deal for 48 fighter jets, in a move to bolster its air defenses.")
    assert ("Poland", "air_defence") not in kinds(found)


def test_logistical_support_is_support_of_no_narrower_type(extractor):
    found = claims(extractor, "The minister said that Belgium will provide the coalition logistical support.")
    assert one(found, "Belgium", "other").status.value == "pledged"


def test_kinds_of_support_coordinated_before_one_noun_are_named(extractor):
    found = claims(extractor, "Britain offered substantial maritime and aviation support.")
    assert one(found, "United Kingdom", "other").status.value == "pledged"


def test_military_advisers_are_training(extractor):
    found = claims(extractor, "Washington will send 30 military advisers to Ukraine.")
    assert one(found, "United States", "training").beneficiary == "Ukraine"


def test_an_act_done_in_answer_to_another_is_done(extractor):
    found = claims(extractor, "The US reacted by imposing sanctions on Russia.")
    assert one(found, "United States", "sanctions").status.value == "delivered"


def test_suspending_aid_in_answer_withdraws_it(extractor):
    found = claims(extractor, "The United States and Britain responded by suspending all aid to the rebels.")
    assert {(c.committer, c.status.value) for c in found.commitments} == \
        {("United States", "withdrawn"), ("United Kingdom", "withdrawn")}


def test_a_states_cancellation_of_a_deal_withdraws_its_purchase(extractor):
    found = claims(extractor, "Australia's cancellation of the submarine deal angered France.")
    assert one(found, "Australia", "arms_purchase").status.value == "withdrawn"


def test_the_body_that_names_a_mission_joined_commits_nothing(extractor):
    found = claims(extractor, "Last week, Ottawa announced that it will send up to 2,000 troops to Afghanistan "
                              "for a year to take part in a U.N. peacekeeping mission.")
    assert [c.committer for c in found.commitments] == ["Canada"]


def test_a_body_whose_force_is_the_subject_commits_it(extractor):
    found = claims(extractor, "NATO peacekeepers are stationed in Kosovo.")
    assert one(found, "NATO", "troop_deployment").status.value == "delivered"


def test_security_support_is_support_of_no_narrower_type(extractor):
    found = claims(extractor, "Turkey will provide maritime security support to Somalia.")
    assert one(found, "Turkey", "other").beneficiary == "Somalia"


def test_every_state_of_a_list_that_all_pledged_troops_pledges(extractor):
    found = claims(extractor, "Burkina Faso, Niger, Senegal and Togo all pledged around 500 troops this weekend.")
    assert {(c.committer, c.status.value) for c in found.commitments} == \
        {(s, "pledged") for s in ("Burkina Faso", "Niger", "Senegal", "Togo")}


def test_what_a_state_continues_to_supply_is_delivered(extractor):
    found = claims(extractor, "Russia continues to supply arms to Syria.")
    assert one(found, "Russia", "arms_delivery").status.value == "delivered"


def test_what_a_state_will_continue_to_supply_is_pledged(extractor):
    found = claims(extractor, "Germany will continue to supply arms to Ukraine.")
    assert one(found, "Germany", "arms_delivery").status.value == "pledged"


def test_troops_named_with_the_states_they_come_from_are_theirs(extractor):
    found = claims(extractor, "Troops from Chad and Niger arrived in Mali on Friday.")
    assert {(c.committer, c.beneficiary, c.status.value) for c in found.commitments} == \
        {("Chad", "Mali", "delivered"), ("Niger", "Mali", "delivered")}


def test_personnel_a_group_will_include_are_their_states_pledge(extractor):
    found = claims(extractor, "The peacekeeping force will include personnel from Fiji, Tonga and Vanuatu.")
    assert {(c.committer, c.type.value) for c in found.commitments} == \
        {(s, "troop_deployment") for s in ("Fiji", "Tonga", "Vanuatu")}


def test_personnel_of_a_monitoring_group_monitor(extractor):
    found = claims(extractor, "The truce monitoring group will include personnel from Fiji, Tonga and Vanuatu.")
    assert {(c.committer, c.type.value) for c in found.commitments} == \
        {(s, "monitoring") for s in ("Fiji", "Tonga", "Vanuatu")}


def test_the_place_troops_are_withdrawn_from_gives_nothing(extractor):
    found = claims(extractor, "Troops will be withdrawn from Iraq by the end of the year.")
    assert "Iraq" not in {c.committer for c in found.commitments}


def test_a_state_awaiting_a_delivery_commits_nothing(extractor):
    found = claims(extractor, "Ukraine is still awaiting the delivery of the first batch of F-16s pledged.")
    assert not found.commitments


def test_the_drc_named_without_the_article_is_not_the_republic_of_the_congo(extractor):
    found = claims(extractor, "Kenya has deployed 900 troops to the Democratic Republic of Congo.")
    assert one(found, "Kenya", "troop_deployment").beneficiary == "Democratic Republic of the Congo"


def test_objecting_to_a_sale_refuses_it(extractor):
    found = claims(extractor, "Israel objected to selling its Iron Dome defence system to Ukraine.")
    assert [(c.committer, c.type.value, c.status.value) for c in found.commitments] == \
        [("Israel", "air_defence", "refused")]


def test_resisting_pressure_for_sanctions_refuses_them(extractor):
    found = claims(extractor, "Britain resisted pressure for an oil embargo against the military regime.")
    assert one(found, "United Kingdom", "sanctions").status.value == "refused"


def test_a_refusal_the_parse_hangs_on_another_clause_is_the_names_before_it(extractor):
    found = claims(extractor, "Just two days after the writer was hanged in a prison in an act described by the prime "
                              "minister as murder, Britain and France resisted pressure for an oil embargo.")
    assert {(c.committer, c.status.value) for c in found.commitments} == \
        {("United Kingdom", "refused"), ("France", "refused")}


def test_excluding_the_possibility_of_an_act_refuses_it(extractor):
    found = claims(extractor, "Tokyo excludes the possibility of sending military ships to the South China Sea.")
    assert [(c.committer, c.status.value) for c in found.commitments] == [("Japan", "refused")]


def test_objecting_to_anothers_participation_refuses_nothing_of_ones_own(extractor):
    found = claims(extractor, "Sudan's foreign minister objected to the participation of Kenya and the UAE, "
                              "which it accuses of supplying arms.")
    assert not [c for c in found.commitments if c.status.value == "refused"]


def test_the_agent_of_a_passive_support_did_it(extractor):
    found = claims(extractor, "They were supported by 10 military officers from Brunei.")
    assert one(found, "Brunei", "troop_deployment").status.value == "delivered"


def test_the_agent_of_a_possible_support_did_nothing(extractor):
    found = claims(extractor, "They could be supported by 10 military officers from Brunei.")
    assert ("Brunei", "troop_deployment") not in kinds(found) or \
        one(found, "Brunei", "troop_deployment").status.value != "delivered"


def test_a_garrison_a_state_intends_to_establish_is_its_deployment(extractor):
    found = claims(extractor, "France intends to establish a permanent garrison of some 2,500 troops in Djibouti.")
    garrison = one(found, "France", "troop_deployment")
    assert (garrison.beneficiary, garrison.status.value) == ("Djibouti", "reported_intent")


def test_a_plan_restated_as_talks_is_one_commitment(extractor):
    found = claims(extractor, "Egypt plans to deploy up to 1,100 troops to Somalia. A high-level Egyptian military "
                              "delegation arrived in Mogadishu on Sunday, as Cairo prepares to deploy troops to Somalia.")
    assert len([c for c in found.commitments if (c.committer, c.type.value) == ("Egypt", "troop_deployment")]) == 1


def test_a_promise_restated_by_its_announcer_and_by_the_report_is_one(extractor):
    found = claims(extractor, "Defence Minister Ruben Brekelmans said the Netherlands will send F-16s to Ukraine. "
                              "The Netherlands will also send F-16s to Ukraine, the ministry said.")
    assert len([c for c in found.commitments if (c.committer, c.type.value) == ("Netherlands", "arms_delivery")]) == 1


def test_a_conditional_restatement_stays_a_commitment_of_its_own(extractor):
    found = claims(extractor, "Canada will send 500 troops to Latvia. Canada would send more troops to Latvia "
                              "if NATO asked.")
    assert sorted(c.status.value for c in found.commitments if c.committer == "Canada") == ["conditional", "pledged"]


def test_an_exporter_in_a_trade_with_no_origin_named_sells(extractor):
    found = claims(extractor, "India and Russia today concluded the contract signing for a major 5 billion dollar "
                              "missile deal.")
    assert {(c.committer, c.type.value) for c in found.commitments} == \
        {("India", "arms_purchase"), ("Russia", "arms_delivery")}


def test_two_importers_in_a_trade_with_no_origin_named_stay_as_stated(extractor):
    found = claims(extractor, "India and Brazil signed a deal for the purchase of helicopters.")
    assert {c.type.value for c in found.commitments} == {"arms_purchase"}


def test_an_actor_named_in_a_clause_on_the_subject_does_not_act(extractor):
    found = claims(extractor, "The president, who accused the US government of plans to invade his country, has "
                              "signed military deals worth some US$3 billion.")
    assert "United States" not in {c.committer for c in found.commitments}


def test_a_pledge_someone_else_welcomes_is_its_makers(extractor):
    found = claims(extractor, "Germany's pledge of four IRIS-T systems was welcomed by Kyiv.")
    assert [c.committer for c in found.commitments] == ["Germany"]


def test_the_agent_of_a_passive_giving_gives(extractor):
    found = claims(extractor, "Four IRIS-T systems were financed by Germany.")
    assert [c.committer for c in found.commitments] == ["Germany"]


def test_a_deployment_completed_is_delivered(extractor):
    found = claims(extractor, "Britain's deployment of 800 troops to Estonia was completed on Friday.")
    deployment = one(found, "United Kingdom", "troop_deployment")
    assert (deployment.beneficiary, deployment.status.value) == ("Estonia", "delivered")


def test_money_extended_to_a_state_is_given(extractor):
    found = claims(extractor, "Saudi Arabia extended a $2 billion oil facility to Pakistan.")
    facility = one(found, "Saudi Arabia", "financial_aid")
    assert (facility.beneficiary, facility.status.value, facility.amount) == ("Pakistan", "delivered", 2_000_000_000)


def test_warships_deployed_are_a_deployment(extractor):
    found = claims(extractor, "Australia will deploy two warships to the Red Sea.")
    assert one(found, "Australia", "troop_deployment").status.value == "pledged"


def test_warships_sold_are_a_delivery(extractor):
    found = claims(extractor, "The US will sell four frigates to Greece.")
    assert one(found, "United States", "arms_delivery").beneficiary == "Greece"


def test_a_sale_given_the_green_light_is_pledged(extractor):
    found = claims(extractor, "The State Department green-lit the sale of 12 F-35 jets to Romania.")
    sale = one(found, "United States", "arms_delivery")
    assert (sale.beneficiary, sale.status.value) == ("Romania", "pledged")


def test_a_host_of_a_brigade_named_by_its_demonym_receives_its_states_troops(extractor):
    found = claims(extractor, "Lithuania will host a German brigade of 4,800 troops.")
    brigade = one(found, "Germany", "troop_deployment")
    assert (brigade.beneficiary, brigade.status.value) == ("Lithuania", "pledged")


def test_a_force_counted_by_its_strength_deploys(extractor):
    found = claims(extractor, "The African Union will deploy a 5,000-strong force to Somalia.")
    assert one(found, "African Union", "troop_deployment").beneficiary == "Somalia"


def test_warships_sent_somewhere_are_deployed(extractor):
    found = claims(extractor, "Italy is set to send two warships to the Red Sea.")
    assert one(found, "Italy", "troop_deployment").status.value == "reported_intent"


def test_warships_received_from_a_state_are_its_delivery(extractor):
    found = claims(extractor, "Thailand on Friday received two warships from South Korea.")
    assert kinds(found) == {("South Korea", "arms_delivery")}
