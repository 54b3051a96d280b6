"""The graph projection: what the full and actors views hold, and what each filter keeps."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import ExportError, NotFound
from kg.export.graph import GraphFilter, project, projection
from kg.ingest import ingest_paths
from kg.store import GraphStore

from .conftest import SEED_CLAIMS

ID = "https://w3id.org/commitments-kg/id/"
UNREVIEWED = """\
document: extracted-article.txt
published: 2025-10-01
extracted_by: test-extractor-1
actors:
- name: France
  kind: state
- name: Moldova
  kind: state
commitments:
- committer: France
  type: financial_aid
  beneficiary: Moldova
  status: pledged
  amount: 5000000
  currency: EUR
  date: 2025-10-01
  quote: France pledged five million euros to Moldova.
"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, preparer) -> GraphStore:
    """The seed's curated claims plus one machine-extracted (unreviewed) document."""
    folder = tmp_path_factory.mktemp("export-graph")
    extracted = folder / "extracted.claims.yaml"
    extracted.write_text(UNREVIEWED, encoding="utf-8")
    store = GraphStore.open(folder / "store")
    results = ingest_paths(store, [SEED_CLAIMS, extracted], preparer)
    assert all(r.outcome.value == "written" for r in results), results
    return store


def kinds(graph: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    return counts


def edges_by_commitment(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict]]:
    return {data["commitment"].rsplit("/", 1)[-1]: (u, v, data) for u, v, data in graph.edges(data=True)}


# -- the full view ----------------------------------------------------------------------------


def test_the_full_view_has_commitments_events_documents_and_the_actors_they_name(seeded: GraphStore) -> None:
    graph = project(seeded, "full")
    counts = kinds(graph)
    assert (counts["commitment"], counts["event"], counts["document"]) == (12, 4, 2)
    named = {v for u, v, d in graph.edges(data=True) if d["role"] != "derived_from"} | {
        u for u, v, d in graph.edges(data=True) if d["role"] != "derived_from"}
    actors = {n for n, d in graph.nodes(data=True) if d["kind"] == "actor"}
    assert actors == {n for n in named if n.startswith("actor/")}
    assert "actor/nato" not in graph  # declared in the seed, named by no claim


def test_node_ids_are_iri_paths_and_each_node_keeps_its_iri(seeded: GraphStore) -> None:
    graph = project(seeded, "full")
    assert graph.nodes["actor/france"]["iri"] == ID + "actor/france"
    assert all(data["iri"] == ID + node for node, data in graph.nodes(data=True))


def test_roles_are_typed_edges_from_committer_through_the_commitment_to_the_beneficiary(seeded: GraphStore) -> None:
    graph = project(seeded, "full")
    commitment = next(n for n in graph.successors("actor/france") if graph.nodes[n]["type"] == "troop_deployment")
    assert [d["role"] for d in graph["actor/france"][commitment].values()] == ["committer"]
    assert [d["role"] for d in graph[commitment]["actor/ukraine"].values()] == ["beneficiary"]


def test_announcers_and_proposers_point_at_the_commitment_they_stated(seeded: GraphStore) -> None:
    graph = project(seeded, "full")
    roles = {d["role"] for _, _, d in graph.out_edges("actor/emmanuel-macron", data=True)}
    assert roles == {"announced_by"}
    assert {d["role"] for _, _, d in graph.out_edges("actor/giorgia-meloni", data=True)} >= {"proposed_by"}


def test_participation_is_an_edge_to_the_event_carrying_the_attendance_mode(seeded: GraphStore) -> None:
    graph = project(seeded, "full")
    meeting = next(n for n, d in graph.nodes(data=True) if d.get("label") == "Coalition of the Willing meeting")
    assert graph.nodes[meeting]["kind"] == "event"
    modes = {u: d["mode"] for u, _, d in graph.in_edges(meeting, data=True) if d["role"] == "participant"}
    assert modes["actor/germany"] == "video"
    assert modes["actor/volodymyr-zelensky"] == "in_person"


def test_every_commitment_and_event_derives_from_its_document(seeded: GraphStore) -> None:
    graph = project(seeded, "full")
    document = "document/000-73c4d19ee7ae6c07"
    assert graph.nodes[document]["label"].startswith("European leaders will persuade Trump")
    derived = {u for u, v, d in graph.edges(data=True) if d["role"] == "derived_from" and v == document}
    assert len(derived) == 11 + 4


def test_a_commitment_node_carries_its_literal_values(seeded: GraphStore) -> None:
    graph = project(seeded, "full")
    purchase = next(d for _, d in graph.nodes(data=True) if d.get("type") == "arms_purchase")
    assert purchase["status"] == "proposed"
    assert purchase["date"] == "2025-08-18"
    assert purchase["amount"] == 90_000_000_000.0
    assert purchase["currency"] == "USD"
    assert purchase["reviewed"] is True
    assert purchase["label"] == "arms purchase (proposed)"
    troops = next(d for _, d in graph.nodes(data=True) if d.get("type") == "troop_deployment")
    assert troops["condition"] == "a future peace agreement"


