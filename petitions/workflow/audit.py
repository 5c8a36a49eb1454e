"""The audit log: append a hash-chained row; verify the chain.

Each row's hash covers all of its fields and the previous row's hash. The latest id and hash
are also kept in ``audit_head`` (one row, locked by every writer), so an edited, inserted or
deleted row, the last one included, breaks verification.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models import AuditEvent, AuditHead, User
from petitions.workflow import policy
from petitions.workflow.errors import Forbidden

GENESIS = "0" * 64


def _digest(prev_hash: str, event_id: int, at: str, actor_id: int | None, action: str,
            concern_id: int | None, subject_user_id: int | None, detail: str) -> str:
    """SHA-256 over the previous hash and a canonical encoding of every field."""
    payload = json.dumps(
        [event_id, at, actor_id, action, concern_id, subject_user_id, detail],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    concern_id: int | None = None,
    subject_user_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (the caller commits).

    Never pass anything that identifies an anonymous or committee-only signer.
    """
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    if head is None:
        head = AuditHead(id=1, last_id=0, last_hash=GENESIS)
        session.add(head)
    at = utcnow()
    event_id = head.last_id + 1
    detail_text = json.dumps(detail or {}, sort_keys=True, separators=(",", ":"), default=str)
    digest = _digest(head.last_hash, event_id, at.isoformat(), actor_id, action, concern_id,
                     subject_user_id, detail_text)
    event = AuditEvent(
        id=event_id, at=at, actor_id=actor_id, action=action, concern_id=concern_id,
        subject_user_id=subject_user_id, detail=detail_text, prev_hash=head.last_hash, hash=digest,
    )
    session.add(event)
    head.last_id = event_id
    head.last_hash = digest
    return event


@dataclass
class Verdict:
    """The outcome of ``verify``: ``bad_id`` names the first row that does not hold."""

    ok: bool
    checked: int
    message: str
    bad_id: int | None = None


def verify(session: Session) -> Verdict:
    """Walk the chain in order and compare it with the head."""
    prev_hash, expected_id, checked = GENESIS, 1, 0
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000))
    for event in rows.scalars():
        if event.id != expected_id:
            return Verdict(False, checked, f"row {expected_id} is missing (found {event.id} next)", expected_id)
        if event.prev_hash != prev_hash:
            return Verdict(False, checked, f"row {event.id} does not follow row {event.id - 1}", event.id)
        digest = _digest(prev_hash, event.id, event.at.isoformat(), event.actor_id, event.action,
                         event.concern_id, event.subject_user_id, event.detail)
        if digest != event.hash:
            return Verdict(False, checked, f"row {event.id} was altered", event.id)
        prev_hash, expected_id, checked = event.hash, expected_id + 1, checked + 1
    head = session.get(AuditHead, 1)
    last_id, last_hash = (head.last_id, head.last_hash) if head else (0, GENESIS)
    if last_id != checked or last_hash != prev_hash:
        missing = checked + 1 if last_id > checked else last_id + 1
        return Verdict(False, checked, f"the log ends at row {checked} but the head expects row {last_id}", missing)
    return Verdict(True, checked, f"audit log intact: {checked} rows")


def can_read(user: User) -> bool:
    """The committee and admins read the audit log (the rule: ``policy.can_read_audit``)."""
    return policy.can_read_audit(user)


def events(
    viewer: User, *, concern_id: int | None = None, page: int = 1, per_page: int = 20
) -> tuple[list[AuditEvent], int]:
    """A page of the log, newest first, optionally for one concern: (events, total).

    The rows are returned as written; ``record`` already keeps anonymous and committee-only
    signers out of them, so nothing here needs hiding.
    """
    if not can_read(viewer):
        raise Forbidden("The audit log is for the committee and admins.")
    session = db.session
    query = select(AuditEvent)
    if concern_id is not None:
        query = query.where(AuditEvent.concern_id == concern_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEvent.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return list(rows), total
