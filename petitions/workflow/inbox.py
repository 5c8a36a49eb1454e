"""A person's in-app notifications."""

from __future__ import annotations

from sqlalchemy import func, select, update

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Notification, User


def recent(user: User, limit: int = 100) -> list[Notification]:
    """The newest notifications for ``user``."""
    query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def unread_count(user: User) -> int:
    """How many notifications ``user`` has not seen."""
    query = select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    return db.session.scalar(query) or 0


def mark_read(user: User) -> None:
    """Mark every notification of ``user`` as read."""
    if not unread_count(user):
        return
    with write_transaction() as session:
        session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )
