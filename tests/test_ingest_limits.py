"""What ingestion refuses however the file is written: nesting past the limit, amounts and quantities
that are no sane number, and a second file of one run for a document the run already wrote.
Each is refused with a message naming the file; the store keeps nothing of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from fastapi.testclient import TestClient

from kg.claims import io
from kg.claims.io import MAX_DEPTH, parse_mapping
from kg.errors import InvalidClaims
from kg.ingest import Outcome, ingest_paths
from kg.store import GraphStore
from tests.api_fixtures import TOKEN, fresh_store, make_app, seeded_template, writable_client  # noqa: F401

from .conftest import SEED_CLAIMS

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LEVELS = 100_000


def quads(store: GraphStore) -> set[tuple]:
    return set(store.quads())


def ingest_failure(store: GraphStore, preparer, path: Path) -> str:
    before = quads(store)
    results = ingest_paths(store, [path], preparer)
    assert [r.outcome for r in results] == [Outcome.FAILED]
    assert quads(store) == before, "a refused file leaves the store exactly as it was"
    message = results[0].message or ""
    assert str(path) in message, "the error names the file"
    return message


def deep_json(levels: int) -> str:
    """A claims mapping whose `actors` holds lists in lists: `levels` levels with the file's own mapping."""
    return '{"document": "deep.txt", "actors": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


def deep_yaml(levels: int) -> str:
    return "document: deep.txt\nactors: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


def seed_data() -> dict:
    return yaml.safe_load(SEED_CLAIMS.read_text(encoding="utf-8"))


def claims_file(tmp_path: Path, name: str, change: Callable[[dict], None] = lambda data: None,
                document: str = "other-article.txt") -> Path:
    data = seed_data()
    data["document"] = document
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def with_amount(tmp_path: Path, written: str, suffix: str = ".yaml") -> Path:
    """The seed's claims with the text `written` as the amount of its one priced commitment
    (commitments[4], Ukraine's arms_purchase), in a YAML or JSON file."""
    data = seed_data()
    data["document"] = "other-article.txt"
    data["commitments"][4]["amount"] = "AMOUNT"
    path = tmp_path / f"amount{suffix}"
    if suffix == ".json":
        text = json.dumps(data, default=str).replace('"AMOUNT"', written)
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace("AMOUNT", written)
    path.write_text(text, encoding="utf-8")
    return path


# -- nesting ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix, text", [(".json", deep_json), (".yaml", deep_yaml)])
def test_a_file_nested_100000_levels_deep_is_refused_naming_the_limit(seeded_store, preparer, tmp_path: Path,
                                                                      suffix: str, text) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text(text(LEVELS), encoding="utf-8")
    message = ingest_failure(seeded_store, preparer, path)
    assert f"may be nested at most {MAX_DEPTH} levels deep" in message


@pytest.mark.parametrize("as_json, text", [(True, deep_json), (False, deep_yaml)], ids=["json", "yaml"])
def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_not(as_json: bool, text) -> None:
    assert parse_mapping(text(MAX_DEPTH), "limit", as_json=as_json)["document"] == "deep.txt"
    with pytest.raises(InvalidClaims, match=f"at most {MAX_DEPTH} levels deep"):
        parse_mapping(text(MAX_DEPTH + 1), "past the limit", as_json=as_json)


