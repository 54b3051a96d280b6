"""Specification of the actor gazetteer (kg.gazetteer): its shipped data, lookups and validation."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from kg.gazetteer import Gazetteer, GazetteerEntry, Post, load_gazetteer

UN_MEMBER_COUNT = 193
QID = re.compile(r"^Q[1-9][0-9]*$")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


MINI_TITLES = """
- title: President
  leader: true
  variants: [President]
- title: Foreign Minister
  variants: [Foreign Minister, Minister of Foreign Affairs]
"""

MINI_STATES = """
- {name: France, iso2: FR, iso3: FRA, wikidata: Q142, un: member, aliases: [French Republic], demonyms: [French], capitals: [Paris]}
- {name: Georgia, iso2: GE, iso3: GEO, wikidata: Q230, un: member, capitals: [Tbilisi]}
"""


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A small, valid data directory that a test can then break."""
    write(tmp_path, "titles.yaml", MINI_TITLES)
    write(tmp_path, "states.yaml", MINI_STATES)
    write(tmp_path, "organisations.yaml", "- {name: NATO, kind: organisation, abbreviation: NATO, wikidata: Q7184}\n")
    write(tmp_path, "media.yaml", "[]\n")
    write(
        tmp_path,
        "people.yaml",
        "- name: Emmanuel Macron\n  wikidata: null\n  aliases: [Macron]\n"
        "  posts:\n    - {title: President, of: France, since: 2017-05-14}\n",
    )
    return tmp_path


# --- the shipped data --------------------------------------------------------------------------


def test_all_193_un_member_states_are_present(gaz: Gazetteer) -> None:
    members = [e for e in gaz.entries if e.kind == "state" and e.un == "member"]
    assert len(members) == UN_MEMBER_COUNT


def test_state_iso_codes_are_unique(gaz: Gazetteer) -> None:
    states = gaz.of_kind("state")
    assert len({s.iso2 for s in states}) == len(states)
    assert len({s.iso3 for s in states}) == len(states)


def test_observer_states_are_the_holy_see_and_palestine(gaz: Gazetteer) -> None:
    observers = {e.name for e in gaz.of_kind("state") if e.un == "observer"}
    assert observers == {"Holy See", "Palestine"}


def test_kosovo_and_taiwan_are_partially_recognised_non_members(gaz: Gazetteer) -> None:
    for name in ("Kosovo", "Taiwan"):
        state = gaz.get(name)
        assert state is not None and state.kind == "state"
        assert state.recognition == "partial"
        assert state.un == "none"


def test_iso_codes_agree_with_pycountry(gaz: Gazetteer) -> None:
    pycountry = pytest.importorskip("pycountry")
    for state in gaz.of_kind("state"):
        if state.iso2 == "XK":  # Kosovo has a user-assigned code outside ISO 3166-1
            continue
        country = pycountry.countries.get(alpha_2=state.iso2)
        assert country is not None, state.name
        assert country.alpha_3 == state.iso3, state.name


def test_well_known_state_ids(gaz: Gazetteer) -> None:
    expected = {"United States": ("US", "USA", "Q30"), "United Kingdom": ("GB", "GBR", "Q145"),
                "Ukraine": ("UA", "UKR", "Q212"), "Russia": ("RU", "RUS", "Q159"), "Norway": ("NO", "NOR", "Q20")}
    for name, (iso2, iso3, qid) in expected.items():
        state = gaz.get(name)
        assert state is not None
        assert (state.iso2, state.iso3, state.wikidata) == (iso2, iso3, qid)


def test_every_wikidata_id_is_well_formed_or_null(gaz: Gazetteer) -> None:
    for entry in gaz.entries:
        assert entry.wikidata is None or QID.match(entry.wikidata), entry.name


def test_no_wikidata_id_is_given_to_two_entries(gaz: Gazetteer) -> None:
    ids = [e.wikidata for e in gaz.entries if e.wikidata]
    assert len(ids) == len(set(ids))


def test_every_post_names_a_state_or_organisation(gaz: Gazetteer) -> None:
    for person in gaz.of_kind("person"):
        for post in person.posts:
            target = gaz.get(post.of)
            assert target is not None, (person.name, post.of)
            assert target.kind in {"state", "organisation", "group"}, (person.name, post.of)


def test_every_post_title_is_a_canonical_title(gaz: Gazetteer) -> None:
    for person in gaz.of_kind("person"):
        for post in person.posts:
            assert post.title in gaz.titles, (person.name, post.title)


