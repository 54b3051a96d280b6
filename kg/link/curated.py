"""A curated links file: a person's word on which reports are (or are not) one commitment.

    same_as:
      - [germany-air-defence-51b288d3bc, germany-air-defence-0c4e1d77aa]
    distinct_from:
      - [germany-air-defence-51b288d3bc, germany-air-defence-9f3b2c1d00]

Ids are the commitments' REST ids (the last segment of their IRIs). The file is written into the
store's graph …/id/graph/links-curated, which the linker reads; the committers it names are
recomputed, and the curated word wins over the linker's.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from rdflib import URIRef

from kg.errors import InvalidClaims
from kg.link.rdf import CURATED_GRAPH
from kg.rdf.iris import iri_for
from kg.store import GraphStore
from kg.terms import CK

_KEYS = {"same_as": CK.sameCommitmentAs, "distinct_from": CK.distinctCommitmentFrom}


def curated_lines(path: Path) -> list[str]:
    """The file's pairs as N-Triples lines; InvalidClaims naming every bad entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise InvalidClaims(str(path), [f"cannot read it: {error}"]) from None
    problems, lines = [], []
    if not isinstance(data, dict) or set(data) - set(_KEYS):
        raise InvalidClaims(str(path), [f"expected a mapping with {' and/or '.join(_KEYS)}"])
    for key, prop in _KEYS.items():
        for index, pair in enumerate(data.get(key) or []):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) and x.strip() for x in pair)):
                problems.append(f"{key}[{index}]: a pair of two commitment ids, e.g. [a-id, b-id]")
                continue
            a, b = (iri_for("commitment", x.strip()) for x in pair)
            lines.append(f"<{a}> <{prop}> <{b}> .")
    if problems:
        raise InvalidClaims(str(path), problems)
    return lines


def write_curated(store: GraphStore, path: Path) -> int:
    """Replace the store's curated links with the file's; how many pairs it holds."""
    lines = curated_lines(path)
    store.replace_ntriples(URIRef(CURATED_GRAPH), "\n".join(lines))
    return len(lines)
