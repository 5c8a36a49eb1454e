"""Policy settings: defaults from config, overridden by admins (audited)."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app
from sqlalchemy import select

from petitions.clock import utcnow
from petitions.config import POLICY_DEFAULTS
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Setting, User
from petitions.workflow import audit, policy
from petitions.workflow.errors import Forbidden
from petitions.workflow.text import FieldErrors

# What an admin may set, with the allowed range of each.
BOUNDS: dict[str, tuple[float, float]] = {
    "REVIEW_THRESHOLD": (1, 100_000),
    "SIGNING_WINDOW_DAYS": (1, 3650),
    "ACKNOWLEDGE_DAYS": (1, 365),
    "DECIDE_DAYS": (1, 3650),
    "RESPOND_DAYS": (1, 365),
    "QUORUM_FRACTION": (0.01, 1.0),
    "K_ANONYMITY": (2, 1000),
}


def get(key: str) -> Any:
    """The value in force: the admin's, else the configured default."""
    stored = db.session.scalar(select(Setting.value).where(Setting.key == key))
    if stored is not None:
        return json.loads(stored)
    return current_app.config.get(key, POLICY_DEFAULTS[key])


def all_values() -> dict[str, Any]:
    """Every policy setting with its value in force."""
    stored = {s.key: json.loads(s.value) for s in db.session.scalars(select(Setting))}
    return {key: stored.get(key, current_app.config.get(key, default)) for key, default in POLICY_DEFAULTS.items()}


def update(actor: User, values: dict[str, Any]) -> dict[str, Any]:
    """Change settings (admins only); each change is audited. Returns what changed."""
    if not policy.can_administer(actor):
        raise Forbidden("Only admins change settings.")
    errors = FieldErrors()
    parsed: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in POLICY_DEFAULTS:
            continue  # unknown keys are ignored, never applied
        parsed[key] = _parse(errors, key, raw)
    errors.raise_if_any()
    current = all_values()
    changed = {k: v for k, v in parsed.items() if current[k] != v}
    if not changed:
        return {}
    with write_transaction() as session:
        for key, value in changed.items():
            row = session.get(Setting, key)
            if row is None:
                row = Setting(key=key, value="null")
                session.add(row)
            row.value = json.dumps(value)
            row.updated_at = utcnow()
            row.updated_by_id = actor.id
            audit.record(session, "setting.changed", actor_id=actor.id,
                         detail={"key": key, "from": current[key], "to": value})
    return changed


def _parse(errors: FieldErrors, key: str, raw: Any) -> Any:
    """Coerce a submitted value to the setting's type and range."""
    label = key.replace("_", " ").capitalize()
    if key == "AUTO_PUBLISH":
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in ("1", "true", "on", "yes"):
            return True
        if str(raw).lower() in ("0", "false", "off", "no", ""):
            return False
        errors.add(key, f"{label} must be true or false.")
        return None
    low, high = BOUNDS[key]
    try:
        number: float = float(raw) if key == "QUORUM_FRACTION" else int(str(raw).strip())
    except (TypeError, ValueError):
        errors.add(key, f"{label} must be a number.")
        return None
    if not low <= number <= high:
        errors.add(key, f"{label} must be between {low:g} and {high:g}.")
    return number
