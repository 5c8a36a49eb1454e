"""Template helpers that say where a concern stands in words, and days as people write them."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_login import current_user

from petitions.clock import utcnow
from petitions.models import Concern
from petitions.vocabulary import label
from petitions.workflow import standing

STEP_LABELS = {
    "published": "Published",
    "routed": "Reached its review threshold and went to the ethics committee",
    "referred": "Referred to the ethics committee",
    "acknowledged": "Acknowledged by the ethics committee",
    "decided": "The ethics committee recorded its decision",
    "responded": "The outcome was published",
    "withdrawn": "Withdrawn by its author",
    "closed": "Signing closed without reaching the review threshold",
    "rejected": "Rejected by the ethics committee",
    "restored": "Restored by the ethics committee",
}


def long_day(value: date | datetime | None, today: date | None = None) -> str:
    """``8 December`` this year, ``8 December 2025`` otherwise (empty for none)."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    text = f"{day.day} {day.strftime('%B')}"
    return text if day.year == (today or utcnow().date()).year else f"{text} {day.year}"


def standing_of(concern: Concern, signed: bool) -> standing.Standing:
    """The concern's standing for the person looking at the page."""
    return standing.standing(current_user, concern, signed=signed)


def init_app(app: Flask) -> None:
    """Give templates ``standing_of(concern, signed)``, the step labels and the ``long_day`` filter."""
    app.jinja_env.filters["long_day"] = long_day
    app.jinja_env.filters["label"] = label
    app.jinja_env.globals["standing_of"] = standing_of
    app.jinja_env.globals["step_labels"] = STEP_LABELS