def test_no_two_people_share_an_alias(gaz: Gazetteer) -> None:
    owner: dict[str, str] = {}
    for person in gaz.of_kind("person"):
        for alias in person.aliases:
            key = alias.casefold()
            assert owner.setdefault(key, person.name) == person.name, alias


def test_organisations_media_and_groups_are_typed(gaz: Gazetteer) -> None:
    assert gaz.resolve("NATO").kind == "organisation"
    assert gaz.resolve("Coalition of the Willing").kind == "group"
    assert gaz.resolve("Ramstein group").name == "Ukraine Defense Contact Group"
    assert gaz.resolve("Bloomberg").kind == "media"


def test_every_person_has_at_least_one_post(gaz: Gazetteer) -> None:
    assert all(person.posts for person in gaz.of_kind("person"))


# --- resolve -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Britain", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("U.K.", "United Kingdom"),
        ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
        ("US", "United States"),
        ("U.S.", "United States"),
        ("Türkiye", "Turkey"),
        ("Czechia", "Czech Republic"),
        ("WSJ", "The Wall Street Journal"),
        ("Wall Street Journal", "The Wall Street Journal"),
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("Zelenskiy", "Volodymyr Zelensky"),
        ("EU", "European Union"),
        ("UN Security Council", "United Nations Security Council"),
    ],
)
def test_resolve_finds_aliases(gaz: Gazetteer, surface: str, name: str) -> None:
    entry = gaz.resolve(surface)
    assert entry is not None and entry.name == name


@pytest.mark.parametrize(
    ("capital", "state"),
    [("Washington", "United States"), ("Kyiv", "Ukraine"), ("Kiev", "Ukraine"), ("Moscow", "Russia"),
     ("Paris", "France"), ("Beijing", "China"), ("London", "United Kingdom")],
)
def test_bare_capitals_resolve_to_their_state(gaz: Gazetteer, capital: str, state: str) -> None:
    assert gaz.resolve(capital).name == state


@pytest.mark.parametrize(
    ("metonym", "state"),
    [("the Kremlin", "Russia"), ("White House", "United States"), ("Pentagon", "United States"),
     ("Élysée", "France"), ("Elysee", "France"), ("Downing Street", "United Kingdom"), ("Bankova", "Ukraine")],
)
def test_metonyms_resolve_to_their_state(gaz: Gazetteer, metonym: str, state: str) -> None:
    assert gaz.resolve(metonym).name == state


def test_resolve_is_case_insensitive(gaz: Gazetteer) -> None:
    assert gaz.resolve("BRITAIN").name == "United Kingdom"
    assert gaz.resolve("emmanuel macron").name == "Emmanuel Macron"


def test_resolve_is_accent_insensitive(gaz: Gazetteer) -> None:
    assert gaz.resolve("Antonio Costa").name == "António Costa"
    assert gaz.resolve("Lars Lokke Rasmussen").name == "Lars Løkke Rasmussen"


def test_resolve_tolerates_a_leading_the(gaz: Gazetteer) -> None:
    assert gaz.resolve("the United States").name == "United States"
    assert gaz.resolve("The Kremlin").name == "Russia"
    assert gaz.resolve("the Economist").name == "The Economist"


def test_resolve_reads_through_a_possessive(gaz: Gazetteer) -> None:
    assert gaz.resolve("Russia's").name == "Russia"


def test_resolve_does_not_take_demonyms_for_names(gaz: Gazetteer) -> None:
    assert gaz.resolve("British") is None
    assert gaz.resolve("Finnish") is None


def test_resolve_returns_none_for_unknown_names(gaz: Gazetteer) -> None:
    assert gaz.resolve("Atlantis") is None
    assert gaz.resolve("") is None


def test_resolve_returns_a_gazetteer_entry_with_its_fields(gaz: Gazetteer) -> None:
    uk = gaz.resolve("Britain")
    assert isinstance(uk, GazetteerEntry)
    assert (uk.name, uk.kind, uk.wikidata, uk.iso2, uk.iso3) == ("United Kingdom", "state", "Q145", "GB", "GBR")
    assert "Great Britain" in uk.aliases
    assert uk.posts == []


def test_non_states_have_no_iso_codes(gaz: Gazetteer) -> None:
    for name in ("NATO", "Emmanuel Macron", "Reuters"):
        entry = gaz.get(name)
        assert entry.iso2 is None and entry.iso3 is None


