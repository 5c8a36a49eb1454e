"""The audit log: append a row to the keyed chain; read it filtered by the visibility table.

The chain itself (MACs, verification) is ``audit_chain``; its anchors outside the database are
``audit_anchor``. Rows never name an anonymous signer (signing is not audited), and never the
author of a draft or of a ``committee``-visibility concern: ``record`` drops the actor of such
events itself, whatever the caller passed (``policy.audit_names_author``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models import AuditEvent, AuditHead, Concern, Recusal, User
from petitions.workflow import audit_anchor, audit_chain, policy
from petitions.workflow.audit_chain import Verdict, verify
from petitions.workflow.errors import Forbidden

__all__ = ["AuditView", "Verdict", "events", "record", "verify"]

# Events whose detail carries a decision's outcome or tally, and a rejection's reason.
DECISION_ACTIONS = frozenset({"concern.decided"})
REJECTION_ACTIONS = frozenset({"concern.rejected"})


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
    if actor_id is not None and concern_id is not None:
        concern = session.get(Concern, concern_id)
        if concern is not None and concern.author_id == actor_id and not policy.audit_names_author(concern):
            actor_id = None
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    if head is None:
        raise RuntimeError("the audit head is missing: create the schema with `flask --app wsgi db upgrade`")
    prev = head.last_hash if head.last_id else audit_chain.genesis(head.database_id)
    at = utcnow()
    event_id = head.last_id + 1
    detail_text = json.dumps(detail or {}, sort_keys=True, separators=(",", ":"), default=str)
    digest = audit_chain.mac(prev, event_id, at.isoformat(), actor_id, action, concern_id, subject_user_id,
                             detail_text)
    event = AuditEvent(
        id=event_id, at=at, actor_id=actor_id, action=action, concern_id=concern_id,
        subject_user_id=subject_user_id, detail=detail_text, prev_hash=prev, hash=digest,
    )
    session.add(event)
    head.last_id = event_id
    head.last_hash = digest
    audit_anchor.remember(session, head.database_id, event_id, digest)
    return event


@dataclass(frozen=True)
class AuditView:
    """An audit row as one reader may see it (``detail`` parsed, and emptied where it must be)."""

    id: int
    at: datetime
    actor_id: int | None
    action: str
    concern_id: int | None
    subject_user_id: int | None
    detail: dict[str, Any]
    day_only: bool = False  # ``at`` is the day: the exact time would date a signer the reader may not see


def _hidden_concern_ids(viewer: User) -> list[int]:
    """Concerns whose events this reader may not read at all (``policy.can_read_audit_of``).

    Only drafts, rejected concerns and concerns the reader recused from can be hidden, so only
    those are loaded and asked about.
    """
    candidates = select(Concern).where(or_(
        Concern.status.in_(("draft", "rejected")),
        Concern.id.in_(select(Recusal.concern_id).where(Recusal.user_id == viewer.id)),
    ))
    return [c.id for c in db.session.scalars(candidates) if not policy.can_read_audit_of(viewer, c)]


def _view(viewer: User, event: AuditEvent, concerns: dict[int, Concern]) -> AuditView:
    """The row, its detail withheld where the decision or rejection is not yet the reader's, and
    its time a day where it would date a non-public signer the reader may not see."""
    try:
        detail = json.loads(event.detail or "{}")
    except ValueError:  # pragma: no cover - ``record`` always writes JSON
        detail = {"raw": event.detail}
    if not isinstance(detail, dict):
        detail = {"value": detail}
    concern = concerns.get(event.concern_id) if event.concern_id is not None else None
    if concern is not None and (
        (event.action in DECISION_ACTIONS and not policy.can_read_audit_decision(viewer, concern))
        or (event.action in REJECTION_ACTIONS and not policy.can_read_audit_rejection(viewer, concern))
    ):
        detail = {}
    at, day_only = event.at, False
    if concern is not None and policy.audit_time_to_the_day(viewer, concern, event.action, detail.get("visibility")):
        at, day_only = datetime(at.year, at.month, at.day), True
    return AuditView(event.id, at, event.actor_id, event.action, event.concern_id, event.subject_user_id,
                     detail, day_only)


def events(
    viewer: User, *, concern_id: int | None = None, page: int = 1, per_page: int = 20
) -> tuple[list[AuditView], int]:
    """A page of the log as ``viewer`` may read it, newest first, optionally for one concern.

    Events of a concern the reader may not see (a draft, an abusive rejected concern) or
    recused from are left out; a decision's outcome and tally are withheld until the reader
    may see the decision.
    """
    if not policy.can_read_audit(viewer):
        raise Forbidden("The audit log is for the committee and admins.")
    session = db.session
    query = select(AuditEvent)
    if concern_id is not None:
        query = query.where(AuditEvent.concern_id == concern_id)
    hidden = _hidden_concern_ids(viewer)
    if hidden:
        query = query.where(or_(AuditEvent.concern_id.is_(None), AuditEvent.concern_id.not_in(hidden)))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(per_page).offset((page - 1) * per_page)))
    ids = {e.concern_id for e in rows if e.concern_id is not None}
    concerns = {c.id: c for c in session.scalars(select(Concern).where(Concern.id.in_(ids)))} if ids else {}
    return [_view(viewer, e, concerns) for e in rows], total


def names_of(user_ids: set[int]) -> dict[int, str]:
    """Names for the actor and subject ids of rows already filtered for the reader."""
    if not user_ids:
        return {}
    return {uid: name for uid, name in db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids)))}

