"""Commitment type cues: which words say what kind of commitment a clause is about.

Three kinds of cue (data/types.yaml): phrases that name a commitment ("security guarantees"),
a verb with an object of the type nearby ("send hundreds of their soldiers", or passive
"troops will be stationed"), and primed words that count only in an article that also uses the
type's phrases ("guarantees"). Overlapping cues of one type merge; of two types, the higher
rank wins. A cue introduced by a modifier ("as a security guarantee", "part of security
guarantees") describes another commitment and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.amounts import Money, past_conversion
from kg.extract.lexicon import Lexicon
from kg.extract.modality import Cue
from kg.extract.phrases import PhraseMatch
from kg.extract.text import Token

# Model designators name weapons: "MQ-9B", "F-35s", "AH-64".
_DESIGNATOR = re.compile(r"[A-Z]{1,4}-\d{1,3}[A-Z]{0,3}s?")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|new|latest")
_SAME_SYSTEM = 5  # words between a purchased system's name and the air-defence phrase that goes on naming it
_PRICE_REACH = 5  # words from "for" to the weapons a price pays for ("for 30 new Rafale jets")
_HELP_REACH = 4  # words from "help" to what the helped improves of its own ("help Ukraine bolster its")
_AID_NOUNS = frozenset({"support", "aid", "assistance", "help", "funding", "contribution", "financing"})
_HOLDINGS = frozenset({"assets", "reserves", "holdings", "deposits"})
_STOP = frozenset({".", ";", ":", ",", "!", "?", "—", "that", "which", "who", "if", "but"})
_OBJECT_STOP = frozenset({"for", "against"})
_BE = frozenset({"be", "been", "being", "is", "are", "was", "were", "'s", "'re"})
_COMMANDS = frozenset({"order", "orders", "ordered", "ordering"})


@dataclass(frozen=True, slots=True)
class TypeCue:
    type: str
    start: int                 # token span of the cue
    end: int
    anchor: int                # where the predicate sits: the verb of a verb cue, else the start
    verb_end: int | None       # verb cues: end of the verb (tokens up to the object may hold a quantity)
    text: str
    rank: int


def _text(tokens: Sequence[Token], start: int, end: int) -> str:
    return " ".join(t.text for t in tokens[start:end])


def primed_types(tokens: Sequence[Token], lexicon: Lexicon) -> set[str]:
    """Types whose own phrases occur in these tokens (the whole article)."""
    return {m.payload for m in lexicon.types.phrases.find_all(tokens)}


def find_type_cues(tokens: Sequence[Token], lexicon: Lexicon, primed: set[str]) -> list[TypeCue]:
    lex = lexicon.types
    candidates: list[TypeCue] = []
    phrases = lex.phrases.find_all(tokens)
    objects = lex.objects.find_all(tokens)
    # model designators name weapons: "31 MQ-9B", "F-35s", "AH-64"
    objects += [PhraseMatch(i, i + 1, kind, (t.norm,)) for i, t in enumerate(tokens) if _DESIGNATOR.fullmatch(t.text)
                for kind in ("arms_purchase", "arms_delivery")]
    equipment = {o.start for o in objects if o.payload == "arms_delivery"}
    for m in phrases:
        if m.payload == "monitoring" and m.end in equipment:
            continue  # "provide Manila with surveillance radars": equipment handed over, not a mission
        if m.payload in lex.threat_types and m.start > 0 and tokens[m.start - 1].norm in lex.threat_prepositions:
            continue  # "to protect nuclear sites from air strikes": what is guarded against
        candidates.append(TypeCue(m.payload, m.start, m.end, m.start, None, _text(tokens, m.start, m.end), lex.ranks[m.payload]))
    for m in lex.primed.find_all(tokens):
        if m.payload in primed:
            candidates.append(TypeCue(m.payload, m.start, m.end, m.start, None, _text(tokens, m.start, m.end), lex.ranks[m.payload]))
    for m in lex.ordinal_primed.find_all(tokens):
        if m.payload in primed and m.start > 0 and _ORDINAL.fullmatch(tokens[m.start - 1].norm):
            candidates.append(TypeCue(m.payload, m.start - 1, m.end, m.start - 1, None,
                                      _text(tokens, m.start - 1, m.end), lex.ranks[m.payload]))
    for verb in lex.verbs.find_all(tokens):
        candidates.extend(_verb_object(tokens, verb, objects, lexicon))
    # "a 5 billion dollar missile deal", "the S-400 deal": weapons naming the deal they are bought by
    for o in objects:
        if o.payload == "arms_purchase" and o.end < len(tokens) and tokens[o.end].norm in lex.deal_nouns:
            candidates.append(TypeCue("arms_purchase", o.start, o.end + 1, o.start, None,
                                      _text(tokens, o.start, o.end + 1), lex.ranks["arms_purchase"]))
    candidates.extend(_passive(tokens, objects, lexicon))
    candidates.extend(_relative(tokens, objects + phrases, lexicon))
    candidates.extend(_sent_from(tokens, objects, phrases, lexicon))
    settled = _settle(candidates, tokens)
    return _drop_modified(tokens, _one_system(_bought_defence(_each(settled, tokens, lexicon), tokens, lexicon), tokens),
                          lexicon)


def _each(cues: list[TypeCue], tokens: Sequence[Token], lexicon: Lexicon) -> list[TypeCue]:
    """`cues` plus the shares a list gives after naming the thing once: "Spain has contributed 37
    military personnel ..., whilst Italy, Finland and Hungary provided 4 each" (personnel too)."""
    out = list(cues)
    for verb in lexicon.types.transfer.find(tokens):
        end = verb.end + 2
        if end > len(tokens) or tokens[verb.end + 1].norm != "each" \
                or not (tokens[verb.end].norm[:1].isdigit() or lexicon.amounts.number_words.at(tokens, verb.end)):
            continue
        named = [c for c in cues if c.end <= verb.start and c.type in lexicon.types.counted_types]
        if named and not any(c.start < end and verb.start < c.end for c in cues):
            out.append(TypeCue(named[-1].type, verb.start, end, verb.start, verb.end, _text(tokens, verb.start, end),
                               named[-1].rank))
    return sorted(out, key=lambda c: c.start)