@pytest.mark.parametrize("view", ["full", "actors"])
def test_attribute_values_are_strings_numbers_or_booleans_never_none(seeded: GraphStore, view: str) -> None:
    graph = project(seeded, view)
    values = [v for _, d in graph.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in graph.edges(data=True) for v in d.values()]
    assert values and all(isinstance(v, (str, float, bool, Decimal)) for v in values)  # Decimal: amounts, exact


@pytest.mark.parametrize("view", ["full", "actors"])
def test_every_node_has_a_label_and_a_colour_by_kind_and_type(seeded: GraphStore, view: str) -> None:
    graph = project(seeded, view)
    assert all(d["label"] and d["color"].startswith("#") for _, d in graph.nodes(data=True))
    assert graph.nodes["actor/france"]["color"] != graph.nodes["actor/donald-trump" if view == "full"
                                                                else "actor/europe"]["color"]


# -- the actors view --------------------------------------------------------------------------


def test_the_actors_view_has_only_actors_and_one_edge_per_commitment(seeded: GraphStore) -> None:
    graph = project(seeded, "actors")
    assert set(kinds(graph)) == {"actor"}
    assert graph.number_of_edges() == 12
    assert len({d["commitment"] for _, _, d in graph.edges(data=True)}) == 12


def test_an_actors_view_edge_runs_from_committer_to_beneficiary_with_the_commitments_values(
        seeded: GraphStore) -> None:
    graph = project(seeded, "actors")
    source, target, data = next((u, v, d) for u, v, d in graph.edges(data=True) if d["type"] == "air_support")
    assert (source, target) == ("actor/united-states", "actor/ukraine")
    assert data["status"] == "conditional"
    assert data["date"] == "2025-08-20"
    assert data["commitment"].startswith(ID + "commitment/united-states-air-support-")
    assert data["role"] == "beneficiary"


def test_without_a_beneficiary_the_edge_goes_to_the_target_then_the_counterparty(seeded: GraphStore) -> None:
    graph = project(seeded, "actors")
    sanctions = next((u, v, d) for u, v, d in graph.edges(data=True) if d["type"] == "sanctions")
    purchase = next((u, v, d) for u, v, d in graph.edges(data=True) if d["type"] == "arms_purchase")
    assert sanctions[:2] == ("actor/united-states", "actor/russia") and sanctions[2]["role"] == "target"
    assert purchase[:2] == ("actor/ukraine", "actor/united-states") and purchase[2]["role"] == "counterparty"
    assert purchase[2]["amount"] == 90_000_000_000.0


# -- filters ----------------------------------------------------------------------------------


def test_an_actors_neighbourhood_at_depth_1_is_its_own_commitments(seeded: GraphStore) -> None:
    graph = project(seeded, "actors", GraphFilter(actor="france"))
    assert set(graph.nodes) == {"actor/france", "actor/ukraine", "actor/moldova"}
    assert all(u == "actor/france" for u, _ in graph.edges())


def test_depth_2_reaches_the_actors_of_its_neighbours_commitments(seeded: GraphStore) -> None:
    graph = project(seeded, "actors", GraphFilter(actor="france", depth=2))
    assert {"actor/united-kingdom", "actor/united-states", "actor/europe"} <= set(graph.nodes)
    assert "actor/russia" not in graph  # three steps away: France - Ukraine - United States - Russia
    assert "actor/russia" in project(seeded, "actors", GraphFilter(actor="france", depth=3))


def test_in_the_full_view_a_neighbourhood_keeps_the_commitments_events_and_documents_on_the_way(
        seeded: GraphStore) -> None:
    graph = project(seeded, "full", GraphFilter(actor="germany"))
    assert kinds(graph) == {"actor": 10, "event": 1, "document": 1}  # the meeting and its ten participants


@pytest.mark.parametrize("view", ["full", "actors"])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_a_large_neighbourhood_read_in_one_pass_is_the_same_graph(
        seeded: GraphStore, view: str, depth: int, monkeypatch: pytest.MonkeyPatch) -> None:
    filters = GraphFilter(actor="ukraine", depth=depth, reviewed_only=True)
    walked = project(seeded, view, filters)
    monkeypatch.setattr(projection, "NEIGHBOURHOOD_LIMIT", 0)
    scanned = project(seeded, view, filters)
    assert nx.utils.nodes_equal(walked.nodes(data=True), scanned.nodes(data=True))
    assert nx.utils.edges_equal(walked.edges(keys=True, data=True), scanned.edges(keys=True, data=True))


