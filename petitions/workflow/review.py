"""The committee's handling of a concern: refer, acknowledge, recuse, reject, restore, notes, queue.

Each public function is one service call: permission, state, change, audit, notifications,
one commit. A recused member gets ``Forbidden`` on every committee action of that concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import CommitteeNote, Concern, Recusal, User
from petitions.notifications import notify
from petitions.vocabulary import RejectionCode, Status
from petitions.workflow import audit, policy, schedule, transitions
from petitions.workflow.audiences import recipients
from petitions.workflow.errors import Conflict, Forbidden, Invalid
from petitions.workflow.paging import Page, paginate
from petitions.workflow.text import STATEMENT_MAX, FieldErrors
from petitions.workflow.visible import concern_for

NOTE_MAX = STATEMENT_MAX
QUEUE_MAX = 500  # the queue and the notes thread are bounded; lists say when they reach the bound
NOTES_MAX = 1000
EXPLANATION_MAX = STATEMENT_MAX


def reviewer_concern(member: User, concern_id: int) -> Concern:
    """The concern, if ``member`` may act on it as a reviewer (404 unseen, 403 otherwise)."""
    concern = concern_for(member, concern_id)
    if not policy.is_committee(member):
        raise Forbidden("Only the ethics committee does this.")
    if not policy.is_reviewer(member, concern):
        raise Forbidden("You recused yourself from this concern.")
    return concern


def refer(member: User, concern_id: int) -> Concern:
    """The committee takes an open concern early, before it reaches the threshold."""
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        now = utcnow()
        transitions.apply(member, concern, "refer")
        concern.routed_at = concern.updated_at = now
        concern.due_at = schedule.due("acknowledge", now)
        concern.overdue_notified_for = None
        audit.record(session, "concern.referred", actor_id=member.id, concern_id=concern.id)
        notify(session, recipients(session, "routed", concern), kind="routed", concern=concern, message="was referred to the ethics committee")
    return concern


def acknowledge(member: User, concern_id: int, lead_reviewer_id: Any = None) -> Concern:
    """Acknowledge a routed concern (once), optionally naming a lead reviewer; the author is told."""
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        if not policy.can_acknowledge(member, concern):
            if concern.status != Status.IN_REVIEW:
                raise Conflict(f"Only a concern in review can be acknowledged; this one is {Status.label_of(concern.status).lower()}.")
            raise Conflict("This concern was already acknowledged.")
        lead = _lead_reviewer(session, concern, lead_reviewer_id)
        now = utcnow()
        concern.acknowledged_at = concern.updated_at = now
        concern.lead_reviewer_id = lead
        concern.due_at = schedule.due("decide", now)
        concern.overdue_notified_for = None
        audit.record(session, "concern.acknowledged", actor_id=member.id, concern_id=concern.id,
                     detail={"lead_reviewer_id": lead})
        notify(session, recipients(session, "acknowledged", concern), kind="acknowledged", concern=concern,
               message="was acknowledged by the ethics committee")
    return concern


def _lead_reviewer(session: Session, concern: Concern, raw: Any) -> int | None:
    """A committee member who is not recused, or ``Invalid``."""
    if raw in (None, ""):
        return None
    try:
        lead_id = int(raw)
    except (TypeError, ValueError):
        raise Invalid("Lead reviewer must be a person's id.", {"lead_reviewer_id": "Not a person's id."}) from None
    lead = session.get(User, lead_id)
    if lead is None or not lead.active or not policy.is_reviewer(lead, concern):
        raise Invalid("The lead reviewer must be a committee member who is not recused.",
                      {"lead_reviewer_id": "Choose a committee member who is not recused."})
    return lead_id


def recuse(member: User, concern_id: int, reason: Any) -> Concern:
    """Step back from a concern, with the conflict stated. Final."""
    errors = FieldErrors()
    text = errors.text("reason", reason, max_len=EXPLANATION_MAX, required=True, label="Reason")
    errors.raise_if_any()
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        session.add(Recusal(concern_id=concern.id, user_id=member.id, reason=text))
        if concern.lead_reviewer_id == member.id:
            concern.lead_reviewer_id = None
        audit.record(session, "committee.recused", actor_id=member.id, concern_id=concern.id)
    db.session.expire(concern)
    return concern


def reject(member: User, concern_id: int, reason_code: Any, explanation: Any, duplicate_of_id: Any = None) -> Concern:
    """Moderation: reject an open or routed concern with a coded reason the author sees."""
    errors = FieldErrors()
    code = errors.choice("reason_code", reason_code, RejectionCode, label="Reason")
    text = errors.text("explanation", explanation, max_len=EXPLANATION_MAX, required=True, label="Explanation")
    original = None
    if code == "duplicate":
        try:
            original = int(duplicate_of_id)
        except (TypeError, ValueError):
            errors.add("duplicate_of_id", "Give the number of the concern this one duplicates.")
    errors.raise_if_any()
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        if original is not None:
            if original == concern.id or not _listed(session, original):
                raise Invalid("The original must be another published concern.",
                              {"duplicate_of_id": "No such published concern."})
            text = f"{text}\n\nDuplicate of concern #{original}."
        now = utcnow()
        origin = concern.status
        transitions.apply(member, concern, "reject")
        concern.rejected_from = origin
        concern.rejection_reason_code = code
        concern.rejection_explanation = text
        concern.duplicate_of_id = original
        concern.reconsider_requested_at = concern.reconsider_reason = None
        concern.rejected_at = concern.updated_at = now
        concern.due_at = None
        audit.record(session, "concern.rejected", actor_id=member.id, concern_id=concern.id,
                     detail={"reason_code": code, "from": concern.rejected_from})
        notify(session, recipients(session, "rejected", concern), kind="rejected", concern=concern,
               message=f"was rejected by the ethics committee ({RejectionCode(code).label.lower()})")
    return concern


def _listed(session: Session, concern_id: int) -> bool:
    other = session.get(Concern, concern_id)
    return other is not None and other.status not in (Status.DRAFT, Status.REJECTED)


def restore(member: User, concern_id: int) -> Concern:
    """On appeal: a rejected concern returns to the state it was rejected from."""
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        target = transitions.apply(member, concern, "restore")
        now = utcnow()
        concern.rejected_from = concern.rejection_reason_code = concern.rejection_explanation = None
        concern.rejected_at = concern.duplicate_of_id = None
        concern.reconsider_requested_at = concern.reconsider_reason = None
        concern.updated_at = now
        concern.overdue_notified_for = None
        if target == Status.OPEN and concern.published_at is not None:
            concern.due_at = schedule.due("sign", concern.published_at)
        elif concern.acknowledged_at is None:
            concern.due_at = schedule.due("acknowledge", concern.routed_at or now)
        else:
            concern.due_at = schedule.due("decide", concern.acknowledged_at)
        audit.record(session, "concern.restored", actor_id=member.id, concern_id=concern.id,
                     detail={"to": target.value})
        notify(session, recipients(session, "restored", concern), kind="restored", concern=concern,
               message="was restored by the ethics committee")
    return concern


def notes(member: User, concern_id: int) -> list[CommitteeNote]:
    """The committee's private thread, oldest first."""
    concern = reviewer_concern(member, concern_id)
    query = select(CommitteeNote).where(CommitteeNote.concern_id == concern.id).order_by(CommitteeNote.id)
    return list(db.session.scalars(query.limit(NOTES_MAX)))


