"""Reading a claims file builds what PyYAML's own constructor builds, only faster."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kg.claims import io

from .conftest import SEED_CLAIMS


class _PyYAMLConstructor(io._BaseLoader):  # type: ignore[misc, valid-type]
    """The same loader without the fast path: PyYAML's constructor all the way."""


_PyYAMLConstructor.yaml_implicit_resolvers = io._DatesAsText.yaml_implicit_resolvers


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
