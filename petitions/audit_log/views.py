"""``/audit``: the audit log as the reader may see it (``audit.events`` filters it).

The committee and admins read it; anyone else is refused (403). ``?concern_id=`` narrows it to
one concern; ids and page numbers are bounded, so a huge number is a 404, never a 500.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from petitions.workflow import audit

bp = Blueprint("audit", __name__)

PER_PAGE = 50
MAX_ID = 2**31 - 1


def _bounded(name: str, default: int | None) -> int | None:
    """A positive integer query argument within the database's range; anything else is a 404."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        abort(404)
    return int(raw)


@bp.get("/audit")
def list_events() -> Any:
    """A page of the log, newest first, optionally for one concern."""
    concern_id = _bounded("concern_id", None)
    page = _bounded("page", 1) or 1
    found, total = audit.events(current_user, concern_id=concern_id, page=page, per_page=PER_PAGE)
    names = audit.names_of({i for e in found for i in (e.actor_id, e.subject_user_id) if i is not None})
    return render_template("audit/list_events.html", events=found, total=total, page=page, per_page=PER_PAGE,
                           concern_id=concern_id, names=names)
