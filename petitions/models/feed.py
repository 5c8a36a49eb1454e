"""A person's feed key: lets a feed reader follow the register and concerns without a session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import db


class FeedKey(db.Model):  # type: ignore[name-defined,misc]
    """At most one live key per person; revoking deletes the row, so the old key is a 404 at once.

    The key itself is stored (not a hash) because the account page and ``GET /me`` show the feed
    address again; it grants reading feeds only, never an action or a signer's identity.
    """

    __tablename__ = "feed_keys"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
