"""Accounts from the company's identity provider: the verified email finds (or makes) the person,
and the name, department and location claims update them at every sign-in.

Roles are never read from the provider: they are granted here, announced and audited
(``accounts.grant_role``). Whatever the claims say, a deactivated account stays out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from petitions.database import write_transaction
from petitions.models import User
from petitions.workflow import audit
from petitions.workflow.accounts import normalize_email
from petitions.workflow.errors import Forbidden, Invalid
from petitions.workflow.text import NAME_MAX, FieldErrors

UNVERIFIED = "Your company account has no verified email address, so it cannot sign you in here."
DEACTIVATED = "This account is deactivated. Ask an administrator if that is a mistake."


def _claim(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if not isinstance(value, str):
        return None
    return " ".join(value.split())[:NAME_MAX] or None


def sign_in_from_claims(claims: Mapping[str, Any]) -> User:
    """The person the validated ID token's claims name, created or brought up to date."""
    if claims.get("email_verified") is not True:
        raise Forbidden(UNVERIFIED)
    errors = FieldErrors()
    email = normalize_email(claims.get("email"), errors)
    if errors.errors:
        raise Invalid("Your company account's email address cannot be used here.", errors.errors)
    config = current_app.config
    fields = {
        "name": _claim(claims, "name") or email.partition("@")[0],
        "department": _claim(claims, str(config["OIDC_DEPARTMENT_CLAIM"])),
        "location": _claim(claims, str(config["OIDC_LOCATION_CLAIM"])),
    }
    for _ in range(2):  # two first logins of one person at once: the second finds the first's row
        try:
            return _upsert(email, fields)
        except IntegrityError:
            continue
    return _upsert(email, fields)


def _upsert(email: str, fields: dict[str, str | None]) -> User:
    with write_transaction() as session:
        person = session.scalar(select(User).where(User.email == email))
        if person is None:
            person = User(email=email, name=fields["name"], department=fields["department"],
                          location=fields["location"])
            session.add(person)
            session.flush()
            audit.record(session, "user.created", subject_user_id=person.id, detail={"by": "sso"})
            return person
        if not person.active:
            raise Forbidden(DEACTIVATED)
        changed = {key: value for key, value in fields.items() if value is not None and getattr(person, key) != value}
        for key, value in changed.items():
            setattr(person, key, value)
        if changed:
            audit.record(session, "user.updated", subject_user_id=person.id,
                         detail={"by": "sso", "fields": sorted(changed)})
    return person