def test_an_ambiguous_surface_form_prefers_the_state(mini_dir: Path) -> None:
    write(mini_dir, "organisations.yaml", "- {name: Georgia Group, kind: group, aliases: [Georgia]}\n")
    write(mini_dir, "people.yaml", "- {name: Georgia Meloni-Fan, aliases: [Georgia], posts: [{title: President, of: France}]}\n")
    gaz = load_gazetteer(mini_dir)
    assert gaz.resolve("Georgia").kind == "state"
    assert [e.kind for e in gaz.candidates("Georgia")] == ["state", "group", "person"]


def test_names_lists_every_resolvable_surface_form(gaz: Gazetteer) -> None:
    pairs = set(gaz.names())
    assert ("Britain", "United Kingdom") in pairs
    assert ("Kyiv", "Ukraine") in pairs
    assert ("Kremlin", "Russia") in pairs
    assert ("Macron", "Emmanuel Macron") in pairs
    assert not any(form == "British" for form, _ in pairs)
    for form, name in pairs:
        assert gaz.get(name) in gaz.candidates(form)


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Donald Trump", "Donald Trump"), ("Coalition of the Willing", "Coalition of the Willing"),
        ("Bloomberg", "Bloomberg"), ("Kremlin", "Russia"), ("Emmanuel Macron", "Emmanuel Macron"),
        ("Paris", "France"), ("Kyiv", "Ukraine"), ("BFM TV", "BFM TV"), ("Volodymyr Zelensky", "Volodymyr Zelensky"),
        ("Ursula von der Leyen", "Ursula von der Leyen"), ("António Costa", "António Costa"),
        ("Alexander Stubb", "Alexander Stubb"), ("Mette Frederiksen", "Mette Frederiksen"),
        ("Donald Tusk", "Donald Tusk"), ("Britain", "United Kingdom"), ("Italy", "Italy"), ("Germany", "Germany"),
        ("Steve Witkoff", "Steve Witkoff"), ("Washington", "United States"), ("Giorgia Meloni", "Giorgia Meloni"),
        ("NATO", "NATO"), ("Marco Rubio", "Marco Rubio"), ("WSJ", "The Wall Street Journal"),
        ("the United Kingdom", "United Kingdom"), ("Russia", "Russia"),
    ],
)
def test_every_actor_of_the_seed_article_resolves(gaz: Gazetteer, mention: str, name: str) -> None:
    assert gaz.resolve(mention).name == name


def test_roles_of_the_seed_article_hold_on_its_date(gaz: Gazetteer) -> None:
    day = date(2025, 9, 4)
    assert gaz.get("Alexander Stubb").role_on(day) == "President of Finland"
    assert gaz.get("Mette Frederiksen").role_on(day) == "Prime Minister of Denmark"
    assert gaz.get("Donald Tusk").role_on(day) == "Prime Minister of Poland"
    assert gaz.get("Giorgia Meloni").role_on(day) == "Prime Minister of Italy"
    assert gaz.get("António Costa").role_on(day) == "President of the European Council"
    assert gaz.get("Ursula von der Leyen").role_on(day) == "President of the European Commission"
    assert gaz.get("Steve Witkoff").role_on(day) == "Special Envoy of the United States"


# --- demonyms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("demonym", "state"),
    [("Finnish", "Finland"), ("American", "United States"), ("US", "United States"), ("Ukrainian", "Ukraine"),
     ("British", "United Kingdom"), ("Danish", "Denmark"), ("Polish", "Poland"), ("Italian", "Italy"),
     ("Russian", "Russia"), ("Dutch", "Netherlands")],
)
def test_demonyms_give_their_state(gaz: Gazetteer, demonym: str, state: str) -> None:
    assert gaz.state_for_demonym(demonym).name == state


def test_demonym_lookup_ignores_case_and_plural(gaz: Gazetteer) -> None:
    assert gaz.state_for_demonym("finnish").name == "Finland"
    assert gaz.state_for_demonym("Ukrainians").name == "Ukraine"


def test_demonym_lookup_does_not_accept_capitals_or_unknown_words(gaz: Gazetteer) -> None:
    assert gaz.state_for_demonym("Moscow") is None
    assert gaz.state_for_demonym("Martian") is None


# --- surnames ----------------------------------------------------------------------------------


