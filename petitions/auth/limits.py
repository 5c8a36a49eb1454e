"""Per-address limits on guessing: the login and recovery forms, and bad bearer tokens.

Counts live in Flask-Limiter's storage (``RATELIMIT_STORAGE_URI``: ``memory://`` for one
process, ``redis://...`` when several workers or hosts serve, so they share one count). The
address is the client's as ProxyFix reports it (``PROXY_HOPS``), so people behind the company's
proxy are not one address. Per-account counting lives in ``workflow/throttle.py``.
"""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse

from petitions.extensions import limiter


def login_limit() -> str:
    """The per-address limit on posting the login and recovery forms."""
    return str(current_app.config["LOGIN_RATE_LIMIT"])


login_form_limit = limiter.shared_limit(login_limit, scope="login-forms", methods=["POST"])


def _bad_token_key() -> tuple[str, str]:
    return str(current_app.config.get("RATELIMIT_KEY_PREFIX") or ""), "bad-token:" + get_remote_address()


def bad_tokens_exhausted() -> bool:
    """Whether this address has used up its allowance of failed bearer tokens."""
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    rule = parse(str(current_app.config["BAD_BEARER_RATE_LIMIT"]))
    return not limiter.limiter.test(rule, *_bad_token_key())


def count_bad_token() -> None:
    """Spend one of this address's failed-token allowance."""
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    rule = parse(str(current_app.config["BAD_BEARER_RATE_LIMIT"]))
    limiter.limiter.hit(rule, *_bad_token_key())

