"""Refusals and denials: what an actor says it will not do, or did not do.

A refusal is recorded as an item with status `refused` (FORMAT.md), its committer the actor who
refuses and its type what was refused (`other` when no type cue names it); the clause it governs
commits nobody. How one is found, and the words each step reads, are in data/refusals.yaml: a
refusal verb whose subject names an actor ("refused to", "blocked"), a negated verb governing a
type cue ("will not participate in"), a judgement with "for X" ("unacceptable for Hungary"), a
refusal noun's owner ("Germany's refusal to send Taurus missiles"), and a host's demand that
foreign forces leave.

`RefusalReader` is a part of kg.extract.commitments.CommitmentBuilder: its methods read the same
sentence analysis and resolve actors with the builder's own helpers (`_named_subjects`,
`_reporter`, `_name`, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kg.claims.model import Commitment
from kg.claims.vocabulary import CommitmentType, Status
from kg.extract import syntax
from kg.extract.actors import Mention
from kg.extract.analysis import SentenceAnalysis
from kg.extract.cues import TypeCue
from kg.extract.frames import main_frame
from kg.extract.phrases import PhraseMatch
from kg.extract.registry import ActorRegistry

if TYPE_CHECKING:
    from kg.extract.drafts import Draft
    from kg.extract.text import Token

# A host's refusal of foreign forces: who refuses, the tokens it spans, its cues (_expulsion).
_HostRefusal = tuple[str, tuple[int, int], list[str]]


class RefusalReader:
    """The refusals of a sentence (mixed into CommitmentBuilder)."""

    def _refusals(self, a: SentenceAnalysis, referent: Mention | None, registry: ActorRegistry,
                  prior: SentenceAnalysis | None, drafts: Sequence[Draft] = ()) -> list[Commitment]:
        """Explicit refusals and denials of the sentence (data/refusals.yaml): who refuses what."""
        lex = self._lex.refusals
        if a.sentence.heading:
            return []
        tokens = a.tokens
        verbs = lex.verbs.find(tokens)
        judgements = lex.judgements.find(tokens)
        refusable = lex.refusable.find(tokens) if a.negations else []
        nouns = lex.nouns.find(tokens)
        if not verbs and not judgements and not nouns and not (a.negations and (a.type_cues or refusable)):
            return []  # most sentences: no parse needed
        parse = a.parse
        found: list[tuple[list[Mention], tuple[int, int], object]] = []   # (actors, scope, verb)
        prohibitions = {m.start for m in lex.prohibitions.find(tokens)}
        denials = {m.start for m in lex.denials.find(tokens)}
        blocked = [(c.cue_start, c.end) for c in a.conditions]
        for m in verbs:
            verb = parse.token(m.start)
            if not syntax.is_verb(verb) or verb.dep_ == "amod" or any(s <= m.start < e for s, e in blocked):
                continue  # "if Russia refuses a ceasefire" is a condition's
            if syntax.negated(verb):
                continue  # "Israel would not oppose a US sale": a double negative refuses nothing
            scope = self._governed(parse, verb)
            if m.start in denials and verb.dep_ == "relcl":
                scope = self._denied_charge(parse, verb) or scope
            if scope is None and m.end - m.start > 1:
                # "stopped short of concrete pledges": the parser hangs the object on "short"
                scope = (m.end, parse.span(verb)[1])
            if scope is None or scope[0] >= scope[1]:
                continue
            # after the verb: the subject's own ("The Russian embassy in Caracas declined ...") is not refused
            objects = [t.lower_ for t in verb.subtree if t.dep_ in ("dobj", "xcomp", "pobj", "ccomp") and t.i > verb.i]
            typed = any(scope[0] <= c.anchor < scope[1] for c in a.type_cues)
            if objects and all(o in lex.not_commitments for o in objects[:1]) \
                    and not (typed and (m.start in denials or objects[0] in lex.requests)):
                # "declined to comment"; but "denied reports that it was arming ..." denies the arming, and
                # "turned down Kyiv's request for long-range missiles" refuses the missiles
                continue
            if m.start in prohibitions and not any(scope[0] <= c.anchor < scope[1] and c.type != "sanctions"
                                                   for c in a.type_cues):
                continue  # "will prohibit new investments": a sanction
            if verb.lower_.startswith("oppos") and not typed and not any(
                    t.norm in lex.proposal_words for x in (a, prior) if x is not None for t in x.tokens):
                continue  # "China firmly opposes this" (a US sale): only opposing a proposal refuses it
            if verb.lower_.startswith("object") and not any(
                    t.tag_ == "VBG" and t.head.lower_ == "to" for t in verb.subtree if t.i > verb.i):
                continue  # "objected to the participation of Kenya": another's act; "objected to selling" is its own
            if not typed and not self._refusable_scope(a, scope, prior) \
                    and not any(c.lower_ in lex.refused_anaphors for c in verb.children if c.dep_ in ("dobj", "nsubj")):
                continue  # "declined to openly side with their ally", "the economy will decline": no commitment refused
            found.append((self._refuser(a, verb, referent, prior), scope, verb))
        if a.negations:  # "will not allow its airspace to be used": a refusal with no type cue
            for k in {m.start for m in refusable}:
                verb = parse.token(k)
                if syntax.is_verb(verb) and syntax.negated(verb) and not self._conditioned(a, parse, verb) \
                        and not any(s <= k < e for s, e in blocked) and not self._no_commitment_object(verb):
                    found.append((self._refuser(a, verb, referent, prior), syntax.own_span(parse, verb), verb))
        opposing = {m.start for m in lex.oppositions.find(tokens)} if a.negations else set()
        withholding = {m.start for m in lex.withholding.find(tokens)} if a.negations else set()
        if a.negations:
            for cue in a.type_cues:
                verb = syntax.negated_governor(parse.token(cue.anchor), lambda v: not self._conditioned(a, parse, v)
                                               and not self._no_commitment_object(v)
                                               and parse.ours(v) not in opposing and parse.ours(v) not in withholding)
                if verb is not None:
                    # "There shall not be any boots on the ground from India": whose forces there will be none of
                    source = self._source(a, cue) if any(c.dep_ == "expl" for c in verb.children) else None
                    refuser = [source] if source is not None else self._refuser(a, verb, referent, prior)
                    found.append((refuser, syntax.own_span(parse, verb), verb))
        for n in a.negations:  # "it has no plans to deploy soldiers": a nominal negation right before the cue
            if not n.text.lower().startswith("no "):
                continue
            cue = next((c for c in a.type_cues if 0 <= c.start - n.end <= 1), None)
            verb = next(syntax.governing_verbs(parse.token(n.start)), None)
            if cue is not None and verb is not None and not self._conditioned(a, parse, verb):
                found.append((self._refuser(a, verb, referent, prior), (cue.start, cue.end), verb))
        for m in nouns:
            found.extend(self._nominal_refusal(a, parse.token(m.start), referent, prior))
        for m in judgements:
            word = parse.token(m.start)
            for child in [*word.children, *(word.head.children if word.head is not word else [])]:
                if child.dep_ == "prep" and child.lower_ == "for":
                    actors = [x for g in child.children if g.dep_ == "pobj" for x in self._named_by(a, g)]
                    if actors:
                        found.append((actors, (0, parse.ours(word.head if word.dep_ != "ROOT" else word)), word))
                        break
            else:
                # "the minister said sending troops to Ukraine was out of the question": the speaker's
                frame = main_frame(a.frames)
                # ("any deployment of NATO troops was unacceptable" judges others' act: not when the
                # cue names whose it is)
                if frame is not None and frame.speaker is not None and frame.speaker.kind != "media":
                    scope = (frame.complement_start, m.start) if not frame.trailing else (0, m.start)
                    judged = [c for c in a.type_cues if scope[0] <= c.anchor < scope[1]]
                    if judged and not any(x.actor and scope[0] <= x.start < judged[0].end for x in a.mentions) \
                            and not _owned(tokens, judged[0], self._lex.syntax.owner_words):
                        found.append(([frame.speaker], scope, word))
        out: list[Commitment] = []
        seen: set[tuple[str, str]] = set()
        for actors, (start, end), verb in found:
            types = list(dict.fromkeys(c.type for c in a.type_cues if start <= c.anchor < end))
            if self._names_money(a, start, end):
                types.append("financial_aid")  # refusing to finance or fund, or an amount
            # nothing typed in what is refused ("what Hungary is blocking"): the sentence's types
            # "Milanovic refused to approve it": what "it" stands for is the sentence before's
            before = [c.type for c in prior.type_cues][:1] \
                if prior is not None and self._lex.syntax.anaphors.find(tokens, start, end) else []
            types = types or [c.type for c in a.type_cues] or (["financial_aid"] if a.money else []) or before \
                or self._object_type(a, verb) or ["other"]
            types = list(dict.fromkeys(types))
            for mention in actors:
                committer = self._name(mention, registry)
                if mention.kind == "person" and committer == mention.name and _we(verb):
                    # "'We are not sending an occupation force,' he added": "we" is the speaker's
                    # state, the one the article has seen commit before (a post the gazetteer lacks)
                    states = [d.commitment.committer for d in drafts if registry.has(d.commitment.committer)
                              and (e := self._matcher.entry(d.commitment.committer)) is not None and e.kind == "state"]
                    committer = states[-1] if states else committer
                for type_ in types:
                    if type_ == "arms_purchase" and committer in self._made_in(a, start, end) | self._system_makers(a, start, end):
                        type_ = "arms_delivery"  # "refuted the allegations that Iranian-made drones are imported": Iran sells
                    if (committer, type_) in seen:
                        continue
                    seen.add((committer, type_))
                    cue = next((c for c in a.type_cues if c.type == type_ and start <= c.anchor < end), None)
                    beneficiary = self._beneficiary(a, cue, end, committer, registry) if cue is not None else None
                    date, _ = self._date(a, cue, main_frame(a.frames)) if cue is not None else (None, None)
                    out.append(Commitment(
                        committer=committer, type=CommitmentType(type_), status=Status.REFUSED,
                        beneficiary=beneficiary, date=date, attributed_to=a.attribution,
                        quote=a.sentence.text, quote_start=a.sentence.start, quote_end=a.sentence.end,
                        confidence=0.6, cues=[f"refusal:{verb}", f"committer:refuser:{mention.surface}"]))
        return out

    def _expulsion(self, a: SentenceAnalysis, registry: ActorRegistry) -> tuple[Commitment, tuple[int, int]] | None:
        """A host demanding that foreign forces leave, or saying they cannot stay (data/refusals.yaml
        `foreign_forces`): its refusal of their deployment, and the tokens it spans; None when the
        sentence makes none."""
        lex, tokens = self._lex.refusals, a.tokens
        if a.sentence.heading:
            return None
        demands = lex.demands.find(tokens)
        stays, none = lex.stays.find(tokens), lex.no_forces.find(tokens)
        if not demands and not stays and not none:
            return None
        forces = list(lex.foreign_forces.find(tokens))
        # another state's troops named by its demonym: "demanded that French troops leave"
        troops = {m.start: m for m in self._lex.types.objects.find_all(tokens) if m.payload == "troop_deployment"}
        owners = {m.end: m for m in a.mentions if m.is_demonym and m.kind == "state"}
        forces += [troops[end] for end in owners if end in troops]
        if not forces:
            return None
        leaving = lex.expulsions.find(tokens)
        for force in forces:
            owner = owners.get(force.start)
            refusal = next((x for x in stays if 0 <= x.start - force.end <= 1), None) \
                or next((x for x in none if x.end == force.start), None)
            found = self._refused_stay(a, force, refusal, owner, registry) if refusal is not None \
                else self._demanded_leave(a, force, demands, leaving, owner, registry)
            if found is not None:
                committer, (start, end), cues = found
                return (Commitment(committer=committer, type=CommitmentType("troop_deployment"), status=Status.REFUSED,
                                   attributed_to=a.attribution, quote=a.sentence.text, quote_start=a.sentence.start,
                                   quote_end=a.sentence.end, confidence=0.6, cues=cues), (start, end))
        return None

    def _refused_stay(self, a: SentenceAnalysis, force: PhraseMatch[Any], refusal: PhraseMatch[bool],
                      owner: Mention | None, registry: ActorRegistry) -> _HostRefusal | None:
        """"Indian military personnel cannot stay in the Maldives", "there would be no foreign
        military presence at Hambantota": the actor named before refuses ("Sri Lanka's office said
        that there would be no ..."), else whoever says so ("There will be no foreign troops in
        Ukraine, Putin said": Russia; a speaker who holds a post for its state, _home_officials
        afterwards), else the state named after the stay."""
        tokens = a.tokens
        host = next((m for m in a.mentions if m.actor and m.kind == "state" and refusal.end <= m.start
                     and tokens[self._before_place(a, m.start)].norm in ("in", "on", "at")), None)
        frame = main_frame(a.frames)
        speaker = frame.speaker if frame is not None and frame.speaker is not None \
            and frame.speaker.kind != "media" else None
        before = next((m for m in a.mentions if m.actor and m.kind != "media"
                       and m.end <= min(refusal.start, force.start) and m is not owner), None)
        refuser = before or speaker or host
        if refuser is None:
            return None
        named = self._name(refuser, registry)
        if owner is not None and self._name(owner, registry) == named:
            return None
        start, end = min(force.start, refusal.start), max(force.end, refusal.end)
        return named, (start, end), [f"refusal:stay:{' '.join(t.text for t in tokens[start:end])}",
                                     f"committer:host:{named}"]

    def _demanded_leave(self, a: SentenceAnalysis, force: PhraseMatch[Any], demands: list[PhraseMatch[bool]],
                        leaving: list[PhraseMatch[bool]], owner: Mention | None,
                        registry: ActorRegistry) -> _HostRefusal | None:
        """"a resolution calling for all foreign troops to leave the country": the first actor named
        before the demand refuses, else the state whose land the forces are on; not its own troops
        ("Mali demanded that Malian troops leave Kidal")."""
        tokens, window = a.tokens, self._lex.refusals.expulsion_window
        near = [m for m in leaving if -window <= m.start - force.end <= window or -window <= force.start - m.end <= window]
        demand = next((d for d in demands if d.end <= min([force.start] + [m.start for m in near])), None)
        if not near or demand is None:
            return None
        host = next((m for m in a.mentions if m.actor and m.kind != "media" and m.end <= demand.start
                     and not self._prepositional(a, m)), None) \
            or next((m for m in a.mentions if m.actor and m.kind == "state" and m.start >= force.end), None)
        if host is None:
            return None
        committer = self._name(host, registry)
        if owner is not None and self._name(owner, registry) == committer:
            return None
        start, end = min(demand.start, *(m.start for m in near)), max(force.end, *(m.end for m in near))
        return committer, (start, end), [f"refusal:expulsion:{' '.join(t.text for t in tokens[demand.start:end])}",
                                         f"committer:host:{host.surface}"]

    def _object_type(self, a: SentenceAnalysis, verb: "syntax.SpacyToken") -> list[str]:
        """The type the refused verb's object names alone, where no cue types the refusal: "will not
        accept U.S. troops into its country" refuses a troop deployment (the host refuses it)."""
        for child in verb.children:
            if child.dep_ == "dobj":
                found = self._lex.types.objects.at(a.tokens, a.parse.ours(child))
                if found:
                    return [found[0].payload]
        return []

    def _refusable_scope(self, a: SentenceAnalysis, scope: tuple[int, int], prior: SentenceAnalysis | None) -> bool:
        """What a refusal verb governs names something one commits to even without a type cue: money,
        a refusable verb ("will not allow", "refused to join"), a proposal or request, or "it/this"
        standing for the sentence before's commitment."""
        lex, tokens = self._lex.refusals, a.tokens
        start, end = scope
        return bool(self._names_money(a, start, end)
                    or lex.refusable.find(tokens, start, end)
                    or any(t.norm in lex.proposal_words or t.norm in lex.requests or t.norm in lex.denied_nouns
                           or t.norm in lex.refusable_nouns for t in tokens[start:end])
                    or (prior is not None and prior.type_cues and self._lex.syntax.anaphors.find(tokens, start, end)))

    def _names_money(self, a: SentenceAnalysis, start: int, end: int) -> bool:
        """Tokens [start, end) name money: a word of financing ("refused to fund") or an amount."""
        return any(t.norm in self._lex.refusals.money_words for t in a.tokens[start:end]) \
            or any(start <= x.start < end for x in a.money)

    def _no_commitment_object(self, verb) -> bool:
        """"He didn't provide a timeframe for the system's delivery": what is withheld is a detail
        (data/refusals.yaml `not_commitments`), not the delivery."""
        return any(c.dep_ == "dobj" and c.lower_ in self._lex.refusals.not_commitments for c in verb.children)

    def _nominal_refusal(self, a: SentenceAnalysis, noun, referent: Mention | None,
                         prior: SentenceAnalysis | None) -> list[tuple[list[Mention], tuple[int, int], object]]:
        """"Germany reiterated its refusal to send Taurus missiles", "Hungary's veto of the package":
        a refusal noun's owner refuses what the noun governs."""
        if not noun.tag_.startswith("NN"):
            return []
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        spans = [a.parse.span(c) for c in noun.children if c.dep_ in ("acl", "prep", "relcl")]
        if owner is None or not spans:
            return []
        scope = (min(s for s, _ in spans), max(e for _, e in spans))
        if owner.tag_ == "PRP$":
            # "its refusal": the owner is the clause's subject, as for a refusing verb
            verb = next(syntax.governing_verbs(noun), None)
            actors = self._refuser(a, verb, referent, prior) if verb is not None else []
        else:
            actors = self._named_by(a, owner)
        return [(actors, scope, noun)] if actors else []

    def _denied_charge(self, parse, verb) -> tuple[int, int] | None:
        """"accusing the latter of supplying arms to the RSF, a charge the UAE denies": the charge
        stands in apposition to what it charges, and that clause is what is denied."""
        charge = verb.head
        if charge.lower_ not in self._lex.refusals.charges or charge.dep_ != "appos":
            return None
        clause = next(syntax.governing_verbs(charge.head), None)
        if clause is None:
            return None
        start = parse.span(clause)[0]
        end = parse.ours(charge)
        return (start, end) if start < end else None

    def _governed(self, parse, verb) -> tuple[int, int] | None:
        """Our token span of what a refusal verb governs: its object or complement clause."""
        spans = [parse.span(c) for c in verb.children
                 if c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "pcomp", "attr", "oprd")]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)

    def _conditioned(self, a: SentenceAnalysis, parse, verb) -> bool:
        """"will not send police unless the mission is funded": a condition, not a refusal."""
        start, end = parse.span(verb)
        return bool(self._lex.refusals.conditioning.find(a.tokens, start, end))

    def _refuser(self, a: SentenceAnalysis, verb, referent: Mention | None,
                 prior: SentenceAnalysis | None) -> list[Mention]:
        """The actor who refuses: the verb's named subject; for a pronoun or "the/his country", the
        sentence's speaker (a person commits the post's state) or the subject named before."""
        if not any(c.dep_ in syntax.SUBJECTS or c.dep_ == "expl" for c in verb.children):
            # a verb the parse hung on another clause ("..., Britain and Nigeria's other main trading
            # partners resisted pressure for an oil embargo"): the names right before it
            before = self._names_before(a, a.parse.ours(verb))
            if before:
                return before
        # "there are no plans to deploy": the expletive stands where a pronoun would
        subject = syntax.subject_of(verb) or next((c for c in verb.children if c.dep_ == "expl"), None)
        if subject is None or subject.dep_ == "nsubjpass":
            return []  # "Afwerki was not sanctioned": a passive's subject undergoes it, refuses nothing
        if not syntax.is_pronoun(subject):
            named = self._named_subjects(a, subject)
            if named:
                return named
            if subject.lower_ not in ("country", "government", "state", "nation", "kingdom", "republic"):
                return []  # "sanctions deny ... access": not an actor's refusal
        # "Saudi Arabia and the UAE have told Washington they will not allow ...": the report's subject
        clause = verb
        while clause.dep_ in ("xcomp", "conj", "aux") and clause.head is not clause:
            clause = clause.head
        named = self._reporter(a, subject, clause) or self._own_antecedent(a, subject, verb)
        if named:
            return named
        frame = main_frame(a.frames)
        if frame is not None and frame.speaker is not None and frame.speaker.kind != "media":
            return [frame.speaker]
        if frame is not None and frame.pronoun and referent is not None:
            return [referent]
        here = [m for m in a.mentions if m.actor and m.kind != "media" and m.start < a.parse.ours(verb)
                and not self._prepositional(a, m)]
        if here:
            return [here[0]]
        if prior is not None:
            first = next((m for m in prior.mentions if m.actor and m.kind != "media"
                          and not self._prepositional(prior, m)), None)
            if first is not None:
                return [first]
        return []

    def _names_before(self, a: SentenceAnalysis, verb: int) -> list[Mention]:
        """The actors the noun right before token `verb` names, with those coordinated with it
        ("Britain and Nigeria's other main trading partners resisted"), or nothing."""
        if verb == 0:
            return []
        noun = a.parse.token(verb - 1)
        if not noun.tag_.startswith("NN"):
            return []
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        return [m for m in self._named_subjects(a, noun) if m.kind != "media"]


def _we(verb) -> bool:
    """The refusing verb's subject is "we"."""
    subject = syntax.subject_of(verb)
    return subject is not None and subject.lower_ == "we"


def one_refusal_each(refusals: list[Commitment]) -> list[Commitment]:
    """A refusal the article states again (the same refuser, type and recipient) is recorded once,
    as a commitment reported twice is ("calling for all foreign troops to leave ... called for a ban
    on foreign forces ...")."""
    seen: set[tuple[str, str, str | None]] = set()
    kept = []
    for refusal in refusals:
        key = (refusal.committer, refusal.type.value, refusal.beneficiary)
        if key not in seen:
            seen.add(key)
            kept.append(refusal)
    return kept


def _owned(tokens: Sequence[Token], cue: TypeCue, owner_words: frozenset[str]) -> bool:
    """Whether a cue names whose forces or goods it speaks of ("deployment of Western troops",
    "foreign forces"): a capitalised word or an owner word inside it after its first word."""
    return any(t.capitalized or t.norm in owner_words for t in tokens[cue.start + 1:cue.end])
