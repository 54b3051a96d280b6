"""A deterministic generator of synthetic corpora in the claims interchange format.

`generate_corpus(size, seed)` writes `size` commitments as claims files of `per_doc` commitments
each (100 by default), with the actors each document names (states and organisations from the
gazetteer when it is importable, synthetic persons holding posts in them), commitments of every
type and status with amounts and currencies, quantities, conditions, attributions, quotes and
quote offsets, and events with participants. A third of the documents are machine extractions
(`extracted_by`, confidences and cues), the rest curated.

The same (size, seed, per_doc, format, actor pool, GENERATOR_VERSION) gives byte-identical
files: every document draws from its own `random.Random` seeded by text (which Python hashes
with SHA-512, independent of PYTHONHASHSEED), so documents can also be made in any order.
Corpora are cached under bench/corpora/<key>/; MANIFEST.json is written last and marks a
complete corpus.

    python -m bench.generate --size 10000 --seed 7          # prints the corpus folder
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

GENERATOR_VERSION = "5"
CACHE_DIR = Path(__file__).resolve().parent / "corpora"
DEFAULT_SEED = 20250904
DEFAULT_PER_DOC = 100
EXTRACTOR = "kg-extract 0.1.0 (synthetic)"

try:  # libyaml's emitter is ~10x faster than the pure-Python one and emits the same YAML
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - pyyaml without libyaml
    _Dumper = yaml.SafeDumper

# --------------------------------------------------------------------------------------------
# The actor pool: who can commit, receive, be targeted or report
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolActor:
    name: str
    kind: str  # state | organisation | group | media


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    body: str  # the name of the state or organisation the post is in

    @property
    def role(self) -> str:
        return f"{self.title} of {self.body}"


@dataclass(frozen=True)
class ActorPool:
    states: tuple[PoolActor, ...]
    organisations: tuple[PoolActor, ...]  # organisations and gazetteer groups
    media: tuple[str, ...]
    groups: tuple[str, ...]  # informal groups a text names ("European countries")
    persons: tuple[Person, ...]
    source: str  # "gazetteer" or "builtin"
    committers: tuple[PoolActor, ...] = ()  # states and organisations, most prominent first
    by_name: dict[str, PoolActor] = field(default_factory=dict, compare=False, hash=False)
    persons_of: dict[str, tuple[Person, ...]] = field(default_factory=dict, compare=False, hash=False)

    def fingerprint(self) -> str:
        text = "\n".join([self.source, *(f"{a.kind}:{a.name}" for a in self.states + self.organisations),
                          *self.media, *self.groups, *(f"{p.name}|{p.role}" for p in self.persons)])
        return hashlib.sha256(text.encode()).hexdigest()[:10]


# States and organisations the news names most often come first: the committer weights are a
# Zipf law over this order, so a few actors hold most commitments, as in real coverage.
PROMINENT = [
    "United States", "United Kingdom", "France", "Germany", "Ukraine", "Poland", "European Union", "Italy",
    "Canada", "Japan", "NATO", "Netherlands", "Russia", "Sweden", "Norway", "Denmark", "Finland", "Spain",
    "Australia", "Belgium", "Estonia", "Latvia", "Lithuania", "Czech Republic", "Czechia", "Türkiye", "Turkey",
    "South Korea", "China", "Romania", "European Commission", "Portugal", "Greece", "Austria", "Ireland",
]

_BUILTIN_STATES = [
    "United States", "United Kingdom", "France", "Germany", "Ukraine", "Poland", "Italy", "Canada", "Japan",
    "Netherlands", "Russia", "Sweden", "Norway", "Denmark", "Finland", "Spain", "Australia", "Belgium", "Estonia",
    "Latvia", "Lithuania", "Czechia", "Türkiye", "South Korea", "China", "Romania", "Portugal", "Greece", "Austria",
    "Ireland", "Hungary", "Slovakia", "Bulgaria", "Croatia", "Slovenia", "Luxembourg", "Iceland", "New Zealand",
    "Switzerland", "Moldova", "Georgia", "Belarus", "Iran", "North Korea", "India", "Brazil", "South Africa",
    "Saudi Arabia", "Qatar", "Israel",
]
_BUILTIN_ORGANISATIONS = [
    ("European Union", "organisation"), ("NATO", "organisation"), ("European Commission", "organisation"),
    ("European Council", "organisation"), ("United Nations", "organisation"), ("G7", "group"),
    ("OSCE", "organisation"), ("International Monetary Fund", "organisation"), ("World Bank", "organisation"),
    ("Coalition of the Willing", "group"), ("Ukraine Defense Contact Group", "group"),
]
_BUILTIN_MEDIA = ["Reuters", "Associated Press", "Agence France-Presse", "Bloomberg", "The Wall Street Journal",
                  "The New York Times", "Financial Times", "Politico", "Axios", "CNN", "BBC", "Le Monde"]
GROUPS = ["European countries", "European leaders", "about 10 countries", "Nordic states", "Baltic states",
          "Western allies", "G7 partners", "several European governments", "EU member states"]
SANCTIONED = ["Russia", "Belarus", "Iran", "North Korea"]

_FIRST = ["Anna", "Lukas", "Marta", "Pieter", "Sofia", "Henrik", "Elena", "Tomas", "Ines", "Karl", "Julia",
          "Mateo", "Olga", "Jonas", "Clara", "Viktor", "Lena", "Marek", "Nadia", "Oskar", "Paula", "Rafael",
          "Greta", "Stefan", "Teresa", "Ulrich", "Vera", "Walter", "Yara", "Zoran", "Agnes", "Bruno", "Chiara",
          "Dario", "Emil", "Freya", "Gustav", "Hanna", "Igor", "Johanna", "Kasia", "Leon", "Mira", "Nils",
          "Orla", "Pavel", "Rosa", "Sven", "Tilda", "Aurelio", "Beatriz", "Cyril", "Dagny", "Edvard", "Fiona",
          "Goran", "Helga", "Ivo", "Jana", "Kenji", "Lucia", "Milan", "Noemi"]
_LAST = ["Halvorsen", "Kowalczyk", "Moreau", "Lindqvist", "Brandt", "Novak", "Rossi", "Petrescu", "Jansen",
         "Kask", "Ozols", "Vaitkus", "Dvorak", "Horvath", "Papadakis", "Schmid", "Byrne", "Silva", "Ferreira",
         "Nieminen", "Eriksen", "Andersson", "Dubois", "Lambert", "Fischer", "Weber", "Costa", "Marino", "Greco",
         "Kovacs", "Nagy", "Popescu", "Ionescu", "Markovic", "Kral", "Berg", "Holm", "Strand", "Tanaka", "Sato",
         "Kim", "Park", "Okafor", "Mensah", "Haddad", "Rahman", "Cohen", "Levi", "Ortega", "Navarro", "Ruiz",
         "Vidal", "Pereira", "Mertens", "Peeters", "Claes", "Wouters", "Aalto", "Virtanen", "Korhonen", "Sorensen",
         "Lund", "Dahl", "Falk", "Engel", "Wolff", "Krause", "Vogel", "Hartmann", "Zielinski", "Wojcik", "Baran"]
_STATE_TITLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister"]
_ORG_TITLES = ["Secretary-General", "Special Envoy"]


def _stable_random(*parts: object) -> random.Random:
    return random.Random("\x1f".join(str(p) for p in parts))


def _persons(bodies: Sequence[PoolActor]) -> tuple[Person, ...]:
    """Synthetic office holders: every state gets four posts, every organisation two; names are
    drawn from the body and the title alone, so a person is the same in every corpus."""
    taken: set[str] = set()
    people = []
    for body in bodies:
        titles = _STATE_TITLES if body.kind == "state" else _ORG_TITLES
        for title in titles:
            rng = _stable_random("person", body.name, title)
            for _ in range(1000):
                name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
                if name not in taken:
                    break
            else:  # pragma: no cover - 4,600 names for ~1,000 posts
                name = f"{name} {len(taken)}"
            taken.add(name)
            people.append(Person(name, title, body.name))
    return tuple(people)


def _gazetteer_actors() -> tuple[list[PoolActor], list[PoolActor], list[str]] | None:
    """States, organisations (with groups) and media from kg.gazetteer, or None when it is missing."""
    try:
        from kg.gazetteer import load_gazetteer
    except ImportError:
        return None
    try:
        gazetteer = load_gazetteer()
    except Exception:  # noqa: BLE001 - a half-written gazetteer must not stop the benchmark
        return None
    entries = _gazetteer_entries(gazetteer)
    if not entries:
        return None
    states = [PoolActor(e.name, "state") for e in entries if e.kind == "state"]
    organisations = [PoolActor(e.name, e.kind) for e in entries if e.kind in ("organisation", "group")]
    media = [e.name for e in entries if e.kind == "media"]
    if len(states) < 20:
        return None
    return states, organisations, media


def _gazetteer_entries(gazetteer: Any) -> list[Any]:
    """Every state, organisation, group and media entry, in file order."""
    kinds = ("state", "organisation", "group", "media")
    if hasattr(gazetteer, "of_kind"):
        return list(gazetteer.of_kind(*kinds))
    try:
        return [e for e in gazetteer if getattr(e, "kind", None) in kinds]
    except TypeError:
        return []


@cache
def actor_pool(use_gazetteer: bool = True) -> ActorPool:
    """The actors corpora draw from: the gazetteer's when importable, else a built-in list."""
    found = _gazetteer_actors() if use_gazetteer else None
    if found is not None:
        states, organisations, media = found
        source = "gazetteer"
    else:
        states = [PoolActor(n, "state") for n in _BUILTIN_STATES]
        organisations = [PoolActor(n, k) for n, k in _BUILTIN_ORGANISATIONS]
        media = list(_BUILTIN_MEDIA)
        source = "builtin"
    rank = {name: i for i, name in enumerate(PROMINENT)}
    order = lambda a: (rank.get(a.name, len(rank)), a.name)  # noqa: E731
    states = sorted(states, key=order)
    organisations = sorted(organisations, key=order)
    media = sorted(media) or list(_BUILTIN_MEDIA)
    known = {a.name for a in states + organisations}
    groups = tuple(g for g in GROUPS if g not in known)
    persons = _persons(states + organisations)
    committers = tuple(sorted(states + organisations, key=order))
    pool = ActorPool(tuple(states), tuple(organisations), tuple(media), groups, persons, source, committers)
    pool.by_name.update({a.name: a for a in states + organisations})
    pool.by_name.update({g: PoolActor(g, "group") for g in groups})
    for person in persons:
        pool.persons_of[person.body] = pool.persons_of.get(person.body, ()) + (person,)
    return pool


