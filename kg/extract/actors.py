"""Finding the actors a sentence names, and declaring them once per document.

A mention is a token span that names one actor: a gazetteer name ("Britain", "the Kremlin"),
a person with a title ("Finnish President Alexander Stubb", "Foo Bar, Ruritania's defence
minister"), a bare surname ("Rubio"), a demonym ("American weapons"), or a group the gazetteer
does not list ("European leaders", "about 10 countries", "Europe"). Overlaps are settled by
span length, then by how specific the pattern is, so a titled person absorbs its demonym and a
group absorbs the organisation in its name ("NATO allies").

The `ActorMatcher` is built once per gazetteer: it indexes every gazetteer surface form by
token so that matching a sentence costs one dictionary probe per token.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from kg.claims.model import Quantity
from kg.extract.lexicon import Lexicon
from kg.extract.phrases import PhraseMatcher
from kg.extract.text import Token, phrase_key, tokenize

if TYPE_CHECKING:
    from kg.gazetteer import Gazetteer, GazetteerEntry, Post

# Higher wins when two candidate mentions cover the same number of tokens.
_MADE = frozenset({"made", "built", "produced", "manufactured", "designed", "developed"})
# Nouns after a leader's name that mean the leader's government: "the Biden administration".
_GOVERNMENTS = frozenset({"administration", "government", "cabinet", "presidency"})
_PRIORITY = {"titled": 6, "appositive": 6, "counted": 5, "group": 4, "name": 3, "surname": 2, "demonym": 1}


@dataclass(slots=True)
class Mention:
    """One actor named by tokens [start, end) of a sentence."""

    start: int
    end: int
    name: str                      # canonical name
    kind: str                      # state | person | organisation | group | media
    via: str                       # which pattern found it (see _PRIORITY)
    surface: str = ""
    role: str | None = None        # persons: "President of Finland"
    office: str | None = None      # persons: the state or organisation whose post they hold
    office_kind: str | None = None
    quantity: Quantity | None = None   # counted groups: "about 10 countries"
    wikidata: str | None = None
    actor: bool = True             # False for names that only tell the time ("11:30 Kyiv time")

    @property
    def is_demonym(self) -> bool:
        return self.via == "demonym"


@dataclass(frozen=True, slots=True)
class _Surface:
    canonical: str
    kind: str
    case: tuple[str, ...]          # per token: "upper" (all capitals), "cap" (capitalised) or "any"
    # a person the document introduced with a post: "Bekelmans" later still holds it
    role: str | None = None
    office: str | None = None
    office_kind: str | None = None
    # a description standing for the actor only right after "the": "the Commission", "the bloc"
    # ("the ECOWAS Commission", "the subregional bloc" are other bodies)
    definite: bool = False


def _case_pattern(surface: str) -> tuple[str, ...]:
    pattern = []
    for token in tokenize(surface):
        letters = [c for c in token.text if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            pattern.append("upper")
        elif token.text[:1].isupper():
            pattern.append("cap")
        else:
            pattern.append("any")
    return tuple(pattern)


def _case_fits(pattern: tuple[str, ...], tokens: Sequence[Token]) -> bool:
    for want, token in zip(pattern, tokens, strict=False):
        if want == "upper" and not token.text.replace(".", "").isupper():
            return False
        if want == "cap" and not token.text[:1].isupper():
            return False
    return True


def _drop_the(key: tuple[str, ...], pattern: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if len(key) > 1 and key[0] == "the":
        return key[1:], pattern[1:]
    return key, pattern


class ActorMatcher:
    """Mentions of actors in token sequences, for one gazetteer (build once, reuse)."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self._gaz = gazetteer
        self._lex = lexicon
        self._entries: dict[str, GazetteerEntry | None] = {}
        self._names = PhraseMatcher[_Surface]()
        for surface, canonical in gazetteer.names():
            best = gazetteer.resolve(surface)
            if best is not None and best.name != canonical:
                canonical = best.name  # a form shared by several entries names the best-ranked one
            entry = self.entry(canonical)
            if entry is None:
                continue
            key, pattern = _drop_the(phrase_key(surface), _case_pattern(surface))
            self._names.add(key, _Surface(canonical, entry.kind, pattern))
        for surface, target in lexicon.alias_supplement.items():
            entry = self.entry(target)
            if entry is not None and gazetteer.resolve(surface) is None:
                full = phrase_key(surface)
                key, pattern = _drop_the(full, _case_pattern(surface))
                self._names.add(key, _Surface(entry.name, entry.kind, pattern, definite=len(key) < len(full)))
        for surface, target in lexicon.alias_override.items():
            entry = self.entry(target)
            if entry is not None:
                key, pattern = _drop_the(phrase_key(surface), _case_pattern(surface))
                self._names.add(key, _Surface(entry.name, entry.kind, pattern), first=True)
        self._demonyms = PhraseMatcher[_Surface]()
        pairs = gazetteer.demonyms() if hasattr(gazetteer, "demonyms") else ()
        for demonym, state in pairs:
            self._demonyms.add(demonym, _Surface(state, "state", _case_pattern(demonym)))
        self._demonym_cache: dict[str, GazetteerEntry | None] = {}
        self._surname_cache: dict[str, GazetteerEntry | None] = {}
        self._roles: dict[tuple[str, dt.date | None], tuple[str | None, str | None, str | None]] = {}
        self._titles = PhraseMatcher[tuple[str, bool]]()
        titles = {**lexicon.titles, **dict(gazetteer.titles)}
        for canonical, variants in titles.items():
            for variant in {canonical, *variants}:
                self._titles.add(variant, (canonical, False))
                self._titles.add(variant + "s", (canonical, True))
        self._title_words = frozenset(k for v in titles.values() for s in v for k in phrase_key(s))

    # --- gazetteer access, cached ------------------------------------------------------------

    def entry(self, canonical: str) -> GazetteerEntry | None:
        if canonical not in self._entries:
            getter = getattr(self._gaz, "get", None)
            found = getter(canonical) if getter else None
            self._entries[canonical] = found if found is not None else self._gaz.resolve(canonical)
        return self._entries[canonical]

    def _surname(self, word: str) -> GazetteerEntry | None:
        if word not in self._surname_cache:
            self._surname_cache[word] = self._gaz.resolve_person_by_surname(word)
        return self._surname_cache[word]

    def made_in(self, word: str) -> str | None:
        """The state a compound of origin names: "Turkish-made" -> Turkey, "US-built" -> United States."""
        head, dash, tail = word.rpartition("-")
        if not dash or tail.lower() not in _MADE or not head:
            return None
        entry = self._demonym(head) or self._gaz.resolve(head)
        return entry.name if entry is not None and entry.kind == "state" else None

    def _demonym(self, word: str) -> GazetteerEntry | None:
        if word not in self._demonym_cache:
            self._demonym_cache[word] = self._gaz.state_for_demonym(word)
        return self._demonym_cache[word]

    def display(self, name: str) -> str:
        """A name as it reads after "of": "the United States", "France"."""
        entry = self.entry(name)
        if entry is not None and hasattr(entry, "display_name"):
            return str(entry.display_name())
        return name

    def person_details(self, entry: GazetteerEntry, published: dt.date | None) -> tuple[str | None, str | None, str | None]:
        """(role, office, office kind) of a gazetteer person on the publication date."""
        key = (entry.name, published)
        if key not in self._roles:
            self._roles[key] = self._person_details(entry, published)
        return self._roles[key]

    def _person_details(self, entry: GazetteerEntry, published: dt.date | None) -> tuple[str | None, str | None, str | None]:
        role = entry.role_on(published)
        office = None
        for post in entry.posts:
            if role and role.startswith(post.title + " of ") and role.endswith(self.display(post.of)):
                office = post.of
                break
        office_entry = self.entry(office) if office else None
        return role, office, office_entry.kind if office_entry else None

    # --- matching ----------------------------------------------------------------------------

    @staticmethod
    def document_names() -> PhraseMatcher[_Surface]:
        """An empty table of names the document itself introduces (see `remember`)."""
        return PhraseMatcher[_Surface]()

    @staticmethod
    def remember(mention: Mention, names: PhraseMatcher[_Surface]) -> None:
        """"Foo Bar, Ruritania's defence minister": later sentences may name Ruritania alone."""
        if mention.kind == "person" and mention.office and mention.office_kind is None:
            surface = mention.office
            names.add(_drop_the(phrase_key(surface), _case_pattern(surface))[0],
                      _Surface(surface, "state", _case_pattern(surface)))
        words = mention.name.split()
        if mention.kind == "person" and mention.via in ("titled", "appositive") and len(words) >= 2 \
                and words[-1][:1].isupper():
            # "Defense Minister Ruben Bekelmans ... Bekelmans added": a person the gazetteer does not
            # know is named by surname alone afterwards
            names.add(phrase_key(words[-1]), _Surface(mention.name, "person", _case_pattern(words[-1]),
                                                      mention.role, mention.office, mention.office_kind))

    def find(self, tokens: Sequence[Token], published: dt.date | None,
             document_names: PhraseMatcher[_Surface] | None = None) -> list[Mention]:
        """Non-overlapping mentions in the sentence, in text order."""
        names = self._name_mentions(tokens, published, self._names)
        if document_names is not None:
            names += self._name_mentions(tokens, published, document_names)
        candidates = names + self._group_mentions(tokens) + self._demonym_mentions(tokens)
        candidates += self._titled_mentions(tokens, names, published)
        candidates += self._surname_mentions(tokens, candidates, published)
        chosen: list[Mention] = []
        taken = [False] * len(tokens)
        for m in sorted(candidates, key=lambda m: (-(m.end - m.start), -_PRIORITY[m.via], m.start)):
            if not any(taken[m.start:m.end]):
                chosen.append(m)
                for i in range(m.start, m.end):
                    taken[i] = True
        chosen.sort(key=lambda m: m.start)
        chosen = [m for m in chosen if not self._in_place_name(tokens, m)]
        for m in chosen:
            if m.kind == "state" and m.end < len(tokens) and tokens[m.end].norm == "time":
                m.actor = False
            if m.kind == "person" and m.office is None and m.end < len(tokens) \
                    and tokens[m.end].norm in _GOVERNMENTS:
                self._government_of(m)
        return chosen

    def _in_place_name(self, tokens: Sequence[Token], m: Mention) -> bool:
        """A state's or group's name inside the name of a place of another kind: "Lake Victoria",
        "the West Bank" (data/syntax.yaml `feature_words`, `feature_heads`)."""
        if m.kind not in ("state", "group"):
            return False
        syntax = self._lex.syntax
        before = m.kind == "state" and m.start > 0 and tokens[m.start - 1].capitalized \
            and tokens[m.start - 1].norm in syntax.feature_words
        after = m.end < len(tokens) and tokens[m.end].capitalized and tokens[m.end].norm in syntax.feature_heads
        return before or after

    def _government_of(self, mention: Mention) -> None:
        """"The Trump administration" is the state the person led, also on a day outside the post
        (a report in 2024 on the administration of 2017-2021): the state of the person's latest post."""
        entry = self.entry(mention.name)
        posts = [p for p in getattr(entry, "posts", ()) if (office := self.entry(p.of)) is not None and office.kind == "state"]
        if posts:
            latest = max(posts, key=lambda p: p.since or dt.date.min)
            mention.office, mention.office_kind = latest.of, "state"

    def _name_mentions(self, tokens: Sequence[Token], published: dt.date | None,
                       table: PhraseMatcher[_Surface]) -> list[Mention]:
        found: list[Mention] = []
        covered_to = 0
        for match in table.find_all(tokens):  # by position, longest first at each position
            if match.start < covered_to or not _case_fits(match.payload.case, tokens[match.start:match.end]):
                continue
            if match.payload.definite and (match.start == 0 or tokens[match.start - 1].norm != "the"):
                continue
            i = match.start
            start = i - 1 if i > 0 and tokens[i - 1].norm == "the" else i
            mention = self._mention(tokens, start, match.end, match.payload.canonical, match.payload.kind, "name", published)
            if mention.role is None and match.payload.role is not None:
                mention.role, mention.office, mention.office_kind = \
                    match.payload.role, match.payload.office, match.payload.office_kind
            found.append(mention)
            covered_to = match.end
        return found

    def _mention(self, tokens: Sequence[Token], start: int, end: int, canonical: str, kind: str, via: str,
                 published: dt.date | None) -> Mention:
        entry = self.entry(canonical)
        mention = Mention(start, end, canonical, kind, via, _surface(tokens, start, end),
                          wikidata=getattr(entry, "wikidata", None))
        if kind == "person" and entry is not None:
            mention.role, mention.office, mention.office_kind = self.person_details(entry, published)
        return mention

    def _demonym_mentions(self, tokens: Sequence[Token]) -> list[Mention]:
        found: list[Mention] = []
        if hasattr(self._gaz, "demonyms"):
            covered_to = 0
            for m in self._demonyms.find_all(tokens):
                if m.start >= covered_to and tokens[m.start].capitalized and _case_fits(m.payload.case, tokens[m.start:m.end]):
                    found.append(Mention(m.start, m.end, m.payload.canonical, "state", "demonym", _surface(tokens, m.start, m.end)))
                    covered_to = m.end
            return found
        for i, token in enumerate(tokens):  # a gazetteer without a demonym list: ask word by word
            if token.capitalized and token.is_word and (entry := self._demonym(token.text)) is not None:
                found.append(Mention(i, i + 1, entry.name, "state", "demonym", token.text))
        return found

    def _group_mentions(self, tokens: Sequence[Token]) -> list[Mention]:
        lex = self._lex.groups
        found: list[Mention] = []
        # counted groups: "about 10 countries", "some 30 NATO allies"
        for i in _number_positions(tokens, self._lex):
            number, after = _number_at(tokens, i, self._lex)
            counted = lex.counted_nouns.at(tokens, after) if number is not None else []
            if counted and number is not None:
                start, approx = i, False
                back = _approximator_before(tokens, i, self._lex)
                if back is not None:
                    start, approx = back, True
                name = _surface(tokens, start, counted[0].end)
                quantity = Quantity(value=number, unit=tokens[counted[0].end - 1].text, approximate=approx)
                found.append(Mention(start, counted[0].end, name, "group", "counted", name, quantity=quantity))
        # region + noun: "European leaders", "EU member states", "Ukraine's allies"
        done_to = 0
        for region in lex.regions.find_all(tokens):
            i = region.start
            if i < done_to or not tokens[i].capitalized:
                continue
            nouns = lex.nouns.at(tokens, region.end)
            if not nouns or tokens[nouns[0].end - 1].norm in lex.not_groups:
                continue
            noun = nouns[0]
            name = f"{_surface(tokens, i, region.end)} {_surface(tokens, region.end, noun.end).lower()}"
            body = lex.collective.get(" ".join(region.key)) if " ".join(noun.key) in lex.collective_nouns else None
            start = i
            while start > 0:
                qualifier = [q for q in lex.qualifiers.find_all(tokens, max(0, start - 3), start) if q.end == start]
                if not qualifier:
                    break
                start = qualifier[0].start
            if body is not None:
                # "the 27 European Union countries agreed": the members acting together are the body
                found.append(Mention(start, noun.end, body, "organisation", "group", _surface(tokens, start, noun.end)))
            else:
                found.append(Mention(start, noun.end, name, "group", "group", _surface(tokens, start, noun.end)))
            done_to = noun.end
        for standalone in lex.standalone.find(tokens):
            i = standalone.start
            if tokens[i].norm != "the" and standalone.payload[:1].isupper() and not tokens[i].capitalized:
                continue
            found.append(Mention(i, standalone.end, standalone.payload, "group", "group", _surface(tokens, i, standalone.end)))
        return found

    def _is_name_word(self, token: Token) -> bool:
        return (token.is_word and token.capitalized and token.norm not in self._lex.syntax.not_names
                and token.norm not in self._title_words)

    def _unknown_name(self, tokens: Sequence[Token], i: int, *, minimum: int) -> int | None:
        """End of a run of capitalised name words starting at i ("Foo Bar", "Ursula von der Leyen")."""
        j = i
        particles = self._lex.syntax.name_particles
        while j < len(tokens) and j - i < 5:
            token = tokens[j]
            if self._is_name_word(token) and not self._demonyms.at(tokens, j):
                j += 1
            elif token.norm in particles and j > i and j + 1 < len(tokens) and self._is_name_word(tokens[j + 1]):
                j += 1
            else:
                break
        return j if j - i >= minimum else None

    def _person_at(self, tokens: Sequence[Token], i: int, names: list[Mention], published: dt.date | None,
                   *, minimum: int) -> Mention | None:
        """The person named at token i: a gazetteer name, a known surname or unknown name words."""
        if i >= len(tokens):
            return None
        for m in names:
            if m.start == i or (m.start == i - 1 and tokens[m.start].norm == "the"):
                return m if m.kind == "person" else None
        end = self._unknown_name(tokens, i, minimum=minimum)
        if end is None:
            return None
        if end - i == 1:
            entry = self._surname(tokens[i].text)
            if entry is not None:
                return self._mention(tokens, i, i + 1, entry.name, "person", "surname", published)
        return Mention(i, end, _surface(tokens, i, end), "person", "titled", _surface(tokens, i, end))

    def _qualifier_before(self, tokens: Sequence[Token], ts: int, names: list[Mention]) -> tuple[int, str | None, str | None]:
        """What precedes a title: a demonym, a state or organisation, or "Ruritania's"; -> (start, office, kind)."""
        start, office, kind = ts, None, None
        j = ts
        possessive = j > 0 and tokens[j - 1].norm == "'s"
        if possessive:
            j -= 1
        for m in names:
            if m.end == j and m.kind in ("state", "organisation", "group"):
                start, office, kind = m.start, m.name, m.kind
                break
        else:
            demonyms = [d for d in self._demonyms.find_all(tokens, max(0, j - 3), j) if d.end == j]
            if demonyms and not possessive and tokens[demonyms[0].start].capitalized:
                start, office, kind = demonyms[0].start, demonyms[0].payload.canonical, "state"
            elif not demonyms and not hasattr(self._gaz, "demonyms") and j > 0 and tokens[j - 1].capitalized \
                    and (entry := self._demonym(tokens[j - 1].text)) is not None:
                start, office, kind = j - 1, entry.name, "state"
            elif possessive and j > 0 and self._is_name_word(tokens[j - 1]):
                start, office, kind = j - 1, tokens[j - 1].text, None
        if start > 0 and tokens[start - 1].norm == "the":
            start -= 1
        return start, office, kind

    def _role(self, title: str, office: str | None) -> str:
        return f"{title} of {self.display(office)}" if office else title

    def _titled_mentions(self, tokens: Sequence[Token], names: list[Mention], published: dt.date | None) -> list[Mention]:
        found: list[Mention] = []
        for title in self._titles.find(tokens):
            if title.start > 0 and tokens[title.start - 1].norm[:1].isdigit():
                continue  # "3:00 PM" is a time, not a prime minister
            if title.key in (("pm",), ("vp",)) and not tokens[title.start].text.isupper():
                continue  # "pm" in running text is an hour
            canonical, plural = title.payload
            found.extend(self._pre_titled(tokens, title.start, title.end, canonical, plural, names, published))
            appositive = self._appositive(tokens, title.start, title.end, canonical, names, published)
            if appositive is not None:
                found.append(appositive)
        return found

    def _post_of(self, person: str, office: str) -> Post | None:
        """The gazetteer person's post in `office`, if they held one."""
        entry = self.entry(person)
        return next((post for post in getattr(entry, "posts", ()) if post.of == office), None)

    def _pre_titled(self, tokens: Sequence[Token], ts: int, te: int, title: str, plural: bool,
                    names: list[Mention], published: dt.date | None) -> list[Mention]:
        """[qualifier] TITLE [of ORG] NAME [and NAME ...]: "the US Secretary of State Marco Rubio"."""
        start, office, office_kind = self._qualifier_before(tokens, ts, names)
        j = te
        if j < len(tokens) and tokens[j].norm == "of":
            org = next((m for m in names if m.start in (j + 1, j + 2) and m.kind in ("state", "organisation", "group")
                        and (m.start == j + 1 or tokens[j + 1].norm == "the")), None)
            if org is not None:
                office, office_kind, j = org.name, org.kind, org.end
            else:
                # "Presidents of the European institutions Ursula von der Leyen": skip to the name
                k = j + 1
                while k < len(tokens) and k - j <= 5 and tokens[k].is_word \
                        and self._person_at(tokens, k, names, published, minimum=2) is None:
                    k += 1
                if k >= len(tokens) or k - j > 5 or not tokens[k].is_word:
                    return []
                j = k
        if j + 1 < len(tokens) and tokens[j].norm == "," and tokens[start].norm == "the":
            # "the Polish prime minister, Mateusz Morawiecki, said": the name in apposition after
            # the post, set off by commas on both sides
            named = self._person_at(tokens, j + 1, names, published, minimum=2)
            if named is None or named.end >= len(tokens) or tokens[named.end].norm != ",":
                return []
            j += 1
        person = self._person_at(tokens, j, names, published, minimum=1)
        if person is None:
            return []
        people = [person]
        k = person.end
        while plural and k + 1 < len(tokens) and tokens[k].norm in (",", "and"):
            step = k + 1 if tokens[k + 1].norm != "and" else k + 2
            nxt = self._person_at(tokens, step, names, published, minimum=2)
            if nxt is None:
                break
            people.append(nxt)
            k = nxt.end
        out = []
        for n, p in enumerate(people):
            mention = Mention(start if n == 0 else p.start, p.end, p.name, "person", "titled",
                              _surface(tokens, start if n == 0 else p.start, p.end), wikidata=p.wikidata)
            mention.role, mention.office, mention.office_kind = p.role, p.office, p.office_kind
            post = self._post_of(p.name, office) if office is not None and p.office != office else None
            if post is not None:
                # "German Foreign Minister Annalena Baerbock" in a report the gazetteer cannot date:
                # the post the text names, not the person's latest
                mention.role = f"{post.title} of {self.display(post.of)}"
                mention.office, mention.office_kind = office, office_kind
            if mention.role is None:  # the gazetteer's post wins; the text's title fills the gap
                mention.role = self._role(title, office)
                mention.office, mention.office_kind = office, office_kind
            out.append(mention)
        return out

    def _appositive(self, tokens: Sequence[Token], ts: int, te: int, title: str, names: list[Mention],
                    published: dt.date | None) -> Mention | None:
        """NAME, [the] [Ruritania's | Finnish] TITLE [of ORG]: "Foo Bar, Ruritania's defence minister"."""
        start, office, office_kind = self._qualifier_before(tokens, ts, names)
        comma = start - 1
        if comma < 1 or tokens[comma].norm != ",":
            return None
        end = te
        if te < len(tokens) and tokens[te].norm == "of":
            org = next((m for m in names if m.start in (te + 1, te + 2) and m.kind in ("state", "organisation", "group")), None)
            if org is not None:
                office, office_kind, end = org.name, org.kind, org.end
        if end < len(tokens) and tokens[end].is_word and tokens[end].capitalized \
                and self._person_at(tokens, end, names, published, minimum=1) is not None:
            return None  # "Macron, German Chancellor Friedrich Merz and ...": the title is the next name's
        person = next((m for m in names if m.end == comma and m.kind == "person"), None)
        if person is None:
            begin = comma
            while begin > 0 and (self._is_name_word(tokens[begin - 1]) or tokens[begin - 1].norm in self._lex.syntax.name_particles):
                begin -= 1
            if comma - begin < 2 or not self._is_name_word(tokens[begin]):
                return None
            person = Mention(begin, comma, _surface(tokens, begin, comma), "person", "appositive",
                             _surface(tokens, begin, comma))
        # the span runs to the end of the title, so that "Foo Bar, Ruritania's defence minister, said"
        # reads as a speaker followed by its verb
        mention = Mention(person.start, end, person.name, "person", "appositive", person.surface,
                          role=person.role, office=person.office, office_kind=person.office_kind,
                          wikidata=person.wikidata)
        if mention.role is None:
            mention.role = self._role(title, office)
            mention.office, mention.office_kind = office, office_kind
        return mention

    def _surname_mentions(self, tokens: Sequence[Token], candidates: list[Mention], published: dt.date | None) -> list[Mention]:
        covered: set[int] = set()
        for m in candidates:
            covered.update(range(m.start, m.end))
        found = []
        for i, token in enumerate(tokens):
            if i in covered or not self._is_name_word(token):
                continue
            entry = self._surname(token.text)
            if entry is not None:
                found.append(self._mention(tokens, i, i + 1, entry.name, "person", "surname", published))
        return found


