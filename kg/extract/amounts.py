"""Money amounts and counted quantities.

Money: "$90 billion", "€2.5bn", "£300m", "US$1.2bn", "EUR 500 million", "1.5 million euros".
Quantities: "5,000 troops", "two more Patriot systems", "hundreds of their soldiers" (kept as
the word "hundreds", approximate), "about 10 countries" (approximate because of "about").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kg.claims.model import Quantity
from kg.extract.lexicon import Lexicon
from kg.extract.text import Token

_CONVERSION_REACH = 8  # tokens a bracketed conversion after an amount may take: "(€3.6 billion)"


@dataclass(frozen=True, slots=True)
class Money:
    start: int
    end: int
    amount: Decimal
    currency: str
    text: str


@dataclass(frozen=True, slots=True)
class QuantityMention:
    start: int
    end: int
    quantity: Quantity
    text: str


def parse_number(text: str) -> Decimal | None:
    """ "5,000" -> 5000, "2.5" -> 2.5, "1,5" -> 1.5 (a decimal comma: not three digits after it)."""
    if "," in text:
        head, _, tail = text.rpartition(",")
        text = text.replace(",", "") if len(tail) == 3 else head.replace(",", "") + "." + tail
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _number(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> tuple[Decimal | None, int]:
    """A number with an optional multiplier at token i: "2.5 bn", "90 billion", "300m"."""
    if i >= len(tokens) or not tokens[i].norm[:1].isdigit() or ":" in tokens[i].norm:
        return None, i
    value = parse_number(tokens[i].norm)
    if value is None:
        return None, i
    j = i + 1
    if j < len(tokens):
        multiplier = lexicon.amounts.multipliers.get(tokens[j].norm)
        # a one-letter multiplier must be glued to the number ("300m"), not a word of its own
        if multiplier is not None and (len(tokens[j].norm) > 1 or tokens[j].start == tokens[i].end):
            return value * multiplier, j + 1
    return value, j


def find_money(tokens: Sequence[Token], lexicon: Lexicon) -> list[Money]:
    lex = lexicon.amounts
    found: list[Money] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        currency = None
        j = i
        # symbol or code before the number: "$", "US$", "€", "EUR"
        if token.text in lex.currency_symbols:
            currency, j = lex.currency_symbols[token.text], i + 1
            if j < len(tokens) and tokens[j].text == "." and token.text.isalpha():
                j += 1  # "Rs. 32,000 crore"
        elif token.text in ("US", "C", "A") and i + 1 < len(tokens) and tokens[i + 1].text == "$":
            currency, j = lex.currency_symbols.get(token.text + "$", "USD"), i + 2
        elif token.text.isupper() and len(token.text) == 3 and lex.currency_words.at(tokens, i):
            currency, j = lex.currency_words.at(tokens, i)[0].payload, i + 1
        if currency is not None:
            amount, end = _number(tokens, j, lexicon)
            if amount is not None:
                found.append(Money(i, end, amount, currency, _text(tokens, i, end)))
                i = end
                continue
        # number then currency word: "1.5 million euros"
        amount, end = _number(tokens, i, lexicon)
        if amount is not None and end < len(tokens):
            words = lex.currency_words.at(tokens, end)
            if words:
                found.append(Money(i, words[0].end, amount, words[0].payload, _text(tokens, i, words[0].end)))
                i = words[0].end
                continue
        i += 1
    return found


def find_quantities(tokens: Sequence[Token], lexicon: Lexicon, taken: set[int] | None = None) -> list[QuantityMention]:
    """Counted things; tokens in `taken` (money, times, dates) are not numbers of anything."""
    lex = lexicon.amounts
    taken = taken or set()
    found: list[QuantityMention] = []
    i = 0
    while i < len(tokens):
        if i in taken:
            i += 1
            continue
        value: Decimal | str | None = None
        approximate = False
        after = i
        vague = lex.vague.at(tokens, i)
        if vague:
            value, after, approximate = vague[0].payload, vague[0].end, True
        elif tokens[i].norm[:1].isdigit() and ":" not in tokens[i].norm:
            if i > 0 and tokens[i - 1].end == tokens[i].start and tokens[i - 1].text[-1:].isalpha():
                i += 1
                continue  # "K9", "T-72": digits glued to a model's letters are its name
            if any(m.end == i for m in lexicon.types.objects.find_all(tokens, max(0, i - 3), i)):
                i += 1
                continue  # "Mirage 2000 fighter jets", "Leopard 2 tanks": a model, not a number of them
            value, after = parse_number(tokens[i].norm), i + 1
        else:
            words = lex.number_words.at(tokens, i)
            if words:
                value, after = Decimal(words[0].payload), words[0].end
        if value is None:
            i += 1
            continue
        unit_match = None
        k, unknown = after, 0
        while k < len(tokens) and k - after <= 4:
            units = lex.units.at(tokens, k)
            if units:
                unit_match = units[0]
                break
            if tokens[k].norm in lex.fillers:
                k += 1
            elif tokens[k].is_word and unknown == 0 and tokens[k].capitalized:
                unknown, k = 1, k + 1  # a name between: "two more Patriot systems"
                while k < len(tokens) and tokens[k].start == tokens[k - 1].end and tokens[k].norm not in (",", "."):
                    k += 1  # the rest of a model name glued to it: "48 K9 howitzers", "12 F-16s"
            else:
                break
        if unit_match is None:
            i = after
            continue
        start = i
        for m in lex.approximators.find_all(tokens, max(0, i - 3), i):
            if m.end == i:
                start, approximate = m.start, True
                break
        quantity = Quantity(value=value, unit=_text(tokens, unit_match.start, unit_match.end), approximate=approximate)
        found.append(QuantityMention(start, unit_match.end, quantity, _text(tokens, start, unit_match.end)))
        i = unit_match.end
    return found


def past_conversion(tokens: Sequence[Token], k: int) -> int:
    """The index after a bracketed conversion that opens at `k` ("$1bn (£640m) from India",
    "£3 billion (€3.6 billion) in military aid"), or `k` when none does."""
    if k < len(tokens) and tokens[k].text == "(":
        return next((j + 1 for j in range(k, min(len(tokens), k + _CONVERSION_REACH)) if tokens[j].text == ")"), k)
    return k


def _text(tokens: Sequence[Token], start: int, end: int) -> str:
    out = ""
    for n, token in enumerate(tokens[start:end]):
        glued = n > 0 and token.start == tokens[start + n - 1].end
        out += ("" if n == 0 or glued else " ") + token.text
    return out
