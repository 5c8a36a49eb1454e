"""The one step that moves a concern: the state table decides where, its Actor column who.

Services call ``apply`` (or ``check`` when a guarded UPDATE writes the status); nothing else
assigns ``concern.status``. A wrong actor is ``Forbidden``, a wrong state ``IllegalTransition``
(a ``Conflict``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session

from petitions.models import Concern
from petitions.notifications import notify
from petitions.workflow import audit, policy
from petitions.workflow.audiences import recipients
from petitions.workflow.errors import Forbidden
from petitions.workflow.states import ACTION_ACTORS, Actor, IllegalTransition, Status, next_state, restore_target

REFUSALS: dict[Actor, str] = {
    Actor.AUTHOR: "Only the author does this.",
    Actor.COMMITTEE: "Only the ethics committee does this.",
    Actor.LEADERSHIP: "Only leadership does this.",
    Actor.SYSTEM: "Only the job runner does this.",
}


def check(user: policy.UserLike | None, concern: policy.ConcernLike, action: str) -> Status:
    """The state ``action`` leads to, if ``user`` (``None``: the system) may take it now."""
    actor = ACTION_ACTORS.get(action)
    if actor is None:
        raise IllegalTransition(action, concern.status)
    if not policy.acts_as(user, actor, concern):
        raise Forbidden(REFUSALS[actor])
    if action == "restore":
        return restore_target(concern.status, getattr(concern, "rejected_from", None))
    return next_state(action, concern.status)


def apply(user: policy.UserLike | None, concern: policy.ConcernLike, action: str) -> Status:
    """``check``, then move the concern to the new state (the caller writes the rest and commits)."""
    target = check(user, concern, action)
    concern.status = target.value
    return target


def guarded_move(
    session: Session, concern_id: int, action: str, origin: Status, *, where: tuple[ColumnElement[bool], ...] = (),
    values: dict[str, Any], event: str, kind: str, message: str, detail: dict[str, Any] | None = None,
) -> Concern | None:
    """A move the system makes (routing, closing): one guarded UPDATE, then its audit event and notifications.

    The UPDATE moves the row only if it is still in ``origin`` (and matches ``where``), so
    concurrent signers or job runners move it once; ``None`` means someone was first. Runs in
    the caller's transaction. ``event`` is the audit action, ``kind`` the audience and notification.
    """
    target = next_state(action, origin)
    row = session.execute(
        update(Concern)
        .where(Concern.id == concern_id, Concern.status == origin.value, *where)
        .values(status=target.value, **values)
        .returning(Concern.author_id)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    if row is None:
        return None
    concern = session.get(Concern, concern_id)
    if concern is not None:
        session.refresh(concern)
    audit.record(session, event, concern_id=concern_id, detail=detail)
    people = recipients(session, kind, concern, author_id=row.author_id, concern_id=concern_id)
    notify(session, people, kind=kind, concern=concern, message=message)
    return concern