def test_surname_resolves_to_the_one_person_bearing_it(gaz: Gazetteer) -> None:
    assert gaz.resolve_person_by_surname("Rubio").name == "Marco Rubio"
    assert gaz.resolve_person_by_surname("Meloni").name == "Giorgia Meloni"
    assert gaz.resolve_person_by_surname("von der Leyen").name == "Ursula von der Leyen"


def test_surname_lookup_accepts_transliteration_variants(gaz: Gazetteer) -> None:
    assert gaz.resolve_person_by_surname("Zelenskyy").name == "Volodymyr Zelensky"


def test_surname_shared_by_two_people_resolves_to_nobody(gaz: Gazetteer) -> None:
    assert gaz.resolve_person_by_surname("Harris") is None


def test_unknown_surname_resolves_to_nobody(gaz: Gazetteer) -> None:
    assert gaz.resolve_person_by_surname("Smithson") is None


# --- posts and roles ---------------------------------------------------------------------------


def test_joe_biden_was_president_in_mid_2023(gaz: Gazetteer) -> None:
    assert gaz.get("Joe Biden").role_on(date(2023, 6, 1)) == "President of the United States"


def test_donald_trump_was_president_on_4_september_2025(gaz: Gazetteer) -> None:
    assert gaz.get("Donald Trump").role_on(date(2025, 9, 4)) == "President of the United States"


def test_donald_trump_held_no_post_between_his_terms(gaz: Gazetteer) -> None:
    assert gaz.get("Donald Trump").role_on(date(2022, 1, 1)) is None


def test_on_a_handover_day_the_successor_holds_the_post(gaz: Gazetteer) -> None:
    day = date(2025, 1, 20)
    assert gaz.get("Donald Trump").role_on(day) == "President of the United States"
    assert gaz.get("Joe Biden").role_on(day) is None


def test_role_on_without_a_date_gives_the_current_post(gaz: Gazetteer) -> None:
    assert gaz.get("Emmanuel Macron").role_on() == "President of France"
    assert gaz.get("Marco Rubio").role_on() == "Secretary of State of the United States"
    assert gaz.get("Mark Rutte").role_on() == "Secretary-General of NATO"


def test_role_on_returns_past_posts_for_past_dates(gaz: Gazetteer) -> None:
    assert gaz.get("Emmanuel Macron").role_on(date(2015, 6, 1)) == "Economy Minister of France"
    assert gaz.get("Mark Rutte").role_on(date(2020, 1, 1)) == "Prime Minister of the Netherlands"


def test_role_on_prefers_a_head_of_state_or_government_post(tmp_path: Path) -> None:
    write(tmp_path, "titles.yaml", MINI_TITLES)
    write(tmp_path, "states.yaml", MINI_STATES)
    write(
        tmp_path,
        "people.yaml",
        "- name: Two Hats\n  posts:\n"
        "    - {title: Foreign Minister, of: Georgia, since: 2020-01-01}\n"
        "    - {title: President, of: France, since: 2021-01-01}\n",
    )
    person = load_gazetteer(tmp_path).get("Two Hats")
    assert person.role_on(date(2022, 1, 1)) == "President of France"
    assert person.role_on(date(2020, 6, 1)) == "Foreign Minister of Georgia"


def test_role_on_is_none_for_entries_without_posts(gaz: Gazetteer) -> None:
    assert gaz.get("France").role_on() is None


def test_post_titles_written_as_variants_are_stored_canonical(gaz: Gazetteer) -> None:
    healey = gaz.get("John Healey")
    assert healey.posts[0].title == "Defence Minister"


def test_posts_carry_typed_dates(gaz: Gazetteer) -> None:
    post = gaz.get("António Costa").posts[0]
    assert isinstance(post, Post)
    assert post == Post(title="President", of="European Council", since=date(2024, 12, 1), until=None)


def test_titles_map_canonical_titles_to_their_variants(gaz: Gazetteer) -> None:
    assert "Minister of Foreign Affairs" in gaz.titles["Foreign Minister"]
    assert "PM" in gaz.titles["Prime Minister"]
    assert gaz.canonical_title("defense minister") == "Defence Minister"
    assert gaz.generic_title("Secretary of State") == "Foreign Minister"


# --- loading and validation --------------------------------------------------------------------


def test_loading_the_shipped_data_is_fast() -> None:
    load_gazetteer()  # warm imports
    start = time.perf_counter()
    load_gazetteer()
    assert time.perf_counter() - start < 0.5  # aim is < 150 ms; generous for slow CI machines


