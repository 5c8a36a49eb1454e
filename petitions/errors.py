"""The one way out for errors: the error pages, the API's error shape, and service errors on forms.

Services raise typed errors (``workflow/errors.py``). Under ``/api/`` every error leaves as
``{"error": {"code", "message", "fields"}}`` (``json_error``). A page view that catches a
refusal does one of two things: shows its form again with the messages on their fields
(``form_error``) or flashes the refusal and redirects (``flash_refusal``); 403 and 404, and
every refusal a view does not catch, become the error page (``service_error``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, flash, jsonify, render_template, request
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response
from wtforms import Field

from petitions.extensions import db
from petitions.workflow.errors import ServiceError

_CODES = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "invalid",
          409: "conflict", 413: "invalid", 429: "rate_limited"}
_MESSAGES = {
    401: "Log in first.",
    403: "You do not have permission to do that.",
    404: "There is nothing here, or you may not see it.",
    405: "That method is not allowed here.",
    413: "That upload is too large.",
    429: "Too many requests; wait a moment and try again.",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, message: str, fields: dict[str, str] | None = None, code: str | None = None) -> Response:
    """The API's error shape: ``{"error": {"code", "message", "fields"}}``."""
    response = jsonify(error={"code": code or _CODES.get(status, "invalid"), "message": message, "fields": fields or {}})
    response.status_code = status
    return response


def csrf_error(error: CSRFError) -> Any:
    """A missing or stale form token: explain, do not 500."""
    message = "The form expired or was sent from elsewhere. Please go back, reload the page and try again."
    return render_template("errors/error.html", code=400, message=message), 400


def http_error(error: HTTPException) -> Any:
    """HTML for pages, the JSON error shape under ``/api/``."""
    status = error.code or 500
    message = _MESSAGES.get(status, error.description or error.name)
    if _wants_json():
        return json_error(status, message)
    return render_template("errors/error.html", code=status, message=message), status


def server_error(error: Exception) -> Any:
    """Roll back whatever was half-done and answer 500 without details."""
    db.session.rollback()
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if _wants_json():
        return json_error(500, "Something went wrong on our side.", code="server_error")
    return render_template("errors/error.html", code=500, message="Something went wrong on our side."), 500


def service_error(exc: ServiceError) -> Any:
    """The one handler for a service's refusal that no view turned into something better.

    Under ``/api/`` it is the API's error shape with the service's status and code; a page gets
    the error page with the status. What the caller may not see says only "nothing here" (404).
    """
    if _wants_json():
        return json_error(exc.status, exc.message, exc.fields, code=exc.code)
    message = _MESSAGES[404] if exc.status == 404 else refusal_text(exc)
    return render_template("errors/error.html", code=exc.status, message=message), exc.status


def init_app(app: Flask) -> None:
    """Register the error handlers for the whole application."""
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(ServiceError, service_error)
    app.register_error_handler(Exception, server_error)


def refusal_text(exc: ServiceError) -> str:
    """A refusal in one sentence or a few: the message, then each field's message that adds to it."""
    return " ".join([exc.message, *(m for m in exc.fields.values() if m != exc.message)])


def raise_if_hidden(exc: ServiceError) -> None:
    """What the caller may not see (404) or do (403) is the error page (``service_error``), never a message."""
    if exc.status in (403, 404):
        raise exc


def _place(form: FlaskForm, fields: dict[str, str]) -> list[str]:
    """Attach each field's message to the form's field of that name; return those with no field.

    A form whose fields are not named as the service names them (rows of a list) says where a
    name goes with a ``field_for(name)`` method.
    """
    find = getattr(form, "field_for", None) or form._fields.get
    leftover: list[str] = []
    for name, message in fields.items():
        field: Field | None = find(name)
        if field is None:
            leftover.append(message)
        else:
            field.errors = [message]
    return leftover


def form_error(form: FlaskForm, exc: ServiceError) -> list[str]:
    """The one way a service error reaches a form that is shown again.

    403 and 404 become the error page; each per-field message goes on its field; the messages
    that belong to no field are returned for the page's summary (the page shows ``exc.message``).
    """
    raise_if_hidden(exc)
    return _place(form, exc.fields)


def flash_refusal(exc: ServiceError, form: FlaskForm | None = None) -> None:
    """A refusal as a flashed message, for a view that redirects (or re-renders ``form``).

    403 and 404 become the error page. With a form, per-field messages go on its fields and
    only what belongs to no field is flashed.
    """
    raise_if_hidden(exc)
    if form is not None and exc.fields:
        leftover = _place(form, exc.fields)
        if leftover:
            flash(" ".join(leftover), "error")
        return
    flash(refusal_text(exc), "error")
