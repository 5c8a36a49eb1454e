"""Tell people about steps: an in-app notification each, and mail as each person chose.

Called inside a service's transaction, so a step and its notifications commit together.
Mail is only queued here; the job runner sends it, so a slow mail server never slows a request.
Anonymous signers are never notified individually: that would link them to the concern.

The in-app notification, read after login, names the concern; the mail names nothing
(``petitions.mail.news``). Per kind, each person gets the mail at once (the default), in the
daily digest (the notification is marked ``digest``) or not at all (``NotificationSetting``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from petitions import mail
from petitions.clock import utcnow
from petitions.models import Concern, Notification, NotificationSetting, OutboxMail, RoleGrant, Signature, User


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
    """Queue one notification per distinct active user, and mail as each chose. Returns how many."""
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
    text = one_line(f"Concern #{concern.id} \u201c{concern.title}\u201d: {message}" if concern else message)
    chosen = dict(
        session.execute(
            select(NotificationSetting.user_id, NotificationSetting.delivery).where(
                NotificationSetting.kind == kind, NotificationSetting.user_id.in_([uid for uid, _ in recipients])
            )
        ).all()
    )
    delivery = {uid: chosen.get(uid, "mail") for uid, _ in recipients}
    session.execute(
        insert(Notification),
        [
            {"user_id": uid, "concern_id": concern_id, "kind": kind, "message": text[:500], "created_at": now,
             "digest": delivery[uid] == "digest"}
            for uid, _ in recipients
        ],
    )
    subject, body = mail.news(about_concern=concern is not None)
    mails = [
        {"to_addr": email, "subject": subject, "body": body, "created_at": now, "attempts": 0}
        for uid, email in recipients
        if delivery[uid] == "mail"
    ]
    if mails:
        session.execute(insert(OutboxMail), mails)
    return len(recipients)


def one_line(text: str) -> str:
    """``text`` with line breaks and other control or separator characters (U+2028 too) as spaces."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
