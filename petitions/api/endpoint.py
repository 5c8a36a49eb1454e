"""Declaring an API operation once: its request models, its responses, its documentation.

``@operation(...)`` parses and validates the body and query string with the pydantic models it
names, hands them to the view as ``body`` and ``query``, and records everything on the view so
``openapi.json`` is generated from the very models that validated the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from flask import jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.wrappers import Response

from petitions.security import public
from petitions.workflow.errors import Invalid

M = TypeVar("M", bound=BaseModel)
View = Callable[..., Response]


@dataclass(frozen=True)
class Operation:
    """What ``openapi.json`` says about one view."""

    summary: str
    tag: str
    description: str = ""
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    status: int = 200
    response: type[BaseModel] | None = None
    errors: tuple[int, ...] = field(default=())
    public: bool = False
    optional_body: bool = False


def operation(
    summary: str,
    *,
    tag: str,
    description: str = "",
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    status: int = 200,
    response: type[BaseModel] | None = None,
    errors: tuple[int, ...] = (),
    public_view: bool = False,
    optional_body: bool = False,
) -> Callable[[View], View]:
    """Declare a view's request models and responses (put it under the route decorator).

    With ``optional_body`` an empty request body means the model's defaults (every field of
    ``body`` must then have one); a body that is sent is validated as usual.
    """
    implied = {429}
    if not public_view:
        implied.add(401)
    if body is not None or query is not None:
        implied.add(400)
    spec = Operation(
        summary,
        tag,
        description,
        body,
        query,
        status,
        response,
        tuple(sorted(implied | set(errors))),
        public_view,
        optional_body,
    )

    def decorate(view: View) -> View:
        """Wrap ``view`` so it receives its parsed models, and attach the description."""

        @wraps(view)
        def wrapper(**kwargs: Any) -> Response:
            """Parse, then call the view (``@wraps`` replaces this docstring with the view's)."""
            if body is not None:
                empty = optional_body and not request.get_data()
                kwargs["body"] = body() if empty else parse_body(body)
            if query is not None:
                kwargs["query"] = parse_query(query)
            return view(**kwargs)

        wrapper.api_operation = spec  # type: ignore[attr-defined]
        return public(wrapper) if public_view else wrapper

    return decorate


def parse_body(model: type[M]) -> M:
    """The JSON body validated by ``model``; anything else is ``Invalid`` (400), never a 500."""
    if not request.is_json:
        raise Invalid("Send a JSON object with Content-Type: application/json.")
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as exc:
        raise invalid(exc) from None


def parse_query(model: type[M]) -> M:
    """The query string validated by ``model`` (the first value of a repeated parameter)."""
    try:
        return model.model_validate({key: request.args.get(key) for key in request.args})
    except ValidationError as exc:
        raise invalid(exc) from None


# Pydantic checks only that each value has its JSON type (and that ids and pages are in range);
# what the value says (length, characters, choices, required text) is checked once, by the service.
_TYPE_WORDS = {
    "missing": "is required.",
    "string_type": "must be text.",
    "bool_type": "must be true or false.",
    "bool_parsing": "must be true or false.",
    "int_type": "must be a whole number.",
    "int_parsing": "must be a whole number.",
    "int_from_float": "must be a whole number.",
    "list_type": "must be a list.",
    "model_type": "must be an object.",
    "model_attributes_type": "must be an object.",
}


def _message(error: Any, label: str) -> str:
    """One pydantic error in the words the services use."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ("at least", ctx.get("ge")) if kind == "greater_than_equal" else ("at most", ctx.get("le"))
        return f"{label} must be {bound[0]} {bound[1]}."
    if kind.startswith("date"):
        return f"{label} must be a date in the form YYYY-MM-DD."
    if kind == "value_error":
        return f"{label} {ctx['error']}"
    return f"{label} {_TYPE_WORDS.get(kind, 'is not valid.')}"


def _label(loc: tuple[int | str, ...]) -> str:
    """``("commitments", 0, "text")`` as "Commitments #1 text"."""
    words = [f"#{part + 1}" if isinstance(part, int) else str(part).replace("_", " ") for part in loc]
    return " ".join(words).capitalize()


def invalid(exc: ValidationError) -> Invalid:
    """A pydantic failure as ``Invalid`` with one message per field."""
    fields: dict[str, str] = {}
    for error in exc.errors():
        loc = error["loc"]
        if not loc:
            if error["type"] == "json_invalid":
                return Invalid("The request body is not valid JSON.")
            return Invalid("The request body must be a JSON object.")
        # An item of a list is named by its path, as the services name it: ``commitments.0.text``.
        # Otherwise the first part names the field (later parts are pydantic's union tags).
        path = loc if any(isinstance(part, int) for part in loc) else loc[:1]
        fields.setdefault(".".join(str(part) for part in path), _message(error, _label(path)))
    first = next(iter(fields.values()), "Some fields need attention.")
    return Invalid(first if len(fields) == 1 else "Some fields need attention.", fields)


def reply(model: BaseModel, status: int = 200) -> Response:
    """A response model as JSON."""
    response = jsonify(model.model_dump(mode="json"))
    response.status_code = status
    return response
