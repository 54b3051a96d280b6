"""Actors: titled people with roles, surnames, states by name, capital or demonym, groups and media."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.claims.model import Actor, Claims
from kg.extract import Extractor

PUBLISHED = dt.date(2025, 9, 4)


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def actors(extractor: Extractor, text: str) -> dict[str, Actor]:
    found = extractor.extract(text, document="t.txt", published=PUBLISHED)
    return {a.name: a for a in found.actors}


def roles(extractor: Extractor, text: str) -> dict[str, str | None]:
    return {a.name: a.role for a in actors(extractor, text).values() if a.kind == "person"}


def test_a_demonym_and_title_give_a_persons_role(extractor):
    assert roles(extractor, "Finnish President Alexander Stubb arrived.") == {"Alexander Stubb": "President of Finland"}


def test_the_state_of_a_role_is_declared_too(extractor):
    found = actors(extractor, "Danish Prime Minister Mette Frederiksen arrived.")
    assert found["Mette Frederiksen"].role == "Prime Minister of Denmark"
    assert found["Denmark"].kind == "state"


def test_a_multi_word_title_after_a_state_abbreviation(extractor):
    assert roles(extractor, "the US Secretary of State Marco Rubio spoke.") == \
        {"Marco Rubio": "Secretary of State of the United States"}


def test_a_lower_case_title(extractor):
    assert roles(extractor, "US special envoy Steve Witkoff spoke.") == {"Steve Witkoff": "Special Envoy of the United States"}


def test_a_plural_title_applies_to_each_name(extractor):
    assert roles(extractor, "Presidents of the European institutions Ursula von der Leyen and António Costa came.") == {
        "Ursula von der Leyen": "President of the European Commission",
        "António Costa": "President of the European Council"}


def test_a_bare_surname_resolves_to_the_gazetteer_person(extractor):
    assert roles(extractor, "Rubio and Zelensky spoke.") == {
        "Marco Rubio": "Secretary of State of the United States", "Volodymyr Zelensky": "President of Ukraine"}


def test_an_unknown_person_with_an_appositive_title_gets_that_role(extractor):
    assert roles(extractor, "Foo Bar, Ruritania's defence minister, said so.") == {"Foo Bar": "Defence Minister of Ruritania"}


def test_an_unknown_person_after_a_possessive_title(extractor):
    assert roles(extractor, "Ruritania's foreign minister Anna Kowal said so.") == {"Anna Kowal": "Foreign Minister of Ruritania"}


def test_the_time_pm_is_not_a_prime_minister(extractor):
    assert roles(extractor, "They will call at 3:00 PM Donald Tusk said.") == {"Donald Tusk": "Prime Minister of Poland"}


@pytest.mark.parametrize(("surface", "name"), [
    ("Washington", "United States"), ("Kyiv", "Ukraine"), ("the Kremlin", "Russia"), ("Britain", "United Kingdom"),
])
def test_capitals_and_metonyms_are_their_states(extractor, surface, name):
    found = actors(extractor, f"{surface} is ready to send troops.")
    assert found[name].kind == "state"
    assert surface.removeprefix("the ") in found[name].aliases


@pytest.mark.parametrize(("text", "name"), [
    ("European leaders met.", "European leaders"),
    ("Various European countries agreed.", "European countries"),
    ("Europe is ready.", "Europe"),
    ("NATO allies met.", "NATO allies"),
])
def test_groups(extractor, text, name):
    assert actors(extractor, text)[name].kind == "group"


def test_a_counted_group_keeps_its_words(extractor):
    found = extractor.extract("About 10 countries are ready to send their forces to Ukraine.", document="t.txt",
                              published=PUBLISHED)
    assert found.actors[0].name == "About 10 countries" and found.actors[0].kind == "group"
    [c] = found.commitments
    assert (c.committer, c.quantity.value, c.quantity.unit, c.quantity.approximate) == ("About 10 countries", 10, "countries", True)


@pytest.mark.parametrize(("text", "name"), [
    ("Bloomberg reported it.", "Bloomberg"), ("The WSJ reported it.", "The Wall Street Journal"),
    ("According to BFM TV, it starts.", "BFM TV"),
])
def test_media(extractor, text, name):
    assert actors(extractor, text)[name].kind == "media"


def test_every_name_a_commitment_or_event_uses_is_declared(extractor):
    found: Claims = extractor.extract(
        "European leaders will persuade Trump to impose sanctions against Moscow. Zelensky met Meloni in Rome on "
        "Monday. Ruritania's defence minister Foo Bar said Ruritania would supply drones to Kyiv.",
        document="t.txt", published=PUBLISHED)
    declared = {a.name for a in found.actors}
    used = {n for c in found.commitments for n in c.actor_references().values()}
    used |= {p.actor for e in found.events for p in e.participants}
    assert used and used <= declared
