"""Reading and writing claims files (YAML or JSON) with errors that name the file and the item."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kg.claims.model import Claims
from kg.errors import InvalidClaims

CLAIMS_SUFFIXES = (".yaml", ".yml", ".json")
MAX_FILE_BYTES = 20 * 1024 * 1024


# libyaml's parser where it is built in (about 7x faster); resolution stays in Python either way.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _DatesAsText(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML's own timestamp parsing turns 2025-02-30 into a bare ValueError with no position;
    keeping dates as text lets the model reject them with the item's path."""

    def construct_document(self, node: yaml.Node) -> Any:
        """The same objects PyYAML's constructor builds, faster for the common nodes.

        A claims file is almost all plain maps, lists and strings, and PyYAML's generic
        construct_object cost a third of reading a file. Those are built directly here;
        anything else (numbers, booleans, nulls, merge keys, non-string keys, explicit tags)
        goes to PyYAML's own constructor, so results and errors stay PyYAML's."""
        try:
            return self._build(node, {})
        except Exception:  # noqa: BLE001 - PyYAML builds in another order: let it find its own first error
            self._reset()
            return super().construct_document(node)
        finally:
            self._reset()

    def _reset(self) -> None:
        self.constructed_objects = {}
        self.recursive_objects = {}
        self.state_generators = []
        self.deep_construct = False

    def _build(self, node: yaml.Node, built: dict[int, Any]) -> Any:
        # An alias is the same node object again: give back the same Python object, as PyYAML
        # does (and a recursive structure refers to itself instead of recursing forever).
        key = id(node)
        if key in built:
            return built[key]
        kind, tag = node.__class__, node.tag
        if kind is yaml.ScalarNode and tag == _STR:
            return node.value
        if kind is yaml.SequenceNode and tag == _SEQ:
            items: list[Any] = []
            built[key] = items
            items.extend(self._build(child, built) for child in node.value)
            return items
        if kind is yaml.MappingNode and tag == _MAP and all(
                k.__class__ is yaml.ScalarNode and k.tag == _STR for k, _ in node.value):
            mapping: dict[str, Any] = {}
            built[key] = mapping
            for key_node, value_node in node.value:
                mapping[key_node.value] = self._build(value_node, built)  # a repeated key: the last wins, as in PyYAML
            return mapping
        return self.construct_object(node, deep=True)


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path) -> str:
    """The file's text, refusing binary, huge and non-UTF-8 files with a clear reason."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidClaims(str(path), [f"file is {size} bytes, over the limit of {MAX_FILE_BYTES}"])
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidClaims(str(path), [f"cannot read file: {error.strerror or error}"]) from None
    if b"\x00" in raw[:8192]:
        raise InvalidClaims(str(path), ["binary file (it holds NUL bytes), not text"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidClaims(str(path), [f"not UTF-8 text (byte {error.start})"]) from None


def parse_mapping(text: str, source: str, *, as_json: bool) -> dict[str, Any]:
    """Parse YAML or JSON text into a mapping."""
    try:
        data = json.loads(text) if as_json else yaml.load(text, Loader=_DatesAsText)  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as error:
        raise InvalidClaims(source, [f"JSON syntax error at line {error.lineno}, column {error.colno}: {error.msg}"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InvalidClaims(source, [f"YAML syntax error{where}: {problem}"]) from None
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise InvalidClaims(source, [f"expected a mapping with document, actors, commitments and events; found {kind}"])
    return data


def _item_path(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """('commitments', 2, 'currency') -> "commitments[2] (France, troop_deployment).currency"."""
    parts: list[str] = []
    node: Any = data
    for key in loc:
        if isinstance(key, int):
            parts[-1] += f"[{key}]"
            node = node[key] if isinstance(node, list) and key < len(node) else None
            label = _describe(node)
            if label:
                parts[-1] += f" ({label})"
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "document"


def _describe(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    if "committer" in item or "type" in item:
        return ", ".join(str(item[k]) for k in ("committer", "type") if item.get(k) is not None)
    return str(item.get("name") or item.get("actor") or "")


def claims_from_mapping(data: dict[str, Any], source: str) -> Claims:
    """Validate a parsed mapping; every problem is reported with the item it is in."""
    try:
        return Claims.model_validate(data)
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            message = detail["msg"].removeprefix("Value error, ")
            if detail["type"] == "extra_forbidden":
                message = "unknown key"
            elif detail["type"] == "enum":
                message = f"{detail['input']!r} is not one of {detail['ctx']['expected']}"
            problems.append(f"{_item_path(detail['loc'], data)}: {message}")
        raise InvalidClaims(source, problems) from None


def load_claims(path: Path) -> Claims:
    """Read one claims file (YAML or JSON, chosen by its suffix)."""
    text = read_text(path)
    data = parse_mapping(text, str(path), as_json=path.suffix.lower() == ".json")
    return claims_from_mapping(data, str(path))


def check_references(claims: Claims, source: str, known: Iterable[str]) -> None:
    """Every actor a commitment or event names must be declared in the file (or be known elsewhere)."""
    declared = {actor.name.casefold() for actor in claims.actors} | {alias.casefold() for actor in claims.actors for alias in actor.aliases}
    declared |= {name.casefold() for name in known}
    problems = []
    for index, commitment in enumerate(claims.commitments):
        for role, name in commitment.actor_references().items():
            if name.casefold() not in declared:
                problems.append(f"commitments[{index}] ({commitment.committer}, {commitment.type}).{role}: "
                                f"{name!r} names no actor declared in the file or the gazetteer")
    for index, event in enumerate(claims.events):
        for number, participant in enumerate(event.participants):
            if participant.actor.casefold() not in declared:
                problems.append(f"events[{index}] ({event.name}).participants[{number}]: "
                                f"{participant.actor!r} names no actor declared in the file or the gazetteer")
    if problems:
        raise InvalidClaims(source, problems)


def claims_to_mapping(claims: Claims) -> dict[str, Any]:
    """The interchange format as plain data: no empty keys, numbers as numbers, dates as text."""
    data = claims.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data.setdefault("actors", [])
    data.setdefault("commitments", [])
    data.setdefault("events", [])
    for commitment in data["commitments"]:
        _numbers(commitment, "amount")
        if "quantity" in commitment:
            _numbers(commitment["quantity"], "value")
    return data


def _numbers(item: dict[str, Any], key: str) -> None:
    """pydantic dumps Decimal as text; the format wants numbers where they are numbers."""
    value = item.get(key)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return
        item[key] = int(number) if number.is_integer() else number


def dump_claims(claims: Claims, fmt: str) -> str:
    """Serialise claims as `json` or `yaml`."""
    data = claims_to_mapping(claims)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
