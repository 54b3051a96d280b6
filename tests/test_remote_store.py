"""The remote store on a real Virtuoso: the behaviour the embedded store has, compared answer by
answer with an embedded store given the same documents.

Each test wipes the project's graphs on the session's server and writes what it needs; the
embedded store beside it is a temporary folder.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from kg.config import Settings
from kg.errors import StoreError
from kg.ingest import ingest_paths
from kg.store import GraphStore
from kg.store.base import Store
from kg.store.remote import RemoteStore
from tests.api_fixtures import SEED_CLAIMS, SEED_DOCUMENT, TOKEN, make_app  # noqa: F401 - fixture
from tests.virtuoso_fixtures import Virtuoso, remote_store, virtuoso, wipe  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NORWAY = {
    "document": "norway-remote.txt", "published": "2025-09-05", "title": "Norway pledges air defence to Ukraine",
    "actors": [{"name": "Norway", "kind": "state"}, {"name": "Ukraine", "kind": "state"}],
    "commitments": [{"committer": "Norway", "type": "air_defence", "beneficiary": "Ukraine", "status": "pledged",
                     "date": "2025-09-05", "amount": "1.50", "currency": "EUR",
                     "quote": "Norway will send two air defence systems to Ukraine.", "attributed_to": "Reuters"}],
}
# Every REST list and item of the seed, with filters, cursors' first pages, the overview, exports
# and the linker's tracked commitments.
PATHS = [
    "/stats", "/actors?limit=5", "/actors?q=france", "/actors?q=macron", "/actors?kind=state&limit=3",
    "/actors/france", "/actors/emmanuel-macron", "/actors/atlantis", "/actors/france/commitments",
    "/actors/united-states/commitments?role=committer&type=air_support", "/actors/france/events",
    "/commitments", "/commitments?limit=3", "/commitments?committer=united-states&beneficiary=ukraine",
    "/commitments?status=conditional&limit=2", "/commitments?from=2025-08-19&to=2025-09-30&sort=oldest",
    "/commitments/ukraine-arms-purchase-5d4970f32a", "/events", "/events?actor=giorgia-meloni",
    "/events/call-with-donald-trump-2025-09-04-cb5ef2", "/documents", f"/documents/{SEED_DOCUMENT.rsplit('/', 1)[1]}",
    "/overview", "/export?format=cytoscape&view=actors", "/export?format=graphml", "/export?format=gexf&actor=russia",
    "/tracked", "/fulfilment", "/actors/united-states/tracked",
    f"/rdf-graphs?graph={SEED_DOCUMENT}",
]
SPARQL = [
    "SELECT ?committer ?type ?condition WHERE { ?c ck:committer/rdfs:label ?committer ; ck:commitmentType ?type ; "
    "ck:condition ?condition } ORDER BY ?committer ?type",
    "SELECT (COUNT(*) AS ?commitments) WHERE { ?c a ck:Commitment }",
    "ASK { ?c ck:committer <https://w3id.org/commitments-kg/id/actor/france> }",
    "SELECT ?c ?reviewed WHERE { ?c ck:reviewed ?reviewed } ORDER BY ?c LIMIT 3",
    "CONSTRUCT { ?c ck:committer ?who ; ck:status ?s } WHERE { ?c ck:committer ?who ; "
    "ck:commitmentType ck:troop_deployment ; ck:status ?s }",
    f"SELECT ?p (COUNT(*) AS ?n) FROM NAMED <{SEED_DOCUMENT}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?p ORDER BY ?p",
]


def _same_graph_any_order(status: int, text: str) -> tuple[int, Any]:
    """An answer, with RDF (Turtle, N-Triples) read as a set of triples: engines emit triples in
    their own order."""
    import pyoxigraph as ox

    if status == 200 and text.startswith(("@prefix", "<http")):
        return status, sorted(str(t) for t in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    return status, text


def quads(store: GraphStore) -> set[tuple[str, ...]]:
    return {tuple(str(term) for term in quad) for quad in store.quads()}


def answers(store: GraphStore, preparer: Any, *, catalogue: bool, paths: list[str] = PATHS) -> dict[str, Any]:
    """Every REST path's status and body, from an app over `store`."""
    from api.app import create_app

    app = create_app(Settings(store=Path("unused"), catalogue=catalogue, catalogue_snapshot=False,
                              query_workers=1), store, preparer=preparer)
    found = {}
    with TestClient(app) as client:
        if catalogue:
            assert app.state.catalogue.wait_ready(60)
        for path in paths:
            response = client.get(path)
            found[path] = _same_graph_any_order(response.status_code, response.text)
    return found


