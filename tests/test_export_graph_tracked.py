"""Tracked commitments in the graph export: a node per tracked commitment of several reports, linked
to its committer, beneficiary and reports, in every format; in GEXF its status over time as a
dynamic attribute (spells), read back by networkx and checked against the REST history.

tests/link_docs/ (see tests/test_link.py): five reports of one German IRIS-T pledge to Ukraine
(proposed, pledged, refused a week later, half delivered, delivered) and a look-alike told once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.export.graph import GraphFilter, project, write
from kg.export.graph.tracked import StatusSpells, status_spells
from kg.ingest import ingest_paths
from kg.store import GraphStore

from .conftest import SEED_CLAIMS, require_system_package

DOCS = Path(__file__).resolve().parent / "link_docs"
GEXF = "{http://gexf.net/1.3}"
# The GEXF 1.3 XSD is not shipped by any package this project can install (PyPI, npm, Debian were
# looked through), so the file's structure is checked here and by networkx's GEXF reader.


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, preparer) -> GraphStore:
    store = GraphStore.open(tmp_path_factory.mktemp("export-tracked") / "store")
    results = ingest_paths(store, [DOCS, SEED_CLAIMS], preparer)
    assert {r.outcome.value for r in results} == {"written"}, results
    return store


def tracked_nodes(graph: nx.MultiDiGraph) -> dict[str, dict]:
    return {n: d for n, d in graph.nodes(data=True) if d["kind"] == "tracked"}


def the_node(graph: nx.MultiDiGraph) -> tuple[str, dict]:
    (found,) = tracked_nodes(graph).items()
    return found


# -- the projection -----------------------------------------------------------------------------


def test_a_tracked_commitment_of_several_reports_is_a_node_linked_to_its_parties_and_reports(linked: GraphStore) -> None:
    graph = project(linked, "full")
    node, data = the_node(graph)  # the look-alike and the seed's commitments are told once: no node
    assert node.startswith("tracked/germany-air-defence-")
    assert data["iri"] == f"https://w3id.org/commitments-kg/id/{node}"
    assert (data["type"], data["status"], data["fulfilment"], data["report_count"]) == (
        "air_defence", "delivered", "full", 5)
    assert (data["first_reported"], data["last_reported"]) == ("2025-01-10", "2025-06-30")
    assert str(data["pledged_EUR"]) == "500000000" and str(data["delivered_EUR"]) == "500000000"
    assert data["label"] == "air defence (delivered, 5 reports)" and data["color"].startswith("#")
    roles = sorted((u, d["role"], v) for u, v, d in graph.in_edges(node, data=True)) + sorted(
        (u, d["role"], v) for u, v, d in graph.out_edges(node, data=True))
    assert roles[0] == ("actor/germany", "committer", node)
    assert (node, "beneficiary", "actor/ukraine") in roles
    reports = {v for _, role, v in roles if role == "report"}
    assert len(reports) == 5 and all(graph.nodes[r]["kind"] == "commitment" for r in reports)
    assert all(graph.nodes[r]["type"] == "air_defence" for r in reports)


def test_the_actors_view_stays_one_edge_per_report(linked: GraphStore) -> None:
    graph = project(linked, "actors")
    assert not tracked_nodes(graph)
    assert {d["kind"] for _, d in graph.nodes(data=True)} == {"actor"}


@pytest.mark.parametrize("actor", ["germany", "ukraine"])
def test_a_neighbourhood_has_the_tracked_commitments_of_its_reports(linked: GraphStore, actor: str) -> None:
    whole = project(linked, "full")
    around = project(linked, "full", GraphFilter(actor=actor))
    node, data = the_node(around)
    assert data == whole.nodes[node]
    assert sorted(around.edges(node, keys=True)) == sorted(whole.edges(node, keys=True))


def test_a_filter_keeps_the_tracked_commitment_with_only_the_reports_it_keeps(linked: GraphStore) -> None:
    graph = project(linked, "full", GraphFilter(status="pledged"))
    node, data = the_node(graph)
    reports = [v for _, v, d in graph.out_edges(node, data=True) if d["role"] == "report"]
    assert len(reports) == 1 and graph.nodes[reports[0]]["status"] == "pledged"
    assert data["report_count"] == 5  # the tracked commitment itself is not cut down by the filter
    assert not tracked_nodes(project(linked, "full", GraphFilter(type="troop_deployment")))


def test_the_status_over_time_is_the_rest_history_as_spells(linked: GraphStore) -> None:
    from api.tracked_readers import history

    node, data = the_node(project(linked, "full"))
    steps = history(linked, ox.NamedNode(data["iri"]))
    changes = []
    for step in steps:
        if not changes or changes[-1][1] != step.status_after:
            changes.append((step.day.isoformat(), step.status_after))
    spells = data["status_over_time"].spells
    assert [(start, status) for status, start, _ in spells] == changes
    assert spells == (("proposed", "2025-01-10", "2025-02-02"), ("pledged", "2025-02-03", "2025-02-09"),
                      ("refused", "2025-02-10", "2025-04-13"), ("delivered", "2025-04-14", None))
    assert str(data["status_over_time"]) == ("proposed from 2025-01-10; pledged from 2025-02-03; "
                                             "refused from 2025-02-10; delivered from 2025-04-14")


def test_spells_follow_the_linkers_status_rule() -> None:
    spells = status_spells([
        ("c1", "proposed", "2025-01-01"), ("c2", "pledged", "2025-01-01"),  # one day: its last status
        ("c3", "reported_intent", "2025-02-01"),  # a step back is a retelling: still pledged
        ("c4", "withdrawn", "2025-03-01"), ("c5", "proposed", "2025-04-01"),  # stopped, then started again
        ("c6", "delivered", None),  # undated: counted last, never placed on the timeline
    ]).spells
    assert spells == (("pledged", "2025-01-01", "2025-02-28"), ("withdrawn", "2025-03-01", "2025-03-31"),
                      ("proposed", "2025-04-01", None))
    assert status_spells([("c1", "pledged", None)]).spells == ()
    assert isinstance(status_spells([("c1", "pledged", "2025-01-01")]), str)


# -- every format ------------------------------------------------------------------------------


def written(graph: nx.MultiDiGraph, fmt: str, folder: Path) -> Path:
    path = folder / f"graph.{fmt}"
    with path.open("wb") as out:
        write(graph, fmt, out)
    return path


def test_graphml_carries_the_tracked_node_and_its_edges(linked: GraphStore, tmp_path: Path) -> None:
    graph = project(linked, "full")
    node, data = the_node(graph)
    back = nx.read_graphml(written(graph, "graphml", tmp_path), force_multigraph=True)
    assert back.nodes[node]["kind"] == "tracked" and back.nodes[node]["status"] == "delivered"
    assert back.nodes[node]["status_over_time"] == str(data["status_over_time"])
    assert back.nodes[node]["pledged_EUR"] == 500000000.0
    assert type(back.nodes[node]["report_count"]) is int and back.nodes[node]["report_count"] == 5  # a count: int
    assert sorted(back.out_edges(node, keys=True)) == sorted(graph.out_edges(node, keys=True))
    shape = ET.parse(tmp_path / "graph.graphml").getroot().find(
        f".//{{http://graphml.graphdrawing.org/xmlns}}node[@id='{node}']//{{http://www.yworks.com/xml/graphml}}Shape")
    assert shape.get("type") == "octagon"


@pytest.mark.parametrize("fmt", ["cytoscape", "node-link"])
def test_json_formats_carry_the_tracked_node_and_its_edges(linked: GraphStore, fmt: str, tmp_path: Path) -> None:
    graph = project(linked, "full")
    node, data = the_node(graph)
    body = json.loads(written(graph, fmt, tmp_path).read_text(encoding="utf-8"))
    if fmt == "cytoscape":
        nodes = {n["data"]["id"]: n["data"] for n in body["elements"]["nodes"]}
        edges = {e["data"]["id"]: e["data"] for e in body["elements"]["edges"]}
    else:
        nodes = {n["id"]: n for n in body["nodes"]}
        edges = {e["key"]: e for e in body["links"]}
    assert nodes[node]["status_over_time"] == str(data["status_over_time"])
    assert nodes[node]["pledged_EUR"] == 500000000 and nodes[node]["report_count"] == 5
    assert {k for k, e in edges.items() if e["source"] == node or e["target"] == node} == {
        str(k) for *_, k in list(graph.in_edges(node, keys=True)) + list(graph.out_edges(node, keys=True))}


def test_dot_and_svg_draw_the_tracked_node(linked: GraphStore, tmp_path: Path) -> None:
    require_system_package(shutil.which("dot") is not None, "Graphviz's dot (Debian package graphviz) is missing")
    graph = project(linked, "full", GraphFilter(actor="germany"))
    node, _ = the_node(graph)
    dot = written(graph, "dot", tmp_path)
    done = subprocess.run(["dot", "-Tjson", str(dot)], capture_output=True, check=True)
    drawn = {o["name"]: o for o in json.loads(done.stdout)["objects"]}
    assert drawn[node]["shape"] == "box3d" and drawn[node]["kind"] == "tracked"
    svg = ET.parse(written(graph, "svg", tmp_path)).getroot()
    titles = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")}
    assert node in titles and f"{node}->actor/ukraine" in titles


# -- GEXF: the status as a dynamic attribute ------------------------------------------------------


def test_gexf_gives_the_status_over_time_as_a_dynamic_attribute(linked: GraphStore, tmp_path: Path) -> None:
    graph = project(linked, "full")
    node, data = the_node(graph)
    path = written(graph, "gexf", tmp_path)
    back = nx.read_gexf(path)
    # networkx reads a dynamic attribute as (value, start, end) triples; an open end as 'None'
    assert back.nodes[node]["status_over_time"] == [
        ("proposed", "2025-01-10", "2025-02-02"), ("pledged", "2025-02-03", "2025-02-09"),
        ("refused", "2025-02-10", "2025-04-13"), ("delivered", "2025-04-14", "None")]
    assert back.nodes[node]["status"] == "delivered" and back.nodes[node]["start"] == "2025-01-10"
    assert type(back.nodes[node]["report_count"]) is int and back.nodes[node]["report_count"] == 5
    assert back.graph["mode"] == "dynamic"

    def status_on(day: str) -> str | None:
        found = [v for v, start, end in back.nodes[node]["status_over_time"] if start <= day and (
            end == "None" or day <= end)]
        assert len(found) <= 1, found
        return found[0] if found else None

    # Gephi's timeline: a proposal, a pledge, a denial, then the delivery
    assert [status_on(d) for d in ("2024-12-31", "2025-01-20", "2025-02-05", "2025-03-01", "2025-07-01")] == [
        None, "proposed", "pledged", "refused", "delivered"]


def test_gexf_declares_every_attribute_it_uses_in_its_class_and_mode(linked: GraphStore, tmp_path: Path) -> None:
    root = ET.parse(written(project(linked, "full"), "gexf", tmp_path)).getroot()
    graph = root.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    declared: dict[tuple[str, str], str] = {}
    for block in graph.findall(f"{GEXF}attributes"):
        for attribute in block.findall(f"{GEXF}attribute"):
            key = (block.get("class"), attribute.get("id"))
            assert key not in declared, key  # an id is declared once in its class
            declared[key] = block.get("mode")
    assert ("node", "d0") in declared and declared[("node", "d0")] == "dynamic"
    dynamic_seen = 0
    for cls, tag in (("node", "nodes"), ("edge", "edges")):
        for element in graph.find(f"{GEXF}{tag}"):
            spells = []
            for value in element.iter(f"{GEXF}attvalue"):
                mode = declared[(cls, value.get("for"))]
                if mode == "static":
                    assert value.get("start") is None and value.get("end") is None
                else:
                    dynamic_seen += 1
                    assert value.get("start"), ET.tostring(value)
                    spells.append((value.get("start"), value.get("end")))
            spells.sort()
            for (start, end), (next_start, _) in zip(spells, spells[1:]):
                assert end is not None and start <= end < next_start  # closed spells never overlap
    assert dynamic_seen == 4


def test_without_the_full_delivery_the_export_shows_a_partial_one(tmp_path: Path, preparer) -> None:
    store = GraphStore.open(tmp_path / "store")
    ingest_paths(store, sorted(p for p in DOCS.iterdir() if "d4_full" not in p.name), preparer)
    data = the_node(project(store, "full"))[1]
    assert (data["report_count"], data["fulfilment"], str(data["delivered_EUR"])) == (4, "partial", "250000000")
    assert isinstance(data["status_over_time"], StatusSpells)
    assert [s[0] for s in data["status_over_time"].spells] == ["proposed", "pledged", "refused", "delivered"]
