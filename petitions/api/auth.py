"""Who is calling: a personal access token in ``Authorization: Bearer TOKEN``, and nothing else."""

from __future__ import annotations

from flask import g, request
from werkzeug.wrappers import Response

from petitions.auth import limits
from petitions.errors import json_error
from petitions.models import User
from petitions.security import is_public_endpoint
from petitions.workflow import credentials


def bearer_token() -> str | None:
    """The token from the ``Authorization`` header, if it uses the Bearer scheme."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def authenticate() -> Response | None:
    """``before_request``: set ``g.api_user`` from the token, or answer 401.

    Session cookies are ignored on purpose: a browser tab that is logged in must not be able
    to drive the API from another site.
    """
    g.api_user = None
    if is_public_endpoint(request.endpoint):
        return None
    token = bearer_token()
    if token and limits.bad_tokens_exhausted():
        # Every different bad token would otherwise get a fresh allowance of its own.
        return json_error(429, "Too many requests with tokens that do not work; wait a minute.", code="rate_limited")
    user = credentials.user_for_token(token) if token else None
    if user is None:
        if token:
            limits.count_bad_token()
        response = json_error(
            401, "Send a valid personal access token: Authorization: Bearer TOKEN.", code="unauthenticated"
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    g.api_user = user
    return None


def caller() -> User:
    """The authenticated caller of this request (only for views behind ``authenticate``)."""
    user: User | None = g.get("api_user")
    if user is None:  # pragma: no cover - authenticate() answered 401 before any view ran
        raise RuntimeError("no authenticated API caller")
    return user