def test_the_limit_holds_under_pyyaml_pure_python_parser_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where libyaml is not built in, PyYAML's own composer recurses once per level: 100,000 levels
    would be a RecursionError."""
    monkeypatch.setattr(io, "_DatesAsText", io.loader_on(yaml.SafeLoader))
    with pytest.raises(InvalidClaims, match=f"at most {MAX_DEPTH} levels deep"):
        parse_mapping(deep_yaml(LEVELS), "deep.yaml", as_json=False)
    assert parse_mapping(deep_yaml(MAX_DEPTH), "limit.yaml", as_json=False)["document"] == "deep.txt"


def test_brackets_inside_strings_are_not_nesting() -> None:
    text = json.dumps({"document": "brackets.txt", "title": "[" * LEVELS + '\\"{' * 10})
    assert parse_mapping(text, "brackets.json", as_json=True)["title"].startswith("[[[")


def test_kg_ingest_reports_deep_nesting_without_a_traceback(tmp_path: Path) -> None:
    from kg.cli import main

    path = tmp_path / "deep.json"
    path.write_text(deep_json(LEVELS), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", "--store", str(tmp_path / "store"), str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert f"{path}: nested {LEVELS} levels deep: lists and mappings may be nested at most {MAX_DEPTH} levels deep" \
        in result.output


@pytest.mark.parametrize("media, text", [("application/json", deep_json), ("application/yaml", deep_yaml)])
def test_posting_deep_nesting_is_422_naming_the_limit(writable_client: TestClient, media: str, text) -> None:
    response = writable_client.post("/documents", content=text(LEVELS).encode(),
                                    headers={"Content-Type": media, **AUTH})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert f"may be nested at most {MAX_DEPTH} levels deep" in response.json()["errors"][0]
    assert writable_client.get("/documents").json()["total"] == 1


# -- amounts and quantities --------------------------------------------------------------------------

ITEM = "commitments[4] (Ukraine, arms_purchase).amount"


@pytest.mark.parametrize("suffix, written, said", [
    (".json", "1e309", "1E+309 is above the limit of 10^18"),
    (".yaml", "1.0e+309", "1.0E+309 is above the limit of 10^18"),
    (".yaml", "1e309", "1E+309 is above the limit of 10^18"),
    (".yaml", "1000000000000000001", "1000000000000000001 is above the limit of 10^18"),
    (".json", "NaN", "NaN is not a finite number"),
    (".json", "Infinity", "Infinity is not a finite number"),
    (".yaml", ".inf", "Infinity is not a finite number"),
    (".yaml", ".nan", "NaN is not a finite number"),
    (".yaml", "-90", "-90 is negative"),
    (".json", "-0.5", "-0.5 is negative"),
    (".yaml", "1e-999999", "1E-999999 has more than 6 digits after the decimal point"),
    (".json", "1.1234567", "1.1234567 has more than 6 digits after the decimal point"),
], ids=lambda value: value if isinstance(value, str) and len(value) < 20 else None)
def test_an_absurd_amount_is_refused_naming_the_file_the_item_and_the_value(seeded_store, preparer, tmp_path: Path,
                                                                              suffix: str, written: str,
                                                                              said: str) -> None:
    message = ingest_failure(seeded_store, preparer, with_amount(tmp_path, written, suffix))
    assert f"{ITEM}: {said}" in message


@pytest.mark.parametrize("written, said", [("1e309", "1E+309 is above the limit of 10^18"),
                                           ("NaN", "NaN is not a finite number")])
def test_posting_an_absurd_amount_is_422_naming_the_item_and_the_value(writable_client: TestClient, tmp_path: Path,
                                                                       written: str, said: str) -> None:
    body = with_amount(tmp_path, written, ".json").read_bytes()
    response = writable_client.post("/documents", content=body, headers={"Content-Type": "application/json", **AUTH})
    assert response.status_code == 422
    [problem] = response.json()["errors"]
    assert problem.startswith(f"{ITEM}: {said}")
    assert writable_client.get("/documents").json()["total"] == 1


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_an_integer_too_long_to_read_is_refused_without_a_traceback(seeded_store, preparer, tmp_path: Path,
                                                                     suffix: str) -> None:
    message = ingest_failure(seeded_store, preparer, with_amount(tmp_path, "9" * 5000, suffix))
    assert "a value cannot be read" in message and "4300 digits" in message


def test_an_absurd_quantity_is_refused_too(seeded_store, preparer, tmp_path: Path) -> None:
    path = claims_file(tmp_path, "quantity.yaml",
                       lambda d: d["commitments"][0].update(quantity={"value": "QUANTITY", "unit": "troops"}))
    path.write_text(path.read_text(encoding="utf-8").replace("QUANTITY", "1.0e+400"), encoding="utf-8")
    message = ingest_failure(seeded_store, preparer, path)
    assert "commitments[0] (United States, sanctions).quantity.value: 1.0E+400 is above the limit of 10^18" in message


def test_the_largest_amount_and_the_finest_fraction_are_accepted(store: GraphStore, preparer, tmp_path: Path) -> None:
    for written in ("1000000000000000000", "0.000001"):
        results = ingest_paths(store, [with_amount(tmp_path, written)], preparer)
        assert [r.outcome for r in results] in ([Outcome.WRITTEN], [Outcome.REPLACED]), results


# -- one document, one file per run --------------------------------------------------------------------

def test_a_second_file_for_the_same_document_is_refused_naming_both(store: GraphStore, preparer,
                                                                     tmp_path: Path) -> None:
    first = claims_file(tmp_path, "a_first.claims.yaml", document="shared.txt")
    second = claims_file(tmp_path, "b_second.claims.yaml", lambda d: d["commitments"].pop(), document="shared.txt")
    other = claims_file(tmp_path, "c_other.claims.yaml", document="other.txt")
    results = ingest_paths(store, [tmp_path], preparer)
    assert [(Path(r.source).name, r.outcome) for r in results] == [
        ("a_first.claims.yaml", Outcome.WRITTEN), ("b_second.claims.yaml", Outcome.FAILED),
        ("c_other.claims.yaml", Outcome.WRITTEN)]
    message = results[1].message or ""
    assert str(second) in message and str(first) in message
    assert "document 'shared.txt' (id shared) is also the document of" in message
    assert store.stats().commitments == 2 * 11, "the first file's 11 commitments stay, not the second's 10"


def test_the_first_file_wins_even_when_its_document_is_already_stored(store: GraphStore, preparer,
                                                                       tmp_path: Path) -> None:
    first = claims_file(tmp_path, "a.yaml", document="shared.txt")
    assert [r.outcome for r in ingest_paths(store, [first], preparer)] == [Outcome.WRITTEN]
    before = quads(store)
    second = claims_file(tmp_path, "b.yaml", lambda d: d["commitments"].pop(), document="shared.txt")
    results = ingest_paths(store, [first, second], preparer)
    assert [r.outcome for r in results] == [Outcome.UNCHANGED, Outcome.FAILED]
    assert str(first) in (results[1].message or "")
    assert quads(store) == before


def test_kg_ingest_exits_1_when_a_run_holds_two_files_for_one_document(tmp_path: Path) -> None:
    from kg.cli import main

    first = claims_file(tmp_path, "a.yaml", document="shared.txt")
    second = claims_file(tmp_path, "b.yaml", document="shared.txt")
    result = CliRunner().invoke(main, ["ingest", "--store", str(tmp_path / "store"), str(first), str(second)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert f"{second}: document 'shared.txt' (id shared) is also the document of {first}" in result.output
    assert "1 failed, 1 written" in result.output
