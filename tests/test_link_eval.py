"""`kg link-eval`: pairwise precision and recall of the linker against hand-made pairs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.link.evaluate import evaluate

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "link_eval"
REAL = Path("/work/linking-eval")


def test_the_fixture_is_linked_as_annotated(preparer) -> None:
    result = evaluate(FIXTURE, preparer)
    assert (result.true_positive, result.false_positive, result.false_negative) == (10, 0, 0)
    assert result.true_negative == 5 and result.precision == result.recall == 1.0


def test_a_wrong_truth_is_reported_pair_by_pair(preparer, tmp_path: Path) -> None:
    truth = yaml.safe_load((FIXTURE / "pairs.yaml").read_text())
    truth["tracked"][0]["members"].append(truth["tracked"][1]["members"].pop())  # the look-alike "is" the same
    shutil.copytree(HERE / "link_docs", tmp_path / "reports")
    (tmp_path / "pairs.yaml").write_text(yaml.safe_dump(truth))
    result = evaluate(tmp_path, preparer)
    assert (result.true_positive, result.false_negative) == (10, 5)
    assert result.recall == pytest.approx(10 / 15)
    assert all(kind == "the same, not linked" and "d6_lookalike" in (a[0], b[0]) for kind, a, b, _ in result.wrong)


def test_the_command_prints_the_figures_and_the_wrong_pairs() -> None:
    outcome = CliRunner().invoke(main, ["link-eval", str(FIXTURE)])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.strip().splitlines()[-1] == "precision 1.000  recall 1.000  F1 1.000"


@pytest.mark.skipif(not (REAL / "pairs.yaml").is_file(), reason="the real linking set (/work/linking-eval) is absent")
def test_real_reports_reach_the_targets(preparer) -> None:
    """Real public reports, hand-linked outside the repository: precision >= 0.9, recall >= 0.8."""
    result = evaluate(REAL, preparer)
    assert result.precision >= 0.9 and result.recall >= 0.8, (result.precision, result.recall)
