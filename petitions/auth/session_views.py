"""The account page's sessions: end one, or every one but this."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.auth.session_cookie import current_sid
from petitions.auth.views import bp
from petitions.errors import flash_refusal
from petitions.workflow import sessions
from petitions.workflow.errors import ServiceError


@bp.post("/account/sessions/<int:session_id>/end")
def end_session(session_id: int) -> Response:
    """End one of one's sessions (this one included: that is a logout)."""
    try:
        sessions.end_one(current_user, session_id)
    except ServiceError as exc:
        flash_refusal(exc)  # someone else's session is a 404, like anything one may not see
    else:
        flash("That session has ended.", "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/sessions/end-others")
def end_other_sessions() -> Response:
    """End every session of one's own but this one."""
    count = sessions.end_others(current_user, current_sid())
    flash("No other session was open." if not count else
          f"Ended {count} other session{'s' if count != 1 else ''}.", "success")
    return redirect(url_for("auth.account"))
