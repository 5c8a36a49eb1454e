"""Who is asking and may they: user loading, default-deny login, role gates, headers.

Every endpoint needs a logged-in person unless its view is marked ``@public``. The API
blueprint authenticates bearer tokens itself (and never cookies, so it needs no CSRF token).
Each audience blueprint adds a role gate with ``bp.before_request(require_role(...))``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from petitions.auth.session_cookie import current_sid
from petitions.extensions import db, login_manager
from petitions.models import User
from petitions.workflow import sessions

F = TypeVar("F", bound=Callable[..., Any])

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def public(view: F) -> F:
    """Mark a view as reachable without logging in (login, health check)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def is_public_endpoint(endpoint: str | None) -> bool:
    """Whether ``endpoint`` is reachable without a session."""
    if endpoint is None or endpoint == "static":
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def require_role(role: str) -> Callable[[], None]:
    """A ``before_request`` gate: the blueprint is for holders of ``role`` only (else 403)."""

    def gate() -> None:
        if not current_user.is_authenticated:
            return None  # the default-deny guard already redirected
        if not current_user.has_role(role):
            abort(403)
        return None

    return gate


# A signing request's line in the development server's access log names the client address;
# next to the concern id and the time, that could point at an anonymous signer.
_SIGNING_LINE = re.compile(r'"(POST|DELETE) /(api/v1/)?concerns/\d+/(sign|signatures|signature/withdraw)')
_ADDRESS = re.compile(r"^\S+")


class HideSignerAddresses(logging.Filter):
    """Blank the client address in access-log lines of signing and withdrawing requests."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drop it."""
        message = record.getMessage()
        if _SIGNING_LINE.search(message):
            record.msg, record.args = _ADDRESS.sub("-", message, count=1), ()
        return True


def init_app(app: Flask) -> None:
    """Wire the login manager, the default-deny guard and the security headers."""
    logging.getLogger("werkzeug").addFilter(HideSignerAddresses())
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The cookie names a server session; only a live one signs anyone in.
        try:
            record = sessions.resume(current_sid(), int(user_id))
        except ValueError:
            return None
        if record is None:
            return None
        user = db.session.get(User, record.user_id)
        return user if user is not None and user.active else None

    if app.config.get("PROXY_HOPS"):
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    @app.before_request
    def default_deny() -> Any:
        if request.blueprint == "api" or is_public_endpoint(request.endpoint):
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if current_app.config["ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static":
            # Pages name people; no shared cache or back-button cache should keep them.
            headers.setdefault("Cache-Control", "no-store")
        return response
