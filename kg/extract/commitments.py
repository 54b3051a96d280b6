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
from dataclasses import replace

from kg.claims.model import Commitment, Quantity
from kg.claims.vocabulary import CommitmentType, Status
from kg.extract.actors import ActorMatcher, Mention
from kg.extract.amounts import Money, past_conversion
from kg.extract.analysis import SentenceAnalysis
from kg.extract.cues import TypeCue
from kg.extract.frames import Frame, main_frame
from kg.extract.lexicon import Lexicon
from kg.extract.modality import Condition, Cue, choose_status
from kg.extract.drafts import Draft
from kg.extract.merging import amount_follow_ups, dedupe, drop_restated, type_cue_of
from kg.extract.refusing import RefusalReader, one_refusal_each
from kg.extract.registry import ActorRegistry
from kg.extract import lists, syntax
from kg.extract.text import Token, tokenize

# Types that have a receiving side; the article's default beneficiary may fill them.
_HAS_BENEFICIARY = frozenset({"security_guarantee", "troop_deployment", "arms_delivery", "air_defence", "air_support",
                              "financial_aid", "training", "monitoring", "other"})
_ENTERING = frozenset({"entered", "enter", "enters", "entering"})
_PLACED = frozenset({"troop_deployment", "monitoring", "training", "air_defence", "air_support"})
_CLAUSE_BREAK = frozenset({";"})
_PROPOSING_FRAMES = frozenset({"propose", "suggest"})
_PLEDGING_FRAMES = frozenset({"promise", "pledge", "vow"})
# A report that itself commits: "would" in what it reports is the backshifted "will".
_PLEDGING_REPORTS = frozenset({"confirm", "announce", "promise", "pledge", "vow", "assure", "guarantee"})
# Reports after which "would" is the backshifted "will" ("said that the UK would supply"); a bare
# "said" with no modality in what it reports still claims nothing (_frame_status).
_BACKSHIFT_REPORTS = _PLEDGING_REPORTS | {"say", "state", "tell", "add"}
_BACKSHIFTED = frozenset({"would", "'d"})
_REPORT_FORMS = frozenset({"said", "says", "say", "told", "tells", "stated", "states", "added", "adds", "announced",
                           "announces", "confirmed", "confirms", "promised", "pledged", "vowed", "assured"})
# Words that open a relative clause hanging on a noun: "a deal, under which Washington would buy".
_RELATIVE = frozenset({"which", "whereby", "where", "that", "whom"})
# Subject pronouns that stand for an actor named before ("It had delivered ...", "they are ready").
_PRONOUNS = frozenset({"it", "they"})
_BE = frozenset({"be", "been", "being", "is", "are", "was", "were"})
_COMPONENT_VERBS = frozenset({"includes", "include", "including", "included", "comprises", "comprising", "contains",
                              "containing"})
_OBJECT_VERBS = frozenset({"joined", "joins", "join", "told", "tells", "met", "meets", "urges", "thanked", "backs", "backed",
                           "supports", "supported", "follows", "followed", "asked", "invited", "hosted", "hosts",
                           "visited", "visits", "called", "calls", "sent", "gave", "lent", "sold", "bought", "got"})
_DETERMINERS = frozenset({"the", "these", "those", "this", "that", "such", "any", "new", "further", "its", "their",
                          "a", "an", "all", "more", "additional"})
# An apposition naming something, not a subject: "The mission, known as EUMAM Ukraine, will train".
_NAMING = frozenset({"known", "called", "dubbed", "named", "codenamed", "nicknamed", "also"})


_VOICES = frozenset({"person", "state", "organisation"})
_RELATIVES = frozenset({"who", "which"})
# Types stated as agreements, whose other party ("a pact with France") is the beneficiary.
_AGREED = frozenset({"other", "security_guarantee"})
# Words that make a force had somewhere none: "has no troops in Libya".
_NONE_OF = frozenset({"no", "not", "never", "zero"})
# A cue ending in one of these words has what it protects right after it: "the defence of Japan".
_GOVERNING_ENDS = frozenset({"of", "defend", "defending", "protect", "protecting"})
_NOT_VOICES = frozenset({"pledge", "promise", "vow", "agree", "decide", "propose", "suggest", "commit", "assure",
                         "reassure", "signal", "indicate", "hope", "believe", "think", "warn"})


