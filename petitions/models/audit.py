"""The append-only audit log, chained with a MAC whose key is not in the database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from petitions.extensions import db


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    """One audited event. ``hash`` is the row's MAC: HMAC(audit key, every field + ``prev_hash``).

    The column names predate the key; ``prev_hash`` is the previous row's MAC.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    concern_id: Mapped[int | None] = mapped_column(ForeignKey("concerns.id"), index=True)
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(db.Model):  # type: ignore[name-defined,misc]
    """The latest row id and MAC, kept apart so deleting the last row is detected.

    Writers lock this single row, which also serialises the chain on PostgreSQL.
    ``database_id`` is created with the schema (migration 0002); the chain starts from a MAC of
    it, and the anchor file outside the database names it. ``digest_on`` is the last day the
    head was mailed to the committee, so one runner among many sends the daily digest.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    database_id: Mapped[str] = mapped_column(String(32))
    digest_on: Mapped[date | None]