def _bought_defence(cues: list[TypeCue], tokens: Sequence[Token], lexicon: Lexicon) -> list[TypeCue]:
    """Air defence named as the object of a verb of buying ("Sweden will buy four Patriot
    systems") is the buyer's purchase (data/types.yaml `buying_verbs`)."""
    window = lexicon.types.window
    out = []
    for c in cues:
        verb = next((v for v in lexicon.types.buying_verbs.find(tokens, max(0, c.start - window), c.start)
                     if not any(t.norm in (",", ";", ".") for t in tokens[v.end:c.start])), None) \
            if c.type == "air_defence" and c.verb_end is None else None
        if verb is None:
            out.append(c)
            continue
        out.append(TypeCue("arms_purchase", verb.start, c.end, verb.start, verb.end, _text(tokens, verb.start, c.end),
                           lexicon.types.ranks["arms_purchase"]))
    return out


def _one_system(cues: list[TypeCue], tokens: Sequence[Token]) -> list[TypeCue]:
    """An air-defence phrase that goes on naming the system a purchase has just named ("purchase
    Raytheon's Patriot air and missile defense system") is that purchase, not a cue of its own."""
    bought = [c.end for c in cues if c.type == "arms_purchase"]
    return [c for c in cues if not (
        c.type == "air_defence" and c.verb_end is None
        and any(0 <= c.start - end <= _SAME_SYSTEM and not any(t.norm in (",", ";", ".") for t in tokens[end:c.start])
                for end in bought))]


