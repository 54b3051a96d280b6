"""One behaviour per test: the rules added for unseen wire articles (attribution forms, pronouns,
statuses, calls and meetings). Sentences are made up; each names the rule it exercises."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.claims.model import Claims, Commitment, Event
from kg.extract import Extractor

PUBLISHED = dt.date(2025, 9, 4)  # a Thursday


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def claims(extractor: Extractor, text: str, published: dt.date = PUBLISHED) -> Claims:
    return extractor.extract(text, document="t.txt", published=published)


def one(found: Claims, committer: str, type_: str) -> Commitment:
    matches = [c for c in found.commitments if c.committer == committer and c.type == type_]
    assert len(matches) == 1, [(c.committer, c.type.value, c.status.value) for c in found.commitments]
    return matches[0]


def kinds(found: Claims) -> list[tuple[str, str]]:
    return [(c.committer, c.type.value) for c in found.commitments]


def event(found: Claims, kind: str) -> Event:
    matches = [e for e in found.events if e.kind == kind]
    assert len(matches) == 1, [(e.kind, e.date, [p.actor for p in e.participants]) for e in found.events]
    return matches[0]


def actors_of(e: Event) -> set[str]:
    return {p.actor for p in e.participants}


# --- attribution ---------------------------------------------------------------------------------

def test_an_outlet_citing_sources_after_the_clause_attributes_it(extractor):
    c = one(claims(extractor, "The European Union is preparing its 19th package of sanctions against Russia, "
                              "Reuters reported, citing three diplomats."), "European Union", "sanctions")
    assert (c.status, c.target, c.attributed_to) == ("under_discussion", "Russia", "Reuters citing unnamed sources")


def test_according_to_an_unnamed_body_keeps_its_words(extractor):
    c = one(claims(extractor, "Japan would send ceasefire monitors if a truce holds, according to the Japanese "
                              "foreign ministry."), "Japan", "monitoring")
    assert (c.status, c.condition, c.attributed_to) == ("conditional", "a truce holds", "the Japanese foreign ministry")


def test_an_unnamed_body_saying_it_is_the_attribution(extractor):
    c = one(claims(extractor, "Britain will train 5,000 more Ukrainian recruits, the Ministry of Defence said in a "
                              "statement."), "United Kingdom", "training")
    assert c.attributed_to == "the Ministry of Defence"


def test_a_document_seen_by_an_outlet_is_attributed_to_the_outlet(extractor):
    c = one(claims(extractor, "Germany plans to increase its military aid to Ukraine to €11.5 billion next year, "
                              "according to a draft budget seen by Reuters."), "Germany", "arms_delivery")
    assert (c.status, c.amount, c.attributed_to) == ("reported_intent", 11_500_000_000, "Reuters")


def test_a_seat_of_government_speaking_is_an_attribution(extractor):
    c = one(claims(extractor, "Britain will send 200 more Storm Shadow missiles to Ukraine, Downing Street said."),
            "United Kingdom", "arms_delivery")
    assert c.attributed_to == "Downing Street"


def test_an_official_of_a_named_body_is_an_unnamed_source(extractor):
    c = one(claims(extractor, "The United States has paused all military aid to Ukraine, a White House official "
                              "said on Monday."), "United States", "arms_delivery")
    assert (c.status, c.attributed_to, c.date) == ("withdrawn", "unnamed sources", dt.date(2025, 9, 1))


def test_people_familiar_with_the_matter_telling_an_outlet(extractor):
    c = one(claims(extractor, "Spain has agreed to contribute 100 million euros to the Czech-led initiative to buy "
                              "artillery shells for Ukraine, people familiar with the matter told Bloomberg."),
            "Spain", "arms_purchase")
    assert (c.status, c.attributed_to) == ("pledged", "Bloomberg citing unnamed sources")


def test_a_closing_announcement_with_a_day_frames_the_clause(extractor):
    c = one(claims(extractor, "Japan joined the EU in lowering the oil price cap, the Japanese government announced "
                              "on Saturday.", dt.date(2025, 7, 19)), "Japan", "sanctions")
    assert (c.status, c.attributed_to, c.date) == ("pledged", "the Japanese government", dt.date(2025, 7, 19))


# --- status --------------------------------------------------------------------------------------

def test_will_and_a_promise_are_pledges_and_would_is_an_intent(extractor):
    found = claims(extractor, "Germany will send 20 Leopard tanks to Ukraine. Italy would send 10 howitzers to Ukraine. "
                              "Spain promised to send 5 howitzers to Ukraine.")
    assert one(found, "Germany", "arms_delivery").status == "pledged"
    assert one(found, "Italy", "arms_delivery").status == "reported_intent"
    assert one(found, "Spain", "arms_delivery").status == "pledged"


def test_would_after_a_confirmation_is_a_pledge(extractor):
    c = one(claims(extractor, "Starmer confirmed that Britain would deliver 5,000 air defence missiles to Ukraine."),
            "United Kingdom", "air_defence")
    assert (c.status, c.announced_by) == ("pledged", "Keir Starmer")


def test_a_discussion_governs_the_relative_clause_on_its_object(extractor):
    found = claims(extractor, "The United States and Ukraine discussed a $50 billion drone deal, under which "
                              "Washington would buy Ukrainian drones.")
    c = one(found, "United States", "arms_purchase")
    assert (c.status, c.amount) == ("under_discussion", 50_000_000_000)


def test_being_close_to_a_deal_is_under_discussion(extractor):
    c = one(claims(extractor, "Sweden is close to a deal to sell 100 Gripen fighter jets to Ukraine."),
            "Sweden", "arms_delivery")
    assert c.status == "under_discussion"


def test_a_proposal_noun_inside_the_object_of_a_pledge(extractor):
    c = one(claims(extractor, "Portugal agreed to contribute 100 million euros to an initiative to buy artillery "
                              "shells."), "Portugal", "arms_purchase")
    assert c.status == "pledged"


def test_could_with_a_condition_is_a_conditional_threat(extractor):
    c = one(claims(extractor, "Vance said the United States could impose sanctions on Russia if Moscow refused to "
                              "negotiate in good faith."), "United States", "sanctions")
    assert (c.status, c.condition) == ("conditional", "Moscow refused to negotiate in good faith")


def test_a_bill_proposes(extractor):
    c = one(claims(extractor, "Senator Lindsey Graham said a bill that would impose tariffs on buyers of Russian oil "
                              "had wide support."), "Lindsey Graham", "sanctions")
    assert c.status == "proposed"


def test_a_negation_before_but_does_not_reach_the_next_clause(extractor):
    found = claims(extractor, "Switzerland will not export weapons to Ukraine, but has pledged 5 billion Swiss francs "
                              "for reconstruction.")
    c = one(found, "Switzerland", "financial_aid")
    assert (c.status, c.amount, c.currency) == ("pledged", 5_000_000_000, "CHF")
    assert [(c.committer, c.type, c.status) for c in found.commitments] == [
        ("Switzerland", "financial_aid", "pledged"), ("Switzerland", "arms_delivery", "refused")]


def test_a_peace_deal_as_part_of_which_troops_go_is_a_condition(extractor):
    c = one(claims(extractor, "Healey said London was prepared to put British troops on the ground in Ukraine as part "
                              "of a peace deal."), "United Kingdom", "troop_deployment")
    assert (c.status, c.condition) == ("conditional", "a peace deal")


def test_repaying_a_loan_commits_nobody(extractor):
    found = claims(extractor, "Ukraine would only repay the loan if Russia pays reparations.")
    assert found.commitments == []


def test_financing_weapons_is_a_purchase_and_financed_is_done(extractor):
    c = one(claims(extractor, "Denmark has financed the production of 18 howitzers by Ukrainian manufacturers."),
            "Denmark", "arms_purchase")
    assert (c.status, c.quantity.value) == ("delivered", 18)


def test_a_relative_under_which_is_not_under_sanctions(extractor):
    c = one(claims(extractor, "Britain will continue Operation Interflex, under which it has trained 56,000 Ukrainian "
                              "recruits."), "United Kingdom", "training")
    assert c.beneficiary == "Ukraine"


# --- who commits ---------------------------------------------------------------------------------

def test_it_stands_for_the_subject_of_the_sentence_before(extractor):
    found = claims(extractor, "The Czech government has not renewed its ammunition initiative, Czech media reported. "
                              "It had delivered 1.5 million artillery shells to Ukraine since 2024.")
    c = one(found, "Czech Republic", "arms_delivery")
    assert (c.status, c.attributed_to) == ("delivered", "Czech media")


def test_they_stands_for_the_coordinated_speakers(extractor):
    found = claims(extractor, "Germany and Norway have said they are ready to pay for three Patriot systems.")
    assert sorted(kinds(found)) == [("Germany", "air_defence"), ("Norway", "air_defence")]


def test_he_is_the_person_who_spoke_just_before(extractor):
    found = claims(extractor, "Trump told reporters during a meeting with NATO Secretary General Mark Rutte that the "
                              "talks went well. He said the weapons would be bought by NATO members.")
    c = one(found, "NATO members", "arms_purchase")
    assert c.announced_by == "Donald Trump"


def test_the_agent_of_a_passive_commits(extractor):
    c = one(claims(extractor, "The weapons will be bought by Germany and shipped to Ukraine."), "Germany", "arms_purchase")
    assert c.status == "pledged"


def test_for_x_to_buy_makes_x_the_buyer_of_the_announced_deal(extractor):
    c = one(claims(extractor, "Starmer announced a £1.6 billion deal for Ukraine to buy 5,000 air defence missiles."),
            "Ukraine", "arms_purchase")
    assert (c.status, c.amount, c.currency, c.announced_by) == ("pledged", 1_600_000_000, "GBP", "Keir Starmer")


def test_a_name_right_after_a_verb_is_its_object(extractor):
    found = claims(extractor, "Japan will join the EU in imposing new sanctions on Russia.")
    assert kinds(found) == [("Japan", "sanctions")]


def test_a_naming_apposition_is_not_the_subject(extractor):
    found = claims(extractor, "The mission, known as EUMAM Ukraine, will train 15,000 troops next year, EU foreign "
                              "policy chief Kaja Kallas said.")
    assert kinds(found) == [("European Union", "training")]


# --- what is not a commitment --------------------------------------------------------------------

def test_the_agenda_of_a_meeting_is_not_a_commitment(extractor):
    found = claims(extractor, "NATO defence ministers met in Brussels on Thursday to discuss military support for "
                              "Ukraine.")
    assert found.commitments == []
    assert event(found, "meeting").date == dt.date(2025, 9, 4)


def test_what_a_speaker_says_about_a_commitment_commits_the_speaker_to_nothing(extractor):
    assert claims(extractor, "The Kremlin said the sanctions would not change its position.").commitments == []
    assert claims(extractor, "Putin warned that supplying Tomahawk missiles to Kyiv would damage relations.").commitments == []


def test_support_for_a_force_is_not_a_deployment(extractor):
    found = claims(extractor, "Sikorski said Warsaw would not send soldiers but would offer logistical support for any "
                              "peacekeeping force.")
    assert sorted((c.committer, c.type, c.status) for c in found.commitments) == \
        [("Poland", "other", "pledged"), ("Poland", "troop_deployment", "refused")]


def test_a_mission_named_by_a_commitment_phrase_is_not_that_commitment(extractor):
    found = claims(extractor, "The EU's military assistance mission has trained 75,000 Ukrainian soldiers.")
    assert kinds(found) == [("European Union", "training")]
    found = claims(extractor, "Germany will extend its air policing mission over Poland.")
    assert kinds(found) == [("Germany", "air_support")]


# --- one commitment told twice -------------------------------------------------------------------

def test_a_speaker_restating_a_commitment_adds_none(extractor):
    found = claims(extractor, "Trump said on Monday that the United States would send Patriot systems to Ukraine.\n\n"
                              "\"We're going to send them Patriots,\" Trump told reporters.")
    assert kinds(found) == [("United States", "air_defence")]


def test_a_restatement_with_a_condition_is_a_commitment_of_its_own(extractor):
    found = claims(extractor, "Germany will hand over two Patriot systems to Ukraine, Merz said. He added that Berlin "
                              "would pay for a third system if other allies covered the rest of the cost.")
    statuses = sorted(c.status.value for c in found.commitments)
    assert statuses == ["conditional", "pledged"]


def test_a_pronoun_sentence_with_an_amount_completes_the_commitments_before(extractor):
    found = claims(extractor, "The Netherlands and Norway signed an agreement with Kyiv to fund the production of "
                              "drones. They will provide €500 million each.")
    assert sorted(kinds(found)) == [("Netherlands", "arms_purchase"), ("Norway", "arms_purchase")]
    assert {c.amount for c in found.commitments} == {500_000_000}


def test_more_and_the_shipments_continue_the_type_before(extractor):
    found = claims(extractor, "Denmark has financed 18 howitzers for Ukraine. Copenhagen would fund more if other "
                              "countries joined the scheme.")
    c = [c for c in found.commitments if c.status == "conditional"]
    assert [(x.committer, x.condition) for x in c] == [("Denmark", "other countries joined the scheme")]
    found = claims(extractor, "The Pentagon had paused deliveries of artillery shells to Ukraine. Defense Secretary "
                              "Pete Hegseth has since resumed the shipments.")
    assert sorted(c.status.value for c in found.commitments) == ["delivered", "withdrawn"]


def test_a_pronoun_naming_the_parts_adds_components(extractor):
    found = claims(extractor, "Spain will allocate €1 billion in military aid to Ukraine. It will include air defence "
                              "missiles and armoured vehicles, she said.")
    c = one(found, "Spain", "arms_delivery")
    assert c.components == ["air defence missiles", "armoured vehicles"]
    assert len(found.commitments) == 1


# --- cues and amounts ----------------------------------------------------------------------------

def test_a_numbered_package_in_a_sanctions_article_is_sanctions(extractor):
    found = claims(extractor, "The EU adopted its 18th package of sanctions against Russia. Kallas said work on the "
                              "19th package had already begun.")
    statuses = sorted(c.status.value for c in found.commitments if c.type == "sanctions")
    assert statuses == ["delivered", "under_discussion"]


def test_a_bare_system_in_an_air_defence_article_is_air_defence(extractor):
    found = claims(extractor, "Germany will deliver two Patriot systems to Ukraine. Berlin would pay for a third "
                              "system if allies covered the cost.")
    assert [c.status.value for c in found.commitments] == ["pledged", "conditional"]


def test_an_amount_with_its_conversion_keeps_the_first(extractor):
    c = one(claims(extractor, "Norway pledged 85 billion kroner ($8.5 billion) in support for Ukraine."),
            "Norway", "financial_aid")
    assert (c.amount, c.currency) == (85_000_000_000, "NOK")


def test_a_model_number_is_not_a_quantity(extractor):
    c = one(claims(extractor, "France has trained Ukrainian pilots of Mirage 2000 fighter jets."), "France", "training")
    assert c.quantity is None


def test_a_lending_programme_is_financial_aid(extractor):
    c = one(claims(extractor, "The IMF has reached a staff-level agreement with Ukraine on a new $8.1 billion lending "
                              "programme."), "International Monetary Fund", "financial_aid")
    assert (c.status, c.amount) == ("pledged", 8_100_000_000)


# --- events --------------------------------------------------------------------------------------

def test_speaking_by_phone_is_a_call(extractor):
    e = event(claims(extractor, "British Prime Minister Keir Starmer spoke with Ukrainian President Volodymyr "
                                "Zelensky by phone on Wednesday."), "call")
    assert (e.date, actors_of(e)) == (dt.date(2025, 9, 3), {"Keir Starmer", "Volodymyr Zelensky"})


def test_pronouns_in_a_call_are_resolved(extractor):
    e = event(claims(extractor, "Zelensky thanked Trump and said he had spoken with him by phone on Sunday."), "call")
    assert (e.date, actors_of(e)) == (dt.date(2025, 8, 31), {"Volodymyr Zelensky", "Donald Trump"})


def test_a_meeting_verb_with_a_place_and_day_is_a_meeting(extractor):
    e = event(claims(extractor, "The leaders of the Nordic countries will meet in Copenhagen on September 25. "
                                "NATO Secretary General Mark Rutte will also attend the meeting."), "meeting")
    assert e.date == dt.date(2025, 9, 25) and "Mark Rutte" in actors_of(e)


def test_telling_a_news_conference_makes_the_speaker_take_part(extractor):
    e = event(claims(extractor, "Germany will hand over two Patriot systems, Merz told a news conference in Berlin on "
                                "Tuesday."), "press_conference")
    assert (e.date, actors_of(e)) == (dt.date(2025, 9, 2), {"Friedrich Merz"})


def test_a_video_conference_is_a_call_with_its_host_and_joiners(extractor):
    found = claims(extractor, "Zelensky said on Wednesday that he held a video conference with Trump. German "
                              "Chancellor Friedrich Merz, who hosted the video conference, said it went well. "
                              "Polish President Karol Nawrocki also joined the call.")
    e = event(found, "call")
    assert actors_of(e) == {"Volodymyr Zelensky", "Donald Trump", "Friedrich Merz", "Karol Nawrocki"}
    assert e.date == dt.date(2025, 9, 3)


def test_taking_part_in_a_commitment_is_not_attending(extractor):
    found = claims(extractor, "Leaders held a video call on Wednesday. Macron said the United States would take part "
                              "in security guarantees for Ukraine.")
    assert "United States" not in actors_of(event(found, "call"))


def test_a_meeting_with_someone_includes_the_subject_and_takes_the_day_spoken(extractor):
    found = claims(extractor, "Trump said on Monday that he would send Patriots. Trump told reporters during a meeting "
                              "with NATO Secretary General Mark Rutte that Europe would pay.")
    e = event(found, "meeting")
    assert (e.date, actors_of(e)) == (dt.date(2025, 9, 1), {"Donald Trump", "Mark Rutte"})


def test_a_day_after_a_later_event_is_not_the_earlier_events(extractor):
    found = claims(extractor, "Zelensky spoke after a video conference with Trump ahead of Trump's summit with "
                              "Russian President Vladimir Putin in Alaska on Friday.", dt.date(2025, 8, 14))
    summit = event(found, "summit")
    assert (summit.date, actors_of(summit)) == (dt.date(2025, 8, 15), {"Donald Trump", "Vladimir Putin"})
    assert event(found, "call").date is None


def test_a_phone_call_held_is_one_event(extractor):
    found = claims(extractor, "Polish Prime Minister Donald Tusk held a phone call with Ukrainian President Volodymyr "
                              "Zelensky on Thursday.")
    e = event(found, "call")
    assert (e.date, actors_of(e)) == (dt.date(2025, 9, 4), {"Donald Tusk", "Volodymyr Zelensky"})


def test_the_subjects_of_a_sentence_took_part_in_its_phone_call(extractor):
    e = event(claims(extractor, "On Sunday, Putin and Trump discussed the war in a phone call."), "call")
    assert (e.date, actors_of(e)) == (dt.date(2025, 8, 31), {"Vladimir Putin", "Donald Trump"})


def test_a_meeting_verb_and_its_summit_noun_are_one_event_with_its_host(extractor):
    found = claims(extractor, "European defence ministers will meet in Paris on Monday for an emergency summit hosted "
                              "by French President Emmanuel Macron.")
    assert len(found.events) == 1
    e = found.events[0]
    assert e.date == dt.date(2025, 9, 8) and "Emmanuel Macron" in actors_of(e)


def test_a_background_event_does_not_date_the_news(extractor):
    found = claims(extractor, "The United States paused military aid to Ukraine following a meeting last Friday, an "
                              "official said on Monday.\n\nBritain announced a £1.6 billion loan to Ukraine.")
    c = one(found, "United Kingdom", "financial_aid")
    assert c.date == PUBLISHED  # not last Friday's: the lead's news is the publication day's


def test_did_not_attend_is_not_attending(extractor):
    found = claims(extractor, "NATO defence ministers met in Brussels on Thursday. Hegseth did not attend the meeting.")
    assert "Pete Hegseth" not in actors_of(event(found, "meeting"))


# --- dates and actors ----------------------------------------------------------------------------

def test_a_weekday_takes_the_tense_of_its_own_clause(extractor):
    c = one(claims(extractor, "Germany will hand over two Patriot systems to Ukraine, Merz told a news conference on "
                              "Tuesday."), "Germany", "air_defence")
    assert c.date == dt.date(2025, 9, 2)


def test_a_weekday_after_would_is_ahead(extractor):
    e = event(claims(extractor, "Trump said he would speak by phone with Putin on Monday."), "call")
    assert (e.date, actors_of(e)) == (dt.date(2025, 9, 8), {"Donald Trump", "Vladimir Putin"})


def test_a_title_before_the_next_name_is_not_an_apposition(extractor):
    found = claims(extractor, "French President Emmanuel Macron, German Chancellor Friedrich Merz and British Prime "
                              "Minister Keir Starmer spoke with Zelensky by phone on Friday.")
    assert actors_of(event(found, "call")) == {"Emmanuel Macron", "Friedrich Merz", "Keir Starmer",
                                               "Volodymyr Zelensky"}
    roles = {a.name: a.role for a in found.actors}
    assert roles["Emmanuel Macron"] == "President of France"


def test_whether_leaves_a_commitment_undecided(extractor):
    c = one(claims(extractor, "It is unclear whether Germany will send Taurus missiles to Ukraine."),
            "Germany", "arms_delivery")
    assert c.status == "under_discussion"


# --- the parse (spaCy) ---------------------------------------------------------------------------

def test_the_subject_of_the_governing_verb_commits_not_its_object(extractor):
    found = claims(extractor, "Starmer said that the UK would supply Ukraine with a new air defence system.")
    c = one(found, "United Kingdom", "air_defence")
    assert (c.status, c.beneficiary) == ("pledged", "Ukraine")  # "said that ... would": a backshifted will
    assert "Ukraine" not in [x.committer for x in found.commitments]


def test_partners_in_coordination_make_the_same_commitment(extractor):
    found = claims(extractor, "Canada is imposing new sanctions in coordination with Australia and the United States.")
    assert sorted(x.committer for x in found.commitments) == ["Australia", "Canada", "United States"]
    found = claims(extractor, "Pistorius, who is co-chairing the meeting together with his British counterpart, said "
                              "that Germany would deliver Patriot systems.")
    assert [x.committer for x in found.commitments] == ["Germany"]


def test_a_running_total_is_no_new_commitment(extractor):
    assert claims(extractor, "To date, the UK has imposed sanctions on more than 100 vessels.").commitments == []