def test_a_valid_directory_loads(mini_dir: Path) -> None:
    gaz = load_gazetteer(mini_dir)
    assert gaz.resolve("Paris").name == "France"
    assert gaz.resolve_person_by_surname("Macron").role_on() == "President of France"


def test_a_post_naming_no_entry_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "people.yaml", "- name: Emmanuel Macron\n  posts:\n    - {title: President, of: Frence}\n")
    with pytest.raises(ValueError, match=r"people\.yaml.*Emmanuel Macron.*Frence"):
        load_gazetteer(mini_dir)


def test_a_post_of_a_person_is_rejected(mini_dir: Path) -> None:
    write(
        mini_dir,
        "people.yaml",
        "- {name: A, posts: [{title: President, of: France}]}\n- {name: B, posts: [{title: President, of: A}]}\n",
    )
    with pytest.raises(ValueError, match=r"people\.yaml.*'B'.*not a state or organisation"):
        load_gazetteer(mini_dir)


def test_a_post_with_an_unknown_title_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "people.yaml", "- name: Emmanuel Macron\n  posts:\n    - {title: Grand Vizier, of: France}\n")
    with pytest.raises(ValueError, match=r"people\.yaml.*Emmanuel Macron.*Grand Vizier"):
        load_gazetteer(mini_dir)


def test_a_duplicate_canonical_name_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "organisations.yaml", "- {name: France, kind: organisation}\n")
    with pytest.raises(ValueError, match=r"organisations\.yaml.*'France'.*duplicate.*states\.yaml"):
        load_gazetteer(mini_dir)


def test_a_duplicate_name_within_one_file_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "media.yaml", "- {name: Reuters, kind: media}\n- {name: Reuters, kind: media}\n")
    with pytest.raises(ValueError, match=r"media\.yaml.*'Reuters'.*duplicate"):
        load_gazetteer(mini_dir)


@pytest.mark.parametrize("bad_qid", ["145", "Q0145", "q145", "Q", "Q14a5"])
def test_a_malformed_wikidata_id_is_rejected(mini_dir: Path, bad_qid: str) -> None:
    write(mini_dir, "media.yaml", f"- {{name: Reuters, kind: media, wikidata: '{bad_qid}'}}\n")
    with pytest.raises(ValueError, match=r"media\.yaml.*'Reuters'.*[Ww]ikidata"):
        load_gazetteer(mini_dir)


def test_a_post_ending_before_it_starts_is_rejected(mini_dir: Path) -> None:
    write(
        mini_dir,
        "people.yaml",
        "- name: Emmanuel Macron\n  posts:\n    - {title: President, of: France, since: 2017-05-14, until: 2016-01-01}\n",
    )
    with pytest.raises(ValueError, match=r"people\.yaml.*Emmanuel Macron.*ends"):
        load_gazetteer(mini_dir)


def test_a_state_without_iso_codes_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "states.yaml", MINI_STATES + "- {name: Ruritania, un: none}\n")
    with pytest.raises(ValueError, match=r"states\.yaml.*'Ruritania'.*iso2"):
        load_gazetteer(mini_dir)


def test_an_unknown_field_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "media.yaml", "- {name: Reuters, kind: media, wikidta: Q130879}\n")
    with pytest.raises(ValueError, match=r"media\.yaml.*'Reuters'.*wikidta"):
        load_gazetteer(mini_dir)


def test_a_demonym_given_to_two_states_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "states.yaml", MINI_STATES + "- {name: Ruritania, iso2: RR, iso3: RUR, un: none, demonyms: [French]}\n")
    with pytest.raises(ValueError, match=r"states\.yaml.*'Ruritania'.*French"):
        load_gazetteer(mini_dir)


def test_a_wrong_kind_in_organisations_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "organisations.yaml", "- {name: Reuters, kind: media}\n")
    with pytest.raises(ValueError, match=r"organisations\.yaml.*'Reuters'.*kind"):
        load_gazetteer(mini_dir)


def test_yaml_that_does_not_parse_is_rejected(mini_dir: Path) -> None:
    write(mini_dir, "states.yaml", "- {name: France, iso2: [FR\n")
    with pytest.raises(ValueError, match=r"states\.yaml.*YAML"):
        load_gazetteer(mini_dir)


def test_a_directory_without_gazetteer_files_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no gazetteer files"):
        load_gazetteer(tmp_path)
