"""Reading a claims file builds what PyYAML's own constructor builds, only faster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bench import generate
from kg.claims import io

from .conftest import SEED_CLAIMS


class _PyYAMLConstructor(io._BaseLoader):  # type: ignore[misc, valid-type]
    """The claims loader's resolvers and float constructor without its fast path: PyYAML's
    constructor all the way."""


_PyYAMLConstructor.yaml_implicit_resolvers = io._DatesAsText.yaml_implicit_resolvers
_PyYAMLConstructor.add_constructor("tag:yaml.org,2002:float", io._construct_decimal)


def load(text: str, loader: type) -> tuple[str, Any]:
    try:
        return "ok", yaml.load(text, Loader=loader)  # noqa: S506 - both are SafeLoader subclasses
    except Exception as error:  # noqa: BLE001 - whatever PyYAML raises, the fast path must raise too
        return "error", f"{type(error).__name__}: {error}"


DOCUMENTS = [
    SEED_CLAIMS.read_text(encoding="utf-8"),
    "a: &x [1, 2]\nb: *x\n",
    "base: &b {k: 1}\nc:\n  <<: *b\n  j: 2\n",
    "1: x\nnull: y\ntrue: z\n",
    "? [a]\n: 1\n",
    "{a: 1, a: 2}\n",
    "a: 2025-02-30\nb: yes\nc: ~\nd: 1.5\ne: '1'\nf: =\ng: .inf\nh: 0x1F\n",
    "=: 1\n",
    "a: !!binary aGk=\nb: !!str 12\nc: !!set {x, y}\nd: !!omap [k: 1]\n",
    "a: !unknown x\n",
    "- a\n- {b: [c, {d: e}]}\n- []\n- {}\n",
    "just text\n",
    "a:\n  b: !unknown x\nc: !!int y\n",  # two errors: PyYAML reports the shallower one first
    "a: !!binary '###'\n",
    "a: {[x]: 1}\n",
    "[" * 2000 + "]" * 2000 + "\n",
    "",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_fast_constructor_builds_what_pyyaml_builds(text: str) -> None:
    assert load(text, io._DatesAsText) == load(text, _PyYAMLConstructor)


def test_an_alias_is_the_same_object_and_a_recursive_list_refers_to_itself() -> None:
    data = yaml.load("a: &x [1, 2]\nb: *x\n", Loader=io._DatesAsText)  # noqa: S506
    assert data["a"] is data["b"]
    looped = yaml.load("&r [*r]\n", Loader=io._DatesAsText)  # noqa: S506
    assert looped[0] is looped


SCALARS = [
    "a: 1\nb: -2\nc: +3\nd: 0o17\ne: 017\nf: 1_000\ng: 1:30\nh: 0b101\n",
    "a: 1.5\nb: -.inf\nc: .NaN\nd: 1e3\ne: 6.8523015e+5\nf: 1:30.5\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: ~\ng: null\nh:\n",
    "- 'quoted'\n- \"double\"\n- '1'\n- \"yes\"\n- plain\n- 2\n- [3, '4', five]\n",
    "a: &n 7\nb: *n\nc: &s text\nd: *s\n",
    "a: !!int '12'\nb: !!float '2'\nc: !!bool 'yes'\nd: !!null ''\ne: !!str 3\n",
    "a: !!int x\n",
    "a: !!float x\n",
    "a: !!timestamp 2025-02-30\n",
    "a: !!seq x\n",
    "a: !!map x\n",
    "a: !!omap x\n",
    "a: !!set x\n",
    "a: !!pairs x\n",
    "a: !!binary aGk=\n",
    "'k': 1\n\"j\": [a, 'b']\n",
    "nested: {a: [1, {b: 2.5, c: [true, ~]}], d: 'x'}\n",
]


@pytest.mark.parametrize("text", SCALARS)
def test_numbers_booleans_nulls_and_quoted_scalars_are_what_pyyaml_builds(text: str) -> None:
    # repr: Decimal("NaN") is not equal to itself
    assert repr(load(text, io._DatesAsText)) == repr(load(text, _PyYAMLConstructor))


def test_a_generated_document_is_what_pyyaml_builds(tmp_path: Path) -> None:
    [path] = generate.write_batch(tmp_path, 1, 7, per_doc=30, fmt="yaml")
    text = Path(path).read_text(encoding="utf-8")
    assert load(text, io._DatesAsText) == load(text, _PyYAMLConstructor)
