"""The OpenAPI document describes what every route returns, so /docs is exact."""

from __future__ import annotations

from tests.api_fixtures import api_store, client  # noqa: F401 - fixtures

JSON_ROUTES = {
    ("/actors", "get"): "Page_ActorSummary_",
    ("/actors/{actor_id}", "get"): "ActorDetail",
    ("/actors/{actor_id}/commitments", "get"): "Page_ActorCommitment_",
    ("/commitments", "get"): "Page_CommitmentSummary_",
    ("/commitments/{commitment_id}", "get"): "CommitmentDetail",
    ("/events", "get"): "Page_EventSummary_",
    ("/events/{event_id}", "get"): "EventDetail",
    ("/documents", "get"): "Page_DocumentSummary_",
    ("/documents/{document_id}", "get"): "DocumentDetail",
    ("/documents", "post"): "WriteResult",
    ("/stats", "get"): "Stats",
    ("/health", "get"): "Health",
}


def test_docs_are_served(client) -> None:
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "Commitments knowledge graph"


def test_every_json_route_names_its_response_model(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for (path, method), model in JSON_ROUTES.items():
        responses = paths[path][method]["responses"]
        success = responses.get("200") or responses.get("201")
        schema = success["content"]["application/json"]["schema"]
        assert schema["$ref"].endswith("/" + model), (path, method, schema)


def test_every_route_has_a_documented_success_response(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, methods in paths.items():
        for method, operation in methods.items():
            responses = operation["responses"]
            success = [code for code in responses if code.startswith("2")]
            assert success, (path, method)
            if success != ["204"]:
                assert responses[success[0]].get("content"), (path, method)


def test_errors_are_documented_as_problem_json(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/actors/{actor_id}", "/commitments/{commitment_id}", "/events/{event_id}"):
        assert "application/problem+json" in paths[path]["get"]["responses"]["404"]["content"]
    assert "application/problem+json" in paths["/sparql"]["get"]["responses"]["504"]["content"]


def test_jsonld_is_documented_beside_json(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "application/ld+json" in paths["/actors/{actor_id}"]["get"]["responses"]["200"]["content"]


def test_the_model_schema_lists_the_vocabulary(client) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "troop_deployment" in schemas["CommitmentType"]["enum"]
    assert "conditional" in schemas["Status"]["enum"]


def test_writes_declare_the_bearer_scheme(client) -> None:
    document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert document["paths"]["/documents"]["post"]["security"] == [{"HTTPBearer": []}]
