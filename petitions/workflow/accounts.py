"""Account administration: creation, roles, deactivation, the HR import and the admin list."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import IO

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import RoleGrant, User
from petitions.notifications import notify
from petitions.vocabulary import GRANTABLE_ROLES
from petitions.workflow import audit, policy, sessions
from petitions.workflow.audiences import recipients
from petitions.workflow.credentials import check_password, hash_password, revoke_all_of
from petitions.workflow.errors import Conflict, Forbidden, Invalid, NotFound
from petitions.workflow.links import end_links_of
from petitions.workflow.paging import paginate
from petitions.workflow.text import EMAIL_MAX, NAME_MAX, FieldErrors

IMPORT_MAX_ROWS = 50_000


def normalize_email(raw: object, errors: FieldErrors, field: str = "email") -> str:
    """A syntactically valid, lower-cased address (no DNS look-up)."""
    value = errors.text(field, raw, max_len=EMAIL_MAX, required=True, label="Email")
    if value and field not in errors.errors:
        try:
            value = validate_email(value, check_deliverability=False).normalized.lower()
        except EmailNotValidError as exc:
            errors.add(field, f"Email is not valid: {exc}")
    return value


def get_user(user_id: int) -> User:
    """A user by id, or ``NotFound``."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such person.")
    return user