class CommitmentBuilder(RefusalReader):
    """Builds the commitments of one document (reusable: holds the lexicon and actor matcher)."""

    def __init__(self, lexicon: Lexicon, matcher: ActorMatcher) -> None:
        self._lex = lexicon
        self._matcher = matcher

    # --- the document -------------------------------------------------------------------------

    def build(self, analyses: Sequence[SentenceAnalysis], registry: ActorRegistry,
              publisher: str | None = None) -> list[Commitment]:
        drafts: list[Draft] = []
        refusals: list[Commitment] = []
        heading_beneficiary: dict[int, str] = {}
        last_person: Mention | None = None
        last_speaker: tuple[int, Mention] | None = None   # the last person who spoke, and where
        previous: SentenceAnalysis | None = None   # the sentence before, within the paragraph
        previous_index = -1
        prior: SentenceAnalysis | None = None      # the sentence before, in any paragraph
        lead: lists.Lead | None = None             # the lead-in of a list of donors' amounts, while it runs
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
            made: list[Draft] = []
            if self._components(a, drafts):
                previous, previous_index = a, index
                continue
            recent_speaker = last_speaker[1] if last_speaker is not None and index - last_speaker[0] <= 2 else None
            # "He added that ...": the person who spoke just before, else the last person named
            referent = recent_speaker if recent_speaker is not None else last_person
            # a running total ("has so far provided a total of ..."), not a promise ("will provide
            # support totalling NOK 75 billion over five years")
            aggregate = bool(self._lex.syntax.aggregate_markers.find(a.tokens)) \
                and not any(c.label in ("pledged", "reported_intent", "conditional") for c in a.status_cues)
            expelled = self._expulsion(a, registry)
            if expelled is not None:  # the host's refusal of foreign forces, not a proposal of theirs
                refusals.append(expelled[0])
            for cue in [] if aggregate else a.type_cues:
                if expelled is not None and cue.type == "troop_deployment" and expelled[1][0] <= cue.start < expelled[1][1]:
                    continue
                made.extend(self._from_cue(a, index, cue, referent, registry, prior))
            donor = lists.line(a) if lead is not None else None
            money = lists.amount(a, donor) if donor is not None and not made else None
            if lead is not None and donor is not None and money is not None:
                made.append(self._listed(a, index, lead, donor, money, registry))
            lead = lists.lead_in(a) or (lead if donor is not None else None)
            if not made and not aggregate:
                made.extend(self._package_parts(a, index, drafts, registry))
            if not a.type_cues and previous is not None and previous.type_cues:
                made.extend(self._anaphoric(a, index, previous, registry, referent))
            if a.elaboration and previous is not None:
                self._inherit(made, [d for d in drafts if d.sentence == previous_index])
            self._lent(a, made, registry)
            made.extend(self._partners(a, made, registry))
            made.extend(self._gapped(a, made, registry))
            made.extend(self._amounts_from(a, made, registry))
            if recent_speaker is not None:
                # a person quoted just before goes on speaking: what the next sentences state without
                # a source of their own is theirs ("Starmer said ... The UK had already allocated ...")
                for d in made:
                    if d.commitment.attributed_to is None:
                        d.commitment.attributed_to = recent_speaker.name
                        d.cues.append(f"attribution:speaker-before:{recent_speaker.name}")
            drafts.extend(dedupe(made))
            refusals.extend(self._refusals(a, referent, registry, prior, drafts))
            persons = [m for m in a.mentions if m.kind == "person"]
            if persons:
                last_person = persons[-1]
            frame = main_frame(a.frames)
            if frame is not None and frame.speaker is not None and frame.speaker.kind == "person":
                last_speaker = (index, frame.speaker)
            elif frame is not None and frame.pronoun and referent is not None:
                last_speaker = (index, referent)
            previous, previous_index, prior = a, index, a
        # a refusal is a state's too: "'We are no longer transferring weapons,' he said"
        _home_officials([(d.commitment, d.cues) for d in drafts] + [(c, c.cues) for c in refusals], analyses,
                        self._lex.syntax.home_titles)
        drafts = _recipients_as_parties(_pairs_named_before(drafts, analyses, self._lex.syntax.pairs))
        self._fill_beneficiaries(drafts, heading_beneficiary)
        _fill_attributions(drafts, analyses, publisher)
        shifted = {i for i, a in enumerate(analyses) if self._lex.syntax.time_shift.find(a.tokens)}
        drafts = drop_restated(amount_follow_ups(drafts), shifted)
        out = []
        for d in drafts:
            d.commitment.cues = list(dict.fromkeys(d.commitment.cues + d.cues))
            out.append(d.commitment)
        return out + one_refusal_each(refusals)

    # --- one cue --------------------------------------------------------------------------------

    def _from_cue(self, a: SentenceAnalysis, index: int, cue: TypeCue, last_person: Mention | None,
                  registry: ActorRegistry, prior: SentenceAnalysis | None = None) -> list[Draft]:
        tokens = a.tokens
        frame = main_frame(a.frames)
        if any(c.start <= cue.start < c.end for c in a.conditions):
            return []  # "if Russia violates the ceasefire" names no commitment
        if self._a_component(a, cue) or self._under_scrutiny(a, cue) or self._denied_report(a, cue):
            return []
        modality = self._lex.modality
        if modality.doubts.find(tokens, 0, cue.start):
            return []  # "there was no sign the US ... would put more of its own troops into the field"
        if any(0 <= cue.start - w.end <= 2 for w in modality.watching.find(tokens, 0, cue.start)):
            return []  # "Moscow would keep an eye on possible arms supplies to Ukraine"
        if any(t.norm in self._lex.syntax.comparisons for t in tokens[:cue.start]) and any(
                v.lower_ in self._lex.syntax.comparisons for v in syntax.governing_verbs(a.parse.token(cue.anchor))):
            return []  # "likened the situation to Moscow sending arms to North Korea"
        if self._purpose_of_another(a, cue):
            return []  # "In order to intensify surveillance, the navy received two submarines": what it is for
        if cue.type == "arms_purchase" and self._financed_purpose(a, cue):
            return []  # "a 64.3 billion yen loan for the acquisition of five patrol vessels": what the loan is for
        if cue.type == "financial_aid" and cue.end - cue.start == 1 and tokens[cue.start].norm in ("grant", "grants") \
                and not a.money and a.parse.token(cue.start).tag_.startswith("VB"):
            return []  # "agree to grant the US exclusive rights": a verb of permission, no grant of money
        if syntax.embedded_question(a.parse.token(cue.anchor)):
            return []  # "interested in when these F-16s will be delivered": a question, no claim
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
                relative = _speakers_relative(tokens, frame, cue)
                if relative is None:
                    return []  # the cue is in the frame itself ("Bloomberg reported a ...")
                # "Spain, which has sent 500 troops to Latvia, said ...": the speaker's own clause
                clause_start, clause_end = relative
        for k in range(cue.start - 1, clause_start - 1, -1):
            if tokens[k].norm in _CLAUSE_BREAK:
                clause_start = k + 1
                break
        speaker = frame.speaker if frame is not None else None
        if frame is not None and frame.pronoun and last_person is not None:
            speaker = last_person
        if frame is not None and frame.lemma in _NOT_VOICES and cue.start < frame.speaker_start:
            # "Donors pledged $1.2 billion ..., with Germany pledging €125 million": who promises
            # something after the cue does not speak for it
            speaker = None
        cues = [f"type:{cue.type}:{cue.text}"]
        proposer: Mention | None = None
        status_override: tuple[str, str] | None = None
        committers, how = self._persuaded(a, cue, clause_start)
        bound = self._obligated(a, cue, clause_start) if not committers else None
        if committers:
            proposer = committers.pop()
            status_override = ("proposed", "persuade")
        elif bound is not None:
            committers, how = [bound], "obligated"
            status_override = ("pledged", "obligated")
        else:
            committers, how = self._subjects(a, cue, clause_start, clause_end)
            for_to = how == "subject" and _for_to(a, committers[0])  # "a deal for Ukraine to buy"
            share = self._share_givers(a, cue, clause_start)
            if share:
                committers, how = share, "subject"
            parsed = self._parsed_subject(a, cue) if how in ("subject", "after", "") and not for_to and not share else None
            if parsed and how == "subject" and len(parsed) < len(committers) and parsed[0].start == committers[0].start \
                    and {m.start for m in parsed} <= {m.start for m in committers}:
                parsed = committers  # "Burkina Faso, Niger, Senegal and Togo all pledged": the parse kept part of the list
            if parsed:
                committers, how = parsed, ("subject" if parsed[0].start < cue.start else "after")
            elif self._unnamed_for_subject(a, cue):
                return []  # "issues licences for companies to sell weapons": the companies sell
            elif how == "subject" and self._names_the_cue(a, cue, committers):
                committers, how = [], ""  # "it will send troops to take part in a U.N. peacekeeping mission"
            elif how == "subject" and self._in_subjects_clause(a, cue, committers):
                committers, how = [], ""  # "Chavez, who accused the US government of ..., has signed deals"
            intender = self._intender(a, cue, clause_start)
            if intender is not None:
                committers, how = intender, "subject"
        seller: Mention | None = None
        buyer = self._buyer(a, cue)
        if buyer is not None and all(m.name != buyer.name for m in committers):
            # "the United States has approved Jakarta's purchase of F-15s": Jakarta buys, the US sells
            seller = committers[0] if len(committers) == 1 and how == "subject" else None
            committers, how = [buyer], "buyer"
        permitted = self._permitted(a, cue) if how == "subject" else None
        if permitted is not None:  # "has agreed to allow Saudi Arabia to acquire ...": Saudi Arabia buys, the US sells
            committers, seller = [permitted[0]], permitted[1]
        pledger = self._pledger(a, cue, clause_start)
        if pledger is not None:
            committers, how = [pledger], "pledger"  # "an agreement including pledges from Paris to deliver"
        hosted = cue.verb_end is not None and self._lex.types.hosting_verbs.at(tokens, cue.verb_end - 1)
        owner = self._troop_owner(a, cue) if not hosted else None  # a host's guests: the hosting rule below
        if owner is not None and how not in ("persuaded", "obligated"):
            committers, how = [owner], "owner"  # "the withdrawal of French troops": France's troops
        donor = self._donor(a, cue) if owner is None and how not in ("persuaded", "obligated", "buyer") else None
        donee: Mention | None = None
        if donor is not None and all(m.name != donor.name for m in committers):
            # "Zelensky unveiled a plan that includes Belgian military aid": Belgium gives, to the
            # subject's state ("Ukraine will receive German aid")
            donee = committers[0] if len(committers) == 1 and how in ("subject", "after") else None
            committers, how = [donor], "donor"
        if cue.type == "sanctions" and how == "subject" and all(m.is_demonym for m in committers) \
                and cue.start > 0 and tokens[cue.start - 1].norm in _BE:
            return []  # "several more Iranian citizens are sanctioned": the sanctioned, not who sanctions
        if not committers:
            source = self._source(a, cue)
            if source is not None:
                # "a Patriot system from Germany will be deployed", "personnel from Fiji, Tonga and Vanuatu"
                chain = next((c for c in self._chains(a, source.start, len(tokens)) if c[0] is source), [source])
                committers, how = [m for m in chain if m.kind == "state" and not m.is_demonym], "source"
        pronoun_end = None
        if not committers:
            committers, pronoun_end = self._pronoun_subject(a, cue, clause_start, prior)
            how = "pronoun" if committers else how
            if committers and pronoun_end is not None \
                    and self._lex.modality.receive.find(tokens, pronoun_end, cue.verb_end or cue.start):
                return []  # "it intends to draw on the first tranche": the recipient, from whom not said
        if any(not any(c.cue_start <= r.start < c.end for c in a.conditions)
               for r in self._lex.modality.rejections.find(tokens, clause_start, clause_end)):
            # "any deployment of Western troops would be unacceptable"; but "if Russia crossed a red
            # line" is the condition's
            return []
        if donee is None and how == "subject":
            donee = self._helped_actor(a, cue)
        beneficiary_override: str | None = self._name(donee, registry) if donee is not None else None
        if hosted and committers:
            # "Poland will host 10,000 US troops": the troops' state sends them, to the host
            owner = next((m for m in a.mentions if m.actor and cue.verb_end <= m.start < cue.end and m.kind != "media"), None)
            if owner is None or how not in ("subject", "after"):
                return []
            beneficiary_override = self._name(committers[0], registry)
            committers, how = [owner], "owner"
        if cue.type == "troop_deployment" and self._lex.types.departures.find(tokens, cue.start, cue.end) \
                and status_override is None:
            # "Some 180 soldiers in a Mozambican contingent are set to leave Burundi": withdrawn from
            # the place named right after the verb, else the article's ("will leave." in a report on
            # Burundi); leaving for somewhere ("left for Russia") is going there, no withdrawal
            if cue.end < len(tokens) and tokens[cue.end].norm in ("for", "to", "towards", "toward"):
                return []
            status_override = ("withdrawn", f"departure:{tokens[cue.end - 1].text}")
            left = next((m for m in a.mentions if m.actor and m.kind == "state"
                         and self._before_place(a, m.start) == cue.end - 1), None)
            if left is not None:
                beneficiary_override = self._name(left, registry)
        arrived = self._arrived(a, cue, clause_end)
        if arrived is not None:
            # "The first F-16s arrived in Ukraine from Denmark": weapons that arrive are the sender's,
            # named after "from"; the state they arrive in, or whose they are, receives them
            giver, receiver = arrived
            if giver is None:
                return []
            committers, how = [giver], "giver"
            beneficiary_override = self._name(receiver, registry) if receiver is not None else None
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
                # "from the U.S. and Germany": each name coordinated with the first gives
                committers = next((c for c in self._chains(a, giver.start, clause_end) if c[0] is giver), [giver])
                how = "giver"
        if not committers and speaker is None and frame is not None and frame.body is not None and not frame.trailing:
            # "Kenya's Foreign Ministry says its offer includes ...": the body speaks for its state
            speaker = next((m for m in a.mentions if frame.speaker_start <= m.start < frame.verb_start
                            and m.kind == "state"), None)
        if not committers:
            pronoun = self._lex.syntax.speaker_pronouns.find(tokens, clause_start, cue.anchor)
            if speaker is not None and speaker.kind != "media":
                committers, how = [speaker], "speaker:pronoun" if pronoun else "speaker"
        if not committers:
            return []
        subject_end = max(m.end for m in committers) if how in ("subject", "persuaded") else clause_start
        if how in ("giver", "agent"):
            subject_end = clause_start
        if pronoun_end is not None:
            subject_end = pronoun_end
        if how == "subject" and (_for_to(a, committers[0]) or seller is not None):
            subject_end = clause_start  # "announced a deal for Ukraine to buy ...": the main verb's status
        # the verbs over the cue, for conditions and status words that may belong to another clause
        governing = list(syntax.governing_verbs(a.parse.token(cue.anchor))) \
            if a.conditions or any(c.start >= cue.end for c in a.status_cues) else []
        condition = next((c for c in a.conditions if not (c.start <= cue.start < c.end)
                          and _conditions(a, c, governing)), None)
        spans = [(c.cue_start, c.end) for c in a.conditions]  # "if Moscow refused to negotiate": not the clause's status
        status_cues = [c for c in a.status_cues if not any(s <= c.start < e for s, e in spans)
                       and (c.start < cue.end or (_on_cue(a, c, governing) and not self._in_background(a, c)))]
        negations = [c for c in a.negations if not any(s <= c.start < e for s, e in spans)]
        if cue.anchor > cue.start and cue.verb_end is None:
            # a relative clause ("the system that Berlin has already sent") has its own status and negation
            status_cues = [c for c in status_cues if cue.start <= c.start < cue.end] or status_cues
            negations = [c for c in negations if cue.start <= c.start < cue.end]
        if negations:  # "the earnings from blocked Russian assets": an adjective, not a refusal
            negations = [n for n in negations if a.parse.token(n.start).dep_ not in ("amod", "compound")]
        if condition is not None and self._lex.refusals.conditioning.find(tokenize(condition.cue)):
            negations = []  # "will not send police unless ...": committed on a condition
        elif negations and syntax.negated_governor(a.parse.token(cue.anchor)) is not None:
            return []  # "his country will not participate in any programme financing ...": a refusal
        chosen = choose_status(status_cues, negations, subject_end=subject_end, cue_start=cue.start,
                               cue_end=cue.end, clause_end=clause_end, conditional=condition is not None,
                               contrasts=a.contrasts,
                               relatives=[k for k, t in enumerate(tokens) if t.norm in _RELATIVES])
        if chosen is not None and chosen[1] is not None and self._agenda(a, chosen[1]):
            return []  # "ministers met to discuss military support": what a meeting is about
        if how.startswith("speaker") and self._named_subject(a, cue, clause_start):
            return []  # "The Kremlin said the sanctions would not change its position"
        if cue.verb_end is not None and tokens[cue.verb_end - 1].norm in self._lex.types.presence_verbs \
                and status_override is None:
            if self._present_in(a, cue, committers):
                # a force kept somewhere is there, unless the clause promises it ("pledged to keep
                # their troops in Afghanistan until 2024", "will maintain 1,000 troops in Niger")
                if chosen is None or chosen[1] is None or chosen[1].start >= cue.verb_end \
                        or chosen[0] not in ("pledged", "reported_intent", "conditional"):
                    status_override = ("delivered", f"present:{tokens[cue.verb_end - 1].text}")
            elif chosen is None or chosen[1] is None or chosen[1].start < cue.verb_end:
                # "Ukraine will have more troops": having is a commitment only as a presence, or
                # with a status of its own after it ("has 1,000 troops stationed at a base in Niger")
                return []
        if status_override is not None:
            if any(subject_end <= n.start < cue.end for n in negations):
                return []
            status, status_cue = status_override[0], status_override[1]
        elif chosen is None:
            opening = max([subject_end] + [c.start for c in a.contrasts if subject_end <= c.start < cue.start])
            if any(opening <= n.start < cue.end for n in negations):
                return []  # "announced that it has no plans to send troops": the report does not commit
            framed, status_cue = self._frame_status(frame)
            if framed is None:
                framed, status_cue = self._agent_status(a, cue)
            if framed is None:
                return []
            status = framed
        else:
            status = chosen[0]
            status_cue = chosen[1].text if chosen[1] is not None else (condition.cue if condition else "")
            governing = self._governing_tentative(a, committers, clause_start) if how == "subject" else None
            if governing is not None and status not in ("withdrawn", "proposed", "under_discussion"):
                status, status_cue = governing.label, governing.text
            elif status == "reported_intent" and status_cue in _BACKSHIFTED and frame is not None \
                    and frame.lemma in _BACKSHIFT_REPORTS and not frame.trailing and cue.start >= frame.complement_start:
                status, status_cue = "pledged", f"{frame.lemma} that ... {status_cue}"  # "confirmed that Britain would deliver"
            elif status == "reported_intent" and status_cue in _BACKSHIFTED and self._reported(a, cue):
                status, status_cue = "pledged", f"said that ... {status_cue}"  # the parse finds the report verb

        cues.append(f"status:{status}:{status_cue}")
        if condition is not None:
            cues.append(f"condition:{condition.cue}")
        announced_by = speaker.name if speaker is not None and speaker.kind == "person" else None
        if announced_by is None and frame is None and how in ("subject", "agent", "pronoun"):
            # "Starmer announced a deal for Ukraine to buy ...": the person the sentence opens with
            opener = next((m for m in a.mentions if m.actor and m.kind != "media"), None)
            if opener is not None and opener.kind == "person" and opener.end <= min(m.start for m in committers) \
                    and not self._prepositional(a, opener):
                announced_by = opener.name
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
            if beneficiary is None and cue.type == "troop_deployment":
                beneficiary = self._host(a, cue, clause_end, committer, registry,
                                         ("from", "in", "of") if status == "withdrawn" else ("in",))
            target = self._target(a, cue, clause_end, committer, registry)
            counterparty = self._counterparty(a, cue, clause_end, committer, registry)
            money = self._money(a, cue, clause_start, clause_end)
            quantity = self._quantity(a, cue, mention)
            type_ = cue.type
            if type_ == "other" and money is not None and cue.text.casefold() in self._lex.types.money_is_financial:
                type_ = "financial_aid"  # "£120 million in humanitarian aid": money given
            commitment = Commitment(
                committer=committer, type=CommitmentType(type_), status=Status(status),
                beneficiary=beneficiary, target=target, counterparty=counterparty,
                condition=condition.text if condition is not None else None,
                amount=money.amount if money else None, currency=money.currency if money else None,
                quantity=quantity, date=date,
                announced_by=announced_by or (person if how in ("subject", "after", "agent") and not a.attribution else None),
                proposed_by=proposed_by if proposed_by != committer else None,
                # who stated it: the report's source, else the speaker of the sentence, else the
                # person who announced it
                attributed_to=a.attribution or (speaker.name if speaker is not None else None) or announced_by,
                quote=a.sentence.text, quote_start=a.sentence.start, quote_end=a.sentence.end,
                confidence=_confidence(how, status_cue, beneficiary, a.attribution),
                cues=[*cues, f"committer:{how}:{mention.surface}"])
            if mention.is_demonym and beneficiary is None and cue.type in _HAS_BENEFICIARY \
                    and not (how == "owner" and (status in ("withdrawn", "proposed") or cue.type == "monitoring")):
                continue  # "Russian forces deployed troops near Pokrovsk": forces acting, not a commitment to anyone
            drafts.append(Draft(commitment, index, a.sentence.paragraph, a.sentence.section, beneficiary is not None))
        if seller is None and len(drafts) == 1 and cue.type in ("arms_delivery", "air_defence") \
                and any(t.norm in self._lex.types.sale_nouns for t in tokens) and drafts[0].commitment.beneficiary:
            # "Russia undertook to supply 29 Tor M1 missiles to Iran under a $700 million contract": a
            # sale is the buyer's purchase too (the buyer is what reports of a sale are about)
            buyer = drafts[0].commitment.beneficiary
            entry = self._matcher.entry(buyer)
            if entry is not None and entry.kind == "state":
                purchase = _counterpart(drafts[0], a, index, buyer, "arms_purchase", buyer,
                                        drafts[0].commitment.committer, f"committer:buyer-of-sale:{buyer}")
                purchase.commitment.announced_by = None
                drafts.append(purchase)
        if seller is not None and drafts:
            drafts.append(_counterpart(drafts[0], a, index, self._name(seller, registry), "arms_delivery",
                                       drafts[0].commitment.committer, None, f"committer:seller:{seller.surface}"))
        return _mutual(cue, self._trade(a, cue, clause_end, drafts))

    def _trade(self, a: SentenceAnalysis, cue: TypeCue, end: int, drafts: list[Draft]) -> list[Draft]:
        """"Turkey and Poland signed a deal for the sale of Turkish-made drones": of the two parties to an
        arms trade, the one the goods come from sells (arms_delivery to the other) and the other buys
        (arms_purchase from it). Without a named origin the sentence does not say who is who."""
        if cue.type not in ("arms_delivery", "arms_purchase") or len(drafts) != 2:
            return drafts
        parties = {d.commitment.committer for d in drafts}
        origins = {m.name for m in a.mentions if m.kind == "state" and (
            (cue.start <= m.start < cue.end and m.is_demonym)
            or (cue.end <= m.start < end and m.start > 0 and a.tokens[m.start - 1].norm == "from"))}
        origins |= self._made_in(a, cue.start, cue.end)
        if not origins & parties:  # "a deal to procure 26 Rafale marine jets": the system's maker sells
            origins |= self._system_makers(a, cue.start, end)
        origins &= parties
        if not origins:  # "India and Russia concluded the contract for a missile deal": the exporter sells
            origins = parties & self._lex.types.arms_exporters
        if len(origins) != 1 or len(parties) != 2:
            return drafts
        seller = origins.pop()
        buyer = (parties - {seller}).pop()
        for d in drafts:
            c = d.commitment
            if c.committer == seller:
                c.type, c.beneficiary, c.counterparty = CommitmentType("arms_delivery"), buyer, None
            else:
                c.type, c.counterparty = CommitmentType("arms_purchase"), seller
                # bought for itself unless the sentence names another recipient
                c.beneficiary = buyer if c.beneficiary in (None, seller) else c.beneficiary
            d.explicit_beneficiary = c.beneficiary is not None
            d.cues.append(f"trade:{'seller' if c.committer == seller else 'buyer'}")
        return drafts

    def _agent_status(self, a: SentenceAnalysis, cue: TypeCue) -> tuple[str | None, str]:
        """With no word of status, a cue that is the agent of a passive participle is what did it
        ("Backed by French air power, Malian troops unleashed an offensive", "They were supported by
        10 military officers from Brunei"): done, unless a modal or a negation governs the verb."""
        verb = next(syntax.governing_verbs(a.parse.token(cue.anchor)), None)
        if verb is None or verb.tag_ != "VBN" or syntax.negated(verb):
            return None, ""
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is None or not agent.i < a.parse.token(cue.anchor).i <= agent.right_edge.i:
            return None, ""
        if any(c.tag_ == "MD" for c in verb.children if c.dep_ in ("aux", "auxpass")):
            return None, ""
        return "delivered", f"agent of:{verb.text}"

    def _frame_status(self, frame: Frame | None) -> tuple[str | None, str]:
        if frame is not None and frame.that and frame.lemma in _PROPOSING_FRAMES:
            return "proposed", frame.lemma
        if frame is not None and frame.that and frame.lemma in _PLEDGING_FRAMES:
            return "pledged", frame.lemma
        if frame is not None and (frame.that or frame.trailing) and frame.lemma in _PLEDGING_REPORTS:
            return "pledged", frame.lemma  # "Japan joined the EU in lowering the price cap, the government announced"
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
        if _for_to(a, m):
            return False  # "a deal for Ukraine to buy missiles": the subject of the infinitive
        return j > 0 and a.tokens[j - 1].norm in self._lex.syntax.prepositions

    @staticmethod
    def _subject_elsewhere(a: SentenceAnalysis, m: Mention, cue: TypeCue) -> bool:
        """The parse makes a name after the cue the subject or object of a verb that does not
        govern the cue ("the suspension of weapons deliveries ... will cause Israel to call off
        its operation"): it does not make the commitment."""
        tok = a.parse.token(m.end - 1)
        if tok.dep_ not in ("nsubj", "dobj", "nsubjpass"):
            return False
        anchor = a.parse.token(cue.anchor)
        if anchor.is_ancestor(tok):
            return False  # "what guarantees European countries would provide", parsed with a verb "guarantees"
        return all(verb is not tok.head for verb in syntax.governing_verbs(anchor))

    @staticmethod
    def _object_of_preposition(a: SentenceAnalysis, m: Mention) -> bool:
        """The parse puts a name inside a prepositional phrase, also behind a possessive or a
        title ("arms sales to Britain's ally Israel to ensure ..."): Israel sells nothing."""
        tok = a.parse.token(m.end - 1)
        hops = 0
        while tok.dep_ in ("compound", "appos", "conj", "flat", "poss") and tok.head is not tok and hops < 4:
            tok, hops = tok.head, hops + 1
        return tok.dep_ == "pobj"

    def _possessor(self, a: SentenceAnalysis, m: Mention, cue: TypeCue) -> bool:
        return m.end < len(a.tokens) and a.tokens[m.end].norm == "'s" and cue.start - m.end <= 3

    def _host(self, a: SentenceAnalysis, cue: TypeCue, end: int, committer: str, registry: ActorRegistry,
              before: tuple[str, ...]) -> str | None:
        """The state that hosts troops: "French troops in Chad"; "the withdrawal of French troops from
        Niger" (they leave the state that hosted them)."""
        host = next((m for m in a.mentions if cue.end <= m.start < end and m.kind == "state" and not m.is_demonym
                     and a.tokens[m.start - 1].norm in before), None)
        if host is None:
            return None
        name = self._name(host, registry)
        return name if name != committer else None

    def _buyer(self, a: SentenceAnalysis, cue: TypeCue) -> Mention | None:
        """The owner of a purchase named as a noun ("Jakarta's potential purchase of F-15 jets")."""
        if cue.type != "arms_purchase":  # ("purchase" may be read as a verb cue: the possessive says noun)
            return None
        return next((m for m in a.mentions if m.kind == "state" and m.end <= cue.start and self._possessor(a, m, cue)),
                    None)

    def _permitted(self, a: SentenceAnalysis, cue: TypeCue) -> tuple[Mention, Mention] | None:
        """A buyer given leave to buy, and who gives it ("The administration has agreed to allow Saudi
        Arabia to acquire ...", "has cleared Poland to buy", data/syntax.yaml `permission_verbs`): the
        buyer right after the verb of leave and right before "to", the giver the actor named nearest
        before that verb (a dateline, "WASHINGTON:", or an earlier clause's actor names no one)."""
        if cue.type != "arms_purchase":
            return None
        tokens = a.tokens
        for buyer in a.mentions:
            if not buyer.actor or buyer.end >= cue.start or tokens[buyer.end].norm != "to":
                continue
            k = buyer.start - 1 - (buyer.start > 0 and tokens[buyer.start - 1].norm == "the")
            if k < 0 or tokens[k].norm not in self._lex.syntax.permission_verbs:
                continue
            giver = next((m for m in reversed(a.mentions) if m.actor and m.kind != "media" and m.end <= k
                          and m.name != buyer.name and not self._prepositional(a, m)), None)
            if giver is not None:
                return buyer, giver
        return None

    def _pledger(self, a: SentenceAnalysis, cue: TypeCue, start: int) -> Mention | None:
        """"signed an agreement including pledges from Paris to deliver more arms", "the pledge by France
        to provide": a promise noun with its maker after "from"/"by", shortly before the cue."""
        tokens = a.tokens
        for m in a.mentions:
            if m.kind not in ("state", "organisation") or m.is_demonym or m.start < start + 2 or m.end > cue.start:
                continue
            if tokens[m.start - 1 - (tokens[m.start - 1].norm == "the")].norm not in ("from", "by"):
                continue
            # the promise reaches along its list of verbs ("to deliver more arms, train soldiers and
            # send ..."), not past another actor or the sentence's next clause
            if any(x.actor and m.end <= x.start < cue.start for x in a.mentions) \
                    or any(t.norm in (";", ":", "but", "while") for t in tokens[m.end:cue.start]):
                continue
            k = m.start - 2 - (tokens[m.start - 1].norm == "the")
            if k >= 0 and tokens[k].norm in self._lex.syntax.promise_nouns:
                return m
        return None

    def _source(self, a: SentenceAnalysis, cue: TypeCue) -> Mention | None:
        """"An additional Patriot air defense system from Germany will be deployed in Ukraine": a
        state right after the thing given, introduced by "from", gives it."""
        if cue.type not in _HAS_BENEFICIARY:
            return None
        tokens = a.tokens
        if any(c.label == "withdrawn" for c in a.status_cues):
            return None  # "troops will be withdrawn from Iraq": the place they leave
        end = past_conversion(tokens, cue.end)  # "$1bn (£640m) from India"
        for m in a.mentions:
            # after the thing, or inside a cue that goes on to its verb ("Troops from Chad arrived")
            if m.kind == "state" and not m.is_demonym and m.start > 0 and tokens[m.start - 1].norm == "from" \
                    and cue.start < m.start - 1 <= end + 3 \
                    and not any(t.norm in _CLAUSE_BREAK for t in tokens[min(cue.end, m.start):m.start]):
                return m
        return None

    def _arrived(self, a: SentenceAnalysis, cue: TypeCue, end: int) -> tuple[Mention | None, Mention | None] | None:
        """For weapons said to arrive (data/types.yaml `arrivals`): (the state they come from, the
        state they arrive in or belong to); None for any other cue."""
        tokens = a.tokens
        if cue.type not in ("arms_delivery", "air_defence") or not self._lex.types.arrivals.find(tokens, cue.start, cue.end):
            return None
        states = [m for m in a.mentions if m.actor and m.kind == "state" and not m.is_demonym]
        giver = next((m for m in states if cue.end <= m.start < end and tokens[m.start - 1].norm == "from"), None)
        receiver = next((m for m in states if cue.end <= m.start < end
                         and tokens[self._before_place(a, m.start)].norm in ("in", "into", "at", "to")), None)
        if receiver is None:  # "Ukraine's first F-16 jets have arrived"
            receiver = next((m for m in a.mentions if m.actor and self._possessor(a, m, cue)), None)
        return giver, receiver

    def _intender(self, a: SentenceAnalysis, cue: TypeCue, start: int) -> list[Mention] | None:
        """"the Trump administration's plans to sell aircraft": the possessor of an intent noun
        right before the cue's "to" acts (data/syntax.yaml `intent_nouns`)."""
        tokens = a.tokens
        k = cue.start - 1
        if k < 2 or tokens[k].norm != "to" or tokens[k - 1].norm not in self._lex.syntax.intent_nouns:
            return None
        k -= 2
        while k > start and tokens[k].norm in ("new", "latest", "stated", "announced", "reported"):
            k -= 1
        if k < start or tokens[k].norm != "'s":
            return None
        bodies = self._lex.syntax.state_bodies
        # "the Trump administration's plans": a government noun may stand between the name and "'s"
        chain = next((c for c in self._chains(a, start, k) if c[-1].end == k
                      or (c[-1].end == k - 1 and tokens[k - 1].norm in bodies)), None)
        return list(chain) if chain is not None else None

    def _donor(self, a: SentenceAnalysis, cue: TypeCue) -> Mention | None:
        """The state a demonym names right before a noun of help in or over the cue ("Belgian
        military aid amounting to €977 million", "the new American aid package of $2 billion")."""
        if cue.type not in ("arms_delivery", "financial_aid", "air_defence"):
            return None
        lex, tokens = self._lex.syntax, a.tokens
        over = {a.parse.ours(t) for t in a.parse.token(cue.anchor).ancestors}
        for m in a.mentions:
            if not (m.is_demonym and m.kind == "state") or m.end > cue.end + 1:
                continue
            k = m.end
            while k < len(tokens) and k - m.end < 4 and tokens[k].norm in lex.donor_modifiers \
                    and tokens[k].norm not in lex.donor_nouns:
                k += 1
            while k + 1 < len(tokens) and tokens[k + 1].norm in lex.donor_nouns:
                k += 1  # "aid package": the last noun is the head
            if k < len(tokens) and tokens[k].norm in lex.donor_nouns and (cue.start <= k < cue.end or k in over):
                return m
        return None

    def _troop_owner(self, a: SentenceAnalysis, cue: TypeCue) -> Mention | None:
        """The state whose troops a deployment cue names ("French soldiers", "the withdrawal of
        Russian forces"): troops are their own state's, whoever else the sentence names."""
        if cue.type not in ("troop_deployment", "monitoring"):
            return None
        # "deployed U.S. intelligence, surveillance and reconnaissance assets": the modifier may
        # open the noun phrase a few words before a monitoring cue
        reach = cue.start - (3 if cue.type == "monitoring" else 0)
        # a state's name after the number of troops a verb governs is theirs too: "withdrawing
        # about 750 US peacekeeping troops from Bosnia" (not "to send Russia 10,000 troops")
        # (a host's troops are the hosting rule's: "Poland will host 10,000 US troops")
        counted = cue.verb_end if cue.verb_end is not None and cue.type == "troop_deployment" \
            and not self._lex.types.hosting_verbs.at(a.tokens, cue.verb_end - 1) else cue.end
        owners = [m for m in a.mentions if reach <= m.start < cue.end and m.kind == "state"
                  and (m.is_demonym or (cue.type == "monitoring" and m.end <= cue.start)
                       or (m.end < cue.end and _counted(a.tokens[counted:m.start]) and not _counted(a.tokens[m.end:cue.end])))
                  and all(t.norm in (",", "and") or t.is_word for t in a.tokens[m.end:cue.start])
                  and not any(t.norm in ("to", "of", "for", "by", "from", "in") for t in a.tokens[m.end:cue.start])]
        return owners[0] if len(owners) == 1 else None

    def _subjects(self, a: SentenceAnalysis, cue: TypeCue, start: int, end: int) -> tuple[list[Mention], str]:
        agent = self._agent(a, cue, end)
        if agent:
            return agent, "agent"
        aside = _naming_asides(a.tokens)
        before = [c for c in self._chains(a, start, cue.anchor)
                  if not self._prepositional(a, c[0]) and not self._possessor(a, c[-1], cue)
                  and not any(s <= c[0].start < e for s, e in aside)]
        # a demonym is an adjective ("frozen Russian assets"): it is the subject only when no
        # name is ("British troops will be stationed")
        named = [c for c in before if not all(m.is_demonym for m in c)]
        pool = named or before
        # "Japan joined the EU in lowering the price cap": a name right after a verb is its object
        while len(pool) > 1 and self._object_of_verb(a, pool[-1][0], pool[-2][-1]):
            pool = pool[:-1]
        if pool:
            return list(pool[-1]), "subject"
        followers = self._lex.syntax.subject_followers
        for chain in self._chains(a, cue.end, end):
            last = chain[-1]
            if not self._prepositional(a, chain[0]) and last.end < len(a.tokens) \
                    and a.tokens[last.end].norm in followers and not self._object_of_preposition(a, last) \
                    and not self._subject_elsewhere(a, last, cue):
                return list(chain), "after"
        return [], ""

    def _parsed_subject(self, a: SentenceAnalysis, cue: TypeCue) -> list[Mention]:
        """The named subject of the verb that governs the cue, from the dependency parse ("the UK
        would supply Ukraine with ...": the UK; "... which has been financed by the Danish
        government": Denmark), with the names coordinated with it. Nothing when the subject is a
        pronoun or names no actor: the word-order rules decide then."""
        parse = a.parse
        anchor = parse.token(cue.anchor)
        for verb in syntax.governing_verbs(anchor):
            subject = syntax.subject_of(verb)
            if subject is None:
                continue
            undergoing = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if undergoing is not None and subject.i != undergoing.i \
                    and undergoing.left_edge.i <= anchor.i <= undergoing.right_edge.i \
                    and not any(c.start <= parse.ours(verb) < c.end and c.label != "none" for c in a.status_cues):
                return []  # "Germany's pledge of four IRIS-T systems was welcomed by Kyiv": Kyiv welcomes it
            if subject.tag_ in ("WDT", "WP"):
                continue  # "a package that includes ...": the clause the relative hangs on decides
            if self._helped(verb, subject):
                # "NATO would help Turkey improve its air defenses": the helper commits, to the helped
                helper = syntax.subject_of(verb.head)
                if helper is None:
                    return []
                subject = helper
            if syntax.is_pronoun(subject):
                # "Leaders of the Group of Seven say they have reached an agreement to fund ...":
                # the pronoun stands for the named subject of the report it is the content of
                named = self._reporter(a, subject, verb)
                return named if all(m.kind != "person" for m in named) else []
            return self._named_subjects(a, subject)
        return []

    def _in_subjects_clause(self, a: SentenceAnalysis, cue: TypeCue, committers: list[Mention]) -> bool:
        """Whether the actors word order found are named only in a clause hung on the verb's subject
        ("Chavez, who accused the US government of plans to invade his country, has signed military
        deals": not the US), the subject itself naming no actor."""
        verb = next(syntax.governing_verbs(a.parse.token(cue.anchor)), None)
        subject = syntax.subject_of(verb) if verb is not None else None
        if subject is None or not committers:
            return False
        for m in committers:
            tok, inside = a.parse.token(m.start), False
            for _ in range(12):
                if tok.i == subject.i:
                    break
                inside = inside or tok.dep_ in ("relcl", "acl")
                if tok.head.i == tok.i:
                    return False
                tok = tok.head
            else:
                return False
            if tok.i != subject.i or not inside:
                return False
        return True

    def _share_givers(self, a: SentenceAnalysis, cue: TypeCue, start: int) -> list[Mention] | None:
        """For a share given "each" (kg.extract.cues._each), the names right before it ("..., whilst
        Italy, Finland and Hungary provided 4 each", "ahead of Greece and Portugal who sent 2 each")."""
        tokens = a.tokens
        if cue.verb_end != cue.end - 2 or tokens[cue.end - 1].norm != "each":
            return None
        before = cue.start - 1 if cue.start > 0 and tokens[cue.start - 1].norm == "who" else cue.start
        return next((c for c in self._chains(a, start, before) if c[-1].end == before), None)

    def _names_the_cue(self, a: SentenceAnalysis, cue: TypeCue, committers: list[Mention]) -> bool:
        """Whether the actors word order found only name the commitment's noun ("a U.N. peacekeeping
        mission", "the EU naval mission") while the verb over it has a subject of its own: the one
        who takes part is that subject, not the body that runs the mission."""
        if cue.verb_end is not None or not committers:
            return False
        start = min(m.start for m in committers)
        subjects = [syntax.subject_of(verb) for verb in syntax.governing_verbs(a.parse.token(cue.anchor))]
        if not any(s is not None and not start <= a.parse.ours(s) < cue.end for s in subjects):
            return False  # "NATO peacekeepers are stationed in Kosovo": the noun is the subject
        return all(m.kind == "organisation" and not m.is_demonym and m.end == cue.start
                   and cue.start <= a.parse.ours(a.parse.token(m.end - 1).head) < cue.end for m in committers)

    def _helped(self, verb: "syntax.SpacyToken", subject: "syntax.SpacyToken") -> bool:
        """Whether a verb's own subject is the one another helps ("help Turkey improve ...")."""
        return subject.head.i == verb.i and verb.dep_ in ("ccomp", "xcomp") and verb.head.lower_ in self._lex.syntax.helping_words

    def _helped_actor(self, a: SentenceAnalysis, cue: TypeCue) -> Mention | None:
        """The actor another helps to the cue's end ("will help Ukraine strengthen its air
        defenses": Ukraine), or None."""
        verb = next(syntax.governing_verbs(a.parse.token(cue.anchor)), None)
        subject = syntax.subject_of(verb) if verb is not None else None
        if subject is None or not self._helped(verb, subject):
            return None
        return next(iter(self._named_subjects(a, subject)), None)

    def _unnamed_for_subject(self, a: SentenceAnalysis, cue: TypeCue) -> bool:
        """The infinitive of the cue has a subject of its own after "for" that names no actor
        ("licences for companies to sell weapons"): the sentence's subject does not act."""
        for verb in syntax.governing_verbs(a.parse.token(cue.anchor)):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            return subject.tag_ in ("NN", "NNS") and any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children) \
                and not self._named_by(a, subject)
        return False

    def _named_subjects(self, a: SentenceAnalysis, subject) -> list[Mention]:
        """The actors a subject names, with those of the nouns coordinated with it; for a group
        that names its members ("European countries including Germany and Spain"), the members."""
        named = self._coordinated_names(a, subject)
        if all(m.kind == "group" for m in named):  # "Several countries, such as Poland and Romania,"
            return self._members_named(a, subject) or named
        return named

    def _coordinated_names(self, a: SentenceAnalysis, noun) -> list[Mention]:
        """The actors a noun names, with those of the nouns coordinated with it."""
        return [m for each in syntax.coordinated(noun) for m in self._named_by(a, each)]

    def _members_named(self, a: SentenceAnalysis, group) -> list[Mention]:
        """The states and organisations after a member marker hanging on a group noun."""
        markers = self._lex.syntax.member_markers
        for child in group.rights:
            words = " ".join(t.lower_ for t in child.subtree if t.i <= child.i or t.dep_ == "fixed")
            if child.dep_ != "prep" or not (child.lower_ in markers or words in markers):
                continue
            objects = [c for c in child.children if c.dep_ == "pobj"]
            members = [m for obj in objects for m in self._coordinated_names(a, obj)]
            if members and all(m.kind in ("state", "organisation") for m in members):
                return members
        return []

    def _reporter(self, a: SentenceAnalysis, subject, clause) -> list[Mention]:
        """For a "they/it/we" subject of a reported clause (`clause`, the complement of a report
        verb), the named subject of the report; else nothing."""
        if subject.lower_ not in ("it", "they", "we") or clause.dep_ != "ccomp":
            return []
        report = syntax.subject_of(clause.head)
        if report is None or syntax.is_pronoun(report):
            return []
        return self._named_subjects(a, report)

    def _own_antecedent(self, a: SentenceAnalysis, subject: "syntax.SpacyToken",
                        verb: "syntax.SpacyToken") -> list[Mention]:
        """For "he/she", the person named as subject of a verb the clause hangs from: "President Joe
        Biden has made it clear that he will not deploy troops" (Biden, whoever spoke before)."""
        if subject.lower_ not in ("he", "she"):
            return []
        node = verb
        for _ in range(3):
            if node.head is node:
                return []
            node = node.head
            above = syntax.subject_of(node)
            if above is not None and not syntax.is_pronoun(above):
                named = [m for m in self._named_subjects(a, above) if m.kind == "person"]
                return named
        return []

    def _reported(self, a: SentenceAnalysis, cue: TypeCue) -> bool:
        """The cue's clause is the complement of a report verb ("Pistorius, who ..., said that
        Germany would deliver ..."), however far the speaker stands from it."""
        for verb in syntax.governing_verbs(a.parse.token(cue.anchor)):
            if any(c.dep_ in syntax.SUBJECTS for c in verb.children):
                head = verb.head
                return verb.dep_ == "ccomp" and head is not verb and head.lower_ in _REPORT_FORMS
        return False

    def _partners(self, a: SentenceAnalysis, made: list[Draft], registry: ActorRegistry) -> list[Draft]:
        """"in coordination with Australia and the United States": partners acting jointly with the
        committer make the same commitment (data/syntax.yaml `joint_markers`)."""
        if not made:
            return []
        out: list[Draft] = []
        for marker in self._lex.syntax.joint_markers.find(a.tokens):
            verb = next(syntax.governing_verbs(a.parse.token(marker.start)), None)
            cues = [a.parse.token(c.anchor) for c in a.type_cues]
            if verb is None or not any(verb == t or verb.is_ancestor(t) for t in cues):
                continue  # "Pistorius, who is co-chairing the meeting together with his British counterpart, said"
            end = marker.end
            while end < len(a.tokens) and a.tokens[end].norm not in (".", ";", ":") and end - marker.end < 25:
                end += 1
            # the partners: right after the marker, or "from X" ("similar sanctions ... from X")
            chain = next((c for c in self._chains(a, marker.end, end)
                          if c[0].start - marker.end <= 1 or a.tokens[c[0].start - 1 - (a.tokens[c[0].start - 1].norm == "the")].norm == "from"),
                         None)
            if chain is None or any(t.norm in (";", "but") for t in a.tokens[marker.end:chain[0].start]):
                continue
            source = next((d for d in made if d.commitment.committer not in {m.name for m in chain}), None)
            if source is None:
                continue
            partners = {m.name for m in chain}
            for d in made:
                if d.commitment.target in partners:
                    d.commitment.target = None  # a partner is no target
            for m in chain:
                name = self._name(m, registry)
                if name == source.commitment.committer or any(d.commitment.committer == name for d in made + out):
                    continue
                copy = source.commitment.model_copy(deep=True)
                copy.committer = name
                copy.beneficiary = source.commitment.beneficiary if source.commitment.beneficiary != name else None
                copy.cues = [*copy.cues, f"committer:partner:{m.surface}"]
                out.append(Draft(copy, source.sentence, source.paragraph, source.section, source.explicit_beneficiary))
        return out

    def _listed(self, a: SentenceAnalysis, index: int, lead: lists.Lead, donor: Mention, money: Money,
                registry: ActorRegistry) -> Draft:
        """A donor's line in a list of amounts (kg.extract.lists): its financial aid, with the status
        and recipient the list's lead-in gives."""
        beneficiary = self._name(lead.beneficiary, registry) if lead.beneficiary is not None else None
        commitment = Commitment(
            committer=self._name(donor, registry), type=CommitmentType.FINANCIAL_AID, status=Status(lead.status),
            beneficiary=beneficiary, amount=money.amount, currency=money.currency, attributed_to=a.attribution,
            quote=a.sentence.text, quote_start=a.sentence.start, quote_end=a.sentence.end,
            confidence=_confidence("subject", lead.status_cue, beneficiary, a.attribution),
            cues=[f"type:financial_aid:{money.text}", f"status:{lead.status}:{lead.status_cue} (the list's lead-in)",
                  f"committer:list-entry:{donor.surface}"])
        return Draft(commitment, index, a.sentence.paragraph, a.sentence.section, beneficiary is not None)

    def _gapped(self, a: SentenceAnalysis, made: list[Draft], registry: ActorRegistry) -> list[Draft]:
        """"Germany will send two Eurofighters, Denmark two F-16s and a frigate, and France three
        Rafales": a list of contributions that leaves the verb out after the first. A state named
        after a comma or "and", past the first cue, followed at once by a number or an article and
        subject of no verb of its own, makes the first commitment's promise for its own share."""
        if not made or not a.type_cues:
            return []
        first = made[0].commitment
        tokens, parse = a.tokens, a.parse
        after = min(c.end for c in a.type_cues)
        taken = {d.commitment.committer for d in made} | {first.beneficiary, first.target, first.counterparty}
        lex = self._lex
        out: list[Draft] = []
        for m in a.mentions:
            if m.kind != "state" or m.is_demonym or not m.actor or m.start < after or m.end >= len(tokens):
                continue
            if tokens[m.start - 1].norm not in (",", "and", ";") or m.name in taken:
                continue
            following = tokens[m.end]
            # its own share of money: "the UK has pledged $5 million, China $1 million and India $1 million"
            money = next((x for x in a.money if x.start == m.end), None)
            share = following.norm[:1].isdigit() or following.norm in ("a", "an", "another") \
                or bool(lex.amounts.number_words.at(tokens, m.end)) or money is not None
            # or its own place: "Canada will lead a battalion in Latvia, the UK in Estonia, and the US in Poland"
            place = next((p for p in a.mentions if p.kind == "state" and p.actor and p.start == m.end + 1), None) \
                if not share and following.norm in ("in", "to") else None
            if not (share or place) or parse.token(m.end - 1).dep_ in syntax.SUBJECTS:
                continue
            name = self._name(m, registry)
            if name in taken:
                continue
            taken.add(name)
            # the promise of the nearest commitment before it ("Japan will provide ..., while the UK has pledged ...")
            share_of = _share(made[-1].commitment if money is not None else first, made[0], name, money,
                              f"committer:gapped:{m.surface}")
            if place is not None:
                share_of.commitment.beneficiary = self._name(place, registry)
            out.append(share_of)
        return out

    def _amounts_from(self, a: SentenceAnalysis, made: list[Draft], registry: ActorRegistry) -> list[Draft]:
        """"Pledges include $1bn from India, $500m from China, and $600m from the Asian Development
        Bank": each amount followed by "from" and a donor is that donor's own share of the first
        money commitment the sentence makes."""
        first = next((d for d in made if d.commitment.type == "financial_aid"), None)
        if first is None:
            return []
        tokens = a.tokens
        donors: list[tuple[Money, str, Mention]] = []
        for money in a.money:
            k = past_conversion(tokens, money.end)  # "$1bn (£640m) from India"
            if k + 1 >= len(tokens) or tokens[k].norm != "from":
                continue
            donor = next((m for m in a.mentions if m.start in (k + 1, k + 2) and m.actor and not m.is_demonym
                          and m.kind in ("state", "organisation")), None)
            if donor is not None:
                donors.append((money, self._name(donor, registry), donor))
        named = {name for _, name, _ in donors}
        for d in made:  # a donor is no recipient: "$260m from Japan, $130m from the US"
            if d.commitment.beneficiary in named:
                d.commitment.beneficiary = None
        taken = {d.commitment.committer for d in made}
        out: list[Draft] = []
        for money, name, donor in donors:
            if name in taken:
                continue
            taken.add(name)
            out.append(_share(first.commitment, first, name, money, f"committer:amount-from:{donor.surface}"))
        return out

    def _lent(self, a: SentenceAnalysis, made: list[Draft], registry: ActorRegistry) -> None:
        """Financial aid in a sentence that names a lender (data/syntax.yaml `lenders`) is the lender's,
        to the state the cue made its committer: "Zambia reached a staff-level agreement with the IMF
        on a $1.4 billion credit facility" (Zambia borrows)."""
        lenders = [self._name(m, registry) for m in a.mentions if m.actor and not m.is_demonym]
        lenders = [name for name in lenders if name in self._lex.syntax.lenders]
        if len(set(lenders)) != 1:
            return
        lender = lenders[0]
        for draft in made:
            c = draft.commitment
            entry = self._matcher.entry(c.committer)
            if c.type != CommitmentType.FINANCIAL_AID or c.committer == lender or entry is None or entry.kind != "state":
                continue
            if c.beneficiary is None or c.beneficiary == c.committer:
                c.beneficiary = c.committer
            c.committer = lender
            draft.cues.append(f"committer:lender:{lender}")

    def _purpose_of_another(self, a: SentenceAnalysis, cue: TypeCue) -> bool:
        """The cue is in a purpose clause ("in order to ...", up to the next comma) and the sentence
        names another commitment outside it: the clause says what that one is for."""
        tokens = a.tokens
        for marker in self._lex.syntax.purpose_markers.find(tokens, 0, cue.start):
            end = next((k for k in range(marker.end, len(tokens)) if tokens[k].norm in (",", ";")), len(tokens))
            if cue.end <= end and any(not (marker.start <= c.start < end) for c in a.type_cues):
                return True
        return False

    def _financed_purpose(self, a: SentenceAnalysis, cue: TypeCue) -> bool:
        """The cue is what money is lent or given for ("a loan for the acquisition of patrol vessels"):
        its "for" hangs on a noun of money."""
        tok = a.parse.token(cue.start)
        if tok.dep_ != "pobj" or tok.head.lower_ != "for":
            return False
        return tok.head.head.lower_ in self._lex.refusals.money_words

    def _denied_report(self, a: SentenceAnalysis, cue: TypeCue) -> bool:
        """"has dismissed reports of a proposal from Russia to base aircraft": the cue sits under a
        report or claim that a denial verb governs."""
        lex = self._lex.refusals
        denials = {m.start for m in lex.denials.find(a.tokens)}
        if not denials:
            return False
        reported = False
        for up in a.parse.token(cue.anchor).ancestors:
            if up.lower_ in lex.denied_nouns and up.tag_.startswith("NN"):
                reported = True
            elif syntax.is_verb(up):
                return reported and a.parse.ours(up) in denials
        return False

    def _in_background(self, a: SentenceAnalysis, status: Cue) -> bool:
        """A status noun after the cue inside "after/following/despite ..." ("agreed upon the package
        after a month of discussions"): what led up to the clause, not its status."""
        tok = a.parse.token(status.start)
        if syntax.is_verb(tok):
            return False
        for up in tok.ancestors:
            if up.dep_ == "prep" and up.lower_ in self._lex.syntax.background_prepositions:
                return True
            if syntax.is_verb(up) and not (up.dep_ == "pcomp" and up.head.lower_ in self._lex.syntax.background_prepositions):
                return False  # but "after concluding 20 months of negotiations" is still background
        return False

    def _under_scrutiny(self, a: SentenceAnalysis, cue: TypeCue) -> bool:
        """"would update a review on arms sales to Israel": the cue is what a review, an inquiry or a
        debate is about (data/syntax.yaml `scrutiny_nouns`), not a commitment the sentence states."""
        lex = self._lex.syntax
        tok = a.parse.token(cue.anchor)
        while tok.dep_ in ("compound", "amod", "conj", "appos") and tok.head is not tok:
            tok = tok.head
        if tok.dep_ != "pobj":
            return False
        prep = tok.head
        return prep.lower_ in lex.scrutiny_prepositions and prep.head is not prep \
            and prep.head.lower_ in lex.scrutiny_nouns and prep.head.tag_.startswith("NN")

    def _a_component(self, a: SentenceAnalysis, cue: TypeCue) -> bool:
        """"an aid package that includes ammunition and air-defense systems": the cue names a part of
        another cue's commitment, which the sentence states."""
        if len(a.type_cues) < 2:
            return False
        for verb in syntax.governing_verbs(a.parse.token(cue.anchor)):
            if verb.lower_ in _COMPONENT_VERBS and verb.dep_ in ("relcl", "acl", "prep"):
                head = verb.head
                return any(c is not cue and c.start <= a.parse.ours(head) < max(c.end, c.start + 1)
                           for c in a.type_cues)
            if any(c.dep_ in syntax.SUBJECTS and c.tag_ not in ("WDT", "WP") for c in verb.children):
                return False
        return False

    def _named_by(self, a: SentenceAnalysis, noun) -> list[Mention]:
        """The actor mentions of a noun phrase: the noun and its modifiers ("the Danish government"),
        else its "of" phrase ("Leaders of the Group of Seven")."""
        parse = a.parse
        left = parse.ours(noun.left_edge)
        head_start, head_end = parse.span(noun)
        right = head_end
        for child in noun.rights:   # cut before the noun's right-hand dependents
            if child.dep_ in ("prep", "relcl", "acl", "appos", "conj", "cc", "punct"):
                right = min(right, parse.ours(child.left_edge))
        own = [m for m in a.mentions if m.actor and m.kind != "media" and left <= m.start and m.end <= max(right, m.start + 1)
               and m.start < right]
        named = [m for m in own if not m.is_demonym] or own
        if named and noun.lower_ in self._lex.syntax.state_bodies:
            # "the German and Ukrainian governments": the states themselves
            named = [replace(m, via="name") if m.is_demonym else m for m in named]
        if named:
            return named[-1:] if len(named) > 1 and not any(t.norm == "and" for t in a.tokens[left:right]) else named
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                start, end = parse.span(child)
                for grandchild in child.children:  # not deeper: "none of the allegations about ... Russia"
                    if grandchild.dep_ == "pobj":
                        for deeper in grandchild.rights:
                            if deeper.dep_ in ("relcl", "acl") or (deeper.dep_ == "prep" and deeper.lower_ != "of"):
                                end = min(end, parse.ours(deeper.left_edge))
                inner = [m for m in a.mentions if m.actor and m.kind != "media" and start <= m.start < end]
                if inner:
                    return inner[:1]
        return []

    def _present_in(self, a: SentenceAnalysis, cue: TypeCue, committers: Sequence[Mention]) -> bool:
        """The cue's force is in a place another actor names right after it: "has some 5,000
        military personnel in Iraq", "keeps troops on Polish soil"."""
        at = cue.end
        if at >= len(a.tokens) or a.tokens[at].norm not in self._lex.types.presence_prepositions \
                or any(t.norm in _NONE_OF for t in a.tokens[cue.start:cue.end]):
            return False  # "has no troops in Libya"
        own = {m.name for m in committers}
        return any(m.actor and m.name not in own and at < m.start <= at + 2 for m in a.mentions)

    def _made_in(self, a: SentenceAnalysis, start: int, end: int) -> set[str]:
        """The states compounds of origin in tokens [start, end) name: "Iranian-made drones"."""
        return {state for t in a.tokens[start:end] if (state := self._matcher.made_in(t.text))}

    def _system_makers(self, a: SentenceAnalysis, start: int, end: int) -> set[str]:
        """The states the weapon systems named in tokens [start, end) come from (data/systems.yaml)."""
        return {m.payload for m in self._lex.origins.find(a.tokens, start, end)}

    def _agenda(self, a: SentenceAnalysis, status: Cue) -> bool:
        """"met in Brussels to discuss ...", "a summit to discuss ...": discussing is the purpose of a
        meeting; "discussed issues related to ...": what is discussed is a topic, not a commitment."""
        tokens = a.tokens
        if status.label != "under_discussion":
            return False
        after = [t.norm for t in tokens[status.end:status.end + 3] if t.norm not in _DETERMINERS]
        if after and after[0] in self._lex.syntax.agenda_nouns:
            return True  # "discussed issues related to the two countries' defence cooperation": a topic
        if status.start == 0 or tokens[status.start - 1].norm != "to":
            return False
        window = max(0, status.start - 8)
        return bool(self._lex.events.verbs.find(tokens, window, status.start - 1)
                    or self._lex.events.nouns.find(tokens, window, status.start - 1))

    def _named_subject(self, a: SentenceAnalysis, cue: TypeCue, start: int) -> bool:
        """The commitment's own name opens the reported clause, as what it talks about ("the sanctions
        would not change ...", "any deployment would be ..."): the speaker commits to nothing."""
        if cue.verb_end is not None and not a.tokens[cue.start].norm.endswith("ing"):
            return False  # "supplying Tomahawks to Kyiv would damage relations": a gerund subject is a name too
        if any(t.norm in _BE for t in a.tokens[cue.start:cue.end]):
            return False  # "Rutte said the jets will be provided": a passive predicate, the speaker's side gives
        gap = a.tokens[start:cue.start]
        return all(t.norm in _DETERMINERS for t in gap) and len(gap) <= 3

    def _agent(self, a: SentenceAnalysis, cue: TypeCue, end: int) -> list[Mention]:
        """"the weapons would be bought by NATO members": the agent of a passive cue commits; so does
        the one a state is under ("leaders of Hezbollah are under sanction by Saudi Arabia")."""
        tokens = a.tokens
        under = cue.start >= 2 and tokens[cue.start - 1].norm == "under" and tokens[cue.start - 2].norm in _BE
        if cue.verb_end is not None or cue.end >= end or tokens[cue.end].norm != "by" \
                or not (under or any(t.norm in _BE for t in tokens[cue.start:cue.end])):
            return []
        chain = next((c for c in self._chains(a, cue.end + 1, end)
                      if c[0].start in (cue.end + 1, cue.end + 2)), None)
        return list(chain) if chain else []

    def _object_of_verb(self, a: SentenceAnalysis, m: Mention, previous: Mention) -> bool:
        """m follows a finite verb (a past-tense word, or a verb of its own) of the clause that the
        earlier name is the subject of ("Japan joined the EU", "Trump thanked Zelensky")."""
        tokens = a.tokens
        j = m.start - (m.start > 0 and tokens[m.start - 1].norm == "the")
        if j <= previous.end or j - previous.end > 4:
            return False
        verb = tokens[j - 1]
        between = tokens[previous.end:j - 1]
        if any(t.norm in (",", ";", "that", "and", "but", "which", "who") for t in between):
            return False
        return verb.is_word and verb.norm not in self._lex.syntax.prepositions and verb.norm not in self._lex.syntax.subject_followers \
            and (verb.norm.endswith("ed") or verb.norm in _OBJECT_VERBS)

    def _pronoun_subject(self, a: SentenceAnalysis, cue: TypeCue, start: int,
                         prior: SentenceAnalysis | None) -> tuple[list[Mention], int | None]:
        """"It had delivered ...", "Germany and Norway have said they are ready to ...": a subject
        pronoun before the cue stands for the subject named before it in the sentence, else for the
        subject of the sentence before ("it" for a state or body, "they" for several or a group)."""
        tokens = a.tokens
        p = next((k for k in range(start, cue.anchor) if tokens[k].norm in _PRONOUNS
                  and not (k > 0 and tokens[k - 1].norm in self._lex.syntax.prepositions)), None)
        described = self._description(a, start, cue.anchor) if p is None else None
        if described is not None:
            return self._described(prior, start, *described)
        if p is None:
            return [], None
        plural = tokens[p].norm == "they"

        def fits(chain: list[Mention]) -> bool:
            if any(m.kind in ("person", "media") for m in chain):
                return False
            return (len(chain) > 1 or chain[0].kind == "group") if plural else len(chain) == 1

        here = [c for c in self._chains(a, 0, p) if not self._prepositional(a, c[0]) and fits(c)]
        if here:
            return list(here[-1]), p + 1
        if prior is not None and p == start:
            aside = _naming_asides(prior.tokens)
            subjects = [c for c in self._chains(prior, 0, len(prior.tokens))
                        if not self._prepositional(prior, c[0]) and not any(s <= c[0].start < e for s, e in aside)]
            if subjects and fits(subjects[0]):
                return list(subjects[0]), p + 1
        return [], None

    def _description(self, a: SentenceAnalysis, start: int, end: int) -> tuple[int, str] | None:
        """"The Nordic country has also committed to ...": a definite description opening the clause
        (data/syntax.yaml `descriptions`) -> (the token after it, the kind of actor it stands for)."""
        tokens = a.tokens
        if start >= end or tokens[start].norm != "the" or any(m.start == start + 1 for m in a.mentions):
            return None
        for k in range(start + 1, min(start + 4, end)):
            kind = self._lex.syntax.descriptions.get(tokens[k].norm)
            if kind is not None:
                return k + 1, kind
            if not tokens[k].is_word:
                return None
        return None

    def _described(self, prior: SentenceAnalysis | None, start: int, end: int,
                   kind: str) -> tuple[list[Mention], int | None]:
        """The actor a description stands for: the sentence before's subject, when it is one actor
        of the description's kind ("the country" for a state, "the bloc" for a body)."""
        if prior is None or start != 0:
            return [], None
        aside = _naming_asides(prior.tokens)
        subjects = [c for c in self._chains(prior, 0, len(prior.tokens))
                    if not self._prepositional(prior, c[0]) and not any(s <= c[0].start < e for s, e in aside)]
        if subjects and len(subjects[0]) == 1 and subjects[0][0].kind == kind and not subjects[0][0].is_demonym:
            return list(subjects[0]), end
        return [], None

    def _governing_tentative(self, a: SentenceAnalysis, committers: list[Mention], start: int):
        """"The US and Ukraine discussed a deal, under which Washington would buy ...": a proposal or
        discussion governs what a relative clause on its object says the parties would do."""
        first = min(m.start for m in committers)
        tentative = [c for c in a.status_cues if start <= c.start and c.end <= first
                     and c.label in ("proposed", "under_discussion")]
        for c in reversed(tentative):
            if c.text.lower() == "whether" or any(t.norm in _RELATIVE for t in a.tokens[c.end:first]):
                return c  # "It is unclear whether Germany will send ...": undecided
        return None

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

    def _obligated(self, a: SentenceAnalysis, cue: TypeCue, clause_start: int) -> Mention | None:
        """"The agreement obliges Britain to provide ...", "the deal commits Turkey to train ...": the
        actor a binding text binds (data/modality.yaml `obligations`) commits, as a pledge."""
        tokens = a.tokens
        # the obligation verb may be the cue's own verb ("commits Turkey to train": "commit" transfers too)
        for o in self._lex.modality.obligations.find(tokens, clause_start, cue.anchor + 1):
            obj = next((m for m in a.mentions if m.start == o.end and m.actor and m.kind != "media"), None)
            if obj is not None and obj.end < cue.end and tokens[obj.end].norm == "to":
                return obj
        return None

    # --- whom -----------------------------------------------------------------------------------

    def _beneficiary(self, a: SentenceAnalysis, cue: TypeCue, end: int, committer: str,
                     registry: ActorRegistry) -> str | None:
        if cue.type == "sanctions":
            return None
        preps = {"for"} if cue.type == "arms_purchase" else {"to", "for"} | ({"in", "into"} if cue.type in _PLACED else set())
        if cue.type in _PLACED:
            preps = preps | _ENTERING  # "ECOWAS troops entered The Gambia": the state entered hosts them
        if cue.type in _AGREED:
            preps = preps | {"with"}  # "ends its defence pact with France": the other party
        blocked = [(c.cue_start, c.end) for c in a.conditions]
        if cue.type == "security_guarantee":  # "guarantee Ukraine's security": the state the phrase names
            named = next((m for m in a.mentions if cue.start < m.start and m.end < cue.end and m.actor
                          and m.kind == "state"), None)
            if named is not None and (name := self._name(named, registry)) != committer:
                return name
        if a.tokens[cue.end - 1].norm in _GOVERNING_ENDS:  # "commitment to defend Japan", "the defence of Poland"
            at = {cue.end, cue.end + 1} if cue.end < len(a.tokens) and a.tokens[cue.end].norm == "the" else {cue.end}
            named = next((m for m in a.mentions if m.start in at and m.actor and m.kind != "media"), None)
            if named is not None and (name := self._name(named, registry)) != committer:
                return name
        for m in a.mentions:
            if m.start < cue.start or m.start >= end or not m.actor or m.kind == "media":
                continue
            if any(s <= m.start < e for s, e in blocked):
                continue
            j = self._before_place(a, m.start)
            if j >= 0 and a.tokens[j].norm in preps:
                name = self._name(m, registry)
                if name != committer:
                    return name
        for m in a.mentions:  # "intervening to help Mali's army": whom the act helps
            if m.actor and m.kind != "media" and cue.end <= m.start < end \
                    and a.tokens[self._before_place(a, m.start)].norm in self._lex.syntax.helping_words:
                name = self._name(m, registry)
                if name != committer:
                    return name
        if cue.type in _AGREED:  # "ratified a defence deal with France that includes a mutual assistance clause"
            for m in a.mentions:
                if m.actor and m.kind == "state" and m.start < cue.start and m.start > 0 \
                        and a.tokens[m.start - 1].norm == "with" and not any(s <= m.start < e for s, e in blocked):
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
        given = self._indirect_object(a, cue)  # "supply Ukraine with ...", "given the United States access"
        if given is not None:
            name = self._name(given, registry)
            if name != committer:
                return name
        if cue.type in ("financial_aid", *_AGREED):  # "negotiated between Islamabad and the IMF": the other party
            other = self._other_party_between(a, committer, registry)
            if other is not None:
                return other
        if cue.type == "financial_aid":
            tokens = a.tokens
            for m in a.mentions:  # "buy $15 billion of Ukrainian government bonds": the issuer
                if m.actor and cue.start < m.start and m.end < cue.end and m.kind == "state" and (
                        m.is_demonym or tokens[m.end].norm == "'s"):
                    name = self._name(m, registry)
                    if name != committer:
                        return name
            # "deposited $5 billion in Egypt's central bank": Egypt
            for m in a.mentions:
                j = m.start - 1 - (m.start > 0 and tokens[m.start - 1].norm == "the")
                if cue.end <= m.start < end and m.actor and j >= 0 and tokens[j].norm in ("in", "with", "into") \
                        and [t.norm for t in tokens[m.end:m.end + 3]] == ["'s", "central", "bank"]:
                    name = self._name(m, registry)
                    if name != committer:
                        return name
        if cue.type == "arms_purchase":
            return committer  # a buyer buys for itself unless "for X" says otherwise
        return None

    def _before_place(self, a: SentenceAnalysis, start: int) -> int:
        """The index of the word governing a name at `start`, past "the" and the part of the place
        named before it ("to the eastern Ukraine", "in western Syria": data/syntax.yaml `compass_words`)."""
        j = start - 1
        if j >= 0 and a.tokens[j].norm in self._lex.syntax.compass_words:
            j -= 1
        if j >= 0 and a.tokens[j].norm == "the":
            j -= 1
        return j

    def _other_party_between(self, a: SentenceAnalysis, committer: str, registry: ActorRegistry) -> str | None:
        """"an arrangement negotiated between Islamabad and the IMF": of the two parties after
        "between ... and", the one that is not the committer."""
        tokens = a.tokens
        for k, t in enumerate(tokens):
            if t.norm != "between":
                continue
            parties = [m for m in a.mentions if m.actor and k < m.start <= k + 8]
            if len(parties) >= 2 and any(x.norm == "and" for x in tokens[parties[0].end:parties[1].start]):
                names = [self._name(m, registry) for m in parties[:2]]
                if committer in names and names[0] != names[1]:
                    return names[1] if names[0] == committer else names[0]
        return None

    def _indirect_object(self, a: SentenceAnalysis, cue: TypeCue) -> Mention | None:
        """The receiving object of the verb governing the cue, from the parse: "provide Ukraine with
        an aid package" (an object followed by "with"), "has given the United States access" (dative)."""
        for verb in syntax.governing_verbs(a.parse.token(cue.anchor)):
            objects = [c for c in verb.children if c.dep_ in ("dative", "dobj")]
            has_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
            for obj in objects:
                if obj.dep_ == "dobj" and not (has_with or sum(1 for c in verb.children if c.dep_ == "dobj") > 1):
                    continue
                named = self._named_by(a, obj)
                if named:
                    return named[0]
            if any(c.dep_ in syntax.SUBJECTS for c in verb.children):
                return None
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
        tokens = a.tokens
        # a conversion in brackets after an amount ("£2.2 billion (€2.6 billion)") is not another amount
        inside = [m for m in a.money if start <= m.start < end
                  and not (m.start > 0 and tokens[m.start - 1].text == "("
                           and any(0 <= m.start - 1 - o.end <= 1 for o in a.money if o is not m))]
        if not inside:
            return None
        # "£3 billion (€3.6 billion) in military aid": the amount the cue is "in" or "of"
        for m in inside:
            gap = [t.text.lower() for t in tokens[m.end:cue.start]]
            if m.end <= cue.start and len(gap) <= 8 and gap and gap[-1] in ("in", "of", "for") \
                    and all(g in ("in", "of", "for", "(", ")") or g[:1].isdigit() or g in ("€", "$", "£", "billion", "million")
                            or g.isupper() for g in gap):
                return m
        own = [m for m in inside if cue.start <= m.start < cue.end]  # the cue is the amount itself
        after = [m for m in inside if m.start >= cue.start]
        pool = own or after or inside
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
        lex = self._lex.dates
        if a.published is not None and a.lead < lex.lead_sentences and not lex.background_markers.find(a.tokens):
            return a.published, "date:lead"  # the news of the day the article was published
        return None, None

    # --- other sentence shapes -----------------------------------------------------------------

    def _components(self, a: SentenceAnalysis, drafts: list[Draft]) -> bool:
        """"The security guarantees would include the following components: A, B, and C." """
        tokens = a.tokens
        lex = self._lex.types
        if len(tokens) < 4 or tokens[0].norm not in ("the", "these", "such", "this", "it", "they"):
            return False
        verb = next((m for m in lex.component_verbs.find(tokens, 1, min(len(tokens), 8))), None)
        if verb is None:
            return False
        head = tokens[1:verb.start]
        if any(c.start >= verb.end and c.type in lex.sent_from_types and c.end < len(tokens) and tokens[c.end].norm == "from"
               for c in a.type_cues):
            return False  # "the monitoring group will include personnel from Fiji and Tonga": their contributions
        cue = next((c for c in a.type_cues if c.start < verb.start), None)
        pronoun = tokens[0].norm in ("it", "they") and all(t.norm in ("will", "would", "also") for t in head)
        if cue is None and not pronoun and not any(t.norm in lex.component_heads for t in head):
            return False
        colon = next((k for k in range(verb.end, len(tokens)) if tokens[k].text == ":"), None)
        start = colon + 1 if colon is not None else verb.end
        frame = main_frame(a.frames)
        stop = frame.complement_end if frame is not None and frame.trailing else len(tokens)
        items: list[str] = []
        current: list[str] = []
        for t in tokens[start:stop]:
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

    def _package_parts(self, a: SentenceAnalysis, index: int, drafts: Sequence[Draft],
                       registry: ActorRegistry) -> list[Draft]:
        """"The package passed the House, including $14 billion in military assistance to Israel and
        $4 billion in weapons funding for Taiwan": a sentence that names no committer but goes on
        about a package stated before lists its parts, each amount a commitment of the package's
        committer with the type and recipient its own words give."""
        package = next((d for d in reversed(drafts) if d.section == a.sentence.section
                        and d.commitment.amount is not None and d.commitment.status != "refused"), None)
        if package is None or not self._lex.syntax.package_anaphors.find(a.tokens) or a.negations:
            return []
        whole = package.commitment
        parts: list[Draft] = []
        for cue in a.type_cues:
            money = self._money(a, cue, 0, len(a.tokens))
            if money is None or (money.amount == whole.amount and money.currency == whole.currency):
                continue
            if any(p.commitment.amount == money.amount for p in parts):
                continue
            beneficiary = self._beneficiary(a, cue, len(a.tokens), whole.committer, registry)
            parts.append(Draft(Commitment(
                committer=whole.committer, type=CommitmentType(cue.type), status=whole.status,
                beneficiary=beneficiary, amount=money.amount, currency=money.currency,
                date=a.day_dates[0].date if a.day_dates else None, attributed_to=a.attribution,
                quote=a.sentence.text, quote_start=a.sentence.start, quote_end=a.sentence.end,
                confidence=0.5, cues=[f"type:{cue.type}:{cue.text}", f"committer:package:{whole.committer}",
                                      f"status:{whole.status}:package"]),
                index, a.sentence.paragraph, a.sentence.section, beneficiary is not None))
        return parts

    def _anaphoric(self, a: SentenceAnalysis, index: int, previous: SentenceAnalysis,
                   registry: ActorRegistry, referent: Mention | None = None) -> list[Draft]:
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
        frame = main_frame(a.frames)
        speaker = frame.speaker if frame is not None and frame.speaker is not None else (
            referent if frame is not None and frame.pronoun else previous.speaker())
        announced_by = speaker.name if speaker is not None and speaker.kind == "person" else None
        # "Copenhagen would fund more if other countries joined": the condition makes it conditional
        condition = next(iter(a.conditions), None)
        status = "conditional" if condition is not None and status_cue.label in ("reported_intent", "pledged") \
            else status_cue.label
        drafts = []
        for mention in chains[-1]:
            committer = self._name(mention, registry)
            commitment = Commitment(
                committer=committer, type=CommitmentType(cue.type), status=Status(status),
                condition=condition.text if condition is not None and status == "conditional" else None,
                attributed_to=a.attribution,
                announced_by=announced_by,
                date=a.day_dates[0].date if a.day_dates else None,
                quote=a.sentence.text, quote_start=a.sentence.start, quote_end=a.sentence.end, confidence=0.35,
                cues=[f"type:{cue.type}:anaphor:{cue.text}", f"status:{status_cue.label}:{status_cue.text}",
                      f"committer:anaphor:{mention.surface}"])
            drafts.append(Draft(commitment, index, a.sentence.paragraph, a.sentence.section, False))
        return drafts

    def _inherit(self, made: list[Draft], before: list[Draft]) -> None:
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

    def _fill_beneficiaries(self, drafts: list[Draft], headings: dict[int, str]) -> None:
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


