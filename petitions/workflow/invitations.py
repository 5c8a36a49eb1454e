"""Invitations (an admin asks a person to choose a password) and "Forgot your password?".

Both mail a single-use link (``workflow/links.py``). An invitation is audited; a reset request
is not (it would tell the log who forgot what), and it does nothing visible for an address
without an account: the page answers the same, and ``auth/recovery_views.py`` makes it take
the same time.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AccessLink, OutboxMail, User
from petitions.workflow import audit, links, policy
from petitions.workflow.errors import Conflict, Forbidden, NotFound

RESET_LINKS_MAX = 3  # live reset links per person: more requests mail nothing (no mail bombing)
INVITE_SUBJECT = "Your account on the employee concerns platform"
RESET_SUBJECT = "Choosing a new password for the employee concerns platform"


def _invite_hours() -> int:
    return int(current_app.config["INVITE_LINK_HOURS"])


def _queue(session: Session, person: User, purpose: str) -> None:
    """Issue a link and queue the mail that carries it."""
    if purpose == "invite":
        token = links.issue(session, person.id, "invite", timedelta(hours=_invite_hours()))
        subject = INVITE_SUBJECT
        body = (f"You have an account on the employee concerns platform. Choose your password here "
                f"(the link works once, for {_invite_hours()} hours):\n\n{links.url_for_token(token)}\n\n"
                "If you did not expect this mail, you can ignore it.\n")
    else:
        minutes = int(current_app.config["RESET_LINK_MINUTES"])
        token = links.issue(session, person.id, "reset", timedelta(minutes=minutes))
        subject = RESET_SUBJECT
        body = (f"Someone asked to choose a new password for your account on the employee concerns platform. "
                f"If it was you, choose it here (the link works once, for {minutes} minutes):\n\n"
                f"{links.url_for_token(token)}\n\nIf it was not you, ignore this mail: your password stays as it is.\n")
    session.add(OutboxMail(to_addr=person.email, subject=subject, body=body, created_at=utcnow(), attempts=0))


def invite(actor: User | None, user_id: int) -> User:
    """Mail a person an invitation link (admins; ``actor=None`` is the command line)."""
    if actor is not None and not policy.can_administer(actor):
        raise Forbidden("Only admins invite people.")
    with write_transaction() as session:
        person = session.get(User, user_id)
        if person is None:
            raise NotFound("No such person.")
        if not person.active:
            raise Conflict(f"{person.email} is deactivated; an invitation would not work.")
        _queue(session, person, "invite")
        audit.record(session, "user.invited", actor_id=actor.id if actor else None, subject_user_id=person.id)
    return person


def pending(actor: User | None) -> list[User]:
    """Active people without a password and without a working invitation (such as an HR import)."""
    if actor is not None and not policy.can_administer(actor):
        raise Forbidden("Only admins invite people.")
    live_invite = exists().where(and_(AccessLink.user_id == User.id, AccessLink.purpose == "invite",
                                      AccessLink.used_at.is_(None), AccessLink.expires_at > utcnow()))
    query = select(User).where(User.active.is_(True), User.password_hash.is_(None), ~live_invite).order_by(User.id)
    return list(db.session.scalars(query))


def invite_pending(actor: User | None) -> int:
    """Invite every pending person (see ``pending``); returns how many were invited."""
    count = 0
    for person in pending(actor):
        invite(actor, person.id)
        count += 1
    return count


def request_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an active account; otherwise do nothing."""
    address = (email or "").strip().lower()
    if not address or len(address) > 254:
        return
    with write_transaction() as session:
        person = session.scalar(select(User).where(User.email == address))
        if person is None or not person.active or links.live_count(session, person.id, "reset") >= RESET_LINKS_MAX:
            return
        _queue(session, person, "reset")
