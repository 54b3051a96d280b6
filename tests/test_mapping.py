"""The mapper's two outputs agree: the pyoxigraph triples it validates and the N-Triples lines it writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Literal

from kg.claims.model import Claims
from kg.export.claims import claims_of
from kg.ingest import Outcome, ingest_claims
from kg.rdf.mapping import DocumentGraph, claims_to_graph
from kg.store import GraphStore
from kg.store.convert import nt_term, ox_nt_lines, to_ntriples
from kg.terms import CK, SCHEMA

from .conftest import SEED_CLAIMS

# Every character that pyoxigraph and nt_term escape differently or at all, inside the text
# (the model strips whitespace at the ends).
AWKWARD = 'He said "yes" \\ no\nnext line\ttab\rreturn \x01\x08\x0c\x1f\x7f \u2028 \ufffe é 🎉 end'
Triple = tuple[Any, Any, Any]


def seed_data() -> dict[str, Any]:
    return yaml.safe_load(SEED_CLAIMS.read_text(encoding="utf-8"))


def awkward_claims(quantity: Decimal = Decimal("12.50")) -> Claims:
    data = seed_data()
    data["title"] = AWKWARD
    data["url"] = 'https://example.org/a?b="c"'
    data["extracted_by"] = "rules\tv2"
    commitment = data["commitments"][0]
    commitment["condition"] = AWKWARD
    commitment["components"] = [AWKWARD, "plain"]
    commitment["amount"], commitment["currency"] = Decimal("1E+3"), "EUR"
    commitment["quantity"] = {"value": quantity, "unit": AWKWARD, "approximate": True}
    commitment["confidence"] = 0.8555
    data["events"][0]["location"] = AWKWARD
    return Claims.model_validate(data)


def parsed(lines: list[str]) -> set[Triple]:
    return {(t.subject, t.predicate, t.object)
            for t in ox.parse("\n".join(lines), format=ox.RdfFormat.N_TRIPLES)}


@pytest.fixture(scope="module")
def seed_mapped(gazetteer) -> DocumentGraph:
    return claims_to_graph(Claims.model_validate(seed_data()), "seed", gazetteer)


@pytest.mark.parametrize("which", ["seed", "awkward"])
def test_the_lines_parse_and_say_what_the_triples_say(which: str, seed_mapped: DocumentGraph, gazetteer) -> None:
    mapped = seed_mapped if which == "seed" else claims_to_graph(awkward_claims(), "awkward", gazetteer)
    document, actors = parsed(mapped.document_lines), parsed(mapped.actor_lines)
    marker = (ox.NamedNode(str(mapped.iri)), ox.NamedNode(str(CK.contentHash)), ox.Literal(mapped.content_hash))
    assert marker in document
    assert len(document) == len(mapped.document_lines) and len(actors) == len(mapped.actor_lines)
    assert document | actors == set(mapped.triples)
    assert len(mapped.triples) == len(set(mapped.triples)), "the validator sees each triple once"


def test_the_lines_are_what_the_rdflib_writer_writes(gazetteer) -> None:
    """Stored documents were written with nt_term: the same text keeps their content hashes."""
    mapped = claims_to_graph(awkward_claims(), "awkward", gazetteer)
    written = sorted(to_ntriples(mapped.combined()).split("\n"))  # not splitlines: \x0c and \u2028 are text here
    assert sorted(mapped.document_lines + mapped.actor_lines) == written
    assert any("\t" in line for line in mapped.document_lines), "tabs are written as they are"


def test_lexical_forms_are_the_ones_rdflib_gave(gazetteer) -> None:
    mapped = claims_to_graph(awkward_claims(), "awkward", gazetteer)
    text = "\n".join(mapped.document_lines)
    assert '"1000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert '"12.50"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert '"0.856"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in text
    assert '"2025-09-04"^^<http://www.w3.org/2001/XMLSchema#date>' in text


def test_every_character_is_written_as_nt_term_writes_it() -> None:
    node = ox.NamedNode("https://example.org/s")
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    chunks = [text[start:start + 4096] for start in range(0, len(text), 4096)]  # one literal each, for speed
    lines = ox_nt_lines([(node, node, ox.Literal(chunk)) for chunk in chunks])
    expected = [f"<https://example.org/s> <https://example.org/s> {nt_term(Literal(chunk))} ." for chunk in chunks]
    assert [hex(ord(chunk[0])) for chunk, a, b in zip(chunks, lines, expected) if a != b] == []


def test_an_awkward_literal_comes_back_from_the_store_unchanged(store: GraphStore, preparer) -> None:
    claims = awkward_claims(quantity=Decimal("12.5"))  # the export writes 12.50 as the number 12.5
    assert ingest_claims(store, claims, preparer, "awkward").outcome is Outcome.WRITTEN
    iri = ox.NamedNode(str(claims_to_graph(claims, "awkward", preparer.gazetteer).iri))
    [headline] = store.raw.quads_for_pattern(iri, ox.NamedNode(str(SCHEMA.headline)), None, iri)
    assert headline.object.value == AWKWARD
    [(_, back)] = list(claims_of(store))
    assert back.title == AWKWARD
    assert back.commitments[0].condition == AWKWARD
    assert back.events[0].location == AWKWARD
    assert ingest_claims(store, back, preparer, "exported").outcome is Outcome.UNCHANGED
