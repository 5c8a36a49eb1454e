"""Time-based transitions, applied by the job runner (``flask --app wsgi jobs run``).

Only what a clock decides lives here; routing at the review threshold happens in the signing
request itself. Two transitions are the clock's: an open concern closes when its signing window
ends, and a decided concern's decision is published without a response when leadership's
deadline passes (if the ``AUTO_PUBLISH`` setting is on). Late steps are announced to whoever
owes them, once per deadline. Each transition is a guarded UPDATE (``... WHERE status = 'open'``), so two
runners working at once never apply the same step twice, and each concern commits on its own:
a failure on one leaves the others done.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern
from petitions.notifications import notify
from petitions.workflow import responses, settings, transitions
from petitions.workflow.audiences import recipients
from petitions.workflow.errors import Conflict
from petitions.workflow.states import Status

CLOSED_MESSAGE = "closed at the end of its signing window without reaching the review threshold"


def expired_open_ids(now: datetime) -> list[int]:
    """Open concerns whose signing window ended at or before ``now``, oldest deadline first."""
    query = (
        select(Concern.id)
        .where(Concern.status == Status.OPEN.value, Concern.due_at.is_not(None), Concern.due_at <= now)
        .order_by(Concern.due_at, Concern.id)
    )
    return list(db.session.scalars(query))


def close_one(concern_id: int, now: datetime) -> bool:
    """Close one concern if it is still open and past its window. ``False`` if someone was first.

    Tells the author and the public and committee-visibility signers; anonymous signers are
    never told individually (their rows carry no user id, and a message would link them).
    """
    with write_transaction() as session:
        moved = transitions.guarded_move(
            session, concern_id, "close", Status.OPEN,
            where=(Concern.due_at.is_not(None), Concern.due_at <= now),
            values={"closed_at": now, "updated_at": now, "due_at": None},
            event="concern.closed", kind="closed", message=CLOSED_MESSAGE, detail={"reason": "signing_window_ended"},
        )
    return moved is not None


def close_expired(now: datetime) -> list[int]:
    """Close every open concern whose signing window has passed; returns the ids this call closed."""
    return [concern_id for concern_id in expired_open_ids(now) if close_one(concern_id, now)]


def overdue_decided_ids(now: datetime) -> list[int]:
    """Decided concerns whose leadership response deadline passed at or before ``now``."""
    query = (
        select(Concern.id)
        .where(Concern.status == Status.DECIDED.value, Concern.due_at.is_not(None), Concern.due_at <= now)
        .order_by(Concern.due_at, Concern.id)
    )
    return list(db.session.scalars(query))


def auto_publish_one(concern_id: int, now: datetime) -> bool:
    """Publish one decision without a leadership response. ``False`` if it was answered meanwhile.

    ``responses.auto_publish`` moves the concern with a guarded UPDATE and raises ``Conflict``
    when someone (leadership, or another runner) was first; the whole transaction then rolls back.
    """
    try:
        with write_transaction() as session:
            concern = session.get(Concern, concern_id)
            if concern is None or concern.due_at is None or concern.due_at > now:
                return False
            return responses.auto_publish(session, concern, now)
    except Conflict:
        return False


def auto_publish_overdue(now: datetime) -> list[int]:
    """Publish every overdue decision automatically (when ``AUTO_PUBLISH`` is on); returns their ids."""
    if not settings.get("AUTO_PUBLISH"):
        return []
    return [concern_id for concern_id in overdue_decided_ids(now) if auto_publish_one(concern_id, now)]


def remind_overdue(now: datetime) -> list[int]:
    """Tell whoever owes a late step (the committee, or leadership) once per deadline.

    ``overdue_notified_for`` remembers which deadline was announced; every transition that
    sets a new deadline clears it. The guarded UPDATE makes concurrent runners announce once.
    """
    late = (
        select(Concern.id)
        .where(
            Concern.status.in_([Status.IN_REVIEW.value, Status.DECIDED.value]),
            Concern.due_at.is_not(None),
            Concern.due_at <= now,
            or_(Concern.overdue_notified_for.is_(None), Concern.overdue_notified_for != Concern.due_at),
        )
        .order_by(Concern.due_at, Concern.id)
    )
    reminded = []
    for concern_id in list(db.session.scalars(late)):
        with write_transaction() as session:
            row = session.execute(
                update(Concern)
                .where(
                    Concern.id == concern_id,
                    Concern.due_at.is_not(None),
                    Concern.due_at <= now,
                    or_(Concern.overdue_notified_for.is_(None), Concern.overdue_notified_for != Concern.due_at),
                )
                .values(overdue_notified_for=Concern.due_at)
                .returning(Concern.status, Concern.acknowledged_at)
                .execution_options(synchronize_session=False)
            ).one_or_none()
            if row is None:
                continue
            concern = session.get(Concern, concern_id)
            if row.status == Status.DECIDED.value:
                people, step = recipients(session, "overdue_response", concern), "leadership's response is overdue"
            else:
                people = recipients(session, "overdue_review", concern)
                step = "the committee's decision is overdue" if row.acknowledged_at else "acknowledgement is overdue"
            notify(session, people, kind="overdue", concern=concern, message=step)
            reminded.append(concern_id)
    return reminded
