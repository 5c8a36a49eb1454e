"""The ``/api/v1`` blueprint: bearer tokens only, JSON errors, a per-caller rate limit.

The API never reads the session cookie, so it needs no CSRF token: a request is either
carrying a valid personal access token or it is answered 401.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, request
from flask_limiter.util import get_remote_address

from petitions.api.auth import authenticate
from petitions.extensions import csrf, limiter

DEFAULT_RATE_LIMIT = "300 per minute"
ID_MAX = 2**31 - 1  # ids are 32-bit integers in PostgreSQL


# Route argument for row ids: out-of-range numbers are a plain 404, never a database error.
ID = f"int(min=1, max={ID_MAX})"


bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_request(authenticate)


def _rate_limit() -> str:
    """The limit in force (``API_RATE_LIMIT`` in config), per token or per address."""
    return str(current_app.config.get("API_RATE_LIMIT", DEFAULT_RATE_LIMIT))


def _rate_key() -> str:
    """Each token gets its own bucket (a digest, never the token); anonymous callers share by address."""
    header = request.headers.get("Authorization", "")
    if header:
        return "token:" + hashlib.sha256(header.encode()).hexdigest()
    return "addr:" + get_remote_address()


limiter.limit(_rate_limit, key_func=_rate_key)(bp)
