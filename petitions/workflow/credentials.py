"""Credentials: password hashing and checking (Argon2id), password changes, personal access tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import ApiToken, User
from petitions.workflow.errors import Invalid, NotFound
from petitions.workflow.text import FieldErrors

PASSWORD_MIN = 10


PASSWORD_MAX = 1000
TOKEN_LABEL_MAX = 100


def _hasher() -> PasswordHasher:
    """Argon2id with the configured cost (tests use a cheap one)."""
    return PasswordHasher(
        time_cost=current_app.config["PASSWORD_HASH_TIME_COST"],
        memory_cost=current_app.config["PASSWORD_HASH_MEMORY_COST"],
        parallelism=current_app.config.get("PASSWORD_HASH_PARALLELISM", 4),
    )


def check_password(errors: FieldErrors, password: str | None, field: str = "password") -> None:
    """Length rules for a new password."""
    if password is None:
        return
    if len(password) < PASSWORD_MIN:
        errors.add(field, f"Password must be at least {PASSWORD_MIN} characters.")
    elif len(password) > PASSWORD_MAX:
        errors.add(field, "Password is too long.")


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``."""
    return _hasher().hash(password)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else ``None`` (in constant-ish time)."""
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    hasher = _hasher()
    if user is None or not user.password_hash or not user.active:
        # Spend the same effort so response time does not reveal which emails exist.
        try:
            hasher.verify(hasher.hash("not-a-password"), password or "x")
        except VerificationError:
            pass
        return None
    try:
        hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    return user


def set_password(user: User, current: str | None, new: str) -> None:
    """Change a password; the current one is required when there is one."""
    errors = FieldErrors()
    check_password(errors, new, "new_password")
    errors.raise_if_any()
    if user.password_hash and (current is None or authenticate(user.email, current) is None):
        raise Invalid("The current password is wrong.", {"current_password": "Wrong password."})
    hashed = hash_password(new)
    with write_transaction() as session:
        fresh = session.get(User, user.id)
        if fresh is None:
            raise NotFound("No such person.")
        fresh.password_hash = hashed


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, label: str = "") -> str:
    """A new personal access token; only its digest is stored, so show it once."""
    errors = FieldErrors()
    label = errors.text("label", label, max_len=TOKEN_LABEL_MAX, label="Token label")
    errors.raise_if_any()
    token = "pt_" + secrets.token_urlsafe(32)
    with write_transaction() as session:
        session.add(ApiToken(user_id=user.id, token_hash=_token_digest(token), label=label))
    return token


def revoke_token(user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens."""
    with write_transaction() as session:
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id:
            raise NotFound("No such token.")
        if token.revoked_at is None:
            token.revoked_at = utcnow()


def list_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(query))


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, if it is valid and not revoked."""
    if not token or len(token) > 200:
        return None
    query = (
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _token_digest(token), ApiToken.revoked_at.is_(None), User.active.is_(True))
    )
    return db.session.scalar(query)
