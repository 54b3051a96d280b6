"""Reading and writing claims files (YAML or JSON) with errors that name the file and the item."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kg import numbers
from kg.claims.model import Claims
from kg.errors import InvalidClaims

CLAIMS_SUFFIXES = (".yaml", ".yml", ".json")
MAX_FILE_BYTES = 20 * 1024 * 1024
# Lists and mappings inside one another, the file's own mapping being the first: the format
# goes 5 deep (document > events > event > participants > participant). Checked before JSON is
# parsed and while YAML is composed and built, so no reader recurses past it (Python's json
# fails near 1,000 levels with a RecursionError, libyaml stops at 1,000 levels, PyYAML's
# pure-Python composer overflows the stack sooner). An alias counts where its anchor stands.
MAX_DEPTH = 100
# Plain scalars whose resolved tag a loader class remembers (numbers, dates, words like "no").
_RESOLVED_KEPT = 20_000


# libyaml's parser where it is built in (about 7x faster); resolution stays in Python either way.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
# Scalars whose constructor returns the value itself (those of collections' tags return
# generators, which construct_object drives, and refuse a scalar there)
_PLAIN_VALUES = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                           "tag:yaml.org,2002:null"})


class _ClaimsConstruction:
    """What a claims file's loader does on top of PyYAML's SafeLoader (see loader_on)."""

    def construct_document(self, node: yaml.Node) -> Any:
        """The same objects PyYAML's constructor builds, faster for the common nodes.

        A claims file is almost all plain maps, lists and strings, and PyYAML's generic
        construct_object cost a third of reading a file. Those are built directly here;
        anything else (numbers, booleans, nulls, merge keys, non-string keys, explicit tags)
        goes to PyYAML's own constructor, so results and errors stay PyYAML's. Either way,
        nothing nested deeper than MAX_DEPTH is built."""
        try:
            return self._build(node, {}, 1)
        except Exception:  # noqa: BLE001 - PyYAML builds in another order: let it find its own first error
            self._reset()
            _check_node_depth(node, 1)
            return super().construct_document(node)
        finally:
            self._reset()

    def _reset(self) -> None:
        self.constructed_objects = {}
        self.recursive_objects = {}
        self.state_generators = []
        self.deep_construct = False

    def _build(self, node: yaml.Node, built: dict[int, Any], depth: int) -> Any:
        # An alias is the same node object again: give back the same Python object, as PyYAML
        # does (and a recursive structure refers to itself instead of recursing forever).
        key = id(node)
        if key in built:
            return built[key]
        kind, tag = node.__class__, node.tag
        if kind is yaml.ScalarNode and tag == _STR:
            return node.value
        if depth > MAX_DEPTH and kind is not yaml.ScalarNode:
            raise _TooDeep(node.start_mark)
        # Plain string children are taken in place: four nodes in five are strings, and a call
        # per string was most of building a document.
        scalar, build = yaml.ScalarNode, self._build
        if kind is yaml.SequenceNode and tag == _SEQ:
            items: list[Any] = []
            built[key] = items
            for child in node.value:
                items.append(child.value if child.__class__ is scalar and child.tag == _STR
                             else build(child, built, depth + 1))
            return items
        if kind is yaml.MappingNode and tag == _MAP and all(
                k.__class__ is scalar and k.tag == _STR for k, _ in node.value):
            mapping: dict[str, Any] = {}
            built[key] = mapping
            for key_node, value_node in node.value:  # a repeated key: the last wins, as in PyYAML
                mapping[key_node.value] = (value_node.value if value_node.__class__ is scalar and value_node.tag == _STR
                                           else build(value_node, built, depth + 1))
            return mapping
        if kind is yaml.ScalarNode:
            if tag in _PLAIN_VALUES:
                # A number, boolean or null: its tag's constructor, which construct_object would
                # call, without the bookkeeping construct_object keeps for what holds other nodes.
                return self.yaml_constructors[tag](self, node)  # type: ignore[attr-defined]
        else:
            _check_node_depth(node, depth)  # PyYAML's constructor recurses into what is below
        return self.construct_object(node, deep=True)

    # What resolve() needs to answer without PyYAML's loop, set by loader_on: the first characters
    # that have implicit resolvers, whether any resolver applies to every first character, and
    # plain scalars already resolved.
    _first_chars: frozenset[str] = frozenset()
    _any_first: bool = True
    _resolved: dict[str, str] | None = None  # per loader class: its resolvers decide

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """PyYAML's resolve, called once per node (about 2,000 a claims file) and a twentieth of
        reading one. A plain scalar's tag depends on its text alone when no path resolvers are
        set: text whose first character has no resolver is a string (four scalars in five
        here), and the others' tags are remembered. Without path resolvers, a quoted scalar, a
        list and a mapping get the default tag of their kind, as PyYAML gives them (one node in
        eight). Anything else is PyYAML's own answer."""
        resolved = self._resolved
        if resolved is None or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)  # type: ignore[misc,no-any-return]
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG  # type: ignore[attr-defined,no-any-return]
            if value and not self._any_first and value[0] not in self._first_chars:
                return self.DEFAULT_SCALAR_TAG  # type: ignore[attr-defined,no-any-return]
            tag = resolved.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[misc]
                if len(resolved) >= _RESOLVED_KEPT:
                    resolved.clear()
                resolved[value] = tag
            return tag
        if kind is yaml.MappingNode:
            return self.DEFAULT_MAPPING_TAG  # type: ignore[attr-defined,no-any-return]
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG  # type: ignore[attr-defined,no-any-return]
        return super().resolve(kind, value, implicit)  # type: ignore[misc,no-any-return]

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """PyYAML's pure-Python composer recurses once per level: count them as it goes (libyaml,
        when built in, composes in C and stops at 1,000 levels; building the document checks ours)."""
        depth = getattr(self, "_depth", 0) + 1
        if depth > MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)
        self._depth = depth
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth - 1


