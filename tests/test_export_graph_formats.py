"""Every graph format, written to a file and read back: the same nodes, edges and attributes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.errors import ExportError
from kg.export.graph import GraphFilter, chunks, project, write
from kg.export.graph import writers
from kg.store import GraphStore

from .conftest import require_system_package
from .test_export_graph import seeded  # noqa: F401 - the module-scoped store fixture

VIEWS = ["full", "actors"]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module", params=VIEWS)
def graph(request: pytest.FixtureRequest, seeded: GraphStore) -> nx.MultiDiGraph:  # noqa: F811
    return project(seeded, request.param)


def written(graph: nx.MultiDiGraph, fmt: str, folder: Path) -> Path:
    path = folder / f"graph.{fmt}"
    with path.open("wb") as out:
        write(graph, fmt, out)
    return path


def edge_index(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {str(key): (u, v, data) for u, v, key, data in graph.edges(keys=True, data=True)}


def assert_same_attributes(expected: dict[str, Any], found: dict[str, Any], skip: set[str] = frozenset()) -> None:
    for name, value in expected.items():
        if name not in skip:
            assert found.get(name) == value, (name, value, found.get(name))


def require_dot() -> None:
    require_system_package(shutil.which("dot") is not None, "Graphviz's dot (Debian package graphviz) is missing")


def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    back = nx.read_graphml(written(graph, "graphml", tmp_path), force_multigraph=True)
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert_same_attributes(data, back.nodes[node])
    found = {str(key): (u, v, data) for u, v, key, data in back.edges(keys=True, data=True)}
    assert found.keys() == edge_index(graph).keys()
    for key, (u, v, data) in edge_index(graph).items():
        assert found[key][:2] == (u, v)
        assert_same_attributes(data, found[key][2])
    assert back.graph["view"] == graph.graph["view"]


def test_graphml_carries_labels_and_colours_for_yed(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    root = ET.parse(written(graph, "graphml", tmp_path)).getroot()
    y = "{http://www.yworks.com/xml/graphml}"
    nodes = root.iter("{http://graphml.graphdrawing.org/xmlns}node")
    shapes = {node.get("id"): node.find(f".//{y}ShapeNode") for node in nodes}
    assert shapes.keys() == set(graph.nodes)
    for node, shape in shapes.items():
        assert shape.find(f"{y}NodeLabel").text == graph.nodes[node]["label"]
        assert shape.find(f"{y}Fill").get("color").lower() == graph.nodes[node]["color"]


def test_gexf_reads_back_with_the_same_nodes_edges_and_attributes(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    back = nx.read_gexf(written(graph, "gexf", tmp_path))
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert_same_attributes(data, back.nodes[node], skip={"color"})
    found = {data["id"]: (u, v, data) for u, v, data in back.edges(data=True)}
    assert found.keys() == edge_index(graph).keys()
    for key, (u, v, data) in edge_index(graph).items():
        assert found[key][:2] == (u, v)
        assert_same_attributes(data, found[key][2], skip={"color"})


def test_gexf_colours_nodes_with_viz_color(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    back = nx.read_gexf(written(graph, "gexf", tmp_path))
    for node, data in graph.nodes(data=True):
        colour = back.nodes[node]["viz"]["color"]
        assert "#{:02x}{:02x}{:02x}".format(colour["r"], colour["g"], colour["b"]) == data["color"]


def test_gexf_is_dynamic_with_iso_dates_gephis_timeline_reads(seeded: GraphStore, tmp_path: Path) -> None:  # noqa: F811
    graph = project(seeded, "actors")
    path = written(graph, "gexf", tmp_path)
    element = ET.parse(path).getroot().find("{http://gexf.net/1.3}graph")
    assert (element.get("mode"), element.get("timeformat")) == ("dynamic", "date")
    back = nx.read_gexf(path)
    starts = {data["id"]: data.get("start") for _, _, data in back.edges(data=True)}
    for key, (_, _, data) in edge_index(graph).items():
        assert starts[key] == data.get("date")  # undated commitments have no start: always there
    assert any(starts.values()) and all(ISO_DATE.match(s) for s in starts.values() if s)


def test_gexf_actors_appear_with_their_first_commitment(seeded: GraphStore, tmp_path: Path) -> None:  # noqa: F811
    graph = project(seeded, "actors", GraphFilter(date_from=__import__("datetime").date(2025, 1, 1)))
    back = nx.read_gexf(written(graph, "gexf", tmp_path))
    assert back.nodes["actor/ukraine"]["start"] == "2025-08-18"
    assert back.nodes["actor/russia"]["start"] == "2025-09-04"


def test_cytoscape_json_is_elements_ready_for_cytoscape_js(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    data = json.loads(written(graph, "cytoscape", tmp_path).read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert {n["data"]["id"] for n in nodes} == set(graph.nodes)
    for node in nodes:
        assert_same_attributes(graph.nodes[node["data"]["id"]], node["data"])
        assert node["data"]["color"] and node["data"]["label"]
    index = edge_index(graph)
    assert {e["data"]["id"] for e in edges} == index.keys()
    for edge in edges:
        u, v, attrs = index[edge["data"]["id"]]
        assert (edge["data"]["source"], edge["data"]["target"]) == (u, v)
        assert_same_attributes(attrs, edge["data"])
    assert data["data"]["view"] == graph.graph["view"]


def test_node_link_json_reads_back_into_the_same_graph(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    data = json.loads(written(graph, "node-link", tmp_path).read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="links")
    assert nx.utils.nodes_equal(back.nodes(data=True), graph.nodes(data=True))
    assert nx.utils.edges_equal(back.edges(keys=True, data=True), graph.edges(keys=True, data=True))
    assert back.is_directed() and back.is_multigraph()


def test_dot_reads_back_through_graphviz_with_the_same_nodes_edges_and_attributes(
        graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    require_dot()
    done = subprocess.run(["dot", "-Tjson0", str(written(graph, "dot", tmp_path))], capture_output=True, check=True)
    data = json.loads(done.stdout)
    objects = data["objects"]
    assert {o["name"] for o in objects} == set(graph.nodes)
    for obj in objects:
        assert_same_attributes({k: writers._text(v) for k, v in graph.nodes[obj["name"]].items()}, obj)
    names = {o["_gvid"]: o["name"] for o in objects}
    index = edge_index(graph)
    assert {e["id"] for e in data["edges"]} == index.keys()
    for edge in data["edges"]:
        u, v, attrs = index[edge["id"]]
        assert (names[edge["tail"]], names[edge["head"]]) == (u, v)
        assert_same_attributes({k: writers._text(x) for k, x in attrs.items()}, edge)


def test_dot_colours_nodes_by_kind_and_dashes_tentative_commitments(seeded: GraphStore) -> None:  # noqa: F811
    text = b"".join(chunks(project(seeded, "actors"), "dot")).decode()
    france = next(line for line in text.splitlines() if line.startswith('  "actor/france" ['))
    assert 'fillcolor="#1f77b4"' in france
    sanctions = next(line for line in text.splitlines() if 'type="sanctions"' in line)
    assert 'style="dashed"' in sanctions and 'status="proposed"' in sanctions


def test_svg_is_valid_xml_with_one_node_group_per_node(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    require_dot()
    root = ET.parse(written(graph, "svg", tmp_path)).getroot()
    svg = "{http://www.w3.org/2000/svg}"
    groups = [g for g in root.iter(f"{svg}g") if g.get("class") == "node"]
    assert len(groups) == graph.number_of_nodes()
    assert {g.find(f"{svg}title").text for g in groups} == set(graph.nodes)


def test_svg_refuses_a_graph_too_large_for_graphviz(graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    require_dot()
    monkeypatch.setattr(writers, "MAX_SVG_NODES", 3)
    with pytest.raises(ExportError, match="SVG rendering is limited to 3"):
        b"".join(chunks(graph, "svg"))


def test_writers_yield_one_chunk_per_node_and_edge_not_the_whole_file(graph: nx.MultiDiGraph) -> None:
    for fmt in ("graphml", "gexf", "cytoscape", "node-link", "dot"):
        assert sum(1 for _ in chunks(graph, fmt)) >= graph.number_of_nodes() + graph.number_of_edges(), fmt


NASTY = 'A & "B" <C> \\ D\nE'


def nasty_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(view="full")
    graph.add_node('actor/a"b', kind="actor", label=NASTY, color="#1f77b4", amount=1.5, reviewed=False)
    graph.add_node("actor/c&d", kind="actor", label="<plain>", color="#ff7f0e")
    graph.add_edge('actor/a"b', "actor/c&d", key="k<1>", role="committer", label=NASTY, color="#333333")
    return graph


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "node-link"])
def test_quotes_ampersands_brackets_backslashes_and_newlines_survive(fmt: str, tmp_path: Path) -> None:
    graph = nasty_graph()
    path = written(graph, fmt, tmp_path)
    if fmt == "graphml":
        back = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        back = nx.read_gexf(path)
    elif fmt == "cytoscape":
        data = json.loads(path.read_text(encoding="utf-8"))["elements"]
        back = nx.MultiDiGraph()
        back.add_nodes_from((n["data"]["id"], n["data"]) for n in data["nodes"])
        back.add_edges_from((e["data"]["source"], e["data"]["target"], e["data"]) for e in data["edges"])
    else:
        back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert back.nodes['actor/a"b']["label"] == NASTY
    assert back.nodes['actor/a"b']["amount"] == 1.5 and back.nodes['actor/a"b']["reviewed"] is False
    assert [d["label"] for _, _, d in back.edges(data=True)] == [NASTY]


def test_dot_escapes_quotes_and_backslashes(tmp_path: Path) -> None:
    require_dot()
    done = subprocess.run(["dot", "-Tjson0", str(written(nasty_graph(), "dot", tmp_path))], capture_output=True,
                          check=True)
    names = {o["name"]: o for o in json.loads(done.stdout)["objects"]}
    assert set(names) == {'actor/a"b', "actor/c&d"}
    assert names["actor/c&d"]["label"] == "<plain>"


def test_an_unknown_format_is_refused(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ExportError, match="unknown graph format 'pdf'"):
        b"".join(chunks(graph, "pdf"))
