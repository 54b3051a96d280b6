"""The `kg` command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_CLAIMS

COMMANDS = ["ingest", "validate", "query", "stats", "export", "extract", "serve"]


def kg(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    kg("ingest", "--store", str(path), str(SEED_CLAIMS))
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = kg(command, "--help")
    assert "Usage: python -m kg" in result.stdout or "Usage:" in result.stdout


@pytest.mark.parametrize("command", ["ingest", "validate", "query", "stats", "export", "serve"])
def test_every_store_command_takes_a_store_folder(command: str) -> None:
    assert "--store" in kg(command, "--help").stdout


def test_stats_as_json_gives_integer_counts(store_dir: Path) -> None:
    stats = json.loads(kg("stats", "--store", str(store_dir), "--format", "json").stdout)
    assert set(stats) == {"triples", "documents", "actors", "commitments", "events"}
    assert all(isinstance(v, int) for v in stats.values())
    assert stats["commitments"] == 11 and stats["documents"] == 1


def test_the_store_folder_comes_from_kg_store_too(store_dir: Path) -> None:
    import os

    result = subprocess.run([sys.executable, "-m", "kg", "stats", "--format", "json"], capture_output=True, text=True,
                            env={**os.environ, "KG_STORE": str(store_dir)}, timeout=60)
    assert json.loads(result.stdout)["commitments"] == 11


def test_validate_conforms_on_the_seed(store_dir: Path) -> None:
    assert "conforms" in kg("validate", "--store", str(store_dir)).stdout


def test_validate_exits_1_with_a_report_when_the_store_does_not_conform(tmp_path: Path) -> None:
    from kg.store import GraphStore

    store = GraphStore.open(tmp_path / "store")
    store.raw.update("INSERT DATA { GRAPH <https://w3id.org/commitments-kg/id/document/x> { "
                     "<https://w3id.org/commitments-kg/id/commitment/c> a <https://w3id.org/commitments-kg/ontology#Commitment> } }")
    store.flush()
    del store
    result = kg("validate", "--store", str(tmp_path / "store"), check=False)
    assert result.returncode == 1
    assert "a commitment has a committer" in result.stderr


QUERY = "SELECT ?type WHERE { ?c ck:committer <https://w3id.org/commitments-kg/id/actor/france> ; ck:commitmentType ?type }"


def test_query_prints_a_table(store_dir: Path) -> None:
    out = kg("query", "--store", str(store_dir), QUERY).stdout
    assert "ck:troop_deployment" in out and "(1 row)" in out


@pytest.mark.parametrize(("fmt", "expected"), [
    ("json", '"value":"https://w3id.org/commitments-kg/ontology#troop_deployment"'),
    ("csv", "https://w3id.org/commitments-kg/ontology#troop_deployment"),
    ("tsv", "<https://w3id.org/commitments-kg/ontology#troop_deployment>"),
])
def test_query_results_in_standard_formats(store_dir: Path, fmt: str, expected: str) -> None:
    assert expected in kg("query", "--store", str(store_dir), "--format", fmt, QUERY).stdout


def test_query_reads_a_rq_file_and_prints_turtle_for_construct(store_dir: Path, tmp_path: Path) -> None:
    query = tmp_path / "france.rq"
    query.write_text("CONSTRUCT { ?c ck:committer ?who } WHERE { ?c ck:committer ?who . ?who rdfs:label 'France' }")
    out = kg("query", "--store", str(store_dir), "--format", "turtle", str(query)).stdout
    assert "ck:committer" in out


def test_a_query_syntax_error_is_one_line_not_a_traceback(store_dir: Path) -> None:
    result = kg("query", "--store", str(store_dir), "SELECT WHERE {", check=False)
    assert result.returncode == 1
    assert "SPARQL syntax error" in result.stderr and "Traceback" not in result.stderr


def test_export_claims_to_a_folder(store_dir: Path, tmp_path: Path) -> None:
    kg("export", "--store", str(store_dir), "--format", "claims", "-o", str(tmp_path / "out"))
    assert (tmp_path / "out" / "000-73c4d19ee7ae6c07.claims.yaml").is_file()


def test_export_trig_keeps_the_named_graphs(store_dir: Path) -> None:
    out = kg("export", "--store", str(store_dir), "--format", "trig").stdout
    assert "document/000-73c4d19ee7ae6c07" in out and "{" in out


def test_serve_lets_requests_take_turns_with_the_writer_every_half_millisecond(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # Writes hold the GIL on a thread for most of a second at 100k commitments: at Python's 5 ms
    # switch interval a REST read waited for it at each of its steps (README, Performance).
    import uvicorn
    from click.testing import CliRunner

    from api.access_log import AccessFormatter
    from kg.cli import main

    seen: dict[str, object] = {}

    def run(app: object, **options: object) -> None:
        seen["interval"] = sys.getswitchinterval()
        seen["access formatter"] = options["log_config"]["formatters"]["access"]["()"]  # type: ignore[index]

    monkeypatch.setattr(uvicorn, "run", run)
    before = sys.getswitchinterval()
    try:
        result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store"), "--read-only"])
        assert result.exit_code == 0, result.output
        assert seen["interval"] == pytest.approx(0.0005)
        monkeypatch.setenv("KG_SWITCH_INTERVAL_S", "0.002")
        again = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "other"), "--read-only"])
        assert again.exit_code == 0, again.output
        assert seen["interval"] == pytest.approx(0.002)
        assert seen["access formatter"] == f"{AccessFormatter.__module__}.AccessFormatter"
    finally:
        sys.setswitchinterval(before)


def _tracked_count(store: Path) -> int:
    query = ("SELECT (COUNT(?t) AS ?n) WHERE { ?t a <https://w3id.org/commitments-kg/ontology#TrackedCommitment> }")
    rows = json.loads(kg("query", "--store", str(store), "--format", "json", query).stdout)
    return int(rows["results"]["bindings"][0]["n"]["value"])


def test_ingest_without_linking_leaves_the_tracked_commitments_to_a_rebuild(tmp_path: Path) -> None:
    docs = Path(__file__).resolve().parent / "link_docs"
    linked, unlinked = tmp_path / "linked", tmp_path / "unlinked"
    kg("ingest", "--store", str(linked), str(docs))
    kg("ingest", "--no-link", "--store", str(unlinked), str(docs))
    tracked = _tracked_count(linked)
    assert tracked > 0
    assert _tracked_count(unlinked) == 0
    kg("link", "--rebuild", "--store", str(unlinked))
    assert _tracked_count(unlinked) == tracked