def _surface(tokens: Sequence[Token], start: int, end: int) -> str:
    if start >= end:
        return ""
    parts = [tokens[start].text]
    for prev, token in zip(tokens[start:end - 1], tokens[start + 1:end], strict=False):
        parts.append((" " if token.start > prev.end else "") + token.text)
    return "".join(parts)


def _number_positions(tokens: Sequence[Token], lexicon: Lexicon) -> list[int]:
    digits = [i for i, t in enumerate(tokens) if t.norm[:1].isdigit()]
    words = [m.start for m in lexicon.amounts.number_words.find(tokens)]
    return sorted(set(digits + words))


def _number_at(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> tuple[Decimal | None, int]:
    """A plain number at token i ("10", "ten", "5,000"), and the index after it."""
    token = tokens[i]
    if token.norm[:1].isdigit() and ":" not in token.norm:
        try:
            return Decimal(token.norm.replace(",", "")), i + 1
        except ArithmeticError:
            return None, i
    words = lexicon.amounts.number_words.at(tokens, i)
    if words:
        return Decimal(words[0].payload), words[0].end
    return None, i


def _approximator_before(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> int | None:
    for m in lexicon.amounts.approximators.find_all(tokens, max(0, i - 3), i):
        if m.end == i:
            return m.start
    return None