def add_note(member: User, concern_id: int, body: Any) -> CommitteeNote:
    """Add a private note to the committee's thread."""
    errors = FieldErrors()
    text = errors.text("body", body, max_len=NOTE_MAX, required=True, label="Note")
    errors.raise_if_any()
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        note = CommitteeNote(concern_id=concern.id, author_id=member.id, body=text)
        session.add(note)
        session.flush()
        note_id = note.id
    return db.session.get(CommitteeNote, note_id)  # type: ignore[return-value]


@dataclass
class QueueItem:
    """A routed concern in the committee's queue."""

    concern: Concern
    due_at: datetime | None
    overdue: bool
    acknowledged: bool


def _queue_query(member: User) -> Select[Any]:
    """Routed concerns (in review), due first; recused ones are left out. Committee only."""
    if not policy.is_committee(member):
        raise Forbidden("Only the ethics committee has a queue.")
    recused = select(Recusal.concern_id).where(Recusal.user_id == member.id)
    return (
        select(Concern)
        .where(Concern.status == Status.IN_REVIEW.value, Concern.id.not_in(recused))
        .order_by(Concern.due_at.is_(None), Concern.due_at, Concern.id)
    )


def _item(concern: Concern, now: datetime) -> QueueItem:
    return QueueItem(concern, concern.due_at, policy.is_overdue(concern.due_at, now), concern.acknowledged_at is not None)


def queue(member: User, now: datetime | None = None) -> list[QueueItem]:
    """The first ``QUEUE_MAX`` of the queue, for what is waiting on the home page."""
    now = now or utcnow()
    return [_item(c, now) for c in db.session.scalars(_queue_query(member).limit(QUEUE_MAX))]


def queue_page(member: User, page: int, per_page: int, now: datetime | None = None) -> Page[QueueItem]:
    """One page of the whole queue, paged in the database (no bound)."""
    now = now or utcnow()
    found = paginate(_queue_query(member), page, per_page)
    return Page([_item(c, now) for c in found.items], found.total, page, per_page)


def referable(member: User, limit: int = 50) -> list[Concern]:
    """Open concerns the committee may refer early, most signatures first."""
    if not policy.is_committee(member):
        raise Forbidden("Only the ethics committee refers concerns.")
    query = (
        select(Concern)
        .where(Concern.status == Status.OPEN.value)
        .order_by(Concern.signature_count.desc(), Concern.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def moderation_list(member: User, limit: int = 100) -> list[Concern]:
    """Rejected concerns (abusive ones included), for appeals; those whose author asked to reconsider first."""
    if not policy.is_committee(member):
        raise Forbidden("Only the ethics committee moderates.")
    query = select(Concern).where(Concern.status == Status.REJECTED.value).order_by(
        Concern.reconsider_requested_at.is_(None), Concern.reconsider_requested_at, Concern.rejected_at.desc())
    return list(db.session.scalars(query.limit(limit)))
