"""Errors are documented as they are sent: problem+json in /openapi.json, and a missing server
dependency (Graphviz for SVG) is the server's fault, 503, not the request's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.api_fixtures import api_store, client  # noqa: F401 - fixtures

PROBLEM_JSON = "application/problem+json"


def resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = document["components"]["schemas"][name]
    return schema


def mismatches(value: Any, schema: dict[str, Any], document: dict[str, Any], where: str = "body") -> list[str]:
    """Where `value` departs from a JSON Schema of the subset FastAPI and pydantic write (enough to
    catch a body that is not what the document declares)."""
    schema = resolve(schema, document)
    if "anyOf" in schema:
        if any(not mismatches(value, option, document, where) for option in schema["anyOf"]):
            return []
        return [f"{where}: {value!r} matches none of {schema['anyOf']}"]
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}
    if kind in types and not isinstance(value, types[kind]):
        return [f"{where}: {value!r} is not {kind}"]
    found = []
    if kind == "object":
        found += [f"{where}.{key}: missing" for key in schema.get("required", []) if key not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                found += mismatches(value[key], sub, document, f"{where}.{key}")
        if schema.get("additionalProperties") is False:
            found += [f"{where}.{key}: not declared" for key in value if key not in schema.get("properties", {})]
    if kind == "array":
        for i, item in enumerate(value):
            found += mismatches(item, schema.get("items", {}), document, f"{where}[{i}]")
    return found


def test_every_error_response_is_documented_as_problem_json(client) -> None:
    document = client.get("/openapi.json").json()
    wrong = [(method.upper(), path, status, sorted(response.get("content", {})))
             for path, item in document["paths"].items() for method, operation in item.items()
             for status, response in operation["responses"].items()
             if status[0] in "45" and set(response.get("content", {})) != {PROBLEM_JSON}]
    assert not wrong
    assert "HTTPValidationError" not in document["components"]["schemas"], "FastAPI's 422 that is never sent"


@pytest.mark.parametrize(("path", "kind"), [
    ("/commitments?status=maybe&limit=0", "invalid-parameters"),
    ("/actors/france/commitments?from=2025-13-01", "invalid-parameters"),
    ("/export?depth=2", "invalid-parameters"),
    ("/export?type=sanctions&from=1900-01-01&to=1900-01-02", "export-error"),
])
def test_a_422_is_what_the_document_declares_for_its_route(client, path: str, kind: str) -> None:
    document = client.get("/openapi.json").json()
    answer = client.get(path)
    assert answer.status_code == 422
    route = path.split("?")[0].replace("/france/", "/{actor_id}/")
    declared = document["paths"][route]["get"]["responses"]["422"]["content"]
    assert list(declared) == [answer.headers["content-type"]] == [PROBLEM_JSON]
    body = answer.json()
    assert body["type"].endswith(kind)
    assert not mismatches(body, declared[PROBLEM_JSON]["schema"], document)
    if kind == "invalid-parameters":
        items = resolve(document["components"]["schemas"]["ParameterError"], document)
        assert body["errors"] and all(set(items["required"]) <= set(error) for error in body["errors"])


def test_svg_without_graphviz_is_a_503_naming_the_missing_dependency(client, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a server whose PATH has no `dot`
    answer = client.get("/export?format=svg&actor=france")
    assert answer.status_code == 503
    assert answer.headers["content-type"] == PROBLEM_JSON
    body = answer.json()
    assert body["type"].endswith("/missing-dependency") and body["status"] == 503
    assert "Graphviz" in body["dependency"] and "Graphviz" in body["detail"]
    assert "--format" not in body["detail"], "advice for the command line is no answer to an HTTP client"
    document = client.get("/openapi.json").json()
    assert PROBLEM_JSON in document["paths"]["/export"]["get"]["responses"]["503"]["content"]


def test_the_command_line_keeps_its_own_advice_without_graphviz(api_store, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kg", "export", "--store", str(api_store.path),
                             "--format", "svg"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "Graphviz" in result.stderr and "--format dot" in result.stderr and "Traceback" not in result.stderr