def _mutual(cue: TypeCue, drafts: list[Draft]) -> list[Draft]:
    """"Japan and Australia reached an agreement": each party to an agreement between two is the
    other's beneficiary, unless the sentence names one."""
    if cue.type not in _AGREED or len(drafts) != 2:
        return drafts
    first, second = drafts[0].commitment, drafts[1].commitment
    if first.committer == second.committer:
        return drafts
    for d, other in ((drafts[0], second.committer), (drafts[1], first.committer)):
        if d.commitment.beneficiary is None:
            d.commitment.beneficiary = other
            d.cues.append(f"beneficiary:other-party:{other}")
    return drafts


def _on_cue(a: SentenceAnalysis, status: Cue, governing: Sequence[object]) -> bool:
    """Whether a status word after the cue is on the cue's own clause ("sanctions were adopted")
    rather than on a later one about something else ("pledged to invest ..., following comments
    that he may visit"); `governing` are the verbs over the cue."""
    word = a.parse.token(status.start)
    verb = word.head if word.dep_ in ("aux", "auxpass", "neg") else word
    return not governing or verb in governing or not syntax.is_verb(verb)


def _conditions(a: SentenceAnalysis, condition: Condition, governing: Sequence[object]) -> bool:
    """Whether a conditional clause ("if ...") conditions the cue's clause (`governing` are the
    verbs over the cue): "has pledged to invest $600 billion, following comments by Trump that he
    may visit if such a payment was made" conditions the visit, not the pledge. Prepositional
    conditions ("as part of a peace deal") are taken as they stand."""
    marker = a.parse.token(condition.cue_start)
    if marker.dep_ != "mark" or marker.head is marker:
        return True
    return not governing or marker.head.head in governing or marker.head in governing


