"""Configuration: safe defaults, then ``instance/config.py``, then ``PETITIONS_*`` variables.

No secret lives here. A development instance gets random keys written to ``instance/`` on
first run; production (``PETITIONS_ENV=production``) refuses to start without its own.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

# Policy settings admins may change in the pages; these are the defaults.
POLICY_DEFAULTS: dict[str, int | float | bool] = {
    "REVIEW_THRESHOLD": 25,
    "SIGNING_WINDOW_DAYS": 60,
    "ACKNOWLEDGE_DAYS": 7,
    "DECIDE_DAYS": 90,
    "RESPOND_DAYS": 14,
    "QUORUM_FRACTION": 0.5,
    "K_ANONYMITY": 5,
    "AUTO_PUBLISH": True,
}


class Defaults:
    """Built-in defaults; every key can be overridden."""

    ENV = "development"
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): see ARCHITECTURE.md.
    PASSWORD_HASH_TIME_COST = 2
    PASSWORD_HASH_MEMORY_COST = 19456
    PASSWORD_HASH_PARALLELISM = 1
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "petitions"
    LOGIN_RATE_LIMIT = "10 per minute"  # per client address, POSTs of the login and recovery forms
    BAD_BEARER_RATE_LIMIT = "10 per minute"  # per client address, API calls whose bearer credential fails
    LOGIN_FREE_FAILURES = 5
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_DELAY_BASE_SECONDS = 1.0
    LOGIN_DELAY_MAX_SECONDS = 900.0
    TOKENS_PER_PERSON_MAX = 10
    PROXY_HOPS = 0  # how many reverse proxies in front to trust for the client address
    SESSION_IDLE_MINUTES = 480
    SESSION_MAX_HOURS = 72
    PASSWORD_LOGIN = True
    RECOVERY_ANSWER_SECONDS = 0.5  # "Forgot your password?" answers after this long, whatever the address
    INVITE_LINK_HOURS = 72
    RESET_LINK_MINUTES = 60
    OIDC_ISSUER: str | None = None
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_NAME = "your company account"
    OIDC_DEPARTMENT_CLAIM = "department"
    OIDC_LOCATION_CLAIM = "location"
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "petitions@localhost"
    AUDIT_ANCHOR_FILE: str | None = None  # default: instance/audit-anchors.log
    AUDIT_DIGEST_MAIL = True  # the job runner mails the chain's head to the committee daily


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill ``app.config`` in order: defaults, instance file, environment, test overrides."""
    app.config.from_object(Defaults)
    app.config.update(POLICY_DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("PETITIONS")
    if test_config:
        app.config.update(test_config)

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'petitions.db'}"
        app.config["SQLALCHEMY_DATABASE_URI"] = str(url)

    production = app.config["ENV"] == "production"
    for key, filename in (("SECRET_KEY", "secret.key"), ("SIGNATURE_KEY", "signature.key"), ("AUDIT_KEY", "audit.key")):
        value = app.config.get(key)
        if value is not None and not isinstance(value, str):
            # from_prefixed_env parses JSON: a digits-only secret arrives as a number.
            value = str(value)
        if not value:
            if production and key == "SECRET_KEY":
                raise RuntimeError("PETITIONS_SECRET_KEY must be set in production")
            value = _instance_secret(instance / filename)
        app.config[key] = value

    # The cookie lives no longer than the session may; in production only over HTTPS.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=float(app.config["SESSION_MAX_HOURS"]))
    if production:
        app.config["SESSION_COOKIE_SECURE"] = True


def _instance_secret(path: Path) -> str:
    """Read a random key kept in ``instance/``, creating it (mode 0600) on first use."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # another process created it first
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()