def _verb_object(tokens: Sequence[Token], verb: PhraseMatch[str], objects: list[PhraseMatch[str]],
                 lexicon: Lexicon) -> list[TypeCue]:
    window = lexicon.types.window
    stop = verb.end
    words = 0  # quotation marks and brackets take no place in the window: withdrawing the “main part” of its forces
    # "offer logistical support for any peacekeeping force": the object ends where "for" begins
    while stop < len(tokens) and words <= window and tokens[stop].norm not in _STOP \
            and tokens[stop].norm not in _OBJECT_STOP \
            and not (tokens[stop - 1].norm in ("and", "to") and lexicon.types.verbs.at(tokens, stop)):
        # "deliver more arms and train soldiers", "commits Turkey to train Somali forces": the object
        # ends where the next verb begins
        words += tokens[stop].is_word
        stop += 1
    found = [o for o in objects if o.payload == verb.payload and verb.end <= o.start and o.end <= stop]
    if not found:
        return []
    obj = found[0]
    if verb.payload == "troop_deployment" and lexicon.modality.receive.at(tokens, verb.start):
        return []  # "Thailand received two warships from South Korea": vessels received are handed over
    if tokens[verb.end - 1].norm in lexicon.types.presence_verbs and any(
            lexicon.types.verbs.at(tokens, k) for k in range(verb.end, obj.start)):
        return []  # "has trained 75,000 soldiers", "has denied any deployment of": an auxiliary, no presence
    if tokens[verb.end - 1].norm == "for" and any(
            v.payload != verb.payload for k in range(verb.end, obj.start) for v in lexicon.types.verbs.at(tokens, k)):
        return []  # "a contract for the supply of the arms": the nearer noun says what the deal is
    if tokens[verb.start].norm in _COMMANDS and obj.end < len(tokens) and tokens[obj.end].norm == "to":
        return []  # "ordered F-35 fighter jets to be deployed": a command, not a purchase
    rank = lexicon.types.ranks[verb.payload]
    if obj.start - verb.end >= 2 and tokens[obj.start - 1].norm in ("and", "or") \
            and not any(o.payload == verb.payload for o in objects if verb.end <= o.start < obj.start):
        # "send troops or weapons": the second object is a cue of its own, so that the verb's
        # first object (a cue of another type) does not swallow it
        return [TypeCue(verb.payload, obj.start, obj.end, obj.start, None, _text(tokens, obj.start, obj.end), rank)]
    return [TypeCue(verb.payload, verb.start, obj.end, verb.start, verb.end, _text(tokens, verb.start, obj.end), rank)]


def _passive(tokens: Sequence[Token], objects: list[PhraseMatch[str]], lexicon: Lexicon) -> list[TypeCue]:
    """"troops will be stationed", "F-16s were delivered", "police officers deployed to Haiti": the
    object comes first."""
    found = []
    for obj in objects:
        # "Troops from Chad and Niger arrived in Mali": where they come from stands between
        start = _after_names_from(tokens, obj.end)
        j = start
        saw_be = False
        while j < len(tokens) and j - start <= 4 and tokens[j].norm not in _STOP:
            saw_be = saw_be or tokens[j].norm in _BE
            verbs = [v for v in lexicon.types.verbs.at(tokens, j) if v.payload == obj.payload]
            # "the first 400 Kenyan police officers deployed to Haiti": a participle right after its object
            participle = j == start and tokens[j].norm.endswith("ed")
            arriving = [v for v in lexicon.types.arrivals.at(tokens, j) if v.payload == obj.payload] \
                if j - start <= 2 else []
            # "a Mozambican contingent are set to leave Burundi": leaving, a few words on
            arriving = arriving or [v for v in lexicon.types.departures.at(tokens, j) if v.payload == obj.payload]
            if arriving:  # "ECOWAS troops entered The Gambia", "American troops will withdraw from Iraq"
                verbs, participle = arriving, True
            if verbs and (saw_be or participle):
                v = verbs[0]
                found.append(TypeCue(obj.payload, obj.start, v.end, obj.start, None, _text(tokens, obj.start, v.end),
                                     lexicon.types.ranks[obj.payload]))
                break
            j += 1
    return found


def _sent_from(tokens: Sequence[Token], objects: list[PhraseMatch[str]], phrases: list[PhraseMatch[str]],
               lexicon: Lexicon) -> list[TypeCue]:
    """"personnel from Fiji, Tonga and Vanuatu", "soldiers from Kenya and Uganda": people of a
    mission named with the states they come from are those states' contribution (the clause's
    status decides whether one is claimed; kg.extract.commitments reads the states after "from"),
    of the kind of mission the sentence names ("The truce monitoring group will include personnel
    from Fiji": monitoring)."""
    missions = [m.payload for m in phrases if m.payload in lexicon.types.sent_from_types and m.payload != "troop_deployment"]
    found = []
    for o in objects:
        if o.payload in lexicon.types.sent_from_types and o.end + 1 < len(tokens) \
                and tokens[o.end].norm == "from" and tokens[o.end + 1].capitalized \
                and not lexicon.modality.receive.find(tokens, max(0, o.start - 4), o.start):
            # ("Thailand received two warships from South Korea": a delivery, not a contribution)
            kind = missions[0] if missions else o.payload
            found.append(TypeCue(kind, o.start, o.end, o.start, None, _text(tokens, o.start, o.end), lexicon.types.ranks[kind]))
    return found