def _pairs_named_before(drafts: list[Draft], analyses: Sequence[SentenceAnalysis],
                        pairs: frozenset[str]) -> list[Draft]:
    """"India signed a deal with the United States ... The two countries finalized the deal": a pair
    named as such (data/syntax.yaml `pairs`) is the last two states named up to its sentence, each
    a party of its own (and then, as for any two parties, the report's recipient receives)."""
    out: list[Draft] = []
    for d in drafts:
        if d.commitment.committer.lower().removeprefix("the ") not in pairs:
            out.append(d)
            continue
        states: list[str] = []
        own = analyses[d.sentence]
        at = next((m.start for m in own.mentions if m.name == d.commitment.committer), len(own.tokens))
        for a in reversed(analyses[:d.sentence + 1]):
            for m in reversed(a.mentions):
                if m.kind == "state" and m.name not in states and (a is not own or m.start < at):
                    states.append(m.name)
            if len(states) >= 2:
                break
        if len(states) < 2:
            continue  # "the two countries" with nobody named: no claim about anyone
        pair = list(reversed(states[:2]))
        # of a pair that trades arms, the one the report has buying is the buyer; the other sells to it
        buyers = [n for n in pair if d.commitment.type == CommitmentType.ARMS_PURCHASE and any(
            o.commitment.committer == n and o.commitment.type == CommitmentType.ARMS_PURCHASE for o in drafts)]
        for name in pair:
            update: dict[str, object] = {"committer": name, "beneficiary": None if d.commitment.beneficiary in
                                         (name, d.commitment.committer) else d.commitment.beneficiary}
            if len(buyers) == 1 and name != buyers[0]:
                update |= {"type": CommitmentType.ARMS_DELIVERY, "beneficiary": buyers[0]}
            c = d.commitment.model_copy(update=update)
            out.append(replace(d, commitment=c, cues=[*d.cues, f"committer:pair:{name}"]))
    return out


