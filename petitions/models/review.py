"""The committee's work on a concern: recusals, notes, perspectives, invitations, ballots, decision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models.user import User
from petitions.vocabulary import BallotChoice, Outcome, PerspectiveStance, PerspectiveVisibility


class Recusal(db.Model):  # type: ignore[name-defined,misc]
    """A committee member stepping back from one concern. Final."""

    __tablename__ = "recusals"
    __table_args__ = (UniqueConstraint("concern_id", "user_id", name="uq_recusals_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommitteeNote(db.Model):  # type: ignore[name-defined,misc]
    """A private note in the committee's thread on a concern."""

    __tablename__ = "committee_notes"
    __table_args__ = (Index("ix_committee_notes_concern_id_id", "concern_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")


class Perspective(db.Model):  # type: ignore[name-defined,misc]
    """A point of view on the record: for the concern, for the contract, or other."""

    __tablename__ = "perspectives"
    __table_args__ = (
        CheckConstraint(PerspectiveStance.sql_in("stance"), name="stance"),
        CheckConstraint(PerspectiveVisibility.sql_in("visibility"), name="visibility"),
        Index("ix_perspectives_concern_id_id", "concern_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    stance: Mapped[str] = mapped_column(String(20))
    visibility: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    invited: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")


class Invitation(db.Model):  # type: ignore[name-defined,misc]
    """The committee asking a named person for their perspective."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("concern_id", "user_id", name="uq_invitations_invitee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")


class Ballot(db.Model):  # type: ignore[name-defined,misc]
    """One member's vote on one concern, changeable until the decision."""

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("concern_id", "member_id", name="uq_ballots_member"),
        CheckConstraint(BallotChoice.sql_in("choice"), name="choice"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    choice: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    cast_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[User] = relationship(lazy="joined")


class Decision(db.Model):  # type: ignore[name-defined,misc]
    """The committee's recorded decision, with the tally computed by the server."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(Outcome.sql_in("outcome"), name="outcome"),
        # A decision row exists only for a concern that points back at it; with the CHECK on
        # concerns (decided or responded <=> decision_id set) the two exist together or not at all.
        ForeignKeyConstraint(["concern_id", "id"], ["concerns.id", "concerns.decision_id"],
                             name="fk_decisions_concern_points_back", deferrable=True, initially="DEFERRED"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)  # also in a composite key
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(20))
    recommendation: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str] = mapped_column(Text, default="")
    tally_uphold: Mapped[int] = mapped_column(default=0)
    tally_uphold_in_part: Mapped[int] = mapped_column(default=0)
    tally_not_uphold: Mapped[int] = mapped_column(default=0)
    tally_abstain: Mapped[int] = mapped_column(default=0)
    eligible_members: Mapped[int]
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    dissents: Mapped[list[Dissent]] = relationship(lazy="selectin", order_by="Dissent.id")

    @property
    def tally(self) -> dict[str, int]:
        """Ballots by choice at the moment of the decision."""
        return {
            "uphold": self.tally_uphold,
            "uphold_in_part": self.tally_uphold_in_part,
            "not_uphold": self.tally_not_uphold,
            "abstain": self.tally_abstain,
        }


class Dissent(db.Model):  # type: ignore[name-defined,misc]
    """A member's dissent attached to a decision."""

    __tablename__ = "dissents"
    __table_args__ = (UniqueConstraint("decision_id", "member_id", name="uq_dissents_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[User] = relationship(lazy="joined")
