"""The front door (``/``), the health check and the error pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from petitions.extensions import db
from petitions.security import public

bp = Blueprint("home", __name__)

_CODES = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "invalid",
          409: "conflict", 413: "invalid", 429: "rate_limited"}


@bp.get("/")
@public
def index() -> Response | str:
    """A visitor goes to the login page; a person to what is waiting for them."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    from petitions.heard.views import show_waiting

    return show_waiting()


@bp.get("/healthz")
@public
def healthz() -> tuple[Response, int]:
    """200 when the database answers, 503 otherwise (for load balancers and scripts)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok"), 200


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, message: str, fields: dict[str, str] | None = None, code: str | None = None) -> Response:
    """The API's error shape: ``{"error": {"code", "message", "fields"}}``."""
    response = jsonify(error={"code": code or _CODES.get(status, "invalid"), "message": message, "fields": fields or {}})
    response.status_code = status
    return response


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError) -> Any:
    """A missing or stale form token: explain, do not 500."""
    message = "The form expired or was sent from elsewhere. Please go back, reload the page and try again."
    return render_template("errors/error.html", code=400, message=message), 400


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> Any:
    """HTML for pages, the JSON error shape under ``/api/``."""
    status = error.code or 500
    messages = {
        401: "Log in first.",
        403: "You do not have permission to do that.",
        404: "There is nothing here, or you may not see it.",
        405: "That method is not allowed here.",
        413: "That upload is too large.",
        429: "Too many requests; wait a moment and try again.",
    }
    message = messages.get(status, error.description or error.name)
    if _wants_json():
        return json_error(status, message)
    return render_template("errors/error.html", code=status, message=message), status


@bp.app_errorhandler(Exception)
def server_error(error: Exception) -> Any:
    """Roll back whatever was half-done and answer 500 without details."""
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if _wants_json():
        return json_error(500, "Something went wrong on our side.", code="server_error")
    return render_template("errors/error.html", code=500, message="Something went wrong on our side."), 500
