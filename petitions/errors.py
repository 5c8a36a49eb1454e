"""The one way out for errors: the error pages, the API's error shape, and service errors on forms.

Services raise typed errors (``workflow/errors.py``). Under ``/api/`` every error leaves as
``{"error": {"code", "message", "fields"}}`` (``json_error``); pages show an error page for
403 and 404 (``abort_if_hidden``), put per-field messages on the form (``put_errors``,
``form_error``) or flash the message (``flash_refusal``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, flash, jsonify, render_template, request
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


def init_app(app: Flask) -> None:
    """Register the error handlers for the whole application."""
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, server_error)


def abort_if_hidden(exc: ServiceError) -> None:
    """What the caller may not see (404) or do (403) is an error page, never a message."""
    if exc.status in (403, 404):
        abort(exc.status)


def flash_refusal(exc: ServiceError) -> None:
    """403 and 404 as pages; any other refusal as a flashed message (the caller redirects)."""
    abort_if_hidden(exc)
    flash(exc.message, "error")


def put_errors(form: FlaskForm, fields: dict[str, str]) -> list[str]:
    """Attach service field messages to the form's fields; return those with no field."""
    leftover: list[str] = []
    for name, message in fields.items():
        field: Field | None = form._fields.get(name)
        if field is None:
            leftover.append(message)
        else:
            field.errors = [message]
    return leftover


def form_error(form: FlaskForm, exc: ServiceError) -> list[str]:
    """A service error onto a form: 403 and 404 as pages, field messages on their fields.

    Returns the messages that belong to no field, for the page's error summary.
    """
    abort_if_hidden(exc)
    return put_errors(form, exc.fields)


def show_errors(form: FlaskForm, exc: ServiceError) -> None:
    """Put a service's per-field messages on the form's fields; anything else is flashed."""
    unplaced = put_errors(form, exc.fields)
    if unplaced or not exc.fields:
        flash(exc.message if not unplaced else " ".join(unplaced), "error")
