"""The audit log: its query and its rows.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from petitions.api.shapes.common import Id, Paging, utc
from petitions.workflow.audit import AuditView


class AuditEventOut(BaseModel):
    """One row of the audit log."""

    id: int
    at: datetime
    actor_id: int | None
    action: str
    concern_id: int | None
    subject_user_id: int | None
    detail: dict[str, Any]


class AuditList(BaseModel):
    """A page of the audit log, newest first."""

    items: list[AuditEventOut]
    total: int
    page: int
    per_page: int


def audit_event(item: AuditView) -> AuditEventOut:
    """An audit row as its reader may see it (``audit.events`` has already filtered it)."""
    return AuditEventOut(
        id=item.id, at=utc(item.at), actor_id=item.actor_id, action=item.action,
        concern_id=item.concern_id, subject_user_id=item.subject_user_id, detail=item.detail,
    )


class AuditQuery(Paging):
    """Which part of the audit log."""

    concern_id: Id | None = None
