"""Amounts and quantities are exact decimals end to end: as written in the claims file, as
xsd:decimal in the store, as bare JSON numbers in every REST answer (never a string, never a
float's approximation), and as numbers in every export. 90000000000 stays 90000000000;
999999999999999.99, which a float would make 1e15, keeps its cents; 1.50 may become 1.5."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from fastapi.testclient import TestClient

from kg.claims.io import dump_claims, load_claims
from kg.export.claims import claims_of
from kg.export.graph import project, write
from kg.ingest import ingest_paths
from kg.store import GraphStore
from tests.api_fixtures import settings_for

from .conftest import SEED_CLAIMS

CENTS = "999999999999999.99"  # a float holds 15-16 digits: it would come back as 1e15
PRECISE_CLAIMS = """{
  "document": "precise-article.txt",
  "published": "2025-09-05",
  "actors": [{"name": "Norway", "kind": "state"}, {"name": "Ukraine", "kind": "state"}],
  "commitments": [{
    "committer": "Norway", "type": "financial_aid", "beneficiary": "Ukraine", "status": "pledged",
    "amount": %s, "currency": "NOK", "quantity": {"value": 1.50, "unit": "tonnes"},
    "quote": "Norway pledged the sum to Ukraine."
  }]
}
""" % CENTS
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, preparer) -> GraphStore:
    folder = tmp_path_factory.mktemp("exact")
    precise = folder / "precise.claims.json"
    precise.write_text(PRECISE_CLAIMS, encoding="utf-8")
    store = GraphStore.open(folder / "store")
    results = ingest_paths(store, [SEED_CLAIMS, precise], preparer)
    assert [r.outcome.value for r in results] == ["written", "written"], results
    return store


@pytest.fixture(scope="module")
def client(store: GraphStore, preparer) -> Iterator[TestClient]:
    from api.app import create_app

    app = create_app(settings_for(store.path, catalogue_snapshot=False), store, preparer=preparer)
    with TestClient(app) as test_client:
        assert app.state.catalogue.wait_ready(60)
        yield test_client


def exact(text: str) -> object:
    """JSON as written: every number with a fraction as a Decimal, none through a float."""
    return json.loads(text, parse_float=Decimal)


def amount_texts(body: str) -> list[str]:
    """Every amount object exactly as the JSON text gives it."""
    return re.findall(r'"amount":\{[^}]*\}', body)


def test_the_store_holds_the_amount_as_xsd_decimal_digit_for_digit(store: GraphStore) -> None:
    values = {(q.object.value, q.object.datatype.value)
              for q in store.raw.quads_for_pattern(None, ox.NamedNode("https://schema.org/value"), None, None)}
    assert (CENTS, XSD_DECIMAL) in values
    assert ("90000000000", XSD_DECIMAL) in values
    assert ("1.5", XSD_DECIMAL) in values, "Oxigraph keeps decimals in canonical form: 1.50 is 1.5"


@pytest.mark.parametrize("path", ["/commitments?committer=norway", "/commitments?type=financial_aid",
                                  "/actors/norway/commitments"])
def test_lists_give_the_amount_as_a_bare_exact_number(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert amount_texts(response.text) == [f'"amount":{{"value":{CENTS},"currency":"NOK"}}']
    [item] = exact(response.text)["items"]
    assert item["quantity"]["value"] == Decimal("1.5")


def test_one_commitment_gives_the_amount_as_a_bare_exact_number(client: TestClient) -> None:
    [listed] = client.get("/commitments", params={"committer": "norway"}).json()["items"]
    response = client.get(f"/commitments/{listed['id']}")
    assert amount_texts(response.text) == [f'"amount":{{"value":{CENTS},"currency":"NOK"}}']
    assert exact(response.text)["quantity"]["value"] == Decimal("1.5")


def test_90000000000_stays_90000000000(client: TestClient) -> None:
    [listed] = client.get("/commitments", params={"committer": "ukraine"}).json()["items"]
    for response in (client.get("/commitments", params={"committer": "ukraine"}),
                     client.get(f"/commitments/{listed['id']}")):
        assert amount_texts(response.text) == ['"amount":{"value":90000000000,"currency":"USD"}']


def test_json_ld_gives_the_same_exact_number(client: TestClient) -> None:
    response = client.get("/commitments", params={"committer": "norway"}, headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    [item] = exact(response.text)["items"]
    assert item["amount"] == {"@type": "MonetaryAmount", "value": Decimal(CENTS), "currency": "NOK"}


def test_the_openapi_schema_says_amounts_are_numbers(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["Money"]["properties"]["value"]["type"] == "number"


def test_the_claims_export_writes_exact_numbers(store: GraphStore, tmp_path: Path) -> None:
    [claims] = [c for _, c in claims_of(store) if c.document == "precise-article.txt"]
    as_json = dump_claims(claims, "json")
    assert f'"amount": {CENTS},' in as_json and '"value": 1.5,' in as_json
    as_yaml = dump_claims(claims, "yaml")
    assert f"amount: {CENTS}\n" in as_yaml
    assert yaml.safe_load(as_yaml)["commitments"][0]["quantity"]["value"] == 1.5
    for fmt in ("json", "yaml"):
        path = tmp_path / f"again.claims.{fmt}"
        path.write_text(dump_claims(claims, fmt), encoding="utf-8")
        assert load_claims(path).commitments[0].amount == Decimal(CENTS)
    [seed] = [c for _, c in claims_of(store) if c.document != "precise-article.txt"]
    assert "amount: 90000000000\n" in dump_claims(seed, "yaml")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "node-link", "dot"])
def test_graph_exports_write_the_amount_digit_for_digit(store: GraphStore, fmt: str) -> None:
    out = io.BytesIO()
    write(project(store, "actors"), fmt, out)
    text = out.getvalue().decode("utf-8")
    assert CENTS in text and "90000000000" in text
    assert "90000000000.0" not in text and "1e+15" not in text.lower()
    if fmt in ("cytoscape", "node-link"):
        document = exact(text)
        edges = document["elements"]["edges"] if fmt == "cytoscape" else document["links"]
        found = {(e.get("data", e)).get("amount") for e in edges}
        assert {Decimal(CENTS), 90000000000} <= found
