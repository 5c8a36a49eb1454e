"""Login sessions as server records: started at login, checked on every request, ended at will.

The browser's cookie carries a random session id; the database keeps only its SHA-256, so a
copy of the table signs nobody in. A session is over when ``ended_at`` is set (logout, the
account page, a password change or reset, deactivation), after ``SESSION_IDLE_MINUTES`` without
use, or ``SESSION_MAX_HOURS`` after it started, whichever comes first. Because the record is in
the database, every worker and every host sees the same answer at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import LoginSession, User
from petitions.workflow.errors import NotFound

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most once a minute per session
AGENT_MAX = 200


def digest(sid: str) -> str:
    """The stored form of a session id."""
    return hashlib.sha256(sid.encode()).hexdigest()


def _idle() -> timedelta:
    return timedelta(minutes=float(current_app.config["SESSION_IDLE_MINUTES"]))


def _lifetime() -> timedelta:
    return timedelta(hours=float(current_app.config["SESSION_MAX_HOURS"]))


def start(user: User, method: str, user_agent: str = "") -> str:
    """A new session for ``user``; returns the random id for the cookie (never stored)."""
    sid = secrets.token_urlsafe(32)
    with write_transaction() as session:
        session.add(LoginSession(user_id=user.id, sid_hash=digest(sid), method=method,
                                 user_agent=(user_agent or "")[:AGENT_MAX]))
    return sid


def live(record: LoginSession, now: datetime) -> bool:
    """Whether a session record still signs its person in at ``now``."""
    return (record.ended_at is None and now - record.last_seen_at < _idle()
            and now - record.created_at < _lifetime())


def resume(sid: str | None, user_id: int) -> LoginSession | None:
    """The live session ``sid`` of ``user_id``, touched as used; ``None`` if it is over or unknown."""
    if not sid or len(sid) > 100:
        return None
    record = db.session.scalar(select(LoginSession).where(LoginSession.sid_hash == digest(sid)))
    now = utcnow()
    if record is None or record.user_id != user_id or not live(record, now):
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        with write_transaction() as session:
            session.execute(update(LoginSession).where(LoginSession.id == record.id, LoginSession.ended_at.is_(None))
                            .values(last_seen_at=now).execution_options(synchronize_session=False))
    return record


def end(sid: str | None) -> None:
    """End the session with this id (logout); unknown ids are ignored."""
    if not sid:
        return
    with write_transaction() as session:
        session.execute(update(LoginSession).where(LoginSession.sid_hash == digest(sid), LoginSession.ended_at.is_(None))
                        .values(ended_at=utcnow()).execution_options(synchronize_session=False))


def end_all_of(session: Session, user_id: int, keep_sid: str | None = None) -> int:
    """End every session of a person but ``keep_sid``'s, inside the caller's transaction."""
    query = update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
    if keep_sid:
        query = query.where(LoginSession.sid_hash != digest(keep_sid))
    result = session.execute(query.values(ended_at=utcnow()).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def end_one(user: User, session_id: int) -> None:
    """End one of the person's own sessions (from the account page)."""
    with write_transaction() as session:
        record = session.get(LoginSession, session_id)
        if record is None or record.user_id != user.id:
            raise NotFound("No such session.")
        if record.ended_at is None:
            record.ended_at = utcnow()


def end_others(user: User, keep_sid: str | None) -> int:
    """End every session of the person but this one; returns how many ended."""
    with write_transaction() as session:
        return end_all_of(session, user.id, keep_sid)


def list_live(user: User) -> list[LoginSession]:
    """The person's live sessions, most recently used first."""
    now = utcnow()
    query = (select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
             .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc()).limit(200))
    return [record for record in db.session.scalars(query) if live(record, now)]
