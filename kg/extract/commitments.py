"""Commitments: one per type cue and committer, with status, parties, amounts, date and evidence.

For each type cue of a sentence (cues.py):
* the clause is the reported content of the sentence's frame when the cue lies in it ("Macron
  said ... that [Europe is ready to provide security guarantees to Kyiv]"), else the sentence;
* committer: the object of a persuasion verb before the cue ("persuade Trump to impose ..."),
  else the nearest subject-like name before the cue (not inside a prepositional phrase, not a
  possessor of the cue), with its coordinated names ("the United Kingdom and France" -> two
  commitments), else a name after the cue that a verb follows ("what guarantees various
  European countries would provide"), else a pronoun subject or nothing at all -> the speaker.
  A person who holds a post of a state or organisation commits it (Trump -> United States) and
  becomes `announced_by`;
* status, condition: modality.py; an elaborating sentence ("In particular, ...") inherits the
  previous sentence's condition for commitments of the same type;
* beneficiary: "to/for X" (and "in X" for deployments) after the cue, "X's" before it,
  "Ukrainian pilots" for training; else the previous sentence's when elaborating, the section
  heading's "for X", or the article's most frequent beneficiary (cue beneficiary:default);
* target: "against X", for sanctions also "on X", "Russia's", "Russian oil"; counterparty of a
  purchase: "American weapons", "from X";
* date: the sentence's own date, else the narrative date of events.py.
A sentence naming the parts of a reported commitment ("The security guarantees would include:
...") adds components to it and no commitment of its own; "Washington is working on this"
continues the previous sentence's commitment type with a new committer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.claims.model import Commitment, Quantity
from kg.claims.vocabulary import CommitmentType, Status
from kg.extract.actors import ActorMatcher, Mention
from kg.extract.amounts import Money
from kg.extract.analysis import SentenceAnalysis
from kg.extract.cues import TypeCue
from kg.extract.frames import Frame, main_frame
from kg.extract.lexicon import Lexicon
from kg.extract.modality import choose_status
from kg.extract.registry import ActorRegistry

# Types that have a receiving side; the article's default beneficiary may fill them.
_HAS_BENEFICIARY = frozenset({"security_guarantee", "troop_deployment", "arms_delivery", "air_defence", "air_support",
                              "financial_aid", "training", "monitoring", "other"})
_PLACED = frozenset({"troop_deployment", "monitoring", "training", "air_defence", "air_support"})
_CLAUSE_BREAK = frozenset({";"})
_PROPOSING_FRAMES = frozenset({"propose", "suggest"})
_PLEDGING_FRAMES = frozenset({"promise", "pledge", "vow"})


@dataclass
class _Draft:
    commitment: Commitment
    sentence: int
    paragraph: int
    section: int
    explicit_beneficiary: bool
    cues: list[str] = field(default_factory=list)


class CommitmentBuilder:
    """Builds the commitments of one document (reusable: holds the lexicon and actor matcher)."""

    def __init__(self, lexicon: Lexicon, matcher: ActorMatcher) -> None:
        self._lex = lexicon
        self._matcher = matcher

    # --- the document -------------------------------------------------------------------------

    def build(self, analyses: Sequence[SentenceAnalysis], registry: ActorRegistry) -> list[Commitment]:
        drafts: list[_Draft] = []
        heading_beneficiary: dict[int, str] = {}
        last_person: Mention | None = None
        previous: SentenceAnalysis | None = None   # the sentence before, within the paragraph
        previous_index = -1
        for index, a in enumerate(analyses):
            s = a.sentence
            if s.heading:
                found = self._heading_beneficiary(a)
                if found:
                    heading_beneficiary[s.section] = found
                previous = None
                continue
            if previous is not None and previous.sentence.paragraph != s.paragraph:
                previous = None if not a.elaboration else previous
            made: list[_Draft] = []
            if self._components(a, drafts):
                previous, previous_index = a, index
                continue
            for cue in a.type_cues:
                made.extend(self._from_cue(a, index, cue, last_person, registry))
            if not a.type_cues and previous is not None and previous.type_cues:
                made.extend(self._anaphoric(a, index, previous, registry))
            if a.elaboration and previous is not None:
                self._inherit(made, [d for d in drafts if d.sentence == previous_index])
            drafts.extend(_dedupe(made))
            persons = [m for m in a.mentions if m.kind == "person"]
            if persons:
                last_person = persons[-1]
            previous, previous_index = a, index
        self._fill_beneficiaries(drafts, heading_beneficiary)
        out = []
        for d in drafts:
            d.commitment.cues = list(dict.fromkeys(d.commitment.cues + d.cues))
            out.append(d.commitment)
        return out

    # --- one cue --------------------------------------------------------------------------------

    def _from_cue(self, a: SentenceAnalysis, index: int, cue: TypeCue, last_person: Mention | None,
                  registry: ActorRegistry) -> list[_Draft]:
        tokens = a.tokens
        frame = main_frame(a.frames)
        if any(c.start <= cue.start < c.end for c in a.conditions):
            return []  # "if Russia violates the ceasefire" names no commitment
        clause_start, clause_end = 0, len(tokens)
        if frame is not None:
            if frame.trailing:
                if frame.complement_start <= cue.start < frame.complement_end:
                    clause_start, clause_end = frame.complement_start, frame.complement_end
                else:
                    return []
            elif cue.start >= frame.complement_start:
                clause_start = frame.complement_start
            elif cue.start >= frame.speaker_start:
                return []  # the cue is in the frame itself ("Bloomberg reported a ...")
        for k in range(cue.start - 1, clause_start - 1, -1):
            if tokens[k].norm in _CLAUSE_BREAK:
                clause_start = k + 1
                break
        speaker = frame.speaker if frame is not None else None
        if frame is not None and frame.pronoun and last_person is not None:
            speaker = last_person
        cues = [f"type:{cue.type}:{cue.text}"]
        proposer: Mention | None = None
        status_override: tuple[str, str] | None = None
        committers, how = self._persuaded(a, cue, clause_start)
        if committers:
            proposer = committers.pop()
            status_override = ("proposed", "persuade")
        else:
            committers, how = self._subjects(a, cue, clause_start, clause_end)
        if self._lex.modality.rejections.find(tokens, clause_start, clause_end):
            return []  # "any deployment of Western troops would be unacceptable"
        beneficiary_override: str | None = None
        if how == "subject":
            predicate = (max(m.end for m in committers), cue.verb_end or cue.start)
            if self._lex.modality.appeals.find(tokens, *predicate):
                return []  # "Zelensky called for more air defence": he asks, others would commit
            if self._lex.modality.receive.find(tokens, *predicate):
                giver = next((m for m in a.mentions if cue.end <= m.start < clause_end and m.actor
                              and m.start > 0 and tokens[m.start - 1].norm == "from"), None)
                if giver is None:
                    return []  # "Ukraine will receive more air defence": from whom is not said
                beneficiary_override = self._name(committers[0], registry)
                committers, how = [giver], "giver"
        if not committers:
            pronoun = self._lex.syntax.speaker_pronouns.find(tokens, clause_start, cue.anchor)
            if speaker is not None and speaker.kind != "media":
                committers, how = [speaker], "speaker:pronoun" if pronoun else "speaker"
        if not committers:
            return []
        subject_end = max(m.end for m in committers) if how in ("subject", "persuaded") else clause_start
        if how == "giver":
            subject_end = clause_start
        condition = next((c for c in a.conditions if not (c.start <= cue.start < c.end)), None)
        chosen = choose_status(a.status_cues, a.negations, subject_end=subject_end, cue_start=cue.start,
                               cue_end=cue.end, clause_end=clause_end, conditional=condition is not None)
        if status_override is not None:
            if any(subject_end <= n.start < cue.end for n in a.negations):
                return []
            status, status_cue = status_override[0], status_override[1]
        elif chosen is None:
            framed, status_cue = self._frame_status(frame)
            if framed is None:
                return []
            status = framed
        else:
            status = chosen[0]
            status_cue = chosen[1].text if chosen[1] is not None else (condition.cue if condition else "")
        cues.append(f"status:{status}:{status_cue}")
        if condition is not None:
            cues.append(f"condition:{condition.cue}")
        announced_by = speaker.name if speaker is not None and speaker.kind == "person" else None
        proposed_by = self._name(proposer, registry) if proposer is not None else None
        if frame is not None and frame.lemma in _PROPOSING_FRAMES and speaker is not None and how != "speaker":
            proposed_by = proposed_by or self._name(speaker, registry)
        date, date_cue = self._date(a, cue, frame)
        if date_cue:
            cues.append(date_cue)
        if a.attribution:
            cues.append(f"attribution:{a.attribution}")
        drafts = []
        for mention in committers:
            committer = self._name(mention, registry)
            person = mention.name if mention.kind == "person" else None
            beneficiary = beneficiary_override or self._beneficiary(a, cue, clause_end, committer, registry)
            target = self._target(a, cue, clause_end, committer, registry)
            counterparty = self._counterparty(a, cue, clause_end, committer, registry)
            money = self._money(a, cue, clause_start, clause_end)
            quantity = self._quantity(a, cue, mention)
            commitment = Commitment(
                committer=committer, type=CommitmentType(cue.type), status=Status(status),
                beneficiary=beneficiary, target=target, counterparty=counterparty,
                condition=condition.text if condition is not None else None,
                amount=money.amount if money else None, currency=money.currency if money else None,
                quantity=quantity, date=date,
                announced_by=announced_by or (person if how in ("subject", "after") and not a.attribution else None),
                proposed_by=proposed_by if proposed_by != committer else None,
                attributed_to=a.attribution,
                quote=a.sentence.text, quote_start=a.sentence.start, quote_end=a.sentence.end,
                confidence=_confidence(how, status_cue, beneficiary, a.attribution),
                cues=[*cues, f"committer:{how}:{mention.surface}"])
            if mention.is_demonym and beneficiary is None and cue.type in _HAS_BENEFICIARY:
                continue  # "Russian forces deployed troops near Pokrovsk": forces acting, not a commitment to anyone
            drafts.append(_Draft(commitment, index, a.sentence.paragraph, a.sentence.section, beneficiary is not None))
        return drafts

    def _frame_status(self, frame: Frame | None) -> tuple[str | None, str]:
        if frame is not None and frame.that and frame.lemma in _PROPOSING_FRAMES:
            return "proposed", frame.lemma
        if frame is not None and frame.that and frame.lemma in _PLEDGING_FRAMES:
            return "pledged", frame.lemma
        return None, ""

    def _name(self, mention: Mention, registry: ActorRegistry) -> str:
        """The actor a mention commits: a post holder commits the state or body of the post."""
        if mention.kind == "person" and mention.office:
            entry = self._matcher.entry(mention.office)
            name = entry.name if entry is not None else mention.office
            kind = entry.kind if entry is not None else (mention.office_kind or "state")
            return registry.declare(name, kind, wikidata=getattr(entry, "wikidata", None))
        registry.declare_mention(mention, self._matcher)
        return mention.name

    # --- who ------------------------------------------------------------------------------------

    def _chains(self, a: SentenceAnalysis, start: int, end: int) -> list[list[Mention]]:
        """Coordinated names ("the United Kingdom and France") between tokens start and end."""
        tokens = a.tokens
        chains: list[list[Mention]] = []
        in_money = {i for money in a.money for i in range(money.start, money.end)}
        for m in a.mentions:
            if m.start < start or m.end > end or not m.actor or m.kind == "media" or m.start in in_money:
                continue  # "2 billion Canadian dollars" names a currency, not an actor
            if chains:
                prev = chains[-1][-1]
                gap = tokens[prev.end:m.start]
                covered = self._lex.syntax.coordinators.find(tokens, prev.end, m.start)
                if gap and sum(c.end - c.start for c in covered) == len(gap) and \
                        any(t.norm in (",", "and", "&", "as", "plus") for t in gap):
                    chains[-1].append(m)
                    continue
                if not gap:
                    chains[-1].append(m)
                    continue
            chains.append([m])
        return chains

    def _prepositional(self, a: SentenceAnalysis, m: Mention) -> bool:
        j = m.start
        if j > 0 and a.tokens[j - 1].norm == "the":
            j -= 1
        while j > 0 and a.tokens[j - 1].text in ('"', "“", "'"):
            j -= 1
        return j > 0 and a.tokens[j - 1].norm in self._lex.syntax.prepositions

    def _possessor(self, a: SentenceAnalysis, m: Mention, cue: TypeCue) -> bool:
        return m.end < len(a.tokens) and a.tokens[m.end].norm == "'s" and cue.start - m.end <= 3

    def _subjects(self, a: SentenceAnalysis, cue: TypeCue, start: int, end: int) -> tuple[list[Mention], str]:
        before = [c for c in self._chains(a, start, cue.anchor)
                  if not self._prepositional(a, c[0]) and not self._possessor(a, c[-1], cue)]
        # a demonym is an adjective ("frozen Russian assets"): it is the subject only when no
        # name is ("British troops will be stationed")
        named = [c for c in before if not all(m.is_demonym for m in c)]
        if named or before:
            return list((named or before)[-1]), "subject"
        followers = self._lex.syntax.subject_followers
        for chain in self._chains(a, cue.end, end):
            last = chain[-1]
            if not self._prepositional(a, chain[0]) and last.end < len(a.tokens) \
                    and a.tokens[last.end].norm in followers:
                return list(chain), "after"
        return [], ""

    def _persuaded(self, a: SentenceAnalysis, cue: TypeCue, clause_start: int) -> tuple[list[Mention], str]:
        """[proposer] persuade [committer] to ... cue -> [committer, proposer]."""
        for p in a.persuasions:
            if not (clause_start <= p.start and p.end <= cue.anchor):
                continue
            obj = next((m for m in a.mentions if m.start in (p.end, p.end + 1) and m.actor and m.kind != "media"), None)
            if obj is None or obj.end >= cue.anchor:
                continue
            if not any(t.norm == "to" for t in a.tokens[obj.end:obj.end + 3]):
                continue
            proposers = [c for c in self._chains(a, clause_start, p.start) if not self._prepositional(a, c[0])]
            if not proposers:
                continue
            return [obj, proposers[-1][-1]], "persuaded"
        return [], ""

    # --- whom -----------------------------------------------------------------------------------

    def _beneficiary(self, a: SentenceAnalysis, cue: TypeCue, end: int, committer: str,
                     registry: ActorRegistry) -> str | None:
        if cue.type in ("sanctions", "arms_purchase"):
            return None
        preps = {"to", "for"} | ({"in", "into"} if cue.type in _PLACED else set())
        blocked = [(c.cue_start, c.end) for c in a.conditions]
        for m in a.mentions:
            if m.start < cue.start or m.start >= end or not m.actor or m.kind == "media":
                continue
            if any(s <= m.start < e for s, e in blocked):
                continue
            j = m.start - 1
            if j >= 0 and a.tokens[j].norm == "the":
                j -= 1
            if j >= 0 and a.tokens[j].norm in preps:
                name = self._name(m, registry)
                if name != committer:
                    return name
        for m in a.mentions:  # "Ukraine's air defence"
            if m.actor and self._possessor(a, m, cue) and m.end <= cue.start:
                name = self._name(m, registry)
                if name != committer:
                    return name
        if cue.type == "training":  # "train Ukrainian pilots"
            for m in a.mentions:
                if m.is_demonym and cue.start <= m.start < cue.end + 2 and m.name != committer:
                    return self._name(m, registry)
        return None

    def _target(self, a: SentenceAnalysis, cue: TypeCue, end: int, committer: str,
                registry: ActorRegistry) -> str | None:
        sanctions = cue.type == "sanctions"
        blocked = [(c.cue_start, c.end) for c in a.conditions]
        for m in a.mentions:
            if m.start < cue.start or m.start >= end or not m.actor or any(s <= m.start < e for s, e in blocked):
                continue
            j = m.start - 1
            if j >= 0 and a.tokens[j].norm == "the":
                j -= 1
            prep = a.tokens[j].norm if j >= 0 else ""
            if prep == "against" or (sanctions and prep in ("on", "targeting", "targeted", "over")) or \
                    (sanctions and m.is_demonym and m.start <= cue.end + 1):
                name = self._name(m, registry)
                if name != committer:
                    return name
        if sanctions:
            for m in a.mentions:
                if m.actor and self._possessor(a, m, cue) and m.end <= cue.start and m.name != committer:
                    return self._name(m, registry)
            # "sanctioned 76 entities linked to Russia's shadow fleet": the state the clause goes on to name
            for m in a.mentions:
                if m.actor and m.kind == "state" and cue.end <= m.start < end and m.name != committer \
                        and not any(s <= m.start < e for s, e in blocked):
                    return self._name(m, registry)
        return None

    def _counterparty(self, a: SentenceAnalysis, cue: TypeCue, end: int, committer: str,
                      registry: ActorRegistry) -> str | None:
        if cue.type != "arms_purchase":
            return None
        for m in a.mentions:
            if not m.actor or m.kind == "media":
                continue
            inside = cue.start < m.start < cue.end
            source = cue.end <= m.start < end and m.start > 0 and a.tokens[m.start - 1].norm in ("from",)
            if inside or source:
                name = self._name(m, registry)
                if name != committer:
                    return name
        return None

    # --- how much, when -------------------------------------------------------------------------

    def _money(self, a: SentenceAnalysis, cue: TypeCue, start: int, end: int) -> Money | None:
        inside = [m for m in a.money if start <= m.start < end]
        if not inside:
            return None
        after = [m for m in inside if m.start >= cue.start]
        pool = after or inside
        return min(pool, key=lambda m: abs(m.start - cue.end))

    def _quantity(self, a: SentenceAnalysis, cue: TypeCue, committer: Mention) -> Quantity | None:
        for q in a.quantities:  # inside the cue ("send hundreds of soldiers") or around its object ("two Patriot systems")
            if q.start < cue.end + 3 and q.end > cue.start and not any(q.start == m.start for m in a.mentions if m.via == "counted"):
                return q.quantity
        if committer.quantity is not None:
            return committer.quantity
        return None

    def _date(self, a: SentenceAnalysis, cue: TypeCue, frame: Frame | None) -> tuple[dt.date | None, str | None]:
        dates = a.dates
        if dates:
            if frame is not None:
                # the day it was said: "said in Paris on Wednesday, September 3, that ...",
                # "..., Merz said on Wednesday"
                if frame.trailing:
                    in_frame = [d for d in dates if d.start >= frame.speaker_start]
                else:
                    in_frame = [d for d in dates if frame.verb_start <= d.start < frame.complement_start]
                if in_frame:
                    dates = in_frame
            best = min(dates, key=lambda d: (d.precision != "day", abs(d.start - cue.start)))
            kind = "date:week" if best.precision == "week" else ("date:relative" if best.relative else "date")
            return best.date, f"{kind}:{best.text}"
        if a.narrative_date is not None:
            return a.narrative_date, a.narrative_cue
        return None, None

    # --- other sentence shapes -----------------------------------------------------------------

    def _components(self, a: SentenceAnalysis, drafts: list[_Draft]) -> bool:
        """"The security guarantees would include the following components: A, B, and C." """
        tokens = a.tokens
        lex = self._lex.types
        if len(tokens) < 4 or tokens[0].norm not in ("the", "these", "such", "this"):
            return False
        verb = next((m for m in lex.component_verbs.find(tokens, 1, min(len(tokens), 8))), None)
        if verb is None:
            return False
        head = tokens[1:verb.start]
        cue = next((c for c in a.type_cues if c.start < verb.start), None)
        if cue is None and not any(t.norm in lex.component_heads for t in head):
            return False
        colon = next((k for k in range(verb.end, len(tokens)) if tokens[k].text == ":"), None)
        start = colon + 1 if colon is not None else verb.end
        items: list[str] = []
        current: list[str] = []
        for t in tokens[start:]:
            if t.norm in (",", "and", ".", ";"):
                if current:
                    items.append(" ".join(current))
                current = []
            else:
                current.append(t.text)
        if current:
            items.append(" ".join(current))
        items = [_spell(i, lex.spellings) for i in items if i]
        paragraph = [d for d in drafts if d.paragraph == a.sentence.paragraph]
        if cue is not None:
            paragraph = [d for d in paragraph if d.commitment.type == cue.type] or paragraph
        if paragraph and items:
            target = paragraph[-1].commitment
            target.components = list(dict.fromkeys(target.components + items))
            target.cues.append(f"components:{' '.join(t.text for t in tokens[verb.start:verb.end])}")
        return True

    def _anaphoric(self, a: SentenceAnalysis, index: int, previous: SentenceAnalysis,
                   registry: ActorRegistry) -> list[_Draft]:
        """"Washington is currently working on this." continues the previous sentence's type."""
        anaphors = self._lex.syntax.anaphors.find(a.tokens)
        statuses = [c for c in a.status_cues if c.label not in ("none",)]
        if not anaphors or not statuses or a.negations:
            return []
        status_cue = statuses[0]
        if not any(x.start >= status_cue.end for x in anaphors):
            return []
        chains = [c for c in self._chains(a, 0, status_cue.start) if not self._prepositional(a, c[0])]
        if not chains:
            return []
        cue = previous.type_cues[0]
        speaker = previous.speaker()
        announced_by = speaker.name if speaker is not None and speaker.kind == "person" else None
        drafts = []
        for mention in chains[-1]:
            committer = self._name(mention, registry)
            commitment = Commitment(
                committer=committer, type=CommitmentType(cue.type), status=Status(status_cue.label),
                attributed_to=a.attribution,
                announced_by=announced_by,
                date=a.day_dates[0].date if a.day_dates else None,
                quote=a.sentence.text, quote_start=a.sentence.start, quote_end=a.sentence.end, confidence=0.35,
                cues=[f"type:{cue.type}:anaphor:{cue.text}", f"status:{status_cue.label}:{status_cue.text}",
                      f"committer:anaphor:{mention.surface}"])
            drafts.append(_Draft(commitment, index, a.sentence.paragraph, a.sentence.section, False))
        return drafts

    def _inherit(self, made: list[_Draft], before: list[_Draft]) -> None:
        """An elaborating sentence keeps the previous sentence's condition and beneficiary."""
        for d in made:
            c = d.commitment
            same = [b.commitment for b in before if b.commitment.type == c.type]
            if not same:
                continue
            source = same[-1]
            if c.condition is None and source.condition is not None:
                c.condition = source.condition
                if c.status in (Status.REPORTED_INTENT, Status.PLEDGED):
                    c.status = Status.CONDITIONAL
                d.cues.append(f"condition:inherited:{source.condition}")
            if c.beneficiary is None and source.beneficiary is not None:
                c.beneficiary = source.beneficiary
                d.explicit_beneficiary = True
                d.cues.append(f"beneficiary:inherited:{source.beneficiary}")
            if c.date is None and source.date is not None:
                c.date = source.date

    def _heading_beneficiary(self, a: SentenceAnalysis) -> str | None:
        """"Security guarantees for Ukraine" makes Ukraine the beneficiary of its section."""
        for m in a.mentions:
            if m.actor and m.start > 0 and a.tokens[m.start - 1].norm in ("for", "to") and m.kind in ("state", "group"):
                return m.name
        return None

    def _fill_beneficiaries(self, drafts: list[_Draft], headings: dict[int, str]) -> None:
        explicit = Counter(d.commitment.beneficiary for d in drafts if d.explicit_beneficiary and d.commitment.beneficiary)
        default = explicit.most_common(1)[0][0] if explicit else None
        for d in drafts:
            c = d.commitment
            if c.beneficiary is not None or c.type not in _HAS_BENEFICIARY:
                continue
            found = headings.get(d.section)
            how = "heading"
            if found is None:
                found, how = default, "default"
            if found is not None and found != c.committer:
                c.beneficiary = found
                d.cues.append(f"beneficiary:{how}:{found}")
                c.confidence = round(max(0.05, (c.confidence or 0.5) - 0.05), 2)


def _spell(text: str, spellings: dict[str, str]) -> str:
    return " ".join(spellings.get(w.lower(), w) for w in text.split())


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    seen: dict[tuple[str, str], _Draft] = {}
    for d in drafts:
        key = (d.commitment.committer, d.commitment.type.value)
        if key not in seen:
            seen[key] = d
    return list(seen.values())


def _confidence(how: str, status_cue: str, beneficiary: str | None, attribution: str | None) -> float:
    base = {"subject": 0.7, "persuaded": 0.65, "after": 0.6, "giver": 0.6, "speaker": 0.5,
            "speaker:pronoun": 0.6}.get(how, 0.5)
    base += 0.1 if status_cue else 0.0
    base += 0.05 if beneficiary else 0.0
    if attribution and "unnamed" in attribution:
        base -= 0.1
    return round(min(0.95, max(0.05, base)), 2)

