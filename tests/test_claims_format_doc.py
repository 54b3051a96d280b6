"""docs/claims-format.md documents the interchange format as the project reads it: every key the
models accept, every vocabulary value, the annotation keys, and an example that really ingests."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pytest
import yaml

from kg.claims import vocabulary
from kg.claims.io import claims_from_mapping, parse_mapping
from kg.claims.model import ANNOTATION_KEYS, Actor, Claims, Commitment, Event, Participant, Quantity
from kg.errors import InvalidClaims

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "claims-format.md"


@pytest.fixture(scope="module")
def doc() -> str:
    assert DOC.is_file(), "docs/claims-format.md is missing"
    return DOC.read_text(encoding="utf-8")


def quoted(doc: str) -> set[str]:
    return set(re.findall(r"`([^`\n]+)`", doc))


def examples(doc: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", doc, re.DOTALL)


def test_the_readme_links_the_format_and_no_longer_sends_readers_outside(doc: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/claims-format.md)" in readme
    assert "shared/eval/FORMAT.md" not in readme


@pytest.mark.parametrize("model", [Claims, Actor, Commitment, Quantity, Event, Participant])
def test_every_key_the_models_accept_is_documented(doc: str, model: type) -> None:
    keys = set(model.model_fields)
    assert keys - quoted(doc) == set(), f"{model.__name__}: undocumented keys"


@pytest.mark.parametrize("vocabulary_class", [vocabulary.ActorKind, vocabulary.CommitmentType, vocabulary.Status,
                                              vocabulary.EventKind, vocabulary.AttendanceMode])
def test_every_value_of_the_vocabularies_is_documented(doc: str, vocabulary_class: type[StrEnum]) -> None:
    assert {v.value for v in vocabulary_class} - quoted(doc) == set()


def test_refused_is_explained(doc: str) -> None:
    assert "**`refused`**" in doc


def test_the_annotation_keys_are_documented_and_accepted(doc: str) -> None:
    assert set(ANNOTATION_KEYS) - quoted(doc) == set()
    data = yaml.safe_load(examples(doc)[0])
    data["commitments"][0].update({key: True for key in ANNOTATION_KEYS})
    claims_from_mapping(data, "annotated")  # dropped, not refused


def test_non_commitments_are_refused_as_the_document_says(doc: str) -> None:
    assert "`non_commitments`" in doc and "is an error" in doc
    with pytest.raises(InvalidClaims, match="non_commitments: unknown key"):
        claims_from_mapping({"document": "x.txt", "non_commitments": []}, "gold")


def test_the_example_is_valid_claims_that_conform_to_the_shapes(doc: str, preparer) -> None:
    found = examples(doc)
    assert found
    for text in found:
        claims = claims_from_mapping(parse_mapping(text, "example", as_json=False), "example")
        preparer.document_graph(claims, "example")  # mapping (names resolve) and SHACL, as an ingest does
        assert {c.status.value for c in claims.commitments} >= {"refused"}
