"""Pages for being heard: what is waiting for you (``/``), and no dead end on a form's address."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from petitions.errors import raise_if_hidden, refusal_text
from petitions.workflow import reconsider as reconsideration
from petitions.workflow import settings, waiting
from petitions.workflow.errors import ServiceError
from petitions.workflow.visible import concern_for

bp = Blueprint("heard", __name__)


def show_waiting() -> str:
    """What is waiting for the person logged in (rendered by ``/``)."""
    return render_template("heard/waiting.html", waiting=waiting.for_person(current_user))


def _page_above(path: str) -> str | None:
    """The nearest address above ``path`` that a GET can show (``/concerns/5/sign`` -> ``/concerns/5``)."""
    adapter = current_app.url_map.bind("")
    parts = path.rstrip("/").split("/")
    while len(parts) > 2:  # never the front door: ``/logout`` stays a plain 405
        parts.pop()
        candidate = "/".join(parts)
        try:
            adapter.match(candidate, method="GET")
        except HTTPException:
            continue
        except RequestRedirect:
            continue
        return candidate
    return None


@bp.app_errorhandler(405)
def method_not_allowed(error: HTTPException) -> Any:
    """A form's address opened or reloaded with GET (after a failed post, say): go to its page, not a dead end.

    The API keeps its JSON 405; a page address with no GET above it gets the usual error page.
    """
    if request.method == "GET" and not request.path.startswith("/api/"):
        target = _page_above(request.path)
        if target is not None:
            return redirect(target, 303)
    from petitions.errors import http_error

    return http_error(error)


@bp.route("/concerns/<int(min=1, max=2147483647):concern_id>/reconsider", methods=["GET", "POST"])
def reconsider(concern_id: int) -> Any:
    """The author of a rejected concern asks the committee to reconsider, saying why."""
    concern = concern_for(current_user, concern_id)
    error, reason, status = None, "", 200
    if request.method == "POST":
        reason = request.form.get("reason", "")
        try:
            reconsideration.request(current_user, concern_id, reason)
        except ServiceError as exc:
            raise_if_hidden(exc)
            error, status = refusal_text(exc), exc.status
        else:
            flash("The ethics committee was asked to reconsider. You will be told what it decides.", "success")
            return redirect(url_for("concerns.show_concern", concern_id=concern_id))
    return render_template("heard/reconsider.html", concern=concern, error=error, reason=reason), status


@bp.get("/how-it-works")
def how_it_works() -> str:
    """The states, the review threshold and the clocks, from the settings in force."""
    return render_template("heard/how_it_works.html", settings=settings.all_values())


@bp.get("/privacy")
def privacy() -> str:
    """Who can see what, and what cannot be protected."""
    return render_template("heard/privacy.html", settings=settings.all_values())