def sparql_answers(store: GraphStore, preparer: Any) -> dict[str, Any]:
    from api.app import create_app

    app = create_app(Settings(store=Path("unused"), catalogue=False), store, preparer=preparer)
    found = {}
    with TestClient(app) as client:
        for query in SPARQL:
            for accept in ("application/sparql-results+json", "text/csv", "application/n-triples"):
                response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
                found[query, accept] = _same_graph_any_order(response.status_code, response.text)
    return found


@pytest.fixture
def embedded(tmp_path: Path) -> GraphStore:
    return GraphStore.open(tmp_path / "embedded")


def both(embedded: GraphStore, remote: RemoteStore) -> list[GraphStore]:
    return [embedded, remote]


def test_both_backends_have_the_whole_store_interface(virtuoso: Virtuoso, remote_store: RemoteStore,
                                                      embedded: GraphStore) -> None:
    for store in both(embedded, remote_store):
        assert isinstance(store, Store), type(store)
        assert isinstance(store.raw, __import__("kg.store.base", fromlist=["RawDataset"]).RawDataset)


def test_the_seeds_on_virtuoso_give_the_embedded_stores_quads_and_rest_answers(
        remote_store: RemoteStore, embedded: GraphStore, preparer) -> None:
    for store in both(embedded, remote_store):
        results = ingest_paths(store, [SEEDS], preparer)
        assert [r.outcome.value for r in results] == ["written"], results
    assert quads(remote_store) == quads(embedded)
    assert len(remote_store) == len(embedded) and remote_store.stats() == embedded.stats()
    for catalogue in (False, True):  # lists from the named queries, then from the catalogue
        expected, got = answers(embedded, preparer, catalogue=catalogue), answers(remote_store, preparer,
                                                                                 catalogue=catalogue)
        for path in PATHS:
            assert got[path] == expected[path], (path, catalogue)
    assert expected["/stats"][0] == 200 and json.loads(expected["/stats"][1])["commitments"] == 11


def test_sparql_over_virtuoso_answers_as_the_embedded_endpoint(remote_store: RemoteStore, embedded: GraphStore,
                                                              preparer) -> None:
    for store in both(embedded, remote_store):
        ingest_paths(store, [SEED_CLAIMS], preparer)
    expected, got = sparql_answers(embedded, preparer), sparql_answers(remote_store, preparer)
    for key in expected:
        assert got[key] == expected[key], key
    assert json.loads(got[SPARQL[1], "application/sparql-results+json"][1])["results"]["bindings"][0][
        "commitments"]["value"] == "11"
    # Virtuoso writes xsd:boolean true as 1: the client reads it back as true.
    assert '"value":"true"' in got[SPARQL[3], "application/sparql-results+json"][1]


