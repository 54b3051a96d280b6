"""Money amounts and counted quantities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.amounts import find_money, find_quantities
from kg.extract.lexicon import load_lexicon
from kg.extract.text import tokenize


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("worth $90 billion", 90_000_000_000, "USD"),
    ("a €2.5bn package", 2_500_000_000, "EUR"),
    ("1.5 million euros in aid", 1_500_000, "EUR"),
    ("£300m for drones", 300_000_000, "GBP"),
    ("US$1.2bn in loans", 1_200_000_000, "USD"),
    ("EUR 500 million", 500_000_000, "EUR"),
    ("4.2 billion Danish kroner", 4_200_000_000, "DKK"),
    ("$5,000", 5_000, "USD"),
])
def test_money_formats(text, amount, currency):
    [money] = find_money(tokenize(text), load_lexicon())
    assert (money.amount, money.currency) == (Decimal(amount), currency)


def quantities(text: str) -> list[tuple[object, str | None, bool]]:
    return [(q.quantity.value, q.quantity.unit, q.quantity.approximate)
            for q in find_quantities(tokenize(text), load_lexicon())]


def test_a_count_of_troops():
    assert quantities("5,000 troops") == [(Decimal(5000), "troops", False)]


def test_a_vague_count_keeps_its_word_and_is_approximate():
    assert quantities("hundreds of their soldiers") == [("hundreds", "soldiers", True)]


def test_about_makes_a_count_approximate():
    assert quantities("about 10 countries") == [(Decimal(10), "countries", True)]


def test_a_name_may_stand_between_number_and_unit():
    assert quantities("two more Patriot systems") == [(Decimal(2), "systems", False)]


def test_a_phrasal_verb_is_not_an_approximation():
    assert quantities("handed over three Patriot batteries") == [(Decimal(3), "batteries", False)]


def test_a_number_without_a_unit_is_no_quantity():
    assert quantities("in 2025 and on page 12") == []


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("India will pay Rs 32,000 crore for the drones.", 320_000_000_000, "INR"),
    ("a deal worth Rs. 5 lakh", 500_000, "INR"),
    ("Riyadh pledged 5 billion riyals", 5_000_000_000, "SAR"),
    ("the US approved USD 2.8 billion", 2_800_000_000, "USD"),
    ("Britain pledged £120m", 120_000_000, "GBP"),
])
def test_amounts_in_the_formats_of_real_reporting(text, amount, currency):
    from kg.extract.amounts import find_money
    from kg.extract.lexicon import load_lexicon
    from kg.extract.text import tokenize

    found = find_money(tokenize(text), load_lexicon())
    assert [(m.amount, m.currency) for m in found] == [(amount, currency)]
