"""Tell people about steps: an in-app notification and a queued email each.

Called inside a service's transaction, so a step and its notifications commit together.
Mail is only queued here; the job runner sends it, so a slow mail server never slows a request.
Anonymous signers are never notified individually: that would link them to the concern.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.models import Concern, Notification, OutboxMail, RoleGrant, Signature, User


def role_ids(session: Session, role: str) -> list[int]:
    """Active holders of ``role``."""
    query = select(User.id).join(RoleGrant).where(RoleGrant.role == role, User.active.is_(True))
    return list(session.scalars(query))


def named_signer_ids(session: Session, concern_id: int) -> list[int]:
    """Public and committee-visibility signers (anonymous rows have no user id)."""
    query = select(Signature.user_id).where(
        Signature.concern_id == concern_id, Signature.user_id.is_not(None)
    )
    return [uid for uid in session.scalars(query) if uid is not None]


def notify(
    session: Session,
    user_ids: Iterable[int],
    *,
    kind: str,
    message: str,
    concern: Concern | None = None,
) -> int:
    """Queue one notification and one email per distinct active user. Returns how many."""
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    recipients = session.execute(
        select(User.id, User.email).where(User.id.in_(ids), User.active.is_(True))
    ).all()
    if not recipients:
        return 0
    now = utcnow()
    concern_id = concern.id if concern is not None else None
    subject = f"Concern #{concern.id} \u201c{concern.title}\u201d: {message}" if concern else message
    base_url = current_app.config.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    link = f"{base_url}/concerns/{concern.id}" if concern else base_url
    body = f"{message}\n\n{link}\n\nYou receive this because of your part in this concern."
    session.execute(
        insert(Notification),
        [
            {"user_id": uid, "concern_id": concern_id, "kind": kind, "message": subject[:500], "created_at": now}
            for uid, _ in recipients
        ],
    )
    session.execute(
        insert(OutboxMail),
        [
            {"to_addr": email, "subject": subject[:300], "body": body, "created_at": now, "attempts": 0}
            for _, email in recipients
        ],
    )
    return len(recipients)
