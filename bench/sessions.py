"""Logged-in browsers for the benchmark, made by the app's own session code (``sign_in``: a server
session record and its cookie; no login form, so no Argon2 and no login limit in the way): a
session cookie and the CSRF token that goes with it.

wrk must send ``USER_AGENT``: Flask-Login's strong session protection ties the session to the
client address and browser.
"""

from __future__ import annotations

from flask import Flask, session
from flask_wtf.csrf import generate_csrf

from petitions.auth.session_cookie import sign_in
from petitions.extensions import db
from petitions.models import User

USER_AGENT = "petitions-bench"


def browser(app: Flask, user_id: int) -> tuple[str, str]:
    """``(cookie header value, csrf token)`` of a fresh session of ``user_id``."""
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                                  headers={"User-Agent": USER_AGENT}):
        user = db.session.get(User, user_id)
        assert user is not None
        sign_in(user, "password")
        token = generate_csrf()
        response = app.response_class()
        app.session_interface.save_session(app, session, response)  # type: ignore[arg-type]
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        db.session.remove()
    return cookie, token