# --------------------------------------------------------------------------------------------
# Vocabulary and templates
# --------------------------------------------------------------------------------------------

TYPES = ["security_guarantee", "troop_deployment", "arms_purchase", "arms_delivery", "air_support", "air_defence",
         "sanctions", "financial_aid", "training", "monitoring", "other"]
TYPE_WEIGHTS = [12, 8, 6, 16, 3, 10, 10, 16, 8, 5, 6]
STATUSES = ["proposed", "under_discussion", "reported_intent", "conditional", "pledged", "delivered", "withdrawn"]
STATUS_WEIGHTS = [10, 14, 16, 10, 28, 18, 4]
CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "NOK", "SEK", "PLN", "CHF", "DKK"]
CURRENCY_WEIGHTS = [44, 34, 7, 3, 3, 2, 2, 2, 1, 1, 1]
MONEY_TYPES = {"financial_aid": 0.75, "arms_purchase": 0.6, "arms_delivery": 0.25, "air_defence": 0.2,
               "training": 0.1, "other": 0.2}
QUANTITY_UNITS = {
    "troop_deployment": ["soldiers", "troops", "peacekeepers"],
    "arms_delivery": ["tanks", "howitzers", "armoured vehicles", "shells", "drones"],
    "air_defence": ["systems", "launchers", "interceptor missiles"],
    "training": ["soldiers", "pilots", "instructors"],
    "monitoring": ["observers", "monitors"],
    "air_support": ["aircraft", "fighter jets"],
}
VAGUE = ["hundreds", "dozens", "several", "thousands", "a few"]
CONDITIONS = ["a future peace agreement", "a ceasefire holds for thirty days", "the United States provides a backstop",
              "parliamentary approval", "Russia violates the ceasefire", "other allies join the effort",
              "a UN Security Council mandate", "the budget is adopted", "the talks in Istanbul succeed"]
