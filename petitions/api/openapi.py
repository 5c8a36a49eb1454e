"""``GET /openapi.json``: the API described from the routes and models that serve it.

Operations come from walking the application's URL map, so a new route shows up (or, if it
lacks ``@operation``, is caught by the tests); schemas come from the pydantic models that
validate the requests and shape the responses.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from werkzeug.routing import IntegerConverter, Rule
from werkzeug.wrappers import Response

from petitions.api.blueprint import bp
from petitions.api.endpoint import Operation, operation
from petitions.api.shapes import ErrorOut

REF = "#/components/schemas/{model}"
_ARGUMENT = re.compile(r"<(?:(?P<converter>[^:<>()]+)(?:\([^)]*\))?:)?(?P<name>[^<>]+)>")
_ERRORS = {
    400: "Invalid input; `fields` has a message per bad field.",
    401: "No valid personal access token.",
    403: "The caller may see this but not do it.",
    404: "Not found, or not visible to the caller.",
    409: "Already done, or not possible in the current state.",
    429: "Too many requests.",
}


def operations(app: Flask) -> list[tuple[Rule, str, Operation]]:
    """Every (rule, method, operation) under the API's prefix, in path order."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(str(bp.url_prefix)):
            continue
        spec: Operation | None = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        if spec is None:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule, method, spec))
    return found


def openapi_path(rule: Rule) -> tuple[str, list[dict[str, Any]]]:
    """``/concerns/<int:concern_id>`` as ``/concerns/{concern_id}`` with its path parameters."""
    parameters = []
    for match in _ARGUMENT.finditer(rule.rule):
        converter = rule._converters[match["name"]]
        schema: dict[str, Any] = {"type": "string"}
        if isinstance(converter, IntegerConverter):
            schema = {"type": "integer"}
            schema.update({k: v for k, v in (("minimum", converter.min), ("maximum", converter.max)) if v is not None})
        parameters.append({"name": match["name"], "in": "path", "required": True, "schema": schema})
    return _ARGUMENT.sub(lambda m: "{" + m["name"] + "}", rule.rule), parameters


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """A query model's fields as OpenAPI ``in: query`` parameters."""
    schema = model.model_json_schema(ref_template=REF)
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        parameter: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": {k: v for k, v in prop.items() if k != "description"},
        }
        if "description" in prop:
            parameter["description"] = prop["description"]
        parameters.append(parameter)
    return parameters


def build(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document for ``app``'s API."""
    found = operations(app)
    wanted: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {(ErrorOut, "serialization"): None}
    for _rule, _method, spec in found:
        if spec.body is not None:
            wanted[(spec.body, "validation")] = None
        if spec.response is not None:
            wanted[(spec.response, "serialization")] = None
    refs, definitions = models_json_schema(list(wanted), ref_template=REF)

    def content(model: type[BaseModel], mode: JsonSchemaMode) -> dict[str, Any]:
        """A JSON media type pointing at ``model``'s schema."""
        return {"application/json": {"schema": refs[(model, mode)]}}

    paths: dict[str, dict[str, Any]] = {}
    for rule, method, spec in found:
        path, parameters = openapi_path(rule)
        if spec.query is not None:
            parameters += query_parameters(spec.query)
        responses: dict[str, Any] = {str(spec.status): {"description": spec.summary}}
        if spec.response is not None:
            responses[str(spec.status)]["content"] = content(spec.response, "serialization")
        for status in spec.errors:
            responses[str(status)] = {
                "description": _ERRORS.get(status, "Error."),
                "content": content(ErrorOut, "serialization"),
            }
        item: dict[str, Any] = {
            "operationId": rule.endpoint.removeprefix("api."),
            "summary": spec.summary,
            "tags": [spec.tag],
            "parameters": parameters,
            "responses": responses,
        }
        if spec.description:
            item["description"] = spec.description
        if spec.body is not None:
            item["requestBody"] = {"required": not spec.optional_body, "content": content(spec.body, "validation")}
        if spec.public:
            item["security"] = []
        paths.setdefault(path, {})[method.lower()] = item
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Employee concerns API",
            "version": "1",
            "description": "Raise concerns about company contracts, co-sign them, and follow them to a "
            'decision. Errors answer `{"error": {"code", "message", "fields"}}`.',
        },
        "paths": paths,
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal access token from the account page "
                    "or `flask --app wsgi users token EMAIL`.",
                }
            },
        },
        "security": [{"bearerAuth": []}],
    }


@bp.get("/openapi.json")
@operation("This description", tag="meta", public_view=True)
def openapi() -> Response:
    """The OpenAPI document (public: it names no one), built once per process."""
    cache = current_app.extensions.setdefault("api_openapi", {})
    if "spec" not in cache:
        cache["spec"] = build(current_app._get_current_object())  # type: ignore[attr-defined]
    return jsonify(cache["spec"])
