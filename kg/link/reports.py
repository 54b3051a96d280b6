"""A report: one commitment node of one document, as the linker compares it.

Read from the store with index lookups (kg.catalogue.records), or built from claims in memory
(kg.link.evaluate), so that the evaluation links exactly what ingestion would.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol
from decimal import Decimal

import pyoxigraph as ox

from kg import numbers
from kg.catalogue.records import CommitmentRecord, DocumentFacts, read_commitment, read_document_facts
from kg.link.settings import LinkSettings
from kg.terms import CK, ID, RDF

PARTY_ROLES = {str(CK.beneficiary): "beneficiary", str(CK.target): "target", str(CK.counterparty): "counterparty"}
_COMMITTER, _ANNOUNCER = str(CK.committer), str(CK.announcedBy)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A writer in kg serve keeps up to 20,000 reports (kg/link/linker.py). Their repeated parts are
# shared, not made per report: one empty set (most reports have no condition, many no party; an
# empty frozenset is 216 bytes), one set per distinct combination of parties, and interned words,
# types, statuses and units. At 100k commitments the 20,000 reports eight posted documents left
# held 11.5 MiB instead of 27 (with their links and index, 27 instead of 42; tracemalloc).
_EMPTY: frozenset = frozenset()


@dataclass(frozen=True, slots=True)
class Report:
    iri: str
    document: str
    committer: str
    type: str  # the token: arms_delivery
    status: str  # the token: pledged
    date: str | None  # ck:date
    published: str | None  # the document's publication date
    parties: frozenset[tuple[str, str]]  # (role, actor IRI): beneficiary, target, counterparty
    announcer: str | None
    amount: Decimal | None
    currency: str | None
    quantity: Decimal | None
    unit: str | None
    quantity_text: str | None
    quote: str
    attributed_to: str | None
    condition: str | None
    words: frozenset[str]
    condition_words: frozenset[str]

    @property
    def day(self) -> str | None:
        """When the report places the commitment: its own date, else its document's."""
        return self.date or self.published

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.day or "~", self.iri)

    def party(self, role: str) -> frozenset[str]:
        return frozenset(actor for r, actor in self.parties if r == role)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _stem(word: str) -> str:
    """Plurals fold into the singular ("systems" and "system"); nothing cleverer."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_words(text: str | None, settings: LinkSettings, names: Iterable[str] = ()) -> frozenset[str]:
    """The words of `text` that can tell one commitment from another: not weak words, not the
    names of the actors the report links to, not day numbers or years (dates are compared apart)."""
    if not text:
        return _EMPTY
    skip = settings.weak_words | set(names)
    found = set()
    intern = sys.intern
    for word in _WORD.findall(_ascii(text)):
        if word in skip or len(word) < 2:
            continue
        if word.isdigit() and (int(word) < 32 or 1900 <= int(word) <= 2100):
            continue
        stem = _stem(word)
        if stem not in skip:
            found.add(intern(stem))
    return frozenset(found) if found else _EMPTY


def _name_words(actors: Iterable[str]) -> set[str]:
    """The words of actors' ids (".../actor/united-states" -> united, states)."""
    prefix = f"{ID}actor/"
    return {part for iri in actors if iri.startswith(prefix) for part in iri[len(prefix):].split("-")}


def _token(iri: str) -> str:
    return sys.intern(iri[len(str(CK)):]) if iri.startswith(str(CK)) else iri


def from_record(record: CommitmentRecord, published: str | None, settings: LinkSettings) -> Report | None:
    """A catalogue record as a report; None when it has no committer."""
    committers = sorted(actor for role, actor in record.roles if role == _COMMITTER)
    if not committers:
        return None
    facts: dict[str, str] = {}
    for name, value in record.facts:
        facts.setdefault(name, value)
    parties = _parties(frozenset((PARTY_ROLES[role], actor) for role, actor in record.roles if role in PARTY_ROLES))
    announcers = sorted(actor for role, actor in record.roles if role == _ANNOUNCER)
    names = _name_words(actor for _, actor in record.roles)
    quote = facts.get("quote", "")
    return Report(
        iri=record.iri, document=record.document, committer=committers[0], type=_token(record.type),
        status=_token(record.status), date=record.date, published=published, parties=parties,
        announcer=announcers[0] if announcers else None, amount=numbers.parse(facts.get("amount")),
        currency=facts.get("currency"), quantity=numbers.parse(facts.get("quantityValue")),
        unit=_unit(facts.get("quantityUnit")), quantity_text=facts.get("quantityText"), quote=quote,
        attributed_to=facts.get("attributedTo"), condition=facts.get("condition"),
        words=content_words(f"{quote} {facts.get('quantityUnit', '')}", settings, names), condition_words=content_words(facts.get("condition"), settings))


