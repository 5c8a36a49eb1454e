"""Accounts, their roles (a set) and their personal access tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.vocabulary import GRANTABLE_ROLES, Role


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """An employee. Extra roles live in ``RoleGrant`` rows; ``employee`` is implied."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    department: Mapped[str | None] = mapped_column(String(120))
    location: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Loaded when first asked for: an author or owner shown on a page needs no roles.
    grants: Mapped[list[RoleGrant]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def roles(self) -> frozenset[str]:
        """Every role held, always including ``employee``."""
        return frozenset({"employee", *(g.role for g in self.grants)})

    def has_role(self, role: str) -> bool:
        """Whether the account holds ``role``."""
        return role in self.roles

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Deactivated accounts cannot log in or use tokens."""
        return self.active


class RoleGrant(db.Model):  # type: ignore[name-defined,misc]
    """One extra role held by one user."""

    __tablename__ = "role_grants"
    __table_args__ = (
        CheckConstraint(Role.sql_in("role", GRANTABLE_ROLES), name="role"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="grants")


class ApiToken(db.Model):  # type: ignore[name-defined,misc]
    """A personal access token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