def _after_names_from(tokens: Sequence[Token], k: int) -> int:
    """Past "from Chad and Niger" at k (capitalised words, commas and "and"), else k itself."""
    if k >= len(tokens) or tokens[k].norm != "from" or k + 1 >= len(tokens) or not tokens[k + 1].capitalized:
        return k
    j = k + 1
    while j < len(tokens) and (tokens[j].capitalized or tokens[j].norm in (",", "and", "the")):
        j += 1
    return j


def _relative(tokens: Sequence[Token], objects: list[PhraseMatch[str]], lexicon: Lexicon) -> list[TypeCue]:
    """"the brigade of 4,800 personnel that the German armed forces, the Bundeswehr, is to deploy":
    an object, then "that"/"which", then the verb of its type in the relative clause."""
    found = []
    for obj in objects:
        # "the Gepard air defense system that ...": one head word may stand between
        k = obj.end + (obj.end + 1 < len(tokens) and tokens[obj.end].is_word
                       and tokens[obj.end].norm not in _STOP and tokens[obj.end + 1].norm in ("that", "which"))
        if k >= len(tokens) or tokens[k].norm not in ("that", "which"):
            continue
        j = k + 1
        while j < len(tokens) and j - k <= 14 and tokens[j].norm not in (".", ";", ":", "?", "!"):
            verbs = [v for v in lexicon.types.verbs.at(tokens, j) if v.payload == obj.payload]
            if verbs:
                v = verbs[0]
                start = obj.start  # "the Gepard air defense system": the whole name of the thing
                while any(o.end == start and o.payload == obj.payload for o in objects):
                    start = min(o.start for o in objects if o.end == start and o.payload == obj.payload)
                # anchored on the verb: its subject in the relative clause gives ("... that Berlin has sent")
                found.append(TypeCue(obj.payload, start, v.end, v.start, None, _text(tokens, start, v.end),
                                     lexicon.types.ranks[obj.payload]))
                break
            j += 1
    return found


def _overlap(a: TypeCue, b: TypeCue) -> bool:
    return a.start < b.end and b.start < a.end


def _merge(a: TypeCue, b: TypeCue, tokens: Sequence[Token]) -> TypeCue:
    start, end = min(a.start, b.start), max(a.end, b.end)
    verb_end = a.verb_end if a.verb_end is not None else b.verb_end
    # a cue anchored on a verb after its object (a relative clause) keeps that anchor
    inner = [c.anchor for c in (a, b) if c.anchor > c.start and c.verb_end is None]
    anchor = min(inner) if inner else min(a.anchor, b.anchor)
    return TypeCue(a.type, start, end, anchor, verb_end, _text(tokens, start, end), a.rank)


def _settle(candidates: list[TypeCue], tokens: Sequence[Token]) -> list[TypeCue]:
    """One cue per overlapping cluster: cues of one type merge; of two types the higher rank
    (then the longer, then the earlier) wins."""
    kept: list[TypeCue] = []
    for cue in sorted(candidates, key=lambda c: (-c.rank, -(c.end - c.start), c.start)):
        clash = [k for k in kept if _overlap(cue, k)]
        if not clash:
            kept.append(cue)
        elif all(k.type == cue.type for k in clash):
            merged = cue
            for k in clash:
                kept.remove(k)
                merged = _merge(merged, k, tokens)
            kept.append(merged)
    return sorted(kept, key=lambda c: c.start)


def _drop_modified(tokens: Sequence[Token], cues: list[TypeCue], lexicon: Lexicon) -> list[TypeCue]:
    modifiers = lexicon.types.modifier_prefixes.find_all(tokens)
    ends = {m.end for m in modifiers}
    forms = {m.end for m in lexicon.types.form_prefixes.find_all(tokens)}
    own = {m.end for m in lexicon.types.own_prefixes.find_all(tokens) if not _helped(tokens, m.start, lexicon)}
    kept = []
    for cue in cues:
        if cue.start in forms and cue.type in lexicon.types.form_types:
            kept.append(cue)  # "a further £2.2 billion as a loan": the form the money takes
            continue
        if cue.start in ends or (cue.verb_end is None and cue.start in own):
            continue
        if cue.verb_end is None and cue.start > 0 and tokens[cue.start - 1].norm in lexicon.types.vague_words:
            continue  # "and other assistance to the Philippines"
        if cue.verb_end is None and cue.start - 1 in ends and tokens[cue.start - 1].is_word:
            continue  # "the issue of Ukrainian security guarantees"
        head = tokens[cue.end].norm if cue.end < len(tokens) else ""
        if cue.verb_end is None and head in lexicon.types.modifier_heads \
                and not (head.startswith("mission") and cue.type in lexicon.types.keeps_mission):
            continue  # "the military assistance mission": a noun modifier ("its air policing mission" is one)
        kept.append(cue)
    return kept


