"""The browser's side of a login session: the cookie names a server record, nothing more.

Flask's signed cookie carries the random session id (plus the CSRF token and flash messages);
who is signed in is decided by the server record it names (``workflow/sessions.py``), checked on
every request by ``security.load_user``. So ending the record ends the cookie, wherever it went.
"""

from __future__ import annotations

from flask import request, session
from flask_login import login_user, logout_user

from petitions.models import User
from petitions.workflow import sessions

SID = "sid"


def sign_in(user: User, method: str) -> None:
    """Start a server session for ``user`` in a fresh cookie (nothing from before survives)."""
    session.clear()
    sid = sessions.start(user, method, request.headers.get("User-Agent", ""))
    session[SID] = sid
    session.permanent = True  # the cookie expires with SESSION_MAX_HOURS, not 31 days
    login_user(user)


def sign_out() -> None:
    """End this browser's server session at once, then forget the cookie."""
    sessions.end(current_sid())
    logout_user()
    session.clear()


def current_sid() -> str | None:
    """The session id this browser sent."""
    value = session.get(SID)
    return value if isinstance(value, str) else None
