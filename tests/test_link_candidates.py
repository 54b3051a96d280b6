"""The candidate index (kg/link/candidates.py): it must find every pair the score could link, and
a store linked one document at a time, boilerplate words coming and going, must hold what a
rebuild from scratch computes.

Generated documents (bench/generate.py: one template per type, so a committer's reports share
most of their words) with the boilerplate line lowered to a few reports, so that words cross it
while the documents arrive and leave.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from decimal import Decimal
from pathlib import Path

import pytest

from bench import generate
from kg.claims.io import load_claims
from kg.ingest import ingest_paths
from kg.link.candidates import CandidateIndex
from kg.link.linker import Linker
from kg.link.reports import Report, StoreReader
from kg.link.score import score
from kg.link.settings import LinkSettings, default_settings
from kg.rdf.iris import document_iri
from kg.store import GraphStore

LOW = 4  # boilerplate after 4 reports of a committer's type group


@pytest.fixture(scope="module")
def settings() -> LinkSettings:
    return dataclasses.replace(default_settings(), boilerplate_reports=LOW)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate.write_batch(tmp_path_factory.mktemp("docs"), 12, 11, per_doc=25)


def _common(linker: Linker) -> dict[str, set[tuple[str, str]]]:
    return {name: {(group, word) for group, words in known.index.common.items() for word in words}
            for name, known in linker._committers.items()}


def test_the_index_finds_every_pair_the_score_would_link(store: GraphStore, preparer, documents: list[Path],
                                                         settings: LinkSettings) -> None:
    ingest_paths(store, documents, preparer, link=False)
    linker = Linker(store, settings)
    linker.rebuild()
    reader = StoreReader(store.raw, settings)
    compared = linked = 0
    for name, known in linker._committers.items():
        found = {frozenset((a, b)) for a, others in known.links.items() for b in others}
        reports = list(reader.of_committer(name))
        every = set()
        for a, b in itertools.combinations(reports, 2):
            compared += 1
            common = frozenset(known.index.common.get(settings.group(a.type), ()))
            if score(a, b, settings, common) is not None:
                every.add(frozenset((a.iri, b.iri)))
        assert found == every, name
        linked += len(found)
    assert compared > 1000 and linked > 3
    assert sum(len(words) for words in _common(linker).values()) > 20  # boilerplate was in play


def test_one_document_at_a_time_holds_what_a_rebuild_computes(store: GraphStore, preparer, documents: list[Path],
                                                              settings: LinkSettings) -> None:
    order = list(documents)
    random.Random(3).shuffle(order)
    linker = Linker(store, settings)
    for path in order:  # the words cross the line while the documents arrive
        ingest_paths(store, [path], preparer, link=False)
        linker.sync()
    grown = _common(linker)
    for path in order[:7]:  # and back under it as they leave
        store.remove_graph(document_iri(load_claims(path).document))
        linker.sync()
    shrunk = _common(linker)
    assert any(grown[name] - shrunk.get(name, set()) for name in grown), "no word stopped being boilerplate"
    fresh = Linker(store, settings).rebuild()
    assert (fresh.written, fresh.removed) == (0, 0)


def _report(iri: str, amount: str, words: frozenset[str] = frozenset()) -> Report:
    return Report(iri=iri, document=f"{iri}-doc", committer="c", type="financial_aid", status="pledged",
                  date="2025-01-01", published=None, parties=frozenset(), announcer=None, amount=Decimal(amount),
                  currency="EUR", quantity=None, unit=None, quantity_text=None, quote="", attributed_to=None,
                  condition=None, words=words, condition_words=frozenset())


def test_figures_within_the_same_share_find_each_other_across_bucket_edges() -> None:
    settings = default_settings()
    rng = random.Random(5)
    for index in range(2000):
        low = Decimal(rng.randrange(1, 10**9))
        close = (low * (1 + settings.amount_same * Decimal(rng.random()))).quantize(Decimal(1))
        index_ = CandidateIndex(settings)
        a, b = _report(f"a{index}", str(low)), _report(f"b{index}", str(close))
        index_.add(a)
        assert a.iri in index_.candidates(b), (low, close)
        if score(a, b, settings) is None:  # shares no word: only the figure can link them
            raise AssertionError((low, close))
    far = CandidateIndex(settings)
    far.add(_report("x", "1000"))
    assert not far.candidates(_report("y", "1100"))  # 10 % apart: only a shared word could link them