def test_the_guard_forwards_nothing_it_refuses_and_other_graphs_stay_out_of_sight(
        remote_store: RemoteStore, preparer) -> None:
    from api.app import create_app

    ingest_paths(remote_store, [SEED_CLAIMS], preparer)
    secret = "http://example.org/another-tools-graph"
    remote_store.http.update(f'INSERT DATA {{ GRAPH <{secret}> {{ <http://example.org/x> '
                             f'<https://w3id.org/commitments-kg/ontology#committer> "secret" }} }}')
    before = quads(remote_store)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    app = create_app(Settings(store=Path("unused"), catalogue=False), remote_store, preparer=preparer)
    with TestClient(app) as client:
        refused = [
            {"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"},
            {"update": "DROP ALL"},
            {"query": f"DROP GRAPH <{SEED_DOCUMENT}>"},
            {"query": f"LOAD <http://127.0.0.1:{port}/data.ttl>"},
            {"query": f"SELECT * FROM <{secret}> WHERE {{ ?s ?p ?o }}"},
            {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": secret},
        ]
        for form in refused:
            response = client.post("/sparql", data=form)
            assert response.status_code == 403, (form, response.text)
        # The union and GRAPH ?g hold the project's graphs only, as in the embedded store.
        union = client.post("/sparql", data={"query": 'SELECT ?s WHERE { ?s ck:committer "secret" }'})
        named = client.post("/sparql", data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert union.status_code == 200 and union.json()["results"]["bindings"] == []
    graphs = {row["g"]["value"] for row in named.json()["results"]["bindings"]}
    assert secret not in graphs and SEED_DOCUMENT in graphs
    assert all(g.startswith("https://w3id.org/commitments-kg/id/") for g in graphs)
    with pytest.raises(TimeoutError):
        listener.accept()  # no request reached the listener
    listener.close()
    assert quads(remote_store) == before
    remote_store.http.update(f"DROP SILENT GRAPH <{secret}>")


def test_replacing_and_deleting_documents_over_rest_matches_the_embedded_store(
        remote_store: RemoteStore, embedded: GraphStore, preparer, make_app) -> None:
    changed = {**NORWAY, "commitments": [{**NORWAY["commitments"][0], "status": "delivered"}]}
    for store in both(embedded, remote_store):
        ingest_paths(store, [SEED_CLAIMS], preparer)
        app = make_app(store, write_token=TOKEN)
        with TestClient(app) as client:
            assert app.state.catalogue.wait_ready(60)
            post = {"Content-Type": "application/json", **AUTH}
            assert client.post("/documents", content=json.dumps(NORWAY), headers=post).status_code == 201
            replaced = client.post("/documents", content=json.dumps(changed), headers=post)
            assert replaced.status_code == 200 and replaced.json()["outcome"] == "replaced"
            items = client.get("/actors/norway/commitments").json()["items"]
            assert [(i["status"], i["amount"]) for i in items] == [("delivered", {"value": 1.5, "currency": "EUR"})]
            assert client.delete("/documents/000-73c4d19ee7ae6c07", headers=AUTH).status_code == 204
            assert client.get("/documents").json()["total"] == 1
            assert client.get("/commitments/ukraine-arms-purchase-5d4970f32a").status_code == 404
    assert quads(remote_store) == quads(embedded)
    assert answers(remote_store, preparer, catalogue=True) == answers(embedded, preparer, catalogue=True)


def test_a_bad_batch_is_refused_whole_and_the_servers_data_is_unchanged(
        remote_store: RemoteStore, preparer, make_app, tmp_path: Path) -> None:
    ingest_paths(remote_store, [SEED_CLAIMS], preparer)
    before = quads(remote_store)
    bad = {**NORWAY, "commitments": [{**NORWAY["commitments"][0], "quote": None, "amount": "-90"}]}
    app = make_app(remote_store, write_token=TOKEN)
    with TestClient(app) as client:
        response = client.post("/documents", content=json.dumps(bad),
                               headers={"Content-Type": "application/json", **AUTH})
    assert response.status_code == 422, response.text
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.yaml").write_text(yaml.safe_dump(NORWAY))
    (folder / "bad.yaml").write_text(yaml.safe_dump({**bad, "document": "bad.txt"}))
    results = {Path(r.source).name: r.outcome.value for r in ingest_paths(remote_store, [folder / "bad.yaml"], preparer)}
    assert results == {"bad.yaml": "failed"}
    assert quads(remote_store) == before
    # A request the server itself refuses (here a value its compiler rejects) changes nothing either:
    # the document keeps its graph and its content hash.
    stored = remote_store.document_hash(SEED_DOCUMENT)
    broken = f'<{SEED_DOCUMENT}> <https://w3id.org/commitments-kg/ontology#x> "ten"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    with pytest.raises(StoreError, match="cannot write graph"):
        remote_store.replace_ntriples(SEED_DOCUMENT, broken)
    assert quads(remote_store) == before and remote_store.document_hash(SEED_DOCUMENT) == stored


def test_a_half_written_document_is_detected_and_rewritten_by_the_next_ingest(
        virtuoso: Virtuoso, remote_store: RemoteStore, embedded: GraphStore, preparer) -> None:
    for store in both(embedded, remote_store):
        ingest_paths(store, [SEED_CLAIMS], preparer)
    assert remote_store.half_written() == []
    # What a server that dies in the middle of a replace leaves (Virtuoso commits a large delete in
    # steps): the marker gone first, part of the old lines gone.
    remote_store.http.update(
        f"DELETE WHERE {{ GRAPH <{SEED_DOCUMENT}> {{ <{SEED_DOCUMENT}> <https://w3id.org/commitments-kg/ontology#contentHash> ?h }} }} ;"
        f"DELETE WHERE {{ GRAPH <{SEED_DOCUMENT}> {{ ?c <https://w3id.org/commitments-kg/ontology#status> ?s }} }}")
    assert remote_store.half_written() == [SEED_DOCUMENT]
    validate = subprocess.run([sys.executable, "-m", "kg", "validate"], env=virtuoso.client_env(),
                              capture_output=True, text=True, timeout=120)
    assert validate.returncode == 1 and "half-written" in validate.stderr and SEED_DOCUMENT in validate.stderr
    results = ingest_paths(remote_store, [SEED_CLAIMS], preparer)
    assert [r.outcome.value for r in results] == ["written"]
    assert remote_store.half_written() == []
    assert quads(remote_store) == quads(embedded)


def test_the_cli_works_over_the_remote_store_with_credentials_from_the_environment(
        virtuoso: Virtuoso, remote_store: RemoteStore, embedded: GraphStore, preparer, tmp_path: Path) -> None:
    env = virtuoso.client_env()

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kg", *args], env=env, capture_output=True, text=True,
                              timeout=300)

    ingested = kg("ingest", str(SEEDS))
    assert ingested.returncode == 0, ingested.stderr
    assert "1 written" in ingested.stdout
    assert env["KG_STORE_PASSWORD"] not in ingested.stdout + ingested.stderr
    again = kg("ingest", "--store", virtuoso.url, str(SEEDS))
    assert "1 unchanged" in again.stdout, again.stderr
    ingest_paths(embedded, [SEEDS], preparer)
    stats = kg("stats", "--format", "json")
    assert json.loads(stats.stdout) == json.loads(json.dumps(embedded.stats().__dict__))
    table = kg("query", "SELECT ?name WHERE { ?c ck:committer/rdfs:label ?name } ORDER BY ?name LIMIT 2")
    assert table.stdout.splitlines()[2:4] == ["Europe", "Europe"], table.stdout + table.stderr
    refused = kg("query", "DROP ALL")
    assert refused.returncode == 1 and "read-only" in refused.stderr
    dump = kg("export", "--format", "nquads", "-o", str(tmp_path / "all.nq"))
    assert dump.returncode == 0, dump.stderr
    import pyoxigraph as ox

    exported = {tuple(str(t) for t in (q.subject, q.predicate, q.object, q.graph_name))
                for q in ox.parse(path=str(tmp_path / "all.nq"), format=ox.RdfFormat.N_QUADS)}
    assert exported == {tuple(str(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in embedded.raw}
    assert kg("validate").returncode == 0
    claims = kg("export", "--format", "claims", "-o", str(tmp_path / "claims"))
    assert claims.returncode == 0 and (tmp_path / "claims" / "000-73c4d19ee7ae6c07.claims.yaml").is_file()


def test_credentials_stay_out_of_urls_and_messages(virtuoso: Virtuoso) -> None:
    with pytest.raises(StoreError, match="must not carry credentials"):
        virtuoso.open(store=virtuoso.url.replace("127.0.0.1", "kg:secret@127.0.0.1"))
    with pytest.raises(StoreError) as refused:
        virtuoso.open(store_password="not-the-password-xyz")
    assert "KG_STORE_PASSWORD" in str(refused.value) and "not-the-password-xyz" not in str(refused.value)
    settings = virtuoso.settings()
    assert virtuoso.credentials["KG_STORE_PASSWORD"] not in repr(settings)
    assert Settings(store=virtuoso.url).store_url == virtuoso.url


def test_a_settings_file_names_the_remote_store(virtuoso: Virtuoso, tmp_path: Path, monkeypatch) -> None:
    settings_file = tmp_path / "kg.env"
    settings_file.write_text(f"KG_STORE={virtuoso.url}\nKG_STORE_USER={virtuoso.credentials['KG_STORE_USER']}\n"
                             f"KG_STORE_PASSWORD={virtuoso.credentials['KG_STORE_PASSWORD']}\n")
    for name in ("KG_STORE", "KG_STORE_USER", "KG_STORE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KG_SETTINGS_FILE", str(settings_file))
    from kg.store.open import open_store

    store = open_store(Settings())
    assert isinstance(store, RemoteStore) and store.location.endswith(f":{virtuoso.http_port}/sparql-auth")


def test_the_project_restarts_against_the_data_a_stopped_server_kept(
        virtuoso: Virtuoso, remote_store: RemoteStore, embedded: GraphStore, preparer) -> None:
    for store in both(embedded, remote_store):
        ingest_paths(store, [SEEDS], preparer)
    paths = ["/stats", "/actors/france/commitments", "/commitments?limit=3", "/overview", "/tracked"]
    before = answers(remote_store, preparer, catalogue=True, paths=paths)
    remote_store.close()
    assert virtuoso.run("stop").returncode == 0
    assert virtuoso.run("status").returncode != 0
    started = virtuoso.run("start")
    assert started.returncode == 0, started.stderr
    reopened = virtuoso.open()
    assert answers(reopened, preparer, catalogue=True, paths=paths) == before
    assert before == answers(embedded, preparer, catalogue=True, paths=paths)
    assert [r.outcome.value for r in ingest_paths(reopened, [SEEDS], preparer)] == ["unchanged"]
    assert quads(reopened) == quads(embedded)


def test_a_write_of_hundreds_of_graphs_is_split_into_requests_the_server_takes(remote_store: RemoteStore) -> None:
    """The linker writes many tracked commitments at once; Virtuoso refuses a request of 800
    operations, so they go in several requests, every graph's marker after every graph's lines."""
    hash_property = "https://w3id.org/commitments-kg/ontology#contentHash"
    graphs = {f"https://w3id.org/commitments-kg/id/tracked/t{i}": [
        f'<https://w3id.org/commitments-kg/id/tracked/t{i}> <http://www.w3.org/2000/01/rdf-schema#label> "t{i}" .',
        f'<https://w3id.org/commitments-kg/id/tracked/t{i}> <{hash_property}> "h{i}" .'] for i in range(300)}
    remote_store.replace_graphs(graphs, [])
    assert len(remote_store) == 600
    assert remote_store.document_hash("https://w3id.org/commitments-kg/id/tracked/t299") == "h299"
    remote_store.replace_graphs({}, list(graphs))
    assert len(remote_store) == 0


# Date-range lists page by page (limit 1 or 2: every page after the first carries a cursor), in both orders.
RANGE_PATHS = [
    "/commitments?from=2025-08-19&to=2025-09-30", "/commitments?from=2025-08-19&to=2025-09-30&limit=1",
    "/commitments?from=2025-08-19&to=2025-09-30&sort=oldest&limit=1", "/commitments?from=2025-08-19&limit=2",
    "/commitments?to=2025-09-03&limit=2", "/commitments?status=conditional&from=2025-08-01&to=2025-09-30&limit=1",
    "/actors/united-states/commitments?from=2025-08-01&to=2025-09-30&limit=1",
    "/events?from=2025-08-01&to=2025-09-30&limit=1", "/events?from=2025-08-01&to=2025-09-30&sort=oldest&limit=1",
]


@contextmanager
def lists_client(store: GraphStore, preparer: Any) -> Iterator[TestClient]:
    """The app over `store` answering its lists from the named queries (no catalogue)."""
    from api.app import create_app

    app = create_app(Settings(store=Path("unused"), catalogue=False, query_workers=1), store, preparer=preparer)
    with TestClient(app) as client:
        yield client


def pages(client: TestClient, path: str) -> list[Any]:
    """Every page of a list, following its `next` links."""
    found: list[Any] = []
    url: str | None = path
    while url:
        response = client.get(url)
        found.append((response.status_code, response.json()))
        url = response.json().get("next") if response.status_code == 200 else None
    return found


def test_date_range_lists_page_as_over_the_embedded_store_without_the_catalogue(
        remote_store: RemoteStore, embedded: GraphStore, preparer) -> None:
    """Virtuoso 7.2 gave these lists other rows' sort keys (wrong order, dates outside the range)
    until the remote store evaluated their FILTERs outside a subquery (kg.store.remote.filters_outside)."""
    for store in both(embedded, remote_store):
        ingest_paths(store, [SEED_CLAIMS], preparer, link=False)
    with lists_client(embedded, preparer) as here, lists_client(remote_store, preparer) as there:
        for path in RANGE_PATHS:
            expected = pages(here, path)
            assert pages(there, path) == expected, path
            assert expected[0][0] == 200 and expected[0][1]["items"], path


def test_kg_link_takes_the_remote_store_as_store(virtuoso: Virtuoso, remote_store: RemoteStore, embedded: GraphStore,
                                                preparer, tmp_path: Path) -> None:
    """Every command that takes --store takes a sparql+http:// URL: here `kg link`, whose option was a folder."""
    ingest_paths(remote_store, [SEEDS], preparer, link=False)
    ingest_paths(embedded, [SEEDS], preparer)
    assert quads(remote_store) != quads(embedded)  # no tracked commitments on the server yet
    env = {k: v for k, v in virtuoso.client_env().items() if k != "KG_STORE"}  # the URL from --store only
    rebuilt = subprocess.run([sys.executable, "-m", "kg", "link", "--store", virtuoso.url, "--rebuild"], env=env,
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "tracked commitment(s) written" in rebuilt.stdout
    assert quads(remote_store) == quads(embedded)
    curated = tmp_path / "links.yaml"
    curated.write_text("same_as:\n  - [united-states-security-guarantee-a86d878467, "
                       "united-states-security-guarantee-fdc18078dc]\n")
    linked = subprocess.run([sys.executable, "-m", "kg", "link", "--store", virtuoso.url, "--curated", str(curated)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert linked.returncode == 0 and "1 curated pair(s)" in linked.stdout, linked.stderr
    together = remote_store.query(
        "SELECT ?t WHERE { ?t ck:report <https://w3id.org/commitments-kg/id/commitment/united-states-security-"
        "guarantee-a86d878467>, <https://w3id.org/commitments-kg/id/commitment/united-states-security-guarantee-"
        "fdc18078dc> }")
    assert len(list(together)) == 1  # the curated pair is one tracked commitment on the server
