"""The benchmark's SPARQL queries (bench/queries/*.rq), their parameters, and result comparison.

Queries carry `{{name}}` placeholders that are replaced by N-Triples terms before the text is
sent anywhere, so every peer (this project's /sparql, rdflib-endpoint, raw pyoxigraph) gets the
very same query text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

QUERY_DIR = Path(__file__).resolve().parent / "queries"
CK = "https://w3id.org/commitments-kg/ontology#"
ID = "https://w3id.org/commitments-kg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORDER = ["actor_commitments", "commitment_evidence", "commitments_list", "aggregate_amounts", "multihop_join"]
NUMERIC = {XSD + t for t in ("decimal", "integer", "double", "float", "long", "int", "nonNegativeInteger")}


def templates() -> dict[str, str]:
    found = {p.stem: p.read_text(encoding="utf-8") for p in sorted(QUERY_DIR.glob("*.rq"))}
    return {name: found[name] for name in ORDER if name in found} | {
        name: text for name, text in found.items() if name not in ORDER}


def iri(value: str) -> str:
    return f"<{value}>"


def literal(value: str, datatype: str | None = None) -> str:
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{text}^^<{datatype}>" if datatype else text


def fill(template: str, params: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        return params[match.group(1)]

    text = re.sub(r"\{\{(\w+)\}\}", replace, template)
    # Comments go too: some endpoints log or cache on the text, and they are not part of the query.
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")) + "\n"


def _term(binding: dict[str, Any]) -> tuple[str, str]:
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "literal" or kind == "typed-literal":
        datatype = binding.get("datatype")
        if datatype in NUMERIC:
            try:
                return ("number", str(Decimal(value).normalize()))
            except InvalidOperation:
                pass
        if datatype == XSD + "string":
            datatype = None
        return ("literal", f"{value}|{datatype or ''}|{binding.get('xml:lang', '')}")
    return (kind or "?", value)


def rows(payload: bytes | str) -> Counter[tuple[tuple[str, tuple[str, str]], ...]]:
    """SPARQL JSON results as a multiset of rows, with numbers and xsd:string normalised."""
    data = json.loads(payload)
    if "boolean" in data:
        return Counter({(("boolean", ("boolean", str(data["boolean"]))),): 1})
    result: Counter[tuple[tuple[str, tuple[str, str]], ...]] = Counter()
    for binding in data["results"]["bindings"]:
        result[tuple(sorted((name, _term(value)) for name, value in binding.items()))] += 1
    return result


def row_count(payload: bytes | str) -> int:
    data = json.loads(payload)
    return len(data.get("results", {}).get("bindings", []))