def _parties(found: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """One set per distinct combination of parties, shared by the reports that name it."""
    return _shared_parties(found) if found else _EMPTY


@lru_cache(maxsize=1 << 16)  # bounded: a long-lived server meets ever new combinations
def _shared_parties(found: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return found


def _unit(unit: str | None) -> str | None:
    return sys.intern(_stem(_ascii(unit).strip())) if unit else None


# -- reading the store ----------------------------------------------------------------------------

_TYPE, _COMMITMENT = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CK.Commitment))
_COMMITTER_NODE = ox.NamedNode(_COMMITTER)
_KIND_NODE = ox.NamedNode(str(CK.commitmentType))


class RecordSource(Protocol):
    """Records already read from the store and kept in step with it: the server's commitment
    catalogue (kg.catalogue.CommitmentCatalogue)."""

    def committed_by(self, actor: str) -> list[CommitmentRecord] | None: ...

    def document(self, iri: str) -> DocumentFacts | None: ...


class StoreReader:
    """Reports out of a store, with each document's facts read once; a committer's reports from
    `records` when it has them (a record there costs a dict lookup, from the store 0.5 ms)."""

    def __init__(self, raw: ox.Store, settings: LinkSettings, records: RecordSource | None = None) -> None:
        self.raw = raw
        self.settings = settings
        self.records = records
        self._published: dict[str, str | None] = {}

    def published(self, document: str) -> str | None:
        if document not in self._published:
            self._published[document] = read_document_facts(self.raw, document).published
        return self._published[document]

    def report(self, document: str, iri: str) -> Report | None:
        record = read_commitment(self.raw, document, iri)
        return from_record(record, self.published(document), self.settings) if record else None

    def group_of(self, commitment: ox.NamedNode, graph: ox.NamedNode | None = None) -> str | None:
        """The type group of a commitment (None when it has no type)."""
        for quad in self.raw.quads_for_pattern(commitment, _KIND_NODE, None, graph):
            return self.settings.group(_token(quad.object.value))
        return None

    def of_document(self, document: str) -> list[Report]:
        """Every report of one document graph (none when the graph is gone)."""
        self._published.pop(document, None)  # the document may have been replaced
        graph = ox.NamedNode(document)
        found = (self.report(document, q.subject.value) for q in self.raw.quads_for_pattern(None, _TYPE, _COMMITMENT, graph))
        return [r for r in found if r is not None]

    def of_committer(self, committer: str, documents: frozenset[str] | None = None,
                     groups: frozenset[str] | None = None, *, found: list[ox.Quad] | None = None) -> Iterator[Report]:
        """Every report whose committer is `committer`, in document graphs (`documents`, when given,
        limits it to those graphs; `groups` to those type groups, by one lookup of the type before
        the report is read: reading one costs ten). `found`: the store's (?, ck:committer,
        committer, ?) quads when the caller read them already (the linker, for many committers in
        one request)."""
        held = self.records.committed_by(committer) if self.records is not None else None
        if held is not None:
            yield from self._held(committer, held, documents, groups)
            return
        if found is None:
            found = self.raw.quads_for_pattern(None, _COMMITTER_NODE, ox.NamedNode(committer), None)
        for quad in found:
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode) or (documents is not None and graph.value not in documents):
                continue
            if groups is not None and self.group_of(quad.subject, graph) not in groups:
                continue
            report = self.report(graph.value, quad.subject.value)
            if report is not None and report.committer == committer:
                yield report

    def _held(self, committer: str, records: list[CommitmentRecord], documents: frozenset[str] | None,
              groups: frozenset[str] | None) -> Iterator[Report]:
        """of_committer from records in memory (the same records the store gives: one reader)."""
        assert self.records is not None
        for record in records:
            if documents is not None and record.document not in documents:
                continue
            if groups is not None and self.settings.group(_token(record.type)) not in groups:
                continue
            facts = self.records.document(record.document)
            found = from_record(record, facts.published if facts is not None else None, self.settings)
            if found is not None and found.committer == committer:
                yield found