def test_a_type_filter_keeps_commitments_of_that_type_and_no_events(seeded: GraphStore) -> None:
    graph = project(seeded, "full", GraphFilter(type="troop_deployment"))
    commitments = [d for _, d in graph.nodes(data=True) if d["kind"] == "commitment"]
    assert len(commitments) == 3 and {d["type"] for d in commitments} == {"troop_deployment"}
    assert "event" not in kinds(graph)


def test_a_status_filter_keeps_commitments_with_that_status(seeded: GraphStore) -> None:
    graph = project(seeded, "actors", GraphFilter(status="conditional"))
    assert sorted(d["type"] for _, _, d in graph.edges(data=True)) == [
        "air_support", "troop_deployment", "troop_deployment", "troop_deployment"]


def test_a_date_range_keeps_items_dated_within_it_and_leaves_undated_ones_out(seeded: GraphStore) -> None:
    graph = project(seeded, "full", GraphFilter(date_from=dt.date(2025, 9, 1), date_to=dt.date(2025, 9, 30)))
    dates = {d["kind"]: set() for _, d in graph.nodes(data=True)}
    for _, d in graph.nodes(data=True):
        dates[d["kind"]].add(d.get("date"))
    assert dates["commitment"] == {"2025-09-03", "2025-09-04"}
    assert dates["event"] == {"2025-09-04"}


def test_reviewed_only_leaves_machine_extracted_claims_out(seeded: GraphStore) -> None:
    everything = project(seeded, "actors")
    reviewed = project(seeded, "actors", GraphFilter(reviewed_only=True))
    assert ("actor/france", "actor/moldova") in everything.edges()
    assert "actor/moldova" not in reviewed
    assert all(d["reviewed"] is True for _, _, d in reviewed.edges(data=True))


def test_filters_combine(seeded: GraphStore) -> None:
    graph = project(seeded, "actors", GraphFilter(actor="united-states", type="security_guarantee",
                                                  status="under_discussion"))
    assert list(graph.edges()) == [("actor/united-states", "actor/ukraine")] * 2


def test_the_graph_records_its_view_and_filters(seeded: GraphStore) -> None:
    graph = project(seeded, "actors", GraphFilter(actor="france", type="troop_deployment"))
    assert graph.graph == {"view": "actors", "filters": "actor=france, depth=1, type=troop_deployment"}


# -- nothing to export ------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [projection.NEIGHBOURHOOD_LIMIT, 0])
def test_an_unknown_actor_is_not_found(seeded: GraphStore, limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(projection, "NEIGHBOURHOOD_LIMIT", limit)
    with pytest.raises(NotFound, match="no actor 'atlantis'"):
        project(seeded, "full", GraphFilter(actor="atlantis"))


def test_an_actor_id_is_a_bound_value_never_query_text(seeded: GraphStore) -> None:
    with pytest.raises(NotFound):
        project(seeded, "full", GraphFilter(actor='france> } ; DROP ALL ; SELECT * { "'))


def test_a_filter_that_matches_nothing_names_the_filter(seeded: GraphStore) -> None:
    with pytest.raises(ExportError, match="no commitment matches type=sanctions, status=delivered"):
        project(seeded, "full", GraphFilter(type="sanctions", status="delivered"))


def test_a_known_actor_without_matching_commitments_is_nothing_to_export(seeded: GraphStore) -> None:
    with pytest.raises(ExportError, match="actor=emmanuel-macron, depth=1"):
        project(seeded, "actors", GraphFilter(actor="emmanuel-macron"))


def test_an_empty_store_is_nothing_to_export(store: GraphStore) -> None:
    with pytest.raises(ExportError, match="the store holds no commitments or events"):
        project(store, "full")


@pytest.mark.parametrize("filters, message", [
    ({"type": "bribes"}, "unknown commitment type 'bribes'"),
    ({"status": "rumoured"}, "unknown status 'rumoured'"),
    ({"date_from": dt.date(2025, 9, 2), "date_to": dt.date(2025, 9, 1)}, "is after"),
    ({"actor": "france", "depth": 0}, "depth must be between 1 and"),
])
def test_invalid_filters_are_refused_before_any_query(filters: dict, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        GraphFilter(**filters)


def test_an_unknown_view_is_refused(seeded: GraphStore) -> None:
    with pytest.raises(ExportError, match="unknown view 'everything'"):
        project(seeded, "everything")


def test_the_seed_is_drawn_by_the_committed_picture(seeded: GraphStore) -> None:
    """docs/seed-actors.svg is the actors view of the seed: every actor in it has its node there."""
    svg = Path(__file__).resolve().parent.parent / "docs" / "seed-actors.svg"
    if not svg.exists():
        pytest.skip("docs/seed-actors.svg is not generated yet")
    ns = "{http://www.w3.org/2000/svg}"
    drawn = {g.find(f"{ns}title").text for g in ET.parse(svg).getroot().iter(f"{ns}g") if g.get("class") == "node"}
    assert drawn == set(project(seeded, "actors", GraphFilter(reviewed_only=True)).nodes)
