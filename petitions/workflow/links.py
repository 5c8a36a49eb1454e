"""Single-use links that let a person set a password: invitations (72 hours) and resets (an hour).

The link carries a random token; only its SHA-256 is stored, so the table opens nothing. Using a
link sets the password, spends every other link of the person and ends every session they had.
The mail that carries a link is scrubbed of it once sent or given up (``link_text.scrub``), so the outbox
keeps no working link either.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AccessLink, User
from petitions.workflow import audit, sessions
from petitions.workflow.credentials import check_password, hash_password
from petitions.workflow.errors import Invalid, NotFound
from petitions.workflow.link_text import LINK_PATH
from petitions.workflow.text import FieldErrors

GONE = "This link does not work: it was used already, it expired, or it was replaced by a newer one."


def digest(token: str) -> str:
    """The stored form of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def url_for_token(token: str) -> str:
    """The address a mail gives for a token."""
    base_url = str(current_app.config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    return f"{base_url}{LINK_PATH}{token}"


def issue(session: Session, user_id: int, purpose: str, lifetime: timedelta) -> str:
    """A new link for a person, inside the caller's transaction; returns the token (never stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(AccessLink(user_id=user_id, purpose=purpose, token_hash=digest(token), created_at=now,
                           expires_at=now + lifetime))
    return token


def live_count(session: Session, user_id: int, purpose: str) -> int:
    """How many links of this kind the person holds that still work."""
    query = select(func.count()).select_from(AccessLink).where(
        AccessLink.user_id == user_id, AccessLink.purpose == purpose, AccessLink.used_at.is_(None),
        AccessLink.expires_at > utcnow())
    return session.scalar(query) or 0


def end_links_of(session: Session, user_id: int) -> None:
    """Spend every unused link of a person (deactivation, a password set through another link)."""
    session.execute(update(AccessLink).where(AccessLink.user_id == user_id, AccessLink.used_at.is_(None))
                    .values(used_at=utcnow()).execution_options(synchronize_session=False))


def find(token: str) -> AccessLink | None:
    """The link this token opens, if it still works (unused, unexpired, its person active)."""
    if not token or len(token) > 100:
        return None
    link = db.session.scalar(select(AccessLink).where(AccessLink.token_hash == digest(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    person = db.session.get(User, link.user_id)
    return link if person is not None and person.active else None


def redeem(token: str, password: str) -> User:
    """Set the password through a link: the link and every other one are spent, every session ends."""
    errors = FieldErrors()
    check_password(errors, password, "new_password")
    errors.raise_if_any()
    if find(token) is None:
        raise NotFound(GONE)
    hashed = hash_password(password)
    with write_transaction() as session:
        link = session.scalar(select(AccessLink).where(AccessLink.token_hash == digest(token)).with_for_update())
        person = session.get(User, link.user_id) if link is not None else None
        if link is None or person is None or not person.active or link.used_at is not None \
                or link.expires_at <= utcnow():
            raise Invalid(GONE, {"new_password": GONE})
        person.password_hash = hashed
        end_links_of(session, person.id)
        sessions.end_all_of(session, person.id)
        audit.record(session, "password.set_by_link", subject_user_id=person.id, detail={"purpose": link.purpose})
    return person
