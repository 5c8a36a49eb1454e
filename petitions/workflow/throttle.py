"""Failed logins counted per address in the database, with a growing wait.

Every worker and host reads and writes the same rows, so the count cannot be multiplied by
adding workers. The row is keyed by a keyed hash of the address typed, account or not, so an
unknown address is throttled exactly like a known one and the wait tells nothing.

An attempt is counted *before* the password is checked (``begin``), under a row lock, and the
row is cleared when the password was right (``succeeded``). So parallel guesses cannot slip
through while one Argon2 run is going on: each one takes its turn at the counter.

After ``LOGIN_FREE_FAILURES`` (5) counted attempts within ``LOGIN_WINDOW_MINUTES`` (15), each
further one makes the address wait ``LOGIN_DELAY_BASE_SECONDS * 2**(n - 5)``, at most
``LOGIN_DELAY_MAX_SECONDS``, whoever tries (a right password included) and from wherever.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.models import LoginThrottle


def key_of(email: str) -> str:
    """The row key of an address (never the address itself)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"login:" + (email or "").strip().lower().encode(), hashlib.sha256).hexdigest()


def delay_after(failures: int) -> timedelta:
    """How long an address waits after ``failures`` counted attempts."""
    config = current_app.config
    free = int(config["LOGIN_FREE_FAILURES"])
    if failures < free:
        return timedelta(0)
    seconds = float(config["LOGIN_DELAY_BASE_SECONDS"]) * 2 ** min(failures - free, 30)
    return timedelta(seconds=min(seconds, float(config["LOGIN_DELAY_MAX_SECONDS"])))


def begin(email: str) -> int:
    """Count an attempt for ``email``; returns 0 if it may go on, else the seconds left to wait."""
    key = key_of(email)
    for _ in range(2):  # a concurrent first insert of the same key: retry once as an update
        try:
            return _begin(key, utcnow())
        except IntegrityError:
            continue
    return _begin(key, utcnow())


def _begin(key: str, now: datetime) -> int:
    window = timedelta(minutes=float(current_app.config["LOGIN_WINDOW_MINUTES"]))
    with write_transaction() as session:
        row = session.scalar(select(LoginThrottle).where(LoginThrottle.key == key).with_for_update())
        if row is None:
            row = LoginThrottle(key=key, failures=0, last_failed_at=now)
            session.add(row)
        elif row.locked_until is not None and row.locked_until > now:
            return max(1, math.ceil((row.locked_until - now).total_seconds()))
        elif now - row.last_failed_at > window:
            row.failures = 0
        row.failures += 1
        row.last_failed_at = now
        wait = delay_after(row.failures)
        row.locked_until = now + wait if wait else None
    return 0


def succeeded(email: str) -> None:
    """The password was right: forget the address's failures."""
    with write_transaction() as session:
        session.execute(delete(LoginThrottle).where(LoginThrottle.key == key_of(email)))
