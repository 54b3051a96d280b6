"""`kg ingest` as a user runs it: what it ingests when handed an article, and while `kg serve` runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import SEED_ARTICLE, SEED_CLAIMS


def kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout)


def reviewed_counts(store: Path) -> dict[str, int]:
    query = ("SELECT ?reviewed (COUNT(?c) AS ?n) WHERE { ?c a ck:Commitment ; ck:reviewed ?reviewed } "
             "GROUP BY ?reviewed")
    result = kg("query", "--store", str(store), "--format", "json", query)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    return {row["reviewed"]["value"]: int(row["n"]["value"]) for row in rows}


def test_an_article_named_alone_ingests_the_reviewed_file_beside_it(tmp_path: Path) -> None:
    article = Path(shutil.copy(SEED_ARTICLE, tmp_path))
    shutil.copy(SEED_CLAIMS, tmp_path)
    store = tmp_path / "store"

    result = kg("ingest", "--store", str(store), str(article))

    assert result.returncode == 0, result.stderr
    assert "nothing to ingest" not in result.stdout
    assert f"written   {tmp_path / SEED_CLAIMS.name}" in result.stdout
    assert reviewed_counts(store) == {"true": 11}, "the reviewed claims, not a machine extraction"