def _recipients_as_parties(drafts: list[Draft]) -> list[Draft]:
    """"France and Ukraine signed a bilateral security agreement", "IMF staff and the Pakistani
    authorities reached a staff-level agreement": when one of two parties to a deal is the state the
    report's commitments go to (its most frequent explicit beneficiary), it receives, the other gives."""
    explicit = Counter(d.commitment.beneficiary for d in drafts if d.explicit_beneficiary and d.commitment.beneficiary
                       and d.commitment.beneficiary != d.commitment.committer)
    if not explicit:
        return drafts
    recipient = explicit.most_common(1)[0][0]
    groups: dict[tuple[int, str, str], list[Draft]] = {}
    for d in drafts:
        if d.commitment.status == "refused":
            continue
        cue = type_cue_of(d.commitment)
        groups.setdefault((d.sentence, d.commitment.type, cue), []).append(d)
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) != 2:
            continue
        receiving = [d for d in group if d.commitment.committer == recipient]
        giving = [d for d in group if d.commitment.committer != recipient]
        if len(receiving) == 1 and len(giving) == 1:
            dropped.add(id(receiving[0]))
            giver = giving[0]
            if giver.commitment.beneficiary is None:
                giver.commitment.beneficiary = recipient
                giver.cues.append(f"beneficiary:party:{recipient}")
    return [d for d in drafts if id(d) not in dropped]