class _TooDeep(yaml.constructor.ConstructorError):
    """Lists and mappings nested past MAX_DEPTH."""

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)


def _too_deep(found: str) -> str:
    return f"{found}: lists and mappings may be nested at most {MAX_DEPTH} levels deep"


def _check_node_depth(root: yaml.Node, depth: int) -> None:
    """Refuse a composed node (at `depth`) with lists and mappings below it past MAX_DEPTH, without recursing."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, depth)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, yaml.ScalarNode) or id(node) in seen:  # an alias is walked once
            continue
        if level > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, level + 1) for child in node.value)
        else:
            stack.extend((child, level + 1) for pair in node.value for child in pair)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    """YAML floats as exact Decimals (1.5 stays 1.5 and 123456789012.123456 keeps every digit);
    .inf and .nan become Decimal's own, for the claims model to refuse by name."""
    text = str(loader.construct_scalar(node)).replace("_", "").lower()
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if text == ".inf":
        value = Decimal("Infinity")
    elif text == ".nan":
        value = Decimal("NaN")
    elif ":" in text:  # base 60, as YAML 1.1 has it: 1:30.5
        value = Decimal(0)
        for part in text.split(":"):
            value = value * 60 + Decimal(part)
    else:
        value = Decimal(text)
    return value.copy_negate() if negative else value


def loader_on(base: type) -> type:
    """The claims loader on a PyYAML loader class: libyaml's CSafeLoader where it is built in,
    else the pure-Python SafeLoader (tests build both).

    YAML's own timestamp parsing turns 2025-02-30 into a bare ValueError with no position;
    keeping dates as text lets the model reject them with the item's path. Floats are read as
    exact Decimals."""
    loader = type("ClaimsLoader", (_ClaimsConstruction, base), {})
    loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader._first_chars = frozenset(first for first, found in loader.yaml_implicit_resolvers.items()
                                    if first is not None and found)
    loader._any_first = bool(loader.yaml_implicit_resolvers.get(None))
    loader._resolved = {}
    return loader


_DatesAsText = loader_on(_BaseLoader)


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


