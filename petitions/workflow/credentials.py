"""Credentials: password hashing and checking (Argon2id), password changes, personal access tokens.

A login for an unknown address runs one Argon2 verification against a dummy hash made once per
process with the same parameters, exactly the work of a wrong password, so the answer's time
does not tell which addresses have accounts. A hash made with older parameters is replaced at
the next successful login (``check_needs_rehash``).
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import ApiToken, User
from petitions.workflow import sessions
from petitions.workflow.errors import Conflict, Invalid, NotFound
from petitions.workflow.text import FieldErrors

PASSWORD_MIN = 10


PASSWORD_MAX = 1000
TOKEN_LABEL_MAX = 100
_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def _hasher() -> PasswordHasher:
    """Argon2id with the configured cost (tests use a cheap one)."""
    return PasswordHasher(
        time_cost=current_app.config["PASSWORD_HASH_TIME_COST"],
        memory_cost=current_app.config["PASSWORD_HASH_MEMORY_COST"],
        parallelism=current_app.config["PASSWORD_HASH_PARALLELISM"],
    )


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash nobody knows the password of, made once per process and set of parameters."""
    params = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if params not in _DUMMY_HASHES:
        _DUMMY_HASHES[params] = hasher.hash(secrets.token_urlsafe(24))
    return _DUMMY_HASHES[params]


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
    """The active user with this email and password, else ``None``, in the time of one Argon2 run."""
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    hasher = _hasher()
    stored = user.password_hash if user is not None and user.password_hash and user.active else None
    try:
        hasher.verify(stored or _dummy_hash(hasher), password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user is None or stored is None:
        return None  # pragma: no cover - the dummy hash's password is never typed
    if hasher.check_needs_rehash(stored):
        _store_hash(user.id, hasher.hash(password))
    return user


def _store_hash(user_id: int, hashed: str) -> None:
    with write_transaction() as session:
        fresh = session.get(User, user_id)
        if fresh is None:
            raise NotFound("No such person.")
        fresh.password_hash = hashed


def set_password(user: User, current: str | None, new: str, keep_sid: str | None = None) -> None:
    """Change a password (the current one is required when there is one); every other session
    of the person ends, ``keep_sid``'s (the one making the change) excepted."""
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
        sessions.end_all_of(session, user.id, keep_sid)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, label: str = "") -> str:
    """A new personal access token; only its digest is stored, so show it once."""
    errors = FieldErrors()
    label = errors.text("label", label, max_len=TOKEN_LABEL_MAX, label="Token label")
    errors.raise_if_any()
    token = "pt_" + secrets.token_urlsafe(32)
    cap = int(current_app.config["TOKENS_PER_PERSON_MAX"])
    with write_transaction() as session:
        live = session.scalar(select(func.count()).select_from(ApiToken)
                              .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))) or 0
        if live >= cap:
            raise Conflict(f"You have {cap} active tokens, the most a person may hold; revoke one first.",
                           {"label": "Too many active tokens."})
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


def revoke_all_of(session: Session, user_id: int) -> None:
    """Revoke every live token of a person, inside the caller's transaction (deactivation)."""
    session.execute(update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                    .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
