"""A concern and its signatures."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models.contract import Contract
from petitions.models.review import Recusal
from petitions.models.user import User
from petitions.vocabulary import AuthorVisibility, Status, Visibility


class Concern(db.Model):  # type: ignore[name-defined,misc]
    """An employee's concern about a contract.

    The counts are kept in the row and changed only by atomic SQL updates in the signing
    service, so lists and pages never count a million signature rows.
    """

    __tablename__ = "concerns"
    __table_args__ = (
        CheckConstraint(Status.sql_in("status"), name="status"),
        CheckConstraint(AuthorVisibility.sql_in("author_visibility"), name="author_visibility"),
        CheckConstraint(
            "signature_count = count_public + count_committee + count_anonymous",
            name="count_sum",
        ),
        CheckConstraint("count_public >= 0 AND count_committee >= 0 AND count_anonymous >= 0", name="count_nonneg"),
        CheckConstraint("status <> 'draft' OR published_at IS NULL", name="draft_unpublished"),
        CheckConstraint("status = 'draft' OR published_at IS NOT NULL", name="published_at"),
        CheckConstraint(
            "(status IN ('decided', 'responded')) = (decision_id IS NOT NULL)",
            name="decision",
        ),
        CheckConstraint("(status = 'responded') = (response_id IS NOT NULL)", name="response"),
        CheckConstraint(
            "status <> 'rejected' OR (rejection_reason_code IS NOT NULL AND rejected_from IS NOT NULL)",
            name="rejection",
        ),
        # Targets for the decision's and response's keys back to this row (see review.py).
        UniqueConstraint("id", "decision_id", name="uq_concerns_id_decision_id"),
        UniqueConstraint("id", "response_id", name="uq_concerns_id_response_id"),
        Index("ix_concerns_status_published_at", "status", "published_at"),
        Index("ix_concerns_status_signature_count", "status", "signature_count"),
        Index("ix_concerns_status_due_at", "status", "due_at"),
        Index("ix_concerns_author_id_status", "author_id", "status"),
        Index("ix_concerns_published_at_id", "published_at", "id"),
        Index("ix_concerns_status_responded_at", "status", "responded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_visibility: Mapped[str] = mapped_column(String(10), default="named")
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000))
    body: Mapped[str] = mapped_column(Text)
    requested_action: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=Status.DRAFT.value)
    # Fixed at publication so a later settings change never moves the goal for signers.
    review_threshold: Mapped[int | None]
    signature_count: Mapped[int] = mapped_column(default=0)
    count_public: Mapped[int] = mapped_column(default=0)
    count_committee: Mapped[int] = mapped_column(default=0)
    count_anonymous: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    # The next deadline of whoever owes the next step (signing window end while open).
    due_at: Mapped[datetime | None]
    routed_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    lead_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set in the same transaction as the decision row; the CHECK ties it to the state.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", use_alter=True), unique=True)
    decided_at: Mapped[datetime | None]
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id", use_alter=True), unique=True)
    responded_at: Mapped[datetime | None]
    # The deadline already announced as overdue, so the job tells people once per deadline.
    overdue_notified_for: Mapped[datetime | None]
    rejected_at: Mapped[datetime | None]
    rejected_from: Mapped[str | None] = mapped_column(String(12))
    rejection_reason_code: Mapped[str | None] = mapped_column(String(20))
    rejection_explanation: Mapped[str | None] = mapped_column(Text)
    # The original, when rejected as a duplicate (shown to every employee who can see the concern).
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("concerns.id"))
    # The author asked the committee to reconsider a rejection (cleared when it is restored).
    reconsider_requested_at: Mapped[datetime | None]
    reconsider_reason: Mapped[str | None] = mapped_column(Text)

    contract: Mapped[Contract] = relationship(lazy="joined", innerjoin=True)
    recusals: Mapped[list[Recusal]] = relationship(lazy="selectin", order_by="Recusal.id")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined", innerjoin=True)

    @property
    def recused_user_ids(self) -> frozenset[int]:
        """Committee members who stepped back from this concern."""
        return frozenset(r.user_id for r in self.recusals)


class Signature(db.Model):  # type: ignore[name-defined,misc]
    """One employee's current signature on one concern.

    ``signer_hash`` is HMAC(key, user id and concern id): unique per concern whatever the
    visibility, so the database refuses a second signature. Anonymous rows carry no user id,
    department, location or time of day.
    """

    __tablename__ = "signatures"
    __table_args__ = (
        # Leading with the hash also serves "which concerns did I sign" lookups.
        UniqueConstraint("signer_hash", "concern_id", name="uq_signatures_signer"),
        CheckConstraint(Visibility.sql_in("visibility"), name="visibility"),
        CheckConstraint(
            "(visibility = 'anonymous' AND user_id IS NULL AND department IS NULL"
            " AND location IS NULL) OR (visibility <> 'anonymous' AND user_id IS NOT NULL)",
            name="anonymous_unlinked",
        ),
        # Lists go by day, then by hash (not by signing order): a cursor walks this index.
        Index("ix_signatures_concern_id_signed_on_signer_hash", "concern_id", "signed_on", "signer_hash"),
        Index("ix_signatures_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"))
    signer_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    visibility: Mapped[str] = mapped_column(String(10))
    statement: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[str | None] = mapped_column(String(120))
    location: Mapped[str | None] = mapped_column(String(120))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The day of ``signed_at``: lists are ordered by it, then by ``signer_hash``.
    signed_on: Mapped[date] = mapped_column(default=lambda: utcnow().date())

    user: Mapped[User | None] = relationship()
