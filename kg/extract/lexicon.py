"""The extractor's lexicons, read once from the YAML files in kg/extract/data/.

The data files say what words mean; the modules say how the words are combined. Loading is
cached per process: the lexicons are immutable, unlike the gazetteer, which the caller owns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kg.extract.phrases import PhraseMatcher
from kg.extract.text import phrase_key


def _read(name: str) -> dict[str, Any]:
    text = resources.files("kg.extract").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@dataclass(frozen=True)
class Inflector:
    irregular: dict[str, list[str]]
    doubling: frozenset[str]

    def forms(self, lemma: str) -> list[str]:
        """Every surface form of a (possibly multi-word) verb lemma: send over -> sends over, ..."""
        head, *rest = lemma.split()
        tail = (" " + " ".join(rest)) if rest else ""
        if head.endswith("e"):
            past, ing = head + "d", head[:-1] + "ing"
        elif head.endswith("y") and len(head) > 1 and head[-2] not in "aeiou":
            past, ing = head[:-1] + "ied", head + "ing"
        elif head in self.doubling:
            past, ing = head + head[-1] + "ed", head + head[-1] + "ing"
        else:
            past, ing = head + "ed", head + "ing"
        if head.endswith(("s", "sh", "ch", "x", "z", "o")):
            third = head + "es"
        elif head.endswith("y") and len(head) > 1 and head[-2] not in "aeiou":
            third = head[:-1] + "ies"
        else:
            third = head + "s"
        pasts = self.irregular.get(head) or [past]
        return [form + tail for form in dict.fromkeys([head, third, ing, *pasts])]


@dataclass(frozen=True)
class TypeLexicon:
    window: int
    ranks: dict[str, int]
    phrases: PhraseMatcher[str]          # -> type
    verbs: PhraseMatcher[str]            # -> type
    objects: PhraseMatcher[str]          # -> type
    primed: PhraseMatcher[str]           # -> type
    ordinal_primed: PhraseMatcher[str]   # -> type, after an ordinal only: "the 19th package"
    transfer: PhraseMatcher[bool]        # the shared verbs of giving: "provide", "allocate", ...
    modifier_prefixes: PhraseMatcher[bool]
    modifier_heads: frozenset[str]
    keeps_mission: frozenset[str]
    component_verbs: PhraseMatcher[bool]
    component_heads: frozenset[str]
    spellings: dict[str, str]
    arrivals: PhraseMatcher[str]         # "ECOWAS troops entered The Gambia": the object arrives, -> type
    departures: PhraseMatcher[str]       # "the Kenyan battalion will leave Burundi": the object withdraws, -> type
    money_verbs: PhraseMatcher[bool]     # verbs that give money named right after them: "would pay $1 billion"
    deal_nouns: frozenset[str]           # "the S-400 deal": weapons before one of these are bought
    sale_nouns: frozenset[str]           # "supply missiles to Iran under a contract": a sale, so Iran's purchase
    buying_verbs: PhraseMatcher[bool]    # "will buy four Patriot systems": air defence bought is a purchase
    hosting_verbs: PhraseMatcher[bool]   # "will host 10,000 US troops": the troops' state sends them
    spending_verbs: PhraseMatcher[bool]  # "is spending $11 million to repair ...": a state's own money
    form_types: frozenset[str]           # a cue after a form prefix ("as a loan") is kept for these types
    money_is_financial: frozenset[str]   # "£120 million in humanitarian aid": financial aid
    form_prefixes: PhraseMatcher[bool]
    vague_words: frozenset[str]      # "and other assistance": a list's unnamed rest
    own_prefixes: PhraseMatcher[bool]  # "to bolster its air defenses": the actor's own, given to nobody
    counted_types: frozenset[str]    # types a list goes on counting: "Italy and Finland provided 4 each"
    sent_from_types: frozenset[str]  # people named with the states they come from: "soldiers from Kenya"
    arms_exporters: frozenset[str]   # the seller of a trade with no origin named, when only one party is one
    threat_types: frozenset[str]         # their phrases after "from"/"against" name a threat: no cue
    threat_prepositions: frozenset[str]
    presence_verbs: frozenset[str]       # "has 1,000 troops in Afghanistan": a presence, delivered
    presence_prepositions: frozenset[str]


@dataclass(frozen=True)
class RefusalLexicon:
    verbs: PhraseMatcher[bool]           # "refused", "blocks", "ruled out", ...
    not_commitments: frozenset[str]      # "declined to comment" refuses nothing
    judgements: PhraseMatcher[bool]      # "unacceptable for X"
    conditioning: PhraseMatcher[bool]    # "will not ... unless": a condition
    prohibitions: PhraseMatcher[bool]    # "prohibits": refuses only what a type cue names
    money_words: frozenset[str]          # "financing": the refusal is of financial aid too
    denials: PhraseMatcher[bool]         # "denied reports that ...": denies what the report says
    refusable: PhraseMatcher[bool]       # "will not allow": a refusal without a type cue
    requests: frozenset[str]             # "turned down a request for missiles": refuses the missiles
    charges: frozenset[str]              # "a charge the UAE denies": what is charged is denied
    nouns: PhraseMatcher[bool]           # "its refusal to send": the owner refuses
    oppositions: PhraseMatcher[bool]     # "would not oppose a sale": a double negative, no refusal
    withholding: PhraseMatcher[bool]     # "has not confirmed the presence of troops": nothing refused
    proposal_words: frozenset[str]       # "backed the idea ... opposed it": opposing a proposal refuses it
    denied_nouns: frozenset[str]         # "dismissed reports of ...": what is under them is denied
    refusable_nouns: frozenset[str]      # "ruled out participation": refusable without a type cue
    foreign_forces: PhraseMatcher[bool]  # "calling for all foreign troops to leave": the host refuses them
    expulsions: PhraseMatcher[bool]
    demands: PhraseMatcher[bool]
    expulsion_window: int
    stays: PhraseMatcher[bool]           # "Indian military personnel cannot stay in the Maldives"
    no_forces: PhraseMatcher[bool]       # "there would be no foreign military presence at Hambantota"
    refused_anaphors: frozenset[str]     # "what Hungary is blocking": stands for what is named around


@dataclass(frozen=True)
class ModalityLexicon:
    status: PhraseMatcher[str]           # -> status (or "none")
    nominal: frozenset[tuple[str, ...]]  # status cues that are nouns ("proposal", "initiative to")
    negation: PhraseMatcher[bool]
    inner_adverbs: frozenset[str]        # "are also providing": left out when status phrases are looked for
    negation_exceptions: PhraseMatcher[bool]
    future_passive: PhraseMatcher[bool]
    persuade: PhraseMatcher[bool]
    obligations: PhraseMatcher[bool]     # "the agreement obliges Britain to provide": the object pledges
    conditions: PhraseMatcher[int]       # -> how many cue tokens the condition text keeps
    condition_exceptions: PhraseMatcher[bool]
    appeals: PhraseMatcher[bool]
    receive: PhraseMatcher[bool]
    rejections: PhraseMatcher[bool]
    doubts: PhraseMatcher[bool]          # "no sign the US would put troops": nothing claimed after it
    watching: PhraseMatcher[bool]        # "keep an eye on possible arms supplies": watched, not promised
    settle_verbs: PhraseMatcher[bool]    # "reached", "struck": with a deal noun a few words on, pledged
    settle_nouns: frozenset[str]
    settle_gap: int


@dataclass(frozen=True)
class AttributionLexicon:
    report_verbs: PhraseMatcher[str]     # surface form -> lemma
    that_only: frozenset[str]            # lemmas
    anonymous: PhraseMatcher[bool]
    anonymous_name: str
    citing: PhraseMatcher[bool]
    according_to: PhraseMatcher[bool]
    backward: PhraseMatcher[bool]
    backward_objects: frozenset[str]
    bodies: PhraseMatcher[bool]          # unnamed speaking bodies: "ministry", "media", "statement"
    body_words: frozenset[str]           # lowercase words a body phrase may consist of


@dataclass(frozen=True)
class SyntaxLexicon:
    prepositions: frozenset[str]
    coordinators: PhraseMatcher[bool]
    subject_followers: frozenset[str]
    speaker_pronouns: PhraseMatcher[bool]
    anaphors: PhraseMatcher[bool]
    package_anaphors: PhraseMatcher[bool]  # "the package": the sentence goes on about a package named before
    elaboration: PhraseMatcher[bool]
    time_shift: PhraseMatcher[bool]
    promise_nouns: frozenset[str]        # "pledges from Paris to deliver": the promise's maker follows
    permission_verbs: frozenset[str]     # "agreed to allow Saudi Arabia to acquire": the allowed buys
    home_titles: frozenset[str]          # title words of a state's officials ("minister")
    event_anchors: PhraseMatcher[bool]
    boilerplate: tuple[str, ...]
    not_names: frozenset[str]
    name_particles: frozenset[str]
    state_bodies: frozenset[str]
    pairs: frozenset[str]                # "the two countries": the last two states named
    agenda_nouns: frozenset[str]         # "discussed issues related to ...": a topic, not a commitment
    descriptions: dict[str, str]         # "the Nordic country" -> state: a subject standing for one named before
    intent_nouns: frozenset[str]         # "the administration's plans to sell": the possessor acts
    comparisons: frozenset[str]          # "likened the situation to Moscow sending arms": a likeness
    member_markers: frozenset[str]       # "European countries including Germany and Spain": the members act
    scrutiny_nouns: frozenset[str]       # "a review on arms sales": what is reviewed is no commitment
    scrutiny_prepositions: frozenset[str]
    donor_nouns: frozenset[str]          # "Belgian military aid": Belgium gives
    background_prepositions: frozenset[str]  # "after a month of discussions": not the clause's status
    donor_modifiers: frozenset[str]
    joint_markers: PhraseMatcher[bool]
    aggregate_markers: PhraseMatcher[bool]
    purpose_markers: PhraseMatcher[bool]  # "in order to intensify surveillance": what another act is for
    lenders: frozenset[str]              # canonical names: money agreed on with one is lent by it
    compass_words: frozenset[str]        # "to western Syria": words between a preposition and its place
    helping_words: frozenset[str]        # "to help Mali's army", "help Turkey improve its air defenses": whom an act is for
    owner_words: frozenset[str]          # "Western troops", "foreign forces": a cue that names whose it is
    feature_words: frozenset[str]        # "Lake Victoria", "Mount Lebanon": a state's name inside another place's
    feature_heads: frozenset[str]        # "the West Bank", "the Taiwan Strait": the same, before the place's noun


@dataclass(frozen=True)
class GroupLexicon:
    regions: PhraseMatcher[str]          # -> region as written in the name
    nouns: PhraseMatcher[str]
    qualifiers: PhraseMatcher[bool]
    counted_nouns: PhraseMatcher[str]
    standalone: PhraseMatcher[str]       # -> group name
    not_groups: frozenset[str]
    collective: dict[str, str]           # region key ("european union") -> the body its members act as
    collective_nouns: frozenset[str]


@dataclass(frozen=True)
class EventLexicon:
    nouns: PhraseMatcher[str]            # -> kind
    verbs: PhraseMatcher[str]            # -> kind
    determiners: frozenset[str]
    same_kind: dict[str, frozenset[str]]
    start_verbs: PhraseMatcher[bool]
    modes: PhraseMatcher[str]            # -> in_person | video
    attendance: PhraseMatcher[bool]
    participants_after: PhraseMatcher[bool]
    participant_nouns: PhraseMatcher[bool]
    talk_verbs: PhraseMatcher[bool]
    call_media: PhraseMatcher[bool]
    noun_prepositions: frozenset[str]


@dataclass(frozen=True)
class DateLexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: PhraseMatcher[int]
    relative_weeks: PhraseMatcher[int]
    future_markers: PhraseMatcher[bool]
    zones: PhraseMatcher[str]
    zone_fallbacks: dict[str, str]
    relative_starts: frozenset[str]      # first words of the relative expressions
    lead_sentences: int                  # a lead's undated commitment takes the publication date
    background_markers: PhraseMatcher[bool]


@dataclass(frozen=True)
class AmountLexicon:
    currency_symbols: dict[str, str]
    currency_words: PhraseMatcher[str]
    multipliers: dict[str, int]
    number_words: PhraseMatcher[int]
    vague: PhraseMatcher[str]
    approximators: PhraseMatcher[bool]
    fillers: frozenset[str]
    units: PhraseMatcher[str]


@dataclass(frozen=True)
class Lexicon:
    types: TypeLexicon
    modality: ModalityLexicon
    attribution: AttributionLexicon
    syntax: SyntaxLexicon
    groups: GroupLexicon
    events: EventLexicon
    dates: DateLexicon
    amounts: AmountLexicon
    titles: dict[str, list[str]]         # canonical title -> variants (extractor's own)
    alias_supplement: dict[str, str]     # surface -> gazetteer canonical name, when the gazetteer has none
    alias_override: dict[str, str]       # surface -> gazetteer canonical name, instead of the gazetteer's
    refusals: RefusalLexicon
    origins: PhraseMatcher[str]          # weapon system -> the state it comes from (data/systems.yaml)


def _flags(words: list[str]) -> PhraseMatcher[bool]:
    return PhraseMatcher((w, True) for w in words)


def _verbs(inflector: Inflector, lemmas: list[str], payload: Any, matcher: PhraseMatcher[Any]) -> None:
    for lemma in lemmas:
        for form in inflector.forms(lemma):
            matcher.add(form, payload)


def _inflected(inflector: Inflector, lemmas: list[str]) -> PhraseMatcher[bool]:
    matcher = PhraseMatcher[bool]()
    _verbs(inflector, lemmas, True, matcher)
    return matcher


def _types(inflector: Inflector) -> TypeLexicon:
    data = _read("types.yaml")
    groups = data.get("verb_groups", {})
    phrases, verbs, objects, primed = PhraseMatcher[str](), PhraseMatcher[str](), PhraseMatcher[str](), PhraseMatcher[str]()
    ordinal_primed = PhraseMatcher[str]()
    ranks: dict[str, int] = {}
    for name, spec in data["types"].items():
        ranks[name] = int(spec.get("rank", 0))
        for phrase in spec.get("phrases", []):
            phrases.add(phrase, name)
        lemmas: list[str] = []
        for verb in spec.get("verbs", []):
            lemmas.extend(groups[verb[1:]] if verb.startswith("+") else [verb])
        _verbs(inflector, lemmas, name, verbs)
        for noun in spec.get("nouns", []):  # deverbal nouns act like verbs: "the sale of missiles"
            verbs.add(noun, name)
        for obj in spec.get("objects", []):
            objects.add(obj, name)
        for word in spec.get("primed", []):
            primed.add(word, name)
        for word in spec.get("primed_after_ordinal", []):
            ordinal_primed.add(word, name)
    arrivals = PhraseMatcher[str]()
    for name, lemmas in (data.get("arrivals") or {}).items():
        _verbs(inflector, list(lemmas), name, arrivals)
    departures = PhraseMatcher[str]()
    for name, lemmas in (data.get("departures") or {}).items():
        _verbs(inflector, list(lemmas), name, departures)
    return TypeLexicon(
        window=int(data.get("window", 6)), ranks=ranks, phrases=phrases, verbs=verbs, objects=objects,
        primed=primed, ordinal_primed=ordinal_primed, transfer=_inflected(inflector, groups.get("transfer", [])),
        modifier_prefixes=_flags(data.get("modifier_prefixes", [])),
        modifier_heads=frozenset(data.get("modifier_heads", [])),
        keeps_mission=frozenset(data.get("keeps_mission", [])),
        component_verbs=_flags(data.get("component_verbs", [])),
        component_heads=frozenset(data.get("component_heads", [])),
        spellings=dict(data.get("spellings", {})),
        form_types=frozenset(data.get("form_types", [])),
        money_is_financial=frozenset(w.casefold() for w in data.get("money_is_financial", [])), form_prefixes=_flags(data.get("form_prefixes", [])),
        vague_words=frozenset(data.get("vague_words", [])), own_prefixes=_flags(data.get("own_prefixes", [])),
        counted_types=frozenset(data.get("counted_types", [])),
        sent_from_types=frozenset(data.get("sent_from_types", [])), arms_exporters=frozenset(data.get("arms_exporters", [])),
        threat_types=frozenset(data.get("threat_types", [])),
        threat_prepositions=frozenset(data.get("threat_prepositions", [])),
        presence_verbs=frozenset(data.get("presence_verbs", [])),
        presence_prepositions=frozenset(data.get("presence_prepositions", [])),
        arrivals=arrivals, departures=departures, money_verbs=_inflected(inflector, data.get("money_verbs", [])),
        deal_nouns=frozenset(data.get("deal_nouns", [])), sale_nouns=frozenset(data.get("sale_nouns", [])),
        buying_verbs=_inflected(inflector, data.get("buying_verbs", [])),
        hosting_verbs=_inflected(inflector, data.get("hosting_verbs", [])),
        spending_verbs=_inflected(inflector, data.get("spending_verbs", [])))


def _modality(inflector: Inflector) -> ModalityLexicon:
    data = _read("modality.yaml")
    status = PhraseMatcher[str]()
    nominal: set[tuple[str, ...]] = set()
    for name, spec in data["status"].items():
        _verbs(inflector, spec.get("verbs", []), name, status)
        for phrase in [*spec.get("phrases", []), *spec.get("nouns", [])]:
            status.add(phrase, name)
        nominal.update(phrase_key(p) for p in spec.get("nouns", []))
    persuade = PhraseMatcher[bool]()
    _verbs(inflector, data.get("persuade", []), True, persuade)
    obligations = PhraseMatcher[bool]()
    _verbs(inflector, data.get("obligations", []), True, obligations)
    negation = PhraseMatcher[bool]()
    for word in data.get("negation", []):
        negation.add(word, True)
    appeals, receive = PhraseMatcher[bool](), PhraseMatcher[bool]()
    _verbs(inflector, data.get("appeals", []), True, appeals)
    _verbs(inflector, data.get("receive", []), True, receive)
    settle_verbs = PhraseMatcher[bool]()
    settled = data.get("settled", {})
    _verbs(inflector, settled.get("verbs", []), True, settle_verbs)
    conditions = PhraseMatcher[int]()
    keep = data.get("condition_keep_from", {})
    for cue in data.get("conditions", []):
        conditions.add(cue, int(keep.get(cue, len(phrase_key(cue)))))
    return ModalityLexicon(
        status=status, nominal=frozenset(nominal), negation=negation, negation_exceptions=_flags(data.get("negation_exceptions", [])),
        future_passive=_flags(data.get("future_passive", [])), persuade=persuade, obligations=obligations, conditions=conditions,
        condition_exceptions=_flags(data.get("condition_exceptions", [])), appeals=appeals, receive=receive,
        rejections=_flags(data.get("rejections", [])), settle_verbs=settle_verbs,
        doubts=_flags(data.get("doubts", [])), watching=_flags(data.get("watching", [])),
        settle_nouns=frozenset(settled.get("nouns", [])), settle_gap=int(settled.get("gap", 0)),
        inner_adverbs=frozenset(data.get("inner_adverbs", [])))


def _refusals(inflector: Inflector) -> RefusalLexicon:
    data = _read("refusals.yaml")
    return RefusalLexicon(verbs=_inflected(inflector, data.get("verbs", [])),
                          not_commitments=frozenset(data.get("not_commitments", [])),
                          judgements=_flags(data.get("judgements", [])),
                          conditioning=_flags(data.get("conditioning", [])),
                          prohibitions=_inflected(inflector, data.get("prohibitions", [])),
                          money_words=frozenset(data.get("money_words", [])),
                          denials=_inflected(inflector, data.get("denials", [])),
                          refusable=_inflected(inflector, data.get("refusable", [])),
                          requests=frozenset(data.get("requests", [])),
                          charges=frozenset(data.get("charges", [])),
                          nouns=_flags(data.get("nouns", [])),
                          oppositions=_inflected(inflector, data.get("oppositions", [])),
                          withholding=_inflected(inflector, data.get("withholding", [])),
                          proposal_words=frozenset(data.get("proposal_words", [])),
                          denied_nouns=frozenset(data.get("denied_nouns", [])),
                          refusable_nouns=frozenset(data.get("refusable_nouns", [])),
                          refused_anaphors=frozenset(data.get("refused_anaphors", [])),
                          foreign_forces=_flags(data.get("foreign_forces", [])),
                          expulsions=_flags(data.get("expulsions", [])),
                          demands=_flags(data.get("demands", [])),
                          expulsion_window=int(data.get("expulsion_window", 0)),
                          stays=_flags(data.get("stays", [])), no_forces=_flags(data.get("no_forces", [])))


def _attribution(inflector: Inflector) -> AttributionLexicon:
    data = _read("attribution.yaml")
    verbs = PhraseMatcher[str]()
    for lemma in data.get("report_verbs", []):
        for form in inflector.forms(lemma):
            verbs.add(form, lemma)
    that_only = set(data.get("that_only_verbs", []))
    for lemma in data.get("that_only_verbs", []):
        for form in inflector.forms(lemma):
            verbs.add(form, lemma)
    return AttributionLexicon(
        report_verbs=verbs, that_only=frozenset(that_only), anonymous=_flags(data.get("anonymous", [])),
        anonymous_name=str(data.get("anonymous_name", "unnamed sources")),
        citing=_flags(data.get("citing", [])), according_to=_flags(data.get("according_to", [])),
        backward=_flags(data.get("backward", [])),
        backward_objects=frozenset(data.get("backward_objects", [])),
        bodies=_flags(data.get("bodies", [])),
        body_words=frozenset(k for w in [*data.get("bodies", []), *data.get("body_modifiers", [])] for k in phrase_key(w)))


def _syntax() -> SyntaxLexicon:
    data = _read("syntax.yaml")
    return SyntaxLexicon(
        prepositions=frozenset(data["prepositions"]), coordinators=_flags(data["coordinators"]),
        subject_followers=frozenset(phrase_key(w)[0] for w in data["subject_followers"]),
        speaker_pronouns=_flags(data["speaker_pronouns"]), anaphors=_flags(data["anaphors"]),
        package_anaphors=_flags(data.get("package_anaphors", [])),
        elaboration=_flags(data["elaboration"]), time_shift=_flags(data["time_shift"]),
        home_titles=frozenset(w.lower() for w in data.get("home_titles", [])),
        promise_nouns=frozenset(w.lower() for w in data.get("promise_nouns", [])),
        permission_verbs=frozenset(data.get("permission_verbs", [])),
        event_anchors=_flags(data["event_anchors"]),
        boilerplate=tuple(w.casefold() for w in data["boilerplate"]),
        not_names=frozenset(w.casefold() for w in data["not_names"]),
        name_particles=frozenset(data["name_particles"]),
        state_bodies=frozenset(data.get("state_bodies", [])),
        pairs=frozenset(w.lower() for w in data.get("pairs", [])),
        agenda_nouns=frozenset(w.lower() for w in data.get("agenda_nouns", [])),
        descriptions={str(k): str(v) for k, v in (data.get("descriptions") or {}).items()},
        intent_nouns=frozenset(w.lower() for w in data.get("intent_nouns", [])),
        comparisons=frozenset(w.lower() for w in data.get("comparisons", [])),
        member_markers=frozenset(w.lower() for w in data.get("member_markers", [])),
        scrutiny_nouns=frozenset(w.lower() for w in data.get("scrutiny_nouns", [])),
        scrutiny_prepositions=frozenset(w.lower() for w in data.get("scrutiny_prepositions", [])),
        donor_nouns=frozenset(w.lower() for w in data.get("donor_nouns", [])),
        background_prepositions=frozenset(w.lower() for w in data.get("background_prepositions", [])),
        donor_modifiers=frozenset(w.lower() for w in data.get("donor_modifiers", [])),
        joint_markers=_flags(data.get("joint_markers", [])),
        aggregate_markers=_flags(data.get("aggregate_markers", [])),
        purpose_markers=_flags(data.get("purpose_markers", [])),
        lenders=frozenset(data.get("lenders", [])), compass_words=frozenset(data.get("compass_words", [])),
        helping_words=frozenset(data.get("helping_words", [])), owner_words=frozenset(data.get("owner_words", [])),
        feature_words=frozenset(data.get("feature_words", [])), feature_heads=frozenset(data.get("feature_heads", [])))


def _groups() -> GroupLexicon:
    data = _read("groups.yaml")
    return GroupLexicon(
        regions=PhraseMatcher((r, r) for r in data["regions"]),
        nouns=PhraseMatcher((n, n) for n in data["nouns"]),
        qualifiers=_flags(data["qualifiers"]),
        counted_nouns=PhraseMatcher((n, n) for n in data["counted_nouns"]),
        standalone=PhraseMatcher(data["standalone"].items()),
        not_groups=frozenset(data.get("not_groups", [])),
        collective={" ".join(phrase_key(k)): v for k, v in data.get("collective", {}).items()},
        collective_nouns=frozenset(" ".join(phrase_key(n)) for n in data.get("collective_nouns", [])))


def _events(inflector: Inflector) -> EventLexicon:
    data = _read("events.yaml")
    nouns = PhraseMatcher[str]()
    for kind, words in data["nouns"].items():
        for word in words:
            nouns.add(word, kind)
    verbs = PhraseMatcher[str]()
    for kind, lemmas in data["verbs"].items():
        _verbs(inflector, lemmas, kind, verbs)
    modes = PhraseMatcher[str]()
    for mode, words in data["modes"].items():
        for word in words:
            modes.add(word, mode)
    return EventLexicon(
        nouns=nouns, verbs=verbs, determiners=frozenset(phrase_key(w)[0] for w in data["determiners"]),
        same_kind={k: frozenset(v) for k, v in data["same_kind"].items()},
        start_verbs=_flags(data["start_verbs"]), modes=modes, attendance=_flags(data["attendance"]),
        participants_after=_flags(data["participants_after"]),
        participant_nouns=_flags(data["participant_nouns"]),
        talk_verbs=_inflected(inflector, data.get("talk_verbs", [])),
        call_media=_flags(data.get("call_media", [])),
        noun_prepositions=frozenset(data.get("noun_prepositions", [])))


def _dates() -> DateLexicon:
    data = _read("dates.yaml")
    zones = _read("timezones.yaml")
    return DateLexicon(
        months=dict(data["months"]), weekdays=dict(data["weekdays"]),
        relative_days=PhraseMatcher(data["relative_days"].items()),
        relative_weeks=PhraseMatcher(data["relative_weeks"].items()),
        future_markers=_flags(data["future_markers"]),
        lead_sentences=int(data.get("lead_sentences", 0)),
        background_markers=_flags(data.get("background_markers", [])),
        zones=PhraseMatcher(zones["zones"].items()), zone_fallbacks=dict(zones.get("fallbacks", {})),
        relative_starts=frozenset(phrase_key(w)[0] for w in [*data["relative_days"], *data["relative_weeks"], "last", "next", "this"]))


def _amounts() -> AmountLexicon:
    data = _read("amounts.yaml")
    return AmountLexicon(
        currency_symbols=dict(data["currency_symbols"]),
        currency_words=PhraseMatcher(data["currency_words"].items()),
        multipliers={k: int(v) for k, v in data["multipliers"].items()},
        number_words=PhraseMatcher(data["number_words"].items()),
        vague=PhraseMatcher((w, w) for w in data["vague"]),
        approximators=_flags(data["approximators"]),
        fillers=frozenset(data["fillers"]),
        units=PhraseMatcher((u, u) for u in data["units"]))


@cache
def load_lexicon() -> Lexicon:
    """All lexicons; cached because they never change while the process runs."""
    inflection = _read("inflection.yaml")
    inflector = Inflector({k: list(v or []) for k, v in inflection.get("irregular", {}).items()},
                          frozenset(inflection.get("doubling", [])))
    titles = _read("titles.yaml").get("extra", {})
    aliases = _read("aliases.yaml")
    return Lexicon(
        types=_types(inflector), modality=_modality(inflector), attribution=_attribution(inflector),
        refusals=_refusals(inflector),
        syntax=_syntax(), groups=_groups(), events=_events(inflector), dates=_dates(),
        amounts=_amounts(), titles={k: list(v) for k, v in titles.items()},
        alias_supplement=dict(aliases.get("supplement", {})), alias_override=dict(aliases.get("override", {})),
        origins=_origins())


def _origins() -> PhraseMatcher[str]:
    matcher = PhraseMatcher[str]()
    for state, systems in _read("systems.yaml").items():
        for system in systems:
            matcher.add(system, state)
            matcher.add(system + "s", state)
    return matcher
