"""In-app notifications, how each person wants to hear of them, and the outgoing mail queue."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import db

# How a person hears of one kind of event, besides the notification in the app.
DELIVERIES = ("app", "mail", "digest")


class Notification(db.Model):  # type: ignore[name-defined,misc]
    """A message shown to one user in the pages.

    ``digest`` marks a notification that its user wants by mail in the daily digest;
    ``digested_at`` is when a digest mail was queued for it.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_digest_digested_at", "digest", "digested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    concern_id: Mapped[int | None] = mapped_column(ForeignKey("concerns.id"))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    digest: Mapped[bool] = mapped_column(default=False)
    digested_at: Mapped[datetime | None]


class NotificationSetting(db.Model):  # type: ignore[name-defined,misc]
    """One person's choice for one kind of event; no row means the default (mail at once)."""

    __tablename__ = "notification_settings"
    __table_args__ = (CheckConstraint("delivery IN ('app', 'mail', 'digest')", name="delivery"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(10))


class MailDigest(db.Model):  # type: ignore[name-defined,misc]
    """A daily digest queued for one person on one day; the key makes it once a day."""

    __tablename__ = "mail_digests"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMail(db.Model):  # type: ignore[name-defined,misc]
    """An email waiting for the job runner; claimed before it is sent.

    ``attempts`` counts claims; a failed attempt waits until ``next_attempt_at``; after the last
    attempt the mail is ``failed_at`` with ``last_error`` and never claimed again.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_sent_at_claimed_at", "sent_at", "claimed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_addr: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    next_attempt_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
