"""Reading and validating the gazetteer's YAML files.

Every problem raises ``ValueError`` with the file and the entry it concerns, for instance
``people.yaml: entry 'Emmanuel Macron': post 'President' of 'Frence' names no state or
organisation``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kg.gazetteer.model import GazetteerEntry, Post
from kg.gazetteer.normalize import normalize
from kg.gazetteer.resolve import Gazetteer, TitleSpec

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"

TITLES_FILE = "titles.yaml"
# Entry files in load order, with the kind their entries have (None: each entry states its kind).
ENTRY_FILES: tuple[tuple[str, str | None, frozenset[str]], ...] = (
    ("states.yaml", "state", frozenset({"state"})),
    ("organisations.yaml", None, frozenset({"organisation", "group"})),
    ("media.yaml", "media", frozenset({"media"})),
    ("people.yaml", "person", frozenset({"person"})),
)
POST_TARGET_KINDS = frozenset({"state", "organisation", "group"})

try:  # the libyaml parser is several times faster; fall back to the pure-Python one
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def _read_list(path: Path) -> list[Any]:
    """The top-level list of a YAML file; a missing or empty file is an empty list."""
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_Loader)  # a safe loader (CSafeLoader or SafeLoader)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: not valid YAML: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        # ValueError, not TypeError: every data problem is reported as ValueError (the loader's contract).
        raise ValueError(f"{path.name}: the top level must be a list of entries, not {type(data).__name__}")  # noqa: TRY004
    return data


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("name") or item.get("title"), str):
        return repr(item.get("name") or item.get("title"))
    return f"#{index + 1}"


def _describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _read_titles(path: Path) -> list[TitleSpec]:
    specs: list[TitleSpec] = []
    owner: dict[str, str] = {}
    for index, item in enumerate(_read_list(path)):
        where = f"{path.name}: entry {_label(item, index)}"
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            raise ValueError(f"{where}: needs a non-empty 'title'")
        unknown = set(item) - {"title", "variants", "leader", "generic"}
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        title = item["title"].strip()
        variants = item.get("variants") or []
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            raise ValueError(f"{where}: 'variants' must be a list of non-empty strings")
        ordered = [title] + [v.strip() for v in variants if v.strip() != title]
        for form in ordered:
            key = normalize(form)
            if key in owner and owner[key] != title:
                raise ValueError(f"{where}: variant {form!r} already belongs to title {owner[key]!r}")
            owner[key] = title
        leader = item.get("leader", False)
        generic = item.get("generic")
        if not isinstance(leader, bool):
            raise ValueError(f"{where}: 'leader' must be true or false")  # noqa: TRY004
        if generic is not None and not isinstance(generic, str):
            raise ValueError(f"{where}: 'generic' must be a title")
        specs.append(TitleSpec(title=title, variants=tuple(dict.fromkeys(ordered)), leader=leader, generic=generic))
    canonical = {spec.title for spec in specs}
    for spec in specs:
        if spec.generic is not None and spec.generic not in canonical:
            raise ValueError(f"{path.name}: entry {spec.title!r}: generic title {spec.generic!r} is not a title")
    return specs


def _entries_of(path: Path, kind: str | None, allowed: frozenset[str]) -> Iterator[tuple[str, GazetteerEntry]]:
    for index, item in enumerate(_read_list(path)):
        where = f"{path.name}: entry {_label(item, index)}"
        if not isinstance(item, dict):
            raise ValueError(f"{where}: must be a mapping with at least a 'name'")  # noqa: TRY004
        fields = dict(item)
        if kind is not None:
            declared = fields.setdefault("kind", kind)
            if declared != kind:
                raise ValueError(f"{where}: kind {declared!r} does not belong in {path.name} (expected {kind!r})")
        elif fields.get("kind") not in allowed:
            raise ValueError(f"{where}: kind must be one of {', '.join(sorted(allowed))}, got {fields.get('kind')!r}")
        try:
            entry = GazetteerEntry.model_validate(fields)
        except ValidationError as exc:
            raise ValueError(f"{where}: {_describe(exc)}") from None
        yield where, entry


def load_gazetteer(data_dir: str | Path | None = None) -> Gazetteer:
    """Read and validate the gazetteer from ``data_dir`` (default: the files shipped in kg/gazetteer/data).

    Reads titles.yaml, states.yaml, organisations.yaml, media.yaml and people.yaml; a file that
    is absent counts as empty, but a directory with none of them is an error. Raises
    ``ValueError`` naming the file and the entry for: YAML that does not parse, an entry that
    does not fit its model (a malformed Wikidata id, a missing ISO code, an unknown field), a
    canonical name used twice, a demonym given to two states, a post whose title is not in
    titles.yaml or whose ``of`` names no state or organisation.

    Nothing is cached here: call it once and keep the object.
    """
    directory = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    expected = [TITLES_FILE] + [name for name, _, _ in ENTRY_FILES]
    if not directory.is_dir() or not any((directory / name).is_file() for name in expected):
        raise ValueError(f"{directory}: no gazetteer files found (expected some of {', '.join(expected)})")

    titles = _read_titles(directory / TITLES_FILE)
    title_by_key = {normalize(form): spec.title for spec in titles for form in spec.variants}

    entries: list[GazetteerEntry] = []
    origin: dict[str, str] = {}  # normalised canonical name -> file that defined it
    demonym_owner: dict[str, str] = {}
    for file_name, kind, allowed in ENTRY_FILES:
        for where, entry in _entries_of(directory / file_name, kind, allowed):
            key = normalize(entry.name)
            if key in origin:
                raise ValueError(f"{where}: duplicate canonical name (already defined in {origin[key]})")
            origin[key] = file_name
            for demonym in entry.demonyms:
                dkey = normalize(demonym)
                if dkey in demonym_owner and demonym_owner[dkey] != entry.name:
                    raise ValueError(f"{where}: demonym {demonym!r} already belongs to {demonym_owner[dkey]!r}")
                demonym_owner[dkey] = entry.name
            if entry.posts:
                entry = entry.model_copy(update={"posts": _canonical_posts(where, entry.posts, title_by_key)})
            entries.append(entry)

    targets = {e.name: e.kind for e in entries}
    for entry in entries:
        for post in entry.posts:
            if targets.get(post.of) not in POST_TARGET_KINDS:
                found = "names no entry" if post.of not in targets else f"names a {targets[post.of]}, not a state or organisation"
                raise ValueError(
                    f"people.yaml: entry {entry.name!r}: post {post.title!r} of {post.of!r} {found}"
                    " (use the exact name of an entry in states.yaml or organisations.yaml)"
                )
    return Gazetteer(entries, titles)


def _canonical_posts(where: str, posts: list[Post], title_by_key: dict[str, str]) -> list[Post]:
    """The posts with their titles written canonically; an unknown title is an error."""
    canonical = []
    for post in posts:
        title = title_by_key.get(normalize(post.title))
        if title is None:
            raise ValueError(f"{where}: post title {post.title!r} is not in titles.yaml")
        canonical.append(post if title == post.title else post.model_copy(update={"title": title}))
    return canonical
