"""Signing in: login sessions as server records, per-address login throttles, and the
single-use links of invitations and password resets (stored as hashes only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import db

LINK_PURPOSES = ("invite", "reset")


class LoginSession(db.Model):  # type: ignore[name-defined,misc]
    """One signed-in browser. The cookie carries a random id; only its SHA-256 is stored here.

    ``ended_at`` set means the session is over (logout, ended from the account page, password
    change, deactivation); a cookie naming it no longer signs anyone in.
    """

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_user_id_ended_at", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    method: Mapped[str] = mapped_column(String(20))  # password, sso, link
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class LoginThrottle(db.Model):  # type: ignore[name-defined,misc]
    """Failed logins for one address (a keyed hash of it, whether or not it has an account).

    Keyed by the address rather than the account so that an unknown address is throttled
    exactly like a known one: the throttle tells nobody which addresses have accounts.
    """

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]


class AccessLink(db.Model):  # type: ignore[name-defined,misc]
    """A single-use link that lets a person set a password (an invitation or a reset)."""

    __tablename__ = "access_links"
    __table_args__ = (
        CheckConstraint("purpose IN ('invite', 'reset')", name="purpose"),
        Index("ix_access_links_user_id_used_at", "user_id", "used_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
