"""The daily digest: one mail a day per person for the notifications they want that way.

``notify`` marks a notification ``digest`` when its user chose "in a daily digest" for its kind.
The job runner calls ``queue_digests(now)``; it queues at most one digest per person and UTC
day (the ``mail_digests`` key says so in the database), counting the pending notifications that
are still unread: one read in the app already needs no mail. Every pending notification is then
marked ``digested_at``, so running the job again the same day, or on another host, sends nothing
more. Like every mail, the digest names nothing (``petitions.mail.digest``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.exc import IntegrityError

from petitions import mail
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import MailDigest, Notification, OutboxMail, User


def _pending(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """Notifications waiting for a digest at ``now``."""
    return (Notification.digest.is_(True), Notification.digested_at.is_(None), Notification.created_at <= now)


def queue_digests(now: datetime) -> list[int]:
    """Queue today's digest for everyone who has one waiting; returns the ids of those mailed."""
    day = now.date()
    already = exists().where(MailDigest.user_id == Notification.user_id, MailDigest.day == day)
    people = list(db.session.scalars(select(Notification.user_id).where(*_pending(now), ~already).distinct()))
    db.session.commit()
    return [user_id for user_id in sorted(people) if _queue_one(user_id, now)]


def _queue_one(user_id: int, now: datetime) -> bool:
    """One person's digest for the day of ``now``; False if someone else queued it first."""
    day = now.date()
    try:
        with write_transaction() as session:
            if session.get(MailDigest, (user_id, day)) is not None:
                return False
            unread = session.scalar(
                select(db.func.count()).where(Notification.user_id == user_id, *_pending(now),
                                              Notification.read_at.is_(None))
            ) or 0
            marked = session.execute(
                update(Notification)
                .where(Notification.user_id == user_id, *_pending(now))
                .values(digested_at=now)
                .execution_options(synchronize_session=False)
            )
            if not getattr(marked, "rowcount", 0):
                return False
            session.add(MailDigest(user_id=user_id, day=day, created_at=now))
            person = session.get(User, user_id)
            queued = bool(unread and person is not None and person.active)
            if queued and person is not None:
                subject, body = mail.digest(unread)
                session.add(OutboxMail(to_addr=person.email, subject=subject, body=body, created_at=now, attempts=0))
    except IntegrityError:  # another runner queued this person's digest for the day meanwhile
        return False
    return queued