_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _check_json_depth(text: str, source: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH before json.loads recurses into it.

    At C speed, with nothing done per character in Python: drop the escaped backslashes and
    quotes (so every quote left opens or closes a string), keep what lies outside the strings
    (an unterminated string's tail is left out too), then follow the brackets alone."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    outside = "".join(text.replace("\\\\", "").replace('\\"', "").split('"')[0::2])
    brackets = _NOT_BRACKETS.sub("", outside)
    if brackets.count("[") + brackets.count("{") <= MAX_DEPTH:
        return
    deepest = max(accumulate(map(_STEP.__getitem__, brackets)))
    if deepest > MAX_DEPTH:
        raise InvalidClaims(source, [_too_deep(f"nested {deepest} levels deep")])


def parse_mapping(text: str, source: str, *, as_json: bool) -> dict[str, Any]:
    """Parse YAML or JSON text into a mapping; numbers with a fraction or an exponent become Decimals."""
    try:
        if as_json:
            _check_json_depth(text, source)
            # NaN, Infinity and -Infinity, which Python's json accepts, as Decimals the model refuses by name
            data = json.loads(text, parse_float=Decimal, parse_constant=Decimal)
        else:
            data = yaml.load(text, Loader=_DatesAsText)  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as error:
        raise InvalidClaims(source, [f"JSON syntax error at line {error.lineno}, column {error.colno}: {error.msg}"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        if isinstance(error, _TooDeep) or problem == "exceeded maximum nesting depth":  # ours, or libyaml's at 1,000
            raise InvalidClaims(source, [_too_deep(f"nested more than {MAX_DEPTH} levels deep{where}")]) from None
        raise InvalidClaims(source, [f"YAML syntax error{where}: {problem}"]) from None
    except (ValueError, InvalidOperation) as error:  # e.g. an integer of more than 4,300 digits
        raise InvalidClaims(source, [f"a value cannot be read: {error}"]) from None
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


def _problems(error: ValidationError, data: Any) -> list[str]:
    problems = []
    for detail in error.errors(include_url=False):
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "unknown key"
        elif detail["type"] == "enum":
            message = f"{detail['input']!r} is not one of {detail['ctx']['expected']}"
        problems.append(f"{_item_path(detail['loc'], data)}: {message}")
    return problems


def claims_from_mapping(data: dict[str, Any], source: str) -> Claims:
    """Validate a parsed mapping; every problem is reported with the item it is in."""
    try:
        return Claims.model_validate(data)
    except ValidationError as error:
        raise InvalidClaims(source, _problems(error, data)) from None


@contextmanager
def model_errors(source: str) -> Iterator[None]:
    """Claims built item by item (the extractor does) that break the model: InvalidClaims naming
    `source`, as for a file, instead of pydantic's ValidationError."""
    try:
        yield
    except ValidationError as error:
        raise InvalidClaims(source, [f"{error.title}: {problem}" for problem in _problems(error, None)]) from None


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
    """The interchange format as plain data: no empty keys, dates as text, amounts and quantities
    as the exact Decimals the claims hold (dump_claims writes them as numbers)."""
    data = claims.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data.setdefault("actors", [])
    data.setdefault("commitments", [])
    data.setdefault("events", [])
    for item, commitment in zip(data["commitments"], claims.commitments):
        if commitment.amount is not None:
            item["amount"] = commitment.amount
        if commitment.quantity is not None and isinstance(commitment.quantity.value, Decimal):
            item["quantity"]["value"] = commitment.quantity.value
    return data


class _ClaimsDumper(yaml.SafeDumper):
    """YAML with Decimals as plain numbers: 90000000000 and 1.5, read back as the same Decimals."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    written = numbers.text(value)
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in written else "tag:yaml.org,2002:int", written)


_ClaimsDumper.add_representer(Decimal, _represent_decimal)


def dump_claims(claims: Claims, fmt: str) -> str:
    """Serialise claims as `json` or `yaml`."""
    data = claims_to_mapping(claims)
    if fmt == "json":
        return numbers.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=_ClaimsDumper, allow_unicode=True, sort_keys=False, width=100)
