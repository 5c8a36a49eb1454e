"""The front door (``/``) and the health check. Error pages live in ``petitions.errors``."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user
from sqlalchemy import text
from werkzeug.wrappers import Response

from petitions.extensions import db
from petitions.security import public

bp = Blueprint("home", __name__)

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
