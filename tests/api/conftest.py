"""Helpers for the API tests: a valid concern body and direct database checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import AuditEvent, Concern


def concern_body(contract_id: int, /, **overrides: Any) -> dict[str, Any]:
    """A valid ``POST /concerns`` body; ``overrides`` may replace any field, ``contract_id`` included."""
    body: dict[str, Any] = {
        "title": "Stop the border surveillance contract",
        "summary": "The contract conflicts with our published values.",
        "body": "Many of us have **family** affected by this agency.",
        "requested_action": "Do not sign.",
        "contract_id": contract_id,
    }
    body.update(overrides)
    return body


def assert_invalid(response: Any, *fields: str) -> None:
    """A 400 in the API's error shape, naming each of ``fields``."""
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.json["error"]
    assert error["code"] == "invalid"
    assert error["message"]
    for field in fields:
        assert field in error["fields"], error


@pytest.fixture()
def concern_count(app: Flask) -> Callable[[], int]:
    """How many concerns exist, read straight from the database."""

    def count() -> int:
        """Rows in ``concerns``."""
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(Concern)) or 0

    return count


@pytest.fixture()
def audit_actions(app: Flask) -> Callable[[], list[str]]:
    """The audit log's actions, oldest first."""

    def actions() -> list[str]:
        """Each audit row's action."""
        with app.app_context():
            return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))

    return actions
