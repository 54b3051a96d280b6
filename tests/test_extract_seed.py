"""The seed article: scored against its hand annotation, valid claims, exact quotes, and speed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.claims.io import check_references, claims_to_mapping
from kg.claims.model import Claims
from kg.extract import Extractor, read_article

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_73c4d19ee7ae6c07.txt"
SHARED = ROOT.parent / "shared"
EXPECTED = SHARED / "eval" / "seed-000.expected.yaml"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


@pytest.fixture(scope="module")
def seed(extractor) -> tuple[str, Claims]:
    text, published, name = read_article(SEED)
    return text, extractor.extract(text, document=name, published=published)


def _scorer():
    if not SCORER.is_file() or not EXPECTED.is_file():
        pytest.skip(f"the shared scorer and annotation are not here ({SCORER}, {EXPECTED})")
    spec = importlib.util.spec_from_file_location("seed_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seed_scores_above_the_thresholds(seed):
    score = _scorer()
    result = score.score(score.load(str(EXPECTED)), claims_to_mapping(seed[1]))
    assert result["commitments"]["f1"] >= 0.9, result
    assert result["attributes"]["agreement"] >= 0.85, result
    assert result["actors"]["recall"] >= 0.95, result
    hit, total = map(int, result["actors"]["roles"].split("/"))
    assert hit == total, result
    assert result["events"]["recall"] == 1.0, result


def test_the_seed_claims_validate_and_declare_every_name(seed):
    _, claims = seed
    again = Claims.model_validate(claims_to_mapping(claims))
    check_references(again, "seed", [])


def test_every_quote_is_the_text_at_its_offsets(seed):
    text, claims = seed
    evidence = [*claims.commitments, *claims.events]
    assert evidence
    for item in evidence:
        assert text[item.quote_start:item.quote_end] == item.quote
        assert 0.0 <= item.confidence <= 1.0 and item.cues


def test_the_seed_starts_the_coalition_meeting_in_kyiv_summer_time(seed):
    meeting = next(e for e in seed[1].events if e.name == "Coalition of the Willing meeting")
    assert meeting.start.isoformat() == "2025-09-04T11:30:00+03:00"


def test_any_fragment_of_the_seed_gives_valid_claims_with_exact_quotes(extractor):
    text, _, _ = read_article(SEED)
    words = text.split()
    for size in (1, 3, 8, 20, 45):
        for start in range(0, len(words) - size, 7):
            fragment = " ".join(words[start:start + size])
            claims = extractor.extract(fragment, document="f.txt", published=None)
            check_references(Claims.model_validate(claims_to_mapping(claims)), "fragment", [])
            for item in [*claims.commitments, *claims.events]:
                assert fragment[item.quote_start:item.quote_end] == item.quote