def _home_officials(items: Sequence[tuple[Commitment, list[str]]], analyses: Sequence[SentenceAnalysis],
                    titles: frozenset[str]) -> None:
    """"Defense Minister Ruben Bekelmans said we are supplying ...": an official whose post names no
    state speaks for the state the report opens on ("The Netherlands will begin supplying ...,
    the country's defense minister told RFE/RL"); that state is the committer."""
    lead = next((a for a in analyses if not a.sentence.heading), None)
    home = next((m.name for m in lead.mentions if m.kind == "state" and not m.is_demonym), None) if lead else None
    if home is None:
        return
    officials = {m.name for a in analyses for m in a.mentions if m.kind == "person" and m.office is None
                 and m.role is not None and set(m.role.lower().split()) & titles}
    for c, cues in items:
        if c.committer in officials and c.committer != home:
            cues.append(f"committer:home-state:{home} for {c.committer}")
            c.announced_by = c.announced_by or c.committer
            c.committer = home
            if c.beneficiary == home:
                c.beneficiary = None


def _voice(a: SentenceAnalysis, referent: Mention | None) -> str | None:
    """Who speaks in a sentence in their own name: a named person, state or organisation, the
    person last named for "he said", or an unnamed body ("the Ministry of Defence said"); outlets
    and unnamed sources are attributions, not voices."""
    for frame in a.frames:
        if frame.anonymous or frame.lemma in _NOT_VOICES:
            continue  # "Germany has pledged 10 more": a promise of its own, not a source of the others
        if frame.speaker is not None and frame.speaker.kind in _VOICES:
            return frame.speaker.name
        if frame.pronoun and referent is not None:
            return referent.name
        if frame.body is not None:
            return frame.body
    return None


