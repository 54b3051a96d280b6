"""The catalogue's and the linker's compact layouts keep what their readers see: a record's order is
(date or "~", tie-breaker, IRI) and its facts the sorted (name, value) pairs, whichever way the
record was made; repeated parts (role tuples, fact values, empty word sets, party sets) are shared
objects, not copies."""

from __future__ import annotations

import pyoxigraph as ox

from kg.catalogue.records import (ORDER, UNDATED, CommitmentRecord, SharedPairs, _record, read_triples,
                                  tie_breaker)
from kg.catalogue.snapshot import _document, _records, _Strings
from kg.link.reports import _EMPTY, content_words, from_record
from kg.link.settings import default_settings
from kg.terms import CK, PROV, RDF, SCHEMA

DOC = "https://w3id.org/commitments-kg/id/document/compact"
ACTOR = "https://w3id.org/commitments-kg/id/actor/"


def _triples(number: int, *, dated: bool = True) -> list[tuple[ox.NamedNode, ox.NamedNode, object]]:
    iri = ox.NamedNode(f"https://w3id.org/commitments-kg/id/commitment/c{number}")
    evidence, amount = ox.NamedNode(f"{iri.value}-evidence"), ox.NamedNode(f"{iri.value}-amount")
    found = [
        (iri, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CK.Commitment))),
        (iri, ox.NamedNode(str(CK.committer)), ox.NamedNode(ACTOR + "germany")),
        (iri, ox.NamedNode(str(CK.beneficiary)), ox.NamedNode(ACTOR + "ukraine")),
        (iri, ox.NamedNode(str(CK.commitmentType)), ox.NamedNode(str(CK.arms_delivery))),
        (iri, ox.NamedNode(str(CK.status)), ox.NamedNode(str(CK.pledged))),
        (iri, ox.NamedNode(str(CK.reviewed)), ox.Literal("true")),
        (iri, ox.NamedNode(str(CK.evidence)), evidence),
        (evidence, ox.NamedNode(str(PROV.value)), ox.Literal(f"Germany pledged {number} tanks to Ukraine.")),
        (iri, ox.NamedNode(str(CK.amount)), amount),
        (amount, ox.NamedNode(str(SCHEMA.value)), ox.Literal(f"{number}000")),
        (amount, ox.NamedNode(str(SCHEMA.currency)), ox.Literal("EUR")),
    ]
    if dated:
        found.append((iri, ox.NamedNode(str(CK.date)), ox.Literal(f"2024-03-{number:02d}")))
    return found


def _read(*numbers: int) -> list[CommitmentRecord]:
    triples = [t for n in numbers for t in _triples(n, dated=n % 2 == 1)]
    return read_triples(DOC, triples).commitments


def test_a_record_s_order_and_facts_are_as_before() -> None:
    record = _read(3)[0]
    assert record.order == ("2024-03-03", tie_breaker(record.iri), record.iri) == ORDER(record)
    assert record.date == "2024-03-03"
    assert record.facts == (("amount", "3000"), ("currency", "EUR"),
                            ("quote", "Germany pledged 3 tanks to Ukraine."), ("reviewed", "true"))
    assert dict(record.facts)["quote"] == "Germany pledged 3 tanks to Ukraine."
    undated = _read(4)[0]
    assert undated.order[0] == UNDATED and undated.date is None


def test_records_read_back_from_the_snapshot_equal_those_read_from_the_store() -> None:
    found = read_triples(DOC, [t for n in (1, 2, 3) for t in _triples(n, dated=n != 2)])
    strings = _Strings()
    again = _records(_document(found, strings), strings.table, SharedPairs())
    assert again.commitments == found.commitments
    assert [r.facts for r in again.commitments] == [r.facts for r in found.commitments]
    assert [r.order for r in again.commitments] == [r.order for r in found.commitments]


def test_repeated_parts_are_shared() -> None:
    shared = SharedPairs()
    about = {}
    for number in (1, 2):
        for subject, predicate, value in _triples(number):
            about.setdefault(subject.value, []).append((predicate.value, value.value))
    one, two = (_record(DOC, f"https://w3id.org/commitments-kg/id/commitment/c{n}", about, shared) for n in (1, 2))
    assert one.roles is two.roles  # the same committer and beneficiary: one tuple
    reviewed = [items[at + 1] for items in (one.fact_items, two.fact_items)
                for at in range(0, len(items), 2) if items[at] == "reviewed"]
    assert reviewed[0] is reviewed[1]


def test_reports_share_their_empty_sets_and_party_sets() -> None:
    settings = default_settings()
    first, second = (from_record(r, None, settings) for r in _read(1, 3))
    assert first is not None and second is not None
    assert first.parties == frozenset({("beneficiary", ACTOR + "ukraine")})
    assert first.parties is second.parties
    assert first.condition_words is _EMPTY and content_words(None, settings) is _EMPTY
    assert content_words("", settings) == frozenset()