def get_user_by_email(email: str) -> User:
    """A user by email, or ``NotFound``."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"No account with email {email}.")
    return user


def create_user(
    *,
    email: str,
    name: str,
    password: str | None = None,
    roles: tuple[str, ...] | list[str] = (),
    department: str | None = None,
    location: str | None = None,
    actor: User | None = None,
) -> User:
    """Create an account. A duplicate email is a ``Conflict``. Roles are granted and announced."""
    if actor is not None and not policy.can_administer(actor):
        raise Forbidden("Only admins create accounts.")
    errors = FieldErrors()
    email = normalize_email(email, errors)
    name = errors.text("name", name, max_len=NAME_MAX, required=True)
    department = errors.text("department", department, max_len=NAME_MAX) or None
    location = errors.text("location", location, max_len=NAME_MAX) or None
    check_password(errors, password)
    for role in roles:
        if role not in GRANTABLE_ROLES:
            errors.add("roles", _UNKNOWN_ROLE)
    errors.raise_if_any()
    hashed = hash_password(password) if password else None
    try:
        with write_transaction() as session:
            if session.scalar(select(func.count()).select_from(User).where(User.email == email)):
                raise Conflict(f"An account with email {email} already exists.", {"email": "Already in use."})
            user = User(email=email, name=name, password_hash=hashed, department=department, location=location)
            session.add(user)
            session.flush()
            audit.record(session, "user.created", actor_id=actor.id if actor else None, subject_user_id=user.id)
            for role in dict.fromkeys(roles):
                _grant(session, user, role, actor)
    except IntegrityError:
        raise Conflict(f"An account with email {email} already exists.", {"email": "Already in use."}) from None
    return user


def _grant(session: Session, user: User, role: str, actor: User | None) -> None:
    """Add a role row, audit it and tell the committee (inside the caller's transaction)."""
    session.add(RoleGrant(user_id=user.id, role=role))
    session.flush()
    audit.record(session, "role.granted", actor_id=actor.id if actor else None,
                 subject_user_id=user.id, detail={"role": role})
    by = f" by {actor.name}" if actor else " from the command line"
    notify(session, recipients(session, "role_granted"), kind="role_granted",
           message=f"{user.name} ({user.email}) was granted the {role} role{by}.")


_UNKNOWN_ROLE = "Choose one of: " + ", ".join(r.label for r in GRANTABLE_ROLES) + "."


def _check_role(role: str) -> None:
    """``Invalid`` unless ``role`` is one an admin may grant (the message names labels, not codes)."""
    if role not in GRANTABLE_ROLES:
        raise Invalid("Unknown role.", {"role": _UNKNOWN_ROLE})


def grant_role(user_id: int, role: str, actor: User | None = None) -> User:
    """Grant ``role``; announced to the committee and audited. Granting a held role is a no-op."""
    if actor is not None and not policy.can_administer(actor):
        raise Forbidden("Only admins grant roles.")
    _check_role(role)
    with write_transaction() as session:
        user = get_user(user_id)
        if role not in user.roles:
            _grant(session, user, role, actor)
    return user


def revoke_role(user_id: int, role: str, actor: User | None = None) -> User:
    """Remove ``role`` (audited). Revoking a role not held is a no-op."""
    if actor is not None and not policy.can_administer(actor):
        raise Forbidden("Only admins revoke roles.")
    _check_role(role)
    with write_transaction() as session:
        user = get_user(user_id)
        grant = session.get(RoleGrant, (user.id, role))
        if grant is not None:
            session.delete(grant)
            audit.record(session, "role.revoked", actor_id=actor.id if actor else None,
                         subject_user_id=user.id, detail={"role": role})
    return user


def deactivate(user_id: int, actor: User | None = None) -> User:
    """Stop an account from logging in or using tokens; its sessions, tokens and links end; its signatures stay."""
    if actor is not None and not policy.can_administer(actor):
        raise Forbidden("Only admins deactivate accounts.")
    with write_transaction() as session:
        user = get_user(user_id)
        if actor is not None and actor.id == user.id:
            raise Conflict("You cannot deactivate your own account.")
        if user.active:
            user.active = False
            audit.record(session, "user.deactivated", actor_id=actor.id if actor else None, subject_user_id=user.id)
        # Whatever was left (also for an account deactivated before sessions were records).
        sessions.end_all_of(session, user.id)
        revoke_all_of(session, user.id)
        end_links_of(session, user.id)
    return user


@dataclass
class ImportResult:
    """What an HR import did."""

    created: int
    updated: int


def import_csv(stream: IO[str], actor: User | None = None) -> ImportResult:
    """Create or update accounts from ``email,name,department,location`` rows, all or nothing."""
    if actor is not None and not policy.can_administer(actor):
        raise Forbidden("Only admins import accounts.")
    reader = csv.DictReader(stream)
    expected = ["email", "name", "department", "location"]
    if [h.strip().lower() for h in (reader.fieldnames or [])] != expected:
        raise Invalid("The header row must be exactly: email,name,department,location.",
                      {"file": "Wrong header row."})
    rows: dict[str, dict[str, str | None]] = {}
    problems: list[str] = []
    try:
        for number, raw in enumerate(reader, start=2):
            if number > IMPORT_MAX_ROWS + 1:
                raise Invalid(f"At most {IMPORT_MAX_ROWS:,} rows per file.", {"file": "Too many rows."})
            errors = FieldErrors()
            values = {k.strip().lower(): v for k, v in raw.items() if k}
            email = normalize_email(values.get("email"), errors)
            row = {
                "name": errors.text("name", values.get("name"), max_len=NAME_MAX, required=True),
                "department": errors.text("department", values.get("department"), max_len=NAME_MAX) or None,
                "location": errors.text("location", values.get("location"), max_len=NAME_MAX) or None,
            }
            if errors.errors:
                problems.append(f"line {number}: " + " ".join(errors.errors.values()))
            else:
                rows[email] = row
    except (csv.Error, UnicodeDecodeError) as exc:
        raise Invalid(f"The file is not valid CSV: {exc}", {"file": "Not valid CSV."}) from None
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise Invalid(f"Nothing was imported. {shown}", {"file": shown})
    created = updated = 0
    with write_transaction() as session:
        existing = {u.email: u for u in session.scalars(select(User).where(User.email.in_(list(rows))))} if rows else {}
        for email, row in rows.items():
            user = existing.get(email)
            if user is None:
                session.add(User(email=email, **row))
                created += 1
            elif (user.name, user.department, user.location) != (row["name"], row["department"], row["location"]):
                user.name, user.department, user.location = row["name"], row["department"], row["location"]  # type: ignore[assignment]
                updated += 1
        audit.record(session, "users.imported", actor_id=actor.id if actor else None,
                     detail={"created": created, "updated": updated})
    return ImportResult(created, updated)


def list_users(viewer: User, q: str = "", page: int = 1, per_page: int = 50) -> tuple[list[User], int]:
    """People for the admin pages, searchable by name or email (admins only)."""
    if not policy.can_administer(viewer):
        raise Forbidden("Only admins list accounts.")
    query = select(User)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(func.lower(User.name).like(like) | User.email.like(like))
    found = paginate(query.order_by(User.name, User.id), page, per_page)
    return found.items, found.total


def read_csv_upload(data: bytes) -> io.StringIO:
    """Decode an uploaded CSV (UTF-8, with or without BOM)."""
    try:
        return io.StringIO(data.decode("utf-8-sig"), newline="")
    except UnicodeDecodeError:
        raise Invalid("The file must be UTF-8 encoded CSV.", {"file": "Not UTF-8."}) from None