def _helped(tokens: Sequence[Token], start: int, lexicon: Lexicon) -> bool:
    """Whether what an actor improves of its own is helped by another: "will help Ukraine bolster
    its air defenses" (the helper commits), not "to bolster its air defenses"."""
    return any(t.norm in lexicon.syntax.helping_words for t in tokens[max(0, start - _HELP_REACH):start])


def money_cues(tokens: Sequence[Token], money: Sequence[Money], status: Sequence[Cue], cues: list[TypeCue],
               lexicon: Lexicon) -> list[TypeCue]:
    """`cues` plus financial aid for money pledged or given with no other type named near it
    ("the Netherlands pledged 90 million euros to ...", "will provide 500 million euros")."""
    giving = [v.end for v in lexicon.types.transfer.find(tokens)] + [v.end for v in lexicon.types.money_verbs.find(tokens)]
    out = list(cues)
    for amount in money:
        pledged = any(c.label in ("pledged", "delivered") and 0 <= amount.start - c.end <= 6 for c in status)
        given = any(0 <= amount.start - end <= 3 for end in giving)
        # "keep its support for Kyiv at €1 billion": an aid noun just before the amount, with a status
        aid = bool(status) and any(t.norm in _AID_NOUNS for t in tokens[max(0, amount.start - 5):amount.start])
        # a cue of another clause ("will not export weapons, but has pledged 5 billion") is not near
        # (a bracketed conversion after the amount does not count: "£3 billion (€3.6 billion) in military aid")
        reach = 6 + past_conversion(tokens, amount.end) - amount.end
        near = any(c.start < amount.end + reach and c.end > amount.start - 8
                   and not any(t.norm in ("but", ";") for t in tokens[min(c.end, amount.end):max(c.start, amount.start)])
                   for c in out)
        # "has frozen €200 billion of Russian central bank assets": money named as holdings is no aid
        holdings = amount.end < len(tokens) and tokens[amount.end].norm == "of" \
            and any(t.norm in _HOLDINGS for t in tokens[amount.end:amount.end + 7])
        # "is spending $11 million to repair its helicopters": a state's own spending is no aid
        spent = bool(lexicon.types.spending_verbs.find(tokens, max(0, amount.start - 3), amount.start))
        if (pledged or given or aid) and not near and not holdings:
            bought = _bought_with(tokens, amount, lexicon)
            if bought is not None:  # "will pay $4.5 billion for 30 Rafale jets": the price of a purchase
                out.append(TypeCue("arms_purchase", amount.start, bought, amount.start, None,
                                   _text(tokens, amount.start, bought), lexicon.types.ranks["arms_purchase"]))
                continue
            if spent:
                continue
            out.append(TypeCue("financial_aid", amount.start, amount.end, amount.start, None, amount.text,
                               lexicon.types.ranks["financial_aid"]))
    return sorted(out, key=lambda c: c.start)


def _bought_with(tokens: Sequence[Token], amount: Money, lexicon: Lexicon) -> int | None:
    """The end of the weapons an amount pays for ("$4.5 billion for 30 Rafale jets", "$10 billion
    on K2 tanks"), or None: "for" or "on" right after the amount, then arms within a few words."""
    if amount.end >= len(tokens) or tokens[amount.end].norm not in ("for", "on"):
        return None
    stop = min(len(tokens), amount.end + 1 + _PRICE_REACH)
    ends = [o.end for o in lexicon.types.objects.find_all(tokens, amount.end + 1, stop) if o.payload == "arms_purchase"]
    ends += [k + 1 for k in range(amount.end + 1, stop) if _DESIGNATOR.fullmatch(tokens[k].text)]  # "the S-400 system"
    if not ends:
        return None
    end = min(ends)
    if any(t.norm in (",", ";", "and") for t in tokens[amount.end + 1:end]):
        return None
    return end
