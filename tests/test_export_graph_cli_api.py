"""`kg export` with the graph formats, and GET /export: files, media types, and clear refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from kg.cli import main
from kg.config import Settings
from kg.store import GraphStore

from .conftest import require_system_package
from .test_export_graph import seeded  # noqa: F401 - the module-scoped store fixture

FORMATS = ["graphml", "gexf", "cytoscape", "node-link", "dot", "svg"]
MEDIA_TYPES = {"graphml": "application/xml", "gexf": "application/xml", "cytoscape": "application/json",
               "node-link": "application/json", "dot": "text/vnd.graphviz", "svg": "image/svg+xml"}


def needs_dot(fmt: str) -> None:
    if fmt == "svg":
        require_system_package(shutil.which("dot") is not None, "Graphviz's dot (Debian package graphviz) is missing")


@pytest.fixture(scope="module")
def store_dir(seeded: GraphStore) -> str:  # noqa: F811
    return str(seeded.path)


def kg(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def client(seeded: GraphStore) -> TestClient:  # noqa: F811
    from api.app import create_app

    return TestClient(create_app(Settings(store=seeded.path), seeded))


# -- kg export --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_kg_export_writes_each_graph_format_to_a_file(fmt: str, store_dir: str, tmp_path: Path) -> None:
    needs_dot(fmt)
    out = tmp_path / f"seed.{fmt}"
    result = kg("export", "--store", store_dir, "--format", fmt, "--view", "actors", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote 9 nodes and 12 edges" in result.output
    assert out.stat().st_size > 0


def test_kg_export_filters_the_graph(store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "us.graphml"
    result = kg("export", "--store", store_dir, "--format", "graphml", "--view", "actors", "--actor", "united-states",
                "--depth", "1", "--type", "air_support", "--status", "conditional", "--from", "2025-08-01",
                "--to", "2025-08-31", "--reviewed-only", "-o", str(out))
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out, force_multigraph=True)
    assert list(graph.edges()) == [("actor/united-states", "actor/ukraine")]
    assert graph.graph["filters"] == ("actor=united-states, depth=1, type=air_support, status=conditional, "
                                      "from=2025-08-01, to=2025-08-31, reviewed-only")


def test_kg_export_without_output_streams_to_standard_output(store_dir: str) -> None:
    result = kg("export", "--store", store_dir, "--format", "cytoscape", "--view", "actors", "--actor", "russia")
    assert result.exit_code == 0, result.output
    elements = json.loads(result.output)["elements"]
    assert [e["data"]["target"] for e in elements["edges"]] == ["actor/russia"]


def test_kg_export_refuses_an_unknown_actor_and_writes_no_file(store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "nobody.gexf"
    result = kg("export", "--store", store_dir, "--format", "gexf", "--actor", "atlantis", "-o", str(out))
    assert result.exit_code == 1
    assert "no actor 'atlantis'" in result.output
    assert not out.exists() and not list(tmp_path.iterdir())


def test_kg_export_names_the_filter_that_matched_nothing(store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "none.dot"
    result = kg("export", "--store", store_dir, "--format", "dot", "--type", "training", "-o", str(out))
    assert result.exit_code == 1
    assert "no commitment matches type=training" in result.output
    assert not out.exists()


def test_kg_export_refuses_an_unknown_type_listing_the_known_ones(store_dir: str) -> None:
    result = kg("export", "--store", store_dir, "--format", "dot", "--type", "bribes")
    assert result.exit_code == 1 and "unknown commitment type 'bribes'" in result.output
    assert "troop_deployment" in result.output


def test_kg_export_keeps_graph_options_to_graph_formats(store_dir: str) -> None:
    result = kg("export", "--store", store_dir, "--format", "trig", "--actor", "france")
    assert result.exit_code == 2 and "--actor applies to the graph formats only" in result.output


def test_kg_export_depth_needs_an_actor(store_dir: str) -> None:
    result = kg("export", "--store", store_dir, "--format", "dot", "--depth", "2")
    assert result.exit_code == 2 and "--depth needs --actor" in result.output


def test_kg_export_still_writes_rdf_datasets(store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "all.nq"
    result = kg("export", "--store", store_dir, "--format", "nquads", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "<https://w3id.org/commitments-kg/id/actor/france>" in out.read_text(encoding="utf-8")


# -- GET /export ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_export_answers_each_format_with_its_media_type_as_a_download(fmt: str, client: TestClient) -> None:
    needs_dot(fmt)
    response = client.get("/export", params={"format": fmt, "view": "actors", "actor": "france"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == MEDIA_TYPES[fmt]
    assert response.headers["content-disposition"].startswith('attachment; filename="commitments-actors-france.')
    assert response.content


def test_get_export_cytoscape_gives_the_elements_the_web_page_draws(client: TestClient) -> None:
    response = client.get("/export", params={"format": "cytoscape", "view": "full", "type": "sanctions"})
    elements = response.json()["elements"]
    ids = {n["data"]["id"] for n in elements["nodes"]}
    assert {"actor/united-states", "actor/russia", "actor/european-leaders"} <= ids
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in elements["edges"])


def test_get_export_filters_by_date_and_review(client: TestClient) -> None:
    response = client.get("/export", params={"format": "node-link", "view": "actors", "from": "2025-09-01",
                                             "to": "2025-12-31", "reviewed_only": "true"})
    links = response.json()["links"]
    assert sorted(link["date"] for link in links) == ["2025-09-03", "2025-09-04"]


def test_get_export_answers_404_for_an_unknown_actor(client: TestClient) -> None:
    response = client.get("/export", params={"format": "graphml", "actor": "atlantis"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "no actor 'atlantis'" in response.json()["detail"]


def test_get_export_answers_422_naming_the_filter_that_matched_nothing(client: TestClient) -> None:
    response = client.get("/export", params={"format": "gexf", "type": "sanctions", "status": "delivered"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "nothing to export: no commitment matches type=sanctions, status=delivered"


@pytest.mark.parametrize("params", [{"format": "pdf"}, {"view": "everything"}, {"type": "bribes"},
                                    {"depth": "2"}, {"actor": "france", "depth": "0"},
                                    {"from": "2025-09-02", "to": "2025-09-01"}])
def test_get_export_refuses_invalid_parameters(params: dict[str, str], client: TestClient) -> None:
    response = client.get("/export", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
