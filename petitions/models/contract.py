"""The contract registry: what concerns are about."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models.user import User
from petitions.vocabulary import ContractStatus


class Contract(db.Model):  # type: ignore[name-defined,misc]
    """A company contract, reported by anyone, kept current by leadership."""

    __tablename__ = "contracts"
    __table_args__ = (CheckConstraint(ContractStatus.sql_in("status"), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    counterparty: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="reported", index=True)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
