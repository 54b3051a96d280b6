"""Status `refused` end to end: an explicit refusal is stored, validated, filtered and exported
as who refused what, never as a commitment made."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from kg.claims.model import Claims
from kg.claims.vocabulary import Status
from kg.export.graph import style
from kg.terms import CK
from tests.api_fixtures import (  # noqa: F401 - fixtures
    api_store,
    fresh_store,
    make_app,
    seeded_template,
    writable_client,
)
from tests.test_api_writes import post

ROOT = Path(__file__).resolve().parent.parent
REFUSAL = {
    "document": "api-refusal-article.txt",
    "published": "2025-09-05",
    "actors": [{"name": "Norway", "kind": "state"}, {"name": "Ukraine", "kind": "state"}],
    "commitments": [{
        "committer": "Norway", "type": "troop_deployment", "beneficiary": "Ukraine", "status": "refused",
        "quote": "Norway will not send troops to Ukraine.",
    }],
}


def test_refused_is_a_status_of_the_claims_model() -> None:
    claims = Claims.model_validate(REFUSAL)
    assert claims.commitments[0].status is Status.REFUSED


def test_refused_is_a_concept_in_the_status_scheme() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "vocabularies.ttl")
    assert (CK.refused, SKOS.inScheme, CK.Statuses) in ontology
    assert (CK.refused, SKOS.notation, Literal("refused")) in ontology


def test_a_refusal_is_stored_and_listed_by_the_status_filter(writable_client: TestClient) -> None:
    assert post(writable_client, REFUSAL).status_code == 201, "the shapes accept status refused"
    items = writable_client.get("/commitments", params={"status": "refused"}).json()["items"]
    assert [(i["committer"]["name"], i["type"]) for i in items] == [("Norway", "troop_deployment")]
    mine = writable_client.get("/actors/norway/commitments", params={"status": "refused"}).json()["items"]
    assert len(mine) == 1 and mine[0]["status"] == "refused"


def test_exports_draw_a_refusal_dotted_and_the_page_lists_the_status() -> None:
    assert style.line_style("refused") == "dotted"
    page = "".join(f.read_text(encoding="utf-8") for f in sorted((ROOT / "api" / "static").glob("*.js")))
    assert '"refused"' in page
