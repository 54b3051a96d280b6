"""The held-out corpus (tests/extract_corpus/): wire-style articles with hand annotations.

Each NNN.txt starts with a "date YYYY-MM-DD" line; NNN.expected.yaml is its annotation in the claims
interchange format, written from the text before the extractor was run on it. The corpus is scored
with the shared scorer (/work/shared/eval/score.py, i.e. ../shared/eval/score.py from the repository)
and must keep a macro-averaged commitment F1 and event recall of at least 0.8.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.claims.io import check_references, claims_to_mapping
from kg.claims.model import Claims
from kg.extract import Extractor, read_article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "extract_corpus"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
ARTICLES = sorted(CORPUS.glob("[0-9][0-9][0-9].txt"))


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


@pytest.fixture(scope="module")
def extracted(extractor) -> dict[str, tuple[str, Claims]]:
    out = {}
    for path in ARTICLES:
        text, published, name = read_article(path)
        out[path.stem] = (text, extractor.extract(text, document=name, published=published))
    return out


def _scorer():
    if not SCORER.is_file():
        pytest.skip(f"the shared scorer is not here ({SCORER})")
    spec = importlib.util.spec_from_file_location("corpus_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_article_has_an_annotation():
    assert len(ARTICLES) >= 6
    for path in ARTICLES:
        assert path.with_suffix(".expected.yaml").is_file(), path
        assert path.read_text(encoding="utf-8").startswith("date 20"), path


def test_the_corpus_scores_above_the_thresholds(extracted):
    score = _scorer()
    results = {}
    for path in ARTICLES:
        expected = score.load(str(path.with_suffix(".expected.yaml")))
        results[path.stem] = score.score(expected, claims_to_mapping(extracted[path.stem][1]))
    f1 = [r["commitments"]["f1"] for r in results.values()]
    recalls = [r["events"]["recall"] for r in results.values() if r["events"]["recall"] is not None]
    summary = {name: (r["commitments"]["f1"], r["events"]["recall"], r["commitments"]["missed"])
               for name, r in results.items()}
    assert sum(f1) / len(f1) >= 0.8, summary
    assert recalls and sum(recalls) / len(recalls) >= 0.8, summary


def test_the_corpus_claims_validate_with_exact_quotes(extracted):
    for name, (text, claims) in extracted.items():
        check_references(Claims.model_validate(claims_to_mapping(claims)), name, [])
        for item in [*claims.commitments, *claims.events]:
            assert text[item.quote_start:item.quote_end] == item.quote, (name, item.quote)