def _voices(analyses: Sequence[SentenceAnalysis]) -> dict[int, str]:
    voices: dict[int, str] = {}
    referent: Mention | None = None
    for i, a in enumerate(analyses):
        if a.sentence.heading:
            continue
        voice = _voice(a, referent)
        if voice is not None:
            voices[i] = voice
        persons = [m for m in a.mentions if m.kind == "person"]
        if persons:
            referent = persons[-1]
    return voices


def _fill_attributions(drafts: list[Draft], analyses: Sequence[SentenceAnalysis], publisher: str | None) -> None:
    """A claim no sentence attributes is the word of whoever speaks in its paragraph (news
    paragraphs are built around one source's statement), else of the one voice the whole report
    quotes most often; where nobody speaks, of the publisher whose report it is."""
    voices = _voices(analyses)
    counts = Counter(voices.values())
    (main, top), *rest = counts.most_common(2) + [(None, 0), (None, 0)]
    article = main if top > rest[0][1] else None
    for d in drafts:
        c = d.commitment
        if c.attributed_to is not None:
            continue
        near = [(abs(i - d.sentence), -i, v) for i, v in voices.items()
                if analyses[i].sentence.paragraph == d.paragraph]
        if near:
            c.attributed_to = min(near)[2]
            d.cues.append(f"attribution:paragraph:{c.attributed_to}")
        elif article is not None:
            c.attributed_to = article
            d.cues.append(f"attribution:article:{article}")
        elif publisher is not None:
            c.attributed_to = publisher
            d.cues.append(f"attribution:publisher:{publisher}")


