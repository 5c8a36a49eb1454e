"""How each person hears of each kind of event: in the app only, or also by mail, at once or daily.

Every event always makes an in-app notification; the setting decides the mail. No row means
``DEFAULT`` (mail at once), so a new kind of event mails people until they choose otherwise.
A kind that is not listed in ``KINDS`` cannot be chosen, and is mailed at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, insert, select

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import NotificationSetting, User
from petitions.models.notification import DELIVERIES
from petitions.workflow.errors import Invalid

DEFAULT = "mail"

# Each kind that ``notify`` is called with, and how the account page names it.
KINDS: dict[str, str] = {
    "routed": "A concern you follow goes to the ethics committee",
    "acknowledged": "The committee acknowledges your concern",
    "rejected": "The committee rejects your concern",
    "restored": "The committee restores your concern",
    "invited": "The committee invites your perspective",
    "overdue": "A step you owe is overdue (committee, leadership)",
    "decided": "The committee decides a concern (leadership)",
    "dissent": "A committee member attaches a dissent (committee)",
    "responded": "A concern you follow has its response",
    "addendum": "Leadership adds an addendum to a response",
    "closed": "A concern you follow closes without reaching the threshold",
    "role_granted": "Someone is granted a role (committee)",
}

DELIVERY_LABELS: dict[str, str] = {
    "app": "In the app only",
    "mail": "Also by mail, at once",
    "digest": "Also by mail, in a daily digest",
}
assert tuple(DELIVERY_LABELS) == DELIVERIES  # noqa: S101 - one vocabulary with the model's CHECK


def settings_for(user: User) -> dict[str, str]:
    """Every kind with the delivery ``user`` chose for it (or the default), in ``KINDS`` order."""
    chosen = dict(
        db.session.execute(
            select(NotificationSetting.kind, NotificationSetting.delivery).where(NotificationSetting.user_id == user.id)
        ).all()
    )
    return {kind: chosen.get(kind, DEFAULT) for kind in KINDS}


def update(user: User, choices: Mapping[str, object]) -> dict[str, str]:
    """Set some or all kinds for ``user``; every key must be a kind and every value a delivery.

    Raises ``Invalid`` with a message per bad field, changing nothing.
    """
    errors: dict[str, str] = {}
    for kind, delivery in choices.items():
        if kind not in KINDS:
            errors[kind] = "Not a kind of notification."
        elif delivery not in DELIVERIES:
            errors[kind] = "Choose one of: " + ", ".join(f"{key} ({label})" for key, label in DELIVERY_LABELS.items()) + "."
    if errors:
        first = next(iter(errors.values()))
        raise Invalid(first if len(errors) == 1 else "Some notification settings need attention.", errors)
    merged = {**settings_for(user), **{kind: str(delivery) for kind, delivery in choices.items()}}
    with write_transaction() as session:
        session.execute(delete(NotificationSetting).where(NotificationSetting.user_id == user.id))
        rows = [{"user_id": user.id, "kind": kind, "delivery": d} for kind, d in merged.items() if d != DEFAULT]
        if rows:
            session.execute(insert(NotificationSetting), rows)
    return settings_for(user)
