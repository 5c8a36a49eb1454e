"""Leadership's published response to a decision, its commitments and later addenda."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models.user import User
from petitions.vocabulary import Stance


class Response(db.Model):  # type: ignore[name-defined,misc]
    """Published once and never edited; corrections are addenda."""

    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint(Stance.sql_in("stance"), name="stance"),
        CheckConstraint("(stance IS NULL) = automatic", name="automatic"),
        # Exists only for a concern that points back at it (and the concern is then responded).
        ForeignKeyConstraint(["concern_id", "id"], ["concerns.id", "concerns.response_id"],
                             name="fk_responses_concern_points_back", deferrable=True, initially="DEFERRED"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)  # also in a composite key
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), unique=True)
    stance: Mapped[str | None] = mapped_column(String(20))
    statement: Mapped[str] = mapped_column(Text)
    automatic: Mapped[bool] = mapped_column(default=False)
    contract_status_before: Mapped[str | None] = mapped_column(String(20))
    contract_status_after: Mapped[str | None] = mapped_column(String(20))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    published_by: Mapped[User | None] = relationship(lazy="joined")
    commitments: Mapped[list[Commitment]] = relationship(lazy="selectin", order_by="Commitment.id")
    addenda: Mapped[list[Addendum]] = relationship(lazy="selectin", order_by="Addendum.id")


class Commitment(db.Model):  # type: ignore[name-defined,misc]
    """Something leadership committed to, tracked until done."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None]
    done_at: Mapped[datetime | None]
    done_note: Mapped[str | None] = mapped_column(Text)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Signers were told it is overdue (once; ``workflow.commitments.remind_overdue``).
    overdue_notified: Mapped[bool] = mapped_column(default=False)


class Addendum(db.Model):  # type: ignore[name-defined,misc]
    """A dated correction shown beside the original response."""

    __tablename__ = "addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")
