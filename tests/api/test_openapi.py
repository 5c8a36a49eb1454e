"""``/api/v1/openapi.json`` describes every route the API registers, from the same models."""

from __future__ import annotations

import re
from typing import Any

from petitions.workflow.text import TITLE_MAX

_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _spec(client) -> dict[str, Any]:
    """The description, fetched without a token."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def _refs(node: Any) -> list[str]:
    """Every ``$ref`` anywhere in ``node``."""
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_the_description_is_public_and_looks_like_openapi(client) -> None:
    spec = _spec(client)
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"]
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        **spec["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


def test_every_api_route_is_documented(app, client) -> None:
    spec = _spec(client)
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = _ARGUMENT.sub(lambda m: "{" + m[1] + "}", rule.rule)
        assert path in spec["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = spec["paths"][path].get(method.lower())
            assert operation is not None, (method, path)
            assert operation["summary"] and operation["responses"], (method, path)
            params = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert params == set(rule.arguments), (method, path)
            checked += 1
    assert checked >= 15


def test_every_reference_resolves(client) -> None:
    spec = _spec(client)
    schemas = spec["components"]["schemas"]
    refs = _refs(spec)
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref


def _schema(spec: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    """The component schema a JSON media type points at."""
    ref = content["application/json"]["schema"]["$ref"]
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_request_bodies_come_from_the_validating_models(client) -> None:
    spec = _spec(client)
    create = spec["paths"]["/api/v1/concerns"]["post"]
    body = _schema(spec, create["requestBody"]["content"])
    assert set(body["required"]) == {"title", "summary", "body", "contract_id"}
    assert body["properties"]["title"]["maxLength"] == TITLE_MAX
    assert body["properties"]["author_visibility"]["enum"] == ["named", "committee"]
    assert body["properties"]["publish"]["type"] == "boolean"
    assert "status" not in body["properties"]
    sign = spec["paths"]["/api/v1/concerns/{concern_id}/signatures"]["post"]
    assert _schema(spec, sign["requestBody"]["content"])["properties"]["visibility"]["enum"] == [
        "public",
        "committee",
        "anonymous",
    ]


def test_responses_and_errors_are_described(client) -> None:
    spec = _spec(client)
    create = spec["paths"]["/api/v1/concerns"]["post"]["responses"]
    assert {"201", "400", "401"} <= set(create)
    concern = _schema(spec, create["201"]["content"])
    assert {"author", "signature_count", "review_threshold", "signed_by_me", "rejection"} <= set(concern["properties"])
    error = _schema(spec, create["400"]["content"])
    assert "error" in error["properties"]
    assert "409" in spec["paths"]["/api/v1/concerns/{concern_id}/signatures"]["post"]["responses"]
    assert "204" in spec["paths"]["/api/v1/concerns/{concern_id}/signatures/mine"]["delete"]["responses"]
    show = spec["paths"]["/api/v1/concerns/{concern_id}"]["get"]
    assert show["parameters"][0]["schema"]["type"] == "integer"


def test_query_parameters_are_described(client) -> None:
    spec = _spec(client)
    params = {p["name"]: p for p in spec["paths"]["/api/v1/concerns"]["get"]["parameters"]}
    assert {"status", "contract_id", "q", "sort", "page", "per_page", "mine"} <= set(params)
    assert all(p["in"] == "query" for p in params.values())
    assert params["per_page"]["schema"]["maximum"] == 100
    assert params["sort"]["schema"]["enum"] == ["newest", "signatures", "due"]
