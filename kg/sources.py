"""Finding what to ingest: claims files and articles, folders recursively.

An article (.txt, .md) is extracted by machine unless a reviewed claims file for the same
document stands beside it (`X.claims.yaml` for `X.txt`, or any claims file given in the same
run whose `document:` names it): then the reviewed file is ingested instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.claims.io import CLAIMS_SUFFIXES

ARTICLE_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Source:
    path: Path
    kind: str  # "claims" | "article"


def discover(paths: Iterable[Path], store: Path | None = None) -> list[Source]:
    """Every claims file and article under the given paths, in a stable order. Walking a folder
    skips the store's own files (its folder, and `STORE.catalogue.json`, `STORE.server.json` ...
    beside it), which a store kept inside the folder being ingested would otherwise offer."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                                and p.suffix.lower() in CLAIMS_SUFFIXES + ARTICLE_SUFFIXES
                                and not _owned_by(p, store)))
        else:
            found.append(path)
    unique = list(dict.fromkeys(found))
    reviewed_stems = {p.name.split(".claims.")[0] for p in unique if ".claims." in p.name}
    sources: dict[Path, Source] = {}
    for path in unique:
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            sources.setdefault(path, Source(path, "claims"))
        elif path.stem not in reviewed_stems:
            # An article named alone still gets its reviewed file: `kg ingest X.txt` ingests the
            # X.claims.yaml beside it, as the README promises, instead of nothing at all.
            reviewed = reviewed_beside(path)
            sources.setdefault(reviewed or path, Source(reviewed, "claims") if reviewed else Source(path, "article"))
    return list(sources.values())


def _owned_by(path: Path, store: Path | None) -> bool:
    if store is None:
        return False
    store = store.resolve()
    path = path.resolve()
    return store in path.parents or (path.parent == store.parent and path.name.startswith(f"{store.name}."))


def reviewed_beside(article: Path) -> Path | None:
    """The reviewed claims file standing beside an article (X.claims.yaml for X.txt), if any."""
    for suffix in CLAIMS_SUFFIXES:
        candidate = article.with_name(f"{article.stem}.claims{suffix}")
        if candidate.is_file():
            return candidate
    return None
