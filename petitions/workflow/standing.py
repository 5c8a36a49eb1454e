"""Where a concern stands: the steps taken so far (``timeline``) and what is owed now (``next``).

Days only, never times: a step such as routing can be caused by a committee-only or anonymous
signature, and a time to the second next to a signature list could point at its signer. No step
carries a name, so nothing here depends on who is asking beyond whether they may see the concern
(the caller checked that) and which actions are theirs (``actions``).

The deadline is the concern's stored ``due_at`` (set by the service that took the last step, from
the clock settings in force then); whether it has passed is ``policy.is_overdue``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models import AuditEvent, Concern, User
from petitions.workflow import policy
from petitions.workflow.states import Status

# Audit actions that are steps of a concern's life, and the step each one is.
AUDIT_STEPS = {
    "concern.published": "published",
    "concern.routed": "routed",
    "concern.referred": "referred",
    "concern.acknowledged": "acknowledged",
    "concern.decided": "decided",
    "concern.responded": "responded",
    "concern.auto_published": "responded",
    "concern.withdrawn": "withdrawn",
    "concern.closed": "closed",
    "concern.rejected": "rejected",
    "concern.restored": "restored",
}
# The concern's own dated columns, used for steps the log does not hold (a concern made before
# the log, or a step applied directly); the log wins where it has the step.
COLUMN_STEPS = (
    ("published_at", "published"),
    ("routed_at", "routed"),
    ("acknowledged_at", "acknowledged"),
    ("decided_at", "decided"),
    ("responded_at", "responded"),
    ("withdrawn_at", "withdrawn"),
    ("closed_at", "closed"),
    ("rejected_at", "rejected"),
)
STEPS = tuple(dict.fromkeys(AUDIT_STEPS.values()))
OWED_BY = {"sign": "signers", "acknowledge": "committee", "decide": "committee", "respond": "leadership"}


@dataclass(frozen=True)
class Step:
    """A step taken, on a day."""

    step: str
    on: date


@dataclass(frozen=True)
class Next:
    """What is owed now, by whom, by which day; ``needed`` is the signatures still missing (``sign``)."""

    step: str
    by: str
    due_on: date
    overdue: bool
    needed: int | None = None


@dataclass(frozen=True)
class Standing:
    """A concern's timeline and next step, and what the person looking can do now."""

    timeline: list[Step]
    next: Next | None
    actions: list[str]


def timeline_of(events: Iterable[tuple[str, datetime]], columns: dict[str, datetime | None]) -> list[Step]:
    """Steps oldest first, from audit ``(action, at)`` pairs and the concern's dated columns. Pure."""
    steps = [Step(AUDIT_STEPS[action], at.date()) for action, at in events if action in AUDIT_STEPS]
    seen = {s.step for s in steps}
    if "referred" in seen:
        seen.add("routed")  # a referral sets routed_at too; it is one step, not two
    for column, step in COLUMN_STEPS:
        at = columns.get(column)
        if at is not None and step not in seen:
            steps.append(Step(step, at.date()))
    # Within a day, the order of a concern's life (a decision also acknowledges, say).
    rank = {name: n for n, name in enumerate(STEPS)}
    return sorted(steps, key=lambda s: (s.on, rank[s.step]))


def next_of(status: str, acknowledged: bool, due_at: datetime | None, now: datetime,
            signature_count: int = 0, threshold: int | None = None) -> Next | None:
    """What is owed now, from the state and the stored deadline; ``None`` when nothing is. Pure."""
    if due_at is None:
        return None
    if status == Status.OPEN:
        step = "sign"
    elif status == Status.IN_REVIEW:
        step = "decide" if acknowledged else "acknowledge"
    elif status == Status.DECIDED:
        step = "respond"
    else:
        return None
    needed = max((threshold or 0) - signature_count, 0) if step == "sign" else None
    return Next(step, OWED_BY[step], due_at.date(), policy.is_overdue(due_at, now), needed)


def _events(concern_id: int) -> list[tuple[str, datetime]]:
    query = (
        select(AuditEvent.action, AuditEvent.at)
        .where(AuditEvent.concern_id == concern_id, AuditEvent.action.in_(list(AUDIT_STEPS)))
        .order_by(AuditEvent.id)
    )
    return [(action, at) for action, at in db.session.execute(query)]


def actions(viewer: User, concern: Concern, *, signed: bool) -> list[str]:
    """What ``viewer`` can do about this concern now, most useful first (names of actions)."""
    found: list[str] = []
    if policy.can_publish(viewer, concern):
        found += ["publish", "edit"]
    if policy.can_sign(concern):
        found.append("withdraw_signature" if signed else "sign")
    if policy.can_add_perspective(concern):
        found.append("add_perspective")
    if policy.is_reviewer(viewer, concern):
        if concern.status == Status.IN_REVIEW:
            found.append("vote" if concern.acknowledged_at else "acknowledge")
        elif concern.status == Status.REJECTED:
            found.append("restore")
    if policy.can_respond(viewer, concern):
        found.append("respond")
    if policy.can_request_reconsideration(viewer, concern, concern.reconsider_requested_at is not None):
        found.append("reconsider")
    if policy.can_withdraw(viewer, concern):
        found.append("withdraw")
    if concern.status != Status.DRAFT:
        found.append("follow")
    return found


def standing(viewer: User, concern: Concern, *, signed: bool, now: datetime | None = None) -> Standing:
    """The timeline, next step and the viewer's actions for a concern the viewer may see."""
    columns = {column: getattr(concern, column) for column, _ in COLUMN_STEPS}
    owed = next_of(concern.status, concern.acknowledged_at is not None, concern.due_at, now or utcnow(),
                   concern.signature_count, concern.review_threshold)
    return Standing(timeline_of(_events(concern.id), columns), owed, actions(viewer, concern, signed=signed))