COMPONENTS = ["air defence", "military presence", "armaments", "monitoring of the cessation of hostilities",
              "maritime security", "intelligence sharing", "demining", "cyber defence", "reconstruction funds"]
CUES = ["modal:ready to", "verb:pledged", "attribution:said", "pattern:amount", "pattern:quantity",
        "modal:would", "verb:agreed", "verb:proposed", "pattern:condition", "verb:delivered"]
EVENT_KINDS = ["meeting", "summit", "call", "press_conference", "statement"]
OFFSETS = ["+00:00", "+01:00", "+02:00", "+03:00", "-05:00", "-04:00", "+09:00"]
CITIES = ["Brussels", "Paris", "London", "Berlin", "Warsaw", "Kyiv", "Washington", "Rome", "Helsinki", "The Hague",
          "Vilnius", "Ramstein", "Geneva", "Istanbul", "Copenhagen", "Madrid"]

_VERB = {
    "security_guarantee": "provide security guarantees to {ben}",
    "troop_deployment": "send {qty} to {ben}",
    "arms_purchase": "buy weapons from {cp}{amt}",
    "arms_delivery": "deliver {qty} to {ben}{amt}",
    "air_support": "provide air support to {ben}",
    "air_defence": "supply {qty} of air defence to {ben}{amt}",
    "sanctions": "impose new sanctions on {tgt}",
    "financial_aid": "provide financial aid to {ben}{amt}",
    "training": "train {qty} for {ben}{amt}",
    "monitoring": "send {qty} to monitor a ceasefire in {ben}",
    "other": "help rebuild energy infrastructure in {ben}{amt}",
}
_FRAME = {
    "proposed": "{who} proposed on {day} that {com} should {verb}",
    "under_discussion": "{com} is discussing whether to {verb}, {who} said on {day}",
    "reported_intent": "{com} is ready to {verb}, {who} said on {day}",
    "conditional": "{com} would {verb} if {cond}, {who} said on {day}",
    "pledged": "{com} pledged on {day} to {verb}, {who} said",
    "delivered": "{com} has delivered on its promise to {verb}, {who} confirmed on {day}",
    "withdrawn": "{com} withdrew its offer to {verb}, {who} said on {day}",
}


