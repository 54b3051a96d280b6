"""Bad input gets a clear error naming the file and the item, and the store stays exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.ingest import Outcome, ingest_paths
from kg.store import GraphStore

from .conftest import SEED_CLAIMS


def quads(store: GraphStore) -> set[tuple]:
    return set(store.quads())


def seed_data() -> dict:
    return yaml.safe_load(SEED_CLAIMS.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def ingest_failure(store: GraphStore, preparer, path: Path) -> str:
    before = quads(store)
    results = ingest_paths(store, [path], preparer)
    assert [r.outcome for r in results] == [Outcome.FAILED]
    assert quads(store) == before, "a failed document leaves the store exactly as it was"
    message = results[0].message or ""
    assert str(path) in message, "the error names the file"
    return message


def broken(tmp_path: Path, change) -> Path:
    data = seed_data()
    data["document"] = "other-article.txt"
    change(data)
    return write_yaml(tmp_path / "broken.claims.yaml", data)


def test_a_binary_file_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in ingest_failure(seeded_store, preparer, path)


def test_a_yaml_syntax_error_names_the_line(seeded_store, preparer, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("document: x.txt\nactors: [\n  - {name: France\n", encoding="utf-8")
    assert "YAML syntax error at line" in ingest_failure(seeded_store, preparer, path)


def test_malformed_json_names_the_position(seeded_store, preparer, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"document": "x.txt", "actors": [}', encoding="utf-8")
    assert "JSON syntax error at line 1" in ingest_failure(seeded_store, preparer, path)


def test_a_file_that_is_not_a_mapping_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    assert "expected a mapping" in ingest_failure(seeded_store, preparer, path)


def test_a_commitment_without_a_committer_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][4].pop("committer"))
    assert "commitments[4] (arms_purchase).committer: Field required" in ingest_failure(seeded_store, preparer, path)


def test_an_undeclared_committer_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][0].update(committer="Narnia"))
    message = ingest_failure(seeded_store, preparer, path)
    assert "commitments[0] (Narnia, sanctions).committer: 'Narnia' names no actor" in message


def test_an_undeclared_beneficiary_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][1].update(beneficiary="Atlantis"))
    assert "beneficiary: 'Atlantis' names no actor" in ingest_failure(seeded_store, preparer, path)


def test_a_name_the_gazetteer_knows_needs_no_declaration(store, preparer, tmp_path: Path) -> None:
    data = {"document": "g.txt", "actors": [], "commitments": [
        {"committer": "Germany", "type": "air_defence", "status": "pledged", "beneficiary": "Kyiv",
         "quote": "Germany pledged two Patriot systems to Kyiv."}]}
    results = ingest_paths(store, [write_yaml(tmp_path / "g.yaml", data)], preparer)
    assert [r.outcome for r in results] == [Outcome.WRITTEN], results


def test_an_unknown_type_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][2].update(type="hugs"))
    assert "'hugs' is not one of" in ingest_failure(seeded_store, preparer, path)


def test_an_unknown_status_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][2].update(status="rumoured"))
    assert "commitments[2] (European countries, security_guarantee).status: 'rumoured' is not one of" \
        in ingest_failure(seeded_store, preparer, path)


def test_a_negative_amount_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][4].update(amount=-90))
    assert "commitments[4] (Ukraine, arms_purchase).amount: -90 is negative" in ingest_failure(seeded_store, preparer, path)


def test_a_currency_that_is_not_iso_4217_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][4].update(currency="BUCKS"))
    assert "'BUCKS' is not an ISO 4217 currency code" in ingest_failure(seeded_store, preparer, path)


def test_an_amount_without_a_currency_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][4].pop("currency"))
    assert "an amount needs a currency" in ingest_failure(seeded_store, preparer, path)


def test_an_impossible_date_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][1].update(date="2025-02-30"))
    message = ingest_failure(seeded_store, preparer, path)
    assert "commitments[1] (Europe, security_guarantee).date:" in message
    assert "day value is outside expected range" in message


def test_a_misspelt_key_is_refused(seeded_store, preparer, tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["commitments"][1].update(benficiary="Ukraine"))
    assert "commitments[1] (Europe, security_guarantee).benficiary: unknown key" in ingest_failure(seeded_store, preparer, path)


def test_a_failure_does_not_stop_the_documents_around_it(store, preparer, tmp_path: Path) -> None:
    good = tmp_path / "a_good.claims.yaml"
    good.write_text(SEED_CLAIMS.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b_bad.yaml").write_text("document: [unclosed\n", encoding="utf-8")
    results = ingest_paths(store, [tmp_path], preparer)
    assert sorted(r.outcome for r in results) == sorted([Outcome.WRITTEN, Outcome.FAILED])
    assert store.stats().commitments == 11


def test_the_cli_reports_without_a_traceback_and_exits_1(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    path = broken(tmp_path, lambda d: d["commitments"][4].update(currency="BUCKS"))
    result = CliRunner().invoke(main, ["ingest", "--store", str(tmp_path / "store"), str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "BUCKS" in result.output


def test_quote_offsets_that_miss_the_article_beside_the_file_are_refused(seeded_store, preparer, seeds_copy: Path) -> None:
    claims = seeds_copy / SEED_CLAIMS.name
    data = yaml.safe_load(claims.read_text(encoding="utf-8"))
    data["commitments"][0]["quote_start"] += 5
    data["commitments"][0]["quote_end"] += 5
    write_yaml(claims, data)
    message = ingest_failure(seeded_store, preparer, claims)
    assert "commitments[0] (United States, sanctions).quote_start: the article's text at 22-188 is not the quote" in message


def test_a_shape_violation_names_the_item_of_the_file(seeded_store, preparer, tmp_path: Path) -> None:
    def unquote(data: dict) -> None:
        for key in ("quote", "quote_start", "quote_end"):
            data["commitments"][3].pop(key)

    message = ingest_failure(seeded_store, preparer, broken(tmp_path, unquote))
    assert "commitments[3] (Europe, security_guarantee): [CommitmentShape]" in message
    assert "a commitment has evidence from its source: a quote" in message