def _spell(text: str, spellings: dict[str, str]) -> str:
    return " ".join(spellings.get(w.lower(), w) for w in text.split())


def _counted(tokens: Sequence[Token]) -> bool:
    """Whether a number stands among these tokens ("about 750")."""
    return any(t.text[:1].isdigit() for t in tokens)


def _share(base: Commitment, where: Draft, committer: str, money: Money | None, cue: str) -> Draft:
    """Another committer's own share of a promise a list states once ("Germany will send two
    Eurofighters, Denmark two F-16s", "$260m from Japan, $130m from the US"): its amount, if named,
    and no quantity or announcer of the first's; placed where `where` is."""
    c = base.model_copy(deep=True)
    c.committer, c.amount, c.currency, c.quantity, c.announced_by = committer, None, None, None, None
    if money is not None:
        c.amount, c.currency = money.amount, money.currency
    c.cues = [*c.cues, cue]
    return Draft(c, where.sentence, where.paragraph, where.section, where.explicit_beneficiary)


def _counterpart(d: Draft, a: SentenceAnalysis, index: int, committer: str, type_: str, beneficiary: str | None,
                 counterparty: str | None, cue: str) -> Draft:
    """The other side of a trade the draft states (the seller's delivery of a purchase, the buyer's
    purchase of a sale): the same clause with the parties and the type set."""
    c = d.commitment.model_copy(deep=True)
    c.committer, c.type, c.beneficiary, c.counterparty = committer, CommitmentType(type_), beneficiary, counterparty
    c.cues = [*c.cues, cue]
    return Draft(c, index, a.sentence.paragraph, a.sentence.section, True)


def _speakers_relative(tokens: Sequence[Token], frame: Frame, cue: TypeCue) -> tuple[int, int] | None:
    """The span of a relative clause set off by commas between a frame's speaker and its verb that
    holds the cue ("Spain, which has sent 500 troops to Latvia, said ..."), or None."""
    if frame.speaker is None:
        return None
    opening = next((k for k in range(frame.speaker.end, cue.start)
                    if tokens[k].norm == "," and k + 1 < len(tokens) and tokens[k + 1].norm in _RELATIVES), None)
    closing = next((k for k in range(cue.end, frame.verb_start) if tokens[k].norm == ","), None)
    if opening is None or closing is None:
        return None
    return opening + 2, closing


def _for_to(a: SentenceAnalysis, m: Mention) -> bool:
    """"for Ukraine to buy": a name between "for" and an infinitive's "to"."""
    j = m.start - (m.start > 0 and a.tokens[m.start - 1].norm == "the")
    return j > 0 and a.tokens[j - 1].norm == "for" and m.end < len(a.tokens) and a.tokens[m.end].norm == "to"


def _naming_asides(tokens) -> list[tuple[int, int]]:
    """Token spans of appositions that name ("..., known as EUMAM Ukraine, ...") and of brackets."""
    spans = []
    for i, t in enumerate(tokens):
        if (t.norm == "," and i + 1 < len(tokens) and tokens[i + 1].norm in _NAMING) or t.norm == "(":
            close = ")" if t.norm == "(" else ","
            j = i + 1
            while j < len(tokens) and tokens[j].norm != close and tokens[j].norm not in (".", ";"):
                j += 1
            spans.append((i, j))
    return spans




def _confidence(how: str, status_cue: str, beneficiary: str | None, attribution: str | None) -> float:
    base = {"subject": 0.7, "persuaded": 0.65, "after": 0.6, "giver": 0.6, "agent": 0.6, "pronoun": 0.55, "speaker": 0.5,
            "speaker:pronoun": 0.6}.get(how, 0.5)
    base += 0.1 if status_cue else 0.0
    base += 0.05 if beneficiary else 0.0
    if attribution and "unnamed" in attribution:
        base -= 0.1
    return round(min(0.95, max(0.05, base)), 2)