def _money(amount: int, currency: str) -> str:
    if amount >= 1_000_000_000:
        text = f"{amount / 1e9:.1f} billion"
    else:
        text = f"{amount / 1e6:.0f} million"
    return f"{text} {currency}"


def _day(date: dt.date) -> str:
    return f"{date.strftime('%B')} {date.day}, {date.year}"


# --------------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------------


class _Document:
    def __init__(self, pool: ActorPool, seed: int, index: int, count: int, prefix: str) -> None:
        self.pool = pool
        self.rng = _stable_random("document", GENERATOR_VERSION, seed, index)
        self.index = index
        self.count = count
        self.name = f"{prefix}{index:06d}.txt"
        start = dt.date(2022, 2, 24)
        self.published = start + dt.timedelta(days=self.rng.randrange(0, (dt.date(2025, 12, 31) - start).days))
        self.extracted = index % 3 == 2  # a third of the documents are machine extractions
        self.declared: dict[str, dict[str, Any]] = {}
        self.speakers: dict[str, tuple[Person, ...]] = {}
        self.text_parts: list[str] = []
        self.offset = 0
        # The document's cast: a news report names a dozen or so actors, not the whole world.
        # A weighted sample without replacement (Efraimidis-Spirakis) keeps the Zipf skew.
        everyone = pool.committers
        weights = [1.0 / (rank + 2) ** 1.1 for rank in range(len(everyone))]
        keys = sorted(range(len(everyone)), key=lambda i: -(self.rng.random() ** (1.0 / weights[i])))
        cast = sorted(keys[:self.rng.randrange(8, 17)])
        self.committers = [everyone[i] for i in cast]
        # Within the cast the skew is milder: the most prominent actor makes about a fifth of a
        # corpus's commitments (the seed article: the United States, 3 of 11).
        self.committer_weights = [weights[i] ** 0.6 for i in cast]
        self.states = [a for a in self.committers if a.kind == "state"] or list(pool.states[:5])
        self.state_weights = [1.0 / (rank + 1) ** 0.5 for rank in range(len(self.states))]

    # actors ----------------------------------------------------------------------------------

    def declare(self, name: str) -> str:
        if name in self.declared:
            return name
        actor = self.pool.by_name.get(name)
        self.declared[name] = {"name": name, "kind": actor.kind if actor else "group"}
        return name

    def declare_person(self, person: Person) -> str:
        if person.name not in self.declared:
            self.declare(person.body)  # the post's body must resolve in the same document
            self.declared[person.name] = {"name": person.name, "kind": "person", "role": person.role}
        return person.name

    def pick_state(self, exclude: str | None = None) -> str:
        while True:
            name = self.rng.choices(self.states, self.state_weights)[0].name
            if name != exclude:
                return name

    def pick_committer(self) -> PoolActor:
        if self.rng.random() < 0.04:
            return self.pool.by_name[self.rng.choice(self.pool.groups)] if self.pool.groups else self.committers[0]
        return self.rng.choices(self.committers, self.committer_weights)[0]

    def person_of(self, body: str) -> Person | None:
        """One of the (at most two) office holders of `body` this document quotes."""
        people = self.speakers.get(body)
        if people is None:
            everyone = self.pool.persons_of.get(body, ())
            people = tuple(self.rng.sample(everyone, min(len(everyone), self.rng.randrange(1, 3))))
            self.speakers[body] = people
        return self.rng.choice(people) if people else None

    def any_person(self) -> Person:
        """Someone from elsewhere: another cast member's office holder, rarely anyone at all."""
        if self.rng.random() < 0.9:
            person = self.person_of(self.rng.choice(self.committers).name)
            if person is not None:
                return person
        return self.rng.choice(self.pool.persons)

    # text ------------------------------------------------------------------------------------

    def sentence(self, text: str) -> tuple[str, int, int]:
        """Add a sentence to the document's (virtual) text; its quote offsets are exact."""
        if self.text_parts:
            self.offset += 1  # the joining space
        start = self.offset
        self.text_parts.append(text)
        self.offset += len(text)
        return text, start, self.offset

    def when(self, max_days: int = 45) -> dt.date:
        return self.published - dt.timedelta(days=self.rng.randrange(0, max_days))

    # commitments -----------------------------------------------------------------------------

    def commitment(self, number: int) -> dict[str, Any]:
        rng = self.rng
        committer = self.pick_committer()
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        item: dict[str, Any] = {"committer": self.declare(committer.name), "type": kind}
        beneficiary = target = counterparty = None
        if kind == "sanctions":
            target = rng.choice(SANCTIONED) if rng.random() < 0.85 else self.pick_state(committer.name)
            if target not in self.pool.by_name:
                target = self.pick_state(committer.name)
        elif kind == "arms_purchase":
            counterparty = self.pick_state(committer.name)
        elif rng.random() < 0.75:
            beneficiary = "Ukraine" if (rng.random() < 0.6 and "Ukraine" in self.pool.by_name
                                        and committer.name != "Ukraine") else self.pick_state(committer.name)
        for key, value in (("beneficiary", beneficiary), ("target", target), ("counterparty", counterparty)):
            if value is not None:
                item[key] = self.declare(value)
        item["status"] = status
        condition = rng.choice(CONDITIONS) if status == "conditional" or rng.random() < 0.02 else None
        if condition:
            item["condition"] = condition
        amount = currency = None
        if rng.random() < MONEY_TYPES.get(kind, 0.03):
            amount = int(round(10 ** rng.uniform(6.5, 10.8), -5))
            currency = rng.choices(CURRENCIES, CURRENCY_WEIGHTS)[0]
            item["amount"] = amount
            item["currency"] = currency
        quantity = None
        units = QUANTITY_UNITS.get(kind)
        if units and rng.random() < 0.45:
            unit = rng.choice(units)
            if rng.random() < 0.3:
                quantity = {"value": rng.choice(VAGUE), "unit": unit, "approximate": True}
            else:
                value = rng.choice([rng.randrange(2, 60), rng.randrange(50, 5000, 10)])
                quantity = {"value": value, "unit": unit}
                if rng.random() < 0.35:
                    quantity["approximate"] = True
            item["quantity"] = quantity
        date = self.when() if rng.random() < 0.5 else None
        if date:
            item["date"] = date.isoformat()
        announcer = None
        if rng.random() < 0.35:
            own = self.person_of(committer.name)
            person = own if own is not None and rng.random() < 0.8 else self.any_person()
            announcer = self.declare_person(person)
            item["announced_by"] = announcer
        proposer = None
        if status == "proposed" and rng.random() < 0.5:
            proposer = self.declare(rng.choice(self.pool.groups)) if rng.random() < 0.5 and self.pool.groups \
                else self.declare_person(self.any_person())
            item["proposed_by"] = proposer
        attributed = None
        if rng.random() < 0.18 and self.pool.media:
            attributed = rng.choice(self.pool.media) + rng.choice(["", " citing unnamed sources", " citing officials"])
            item["attributed_to"] = attributed
        if rng.random() < 0.02:
            item["components"] = rng.sample(COMPONENTS, rng.randrange(2, 4))
        # The quote: a sentence that says all of the above, unique within the document.
        qty_text = "troops"
        if quantity:
            qty_text = f"{'about ' if quantity.get('approximate') and not isinstance(quantity['value'], str) else ''}" \
                       f"{quantity['value']} {quantity['unit']}"
        elif units:
            qty_text = units[0]
        verb = _VERB[kind].format(ben=beneficiary or "its partners", cp=counterparty or "", tgt=target or "",
                                  qty=qty_text, amt=f" worth {_money(amount, currency)}" if amount else "")
        who = announcer or attributed or proposer or "officials"
        com = f"the {committer.name}" if committer.kind == "organisation" and " " in committer.name else committer.name
        text = _FRAME[status].format(com=com, verb=verb, who=who, day=_day(date or self.published), cond=condition or "")
        text = text[0].upper() + text[1:] + f" (item {number + 1} of the briefing)."
        quote, start, end = self.sentence(text)
        item["quote"] = quote
        if rng.random() < 0.25:
            item["quote_start"] = start
            item["quote_end"] = end
        if self.extracted:
            item["confidence"] = round(rng.uniform(0.45, 0.99), 3)
            item["cues"] = rng.sample(CUES, 2)
        return item

    # events ----------------------------------------------------------------------------------

    def event(self, number: int) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choice(EVENT_KINDS)
        host = self.pick_state()
        city = rng.choice(CITIES)
        date = self.when(20)
        names = {
            "meeting": f"Meeting of defence ministers in {city}",
            "summit": f"{city} summit on Ukraine",
            "call": f"Call between the leaders of {host} and {self.pick_state(host)}",
            "press_conference": f"Press conference in {city}",
            "statement": f"Joint statement by {host} and partners",
        }
        item: dict[str, Any] = {"name": f"{names[kind]} #{number + 1}", "kind": kind, "date": date.isoformat()}
        if rng.random() < 0.5:
            hour, minute = rng.randrange(7, 21), rng.choice([0, 15, 30, 45])
            item["start"] = f"{date.isoformat()}T{hour:02d}:{minute:02d}:00{rng.choice(OFFSETS)}"
        if kind in ("meeting", "summit", "press_conference") and rng.random() < 0.6:
            item["location"] = city
        participants = []
        seen = set()
        for _ in range(rng.randrange(2, 7)):
            if rng.random() < 0.6:
                person = self.person_of(self.pick_state()) or self.any_person()
                name = self.declare_person(person)
            else:
                name = self.declare(self.pick_state())
            if name in seen:
                continue
            seen.add(name)
            participant: dict[str, Any] = {"actor": name}
            mode = rng.random()
            if mode < 0.6:
                participant["mode"] = "in_person"
            elif mode < 0.85:
                participant["mode"] = "video"
            participants.append(participant)
        item["participants"] = participants
        if rng.random() < 0.15 and self.pool.media:
            item["attributed_to"] = rng.choice(self.pool.media)
        listed = ", ".join(p["actor"] for p in participants)
        quote, start, end = self.sentence(
            f"The {kind.replace('_', ' ')} '{names[kind]}' on {_day(date)} brought together {listed}.")
        item["quote"] = quote
        if rng.random() < 0.5:
            item["quote_start"] = start
            item["quote_end"] = end
        if self.extracted:
            item["confidence"] = round(rng.uniform(0.5, 0.99), 3)
        return item

    def build(self) -> dict[str, Any]:
        commitments = [self.commitment(i) for i in range(self.count)]
        events = [self.event(i) for i in range(max(1, self.count // 20))]
        data: dict[str, Any] = {"document": self.name, "published": self.published.isoformat(),
                                "title": f"Briefing {self.index} on commitments to Ukraine's security"}
        if self.extracted:
            data["extracted_by"] = EXTRACTOR
        # Declared actors in a stable order: states, organisations and groups, then persons.
        order = {"state": 0, "organisation": 1, "group": 2, "media": 3, "person": 4}
        data["actors"] = sorted(self.declared.values(), key=lambda a: (order[a["kind"]], a["name"]))
        data["commitments"] = commitments
        data["events"] = events
        return data

    def text(self) -> str:
        return " ".join(self.text_parts)


def document_data(pool: ActorPool, seed: int, index: int, count: int, prefix: str) -> tuple[dict[str, Any], str]:
    """One document's claims (as plain data) and the text its quote offsets point into."""
    doc = _Document(pool, seed, index, count, prefix)
    data = doc.build()
    return data, doc.text()


def dump(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


# --------------------------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    path: Path
    size: int
    seed: int
    documents: int
    files: tuple[Path, ...]
    manifest: dict[str, Any]

    @property
    def docs_dir(self) -> Path:
        return self.path / "docs"


def corpus_key(size: int, seed: int, per_doc: int, fmt: str, pool: ActorPool) -> str:
    return f"v{GENERATOR_VERSION}-n{size}-s{seed}-p{per_doc}-{fmt}-{pool.source}-{pool.fingerprint()}"


def _load_cached(path: Path) -> Corpus | None:
    manifest_path = path / "MANIFEST.json"
    if not manifest_path.is_file():
        return None
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    files = tuple(path / "docs" / name for name in manifest["files"])
    if not all(f.is_file() for f in files):
        return None
    return Corpus(path, manifest["size"], manifest["seed"], len(files), files, manifest)


def generate_corpus(size: int, seed: int = DEFAULT_SEED, *, per_doc: int = DEFAULT_PER_DOC, fmt: str = "yaml",
                    cache_dir: Path | None = None, use_gazetteer: bool = True, prefix: str | None = None,
                    force: bool = False) -> Corpus:
    """Write (or find in the cache) a corpus of `size` commitments in documents of `per_doc`."""
    if size < 1 or per_doc < 1:
        raise ValueError("size and per_doc must be positive")
    if fmt not in ("yaml", "json"):
        raise ValueError("fmt is yaml or json")
    pool = actor_pool(use_gazetteer)
    root = cache_dir if cache_dir is not None else CACHE_DIR
    path = root / corpus_key(size, seed, per_doc, fmt, pool)
    if not force and (cached := _load_cached(path)) is not None:
        return cached
    prefix = prefix if prefix is not None else f"bench-s{seed}-"
    partial = path.with_name(path.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "docs").mkdir(parents=True)
    suffix = ".claims.json" if fmt == "json" else ".claims.yaml"
    names, counts = [], {"commitments": 0, "events": 0, "actor_declarations": 0}
    digest = hashlib.sha256()
    for index in range((size + per_doc - 1) // per_doc):
        count = min(per_doc, size - index * per_doc)
        data, _ = document_data(pool, seed, index, count, prefix)
        text = dump(data, fmt)
        name = f"{prefix}{index:06d}{suffix}"
        (partial / "docs" / name).write_text(text, encoding="utf-8")
        digest.update(text.encode("utf-8"))
        names.append(name)
        counts["commitments"] += len(data["commitments"])
        counts["events"] += len(data["events"])
        counts["actor_declarations"] += len(data["actors"])
    manifest = {"generator_version": GENERATOR_VERSION, "size": size, "seed": seed, "per_doc": per_doc,
                "format": fmt, "pool": pool.source, "pool_fingerprint": pool.fingerprint(), "prefix": prefix,
                "documents": len(names), **counts, "sha256": digest.hexdigest(), "files": names}
    (partial / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    if path.exists():
        shutil.rmtree(path)
    partial.rename(path)
    return Corpus(path, size, seed, len(names), tuple(path / "docs" / n for n in names), manifest)


def write_batch(directory: Path, count: int, seed: int, *, number: int = 0, per_doc: int = DEFAULT_PER_DOC,
                fmt: str = "yaml", use_gazetteer: bool = True) -> list[Path]:
    """`count` extra documents of `per_doc` commitments, named apart from any corpus (SHACL batches)."""
    pool = actor_pool(use_gazetteer)
    directory.mkdir(parents=True, exist_ok=True)
    prefix = f"batch-s{seed}-n{number}-"
    suffix = ".claims.json" if fmt == "json" else ".claims.yaml"
    paths = []
    for index in range(count):
        data, _ = document_data(pool, seed + 1_000_003 * (number + 1), index, per_doc, prefix)
        path = directory / f"{prefix}{index:06d}{suffix}"
        path.write_text(dump(data, fmt), encoding="utf-8")
        paths.append(path)
    return paths


def articles(count: int, seed: int = DEFAULT_SEED, *, target_chars: int = 2942,
             use_gazetteer: bool = True) -> list[tuple[str, dt.date]]:
    """News-like texts about the length of the seed article (2,942 characters), with their dates:
    a headline and the sentences of a generated document, cut at the target length."""
    pool = actor_pool(use_gazetteer)
    texts = []
    for index in range(count):
        doc = _Document(pool, seed + 7, index, 30, "article-")
        data = doc.build()
        headline = f"{data['title']}\n\n"
        body, length = [], len(headline)
        parts = doc.text_parts[:]
        rng = _stable_random("article", seed, index)
        rng.shuffle(parts)
        for sentence in parts:
            # drop the generator's "(item N of the briefing)" marker: articles read as prose
            sentence = sentence.split(" (item ")[0].rstrip(".") + "."
            if length + len(sentence) + 1 > target_chars and body:
                break
            body.append(sentence)
            length += len(sentence) + 1
        paragraphs = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
        texts.append((headline + "\n\n".join(paragraphs) + "\n", doc.published))
    return texts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="commitments")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--per-doc", type=int, default=DEFAULT_PER_DOC)
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("--out", type=Path, default=None, help=f"cache folder [default {CACHE_DIR}]")
    parser.add_argument("--force", action="store_true", help="regenerate even when cached")
    args = parser.parse_args(argv)
    corpus = generate_corpus(args.size, args.seed, per_doc=args.per_doc, fmt=args.format, cache_dir=args.out,
                             force=args.force)
    print(corpus.path)
    json.dump({k: v for k, v in corpus.manifest.items() if k != "files"}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
