"""Leadership's response: publish (by hand or automatically), commitments, addenda, inbox.

A published response is never edited. A correction is an addendum, dated, shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Addendum, Commitment, Concern, Contract, Decision, Response, User
from petitions.notifications import notify
from petitions.vocabulary import ContractStatus, Stance, Status
from petitions.workflow import (
    audit,
    breakdown,
    commitments,
    decisions,
    perspectives,
    policy,
    signature_pages,
    transitions,
)
from petitions.workflow.audiences import recipients
from petitions.workflow.breakdown import Breakdown
from petitions.workflow.errors import Conflict, Forbidden, NotFound
from petitions.workflow.perspectives import PerspectiveView
from petitions.workflow.text import BODY_MAX, FieldErrors
from petitions.workflow.visible import concern_for

COMMITMENT_MAX = 2000
COMMITMENTS_MAX = 20
NOTE_MAX = 5000
INBOX_MAX = 500  # bounded; the API says when the inbox reaches it
AUTOMATIC_STATEMENT = (
    "Leadership did not respond within the response deadline. The committee's decision is "
    "published as it stands, without a leadership response."
)


def _commitments(errors: FieldErrors, raw: Any) -> list[tuple[str, date | None]]:
    """``[{"text": ..., "due_on": "YYYY-MM-DD"}]`` -> validated pairs, each due after today."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list) or len(raw) > COMMITMENTS_MAX:
        errors.add("commitments", f"Commitments must be a list of at most {COMMITMENTS_MAX} items.")
        return []
    out: list[tuple[str, date | None]] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            errors.add("commitments", f"Commitment {index + 1} must have a text and a due date.")
            continue
        text = errors.text(f"commitments.{index}.text", item.get("text"), max_len=COMMITMENT_MAX, required=True,
                           label=f"Commitment {index + 1}")
        due: date | None = None
        if item.get("due_on") not in (None, ""):
            try:
                due = date.fromisoformat(str(item["due_on"]))
            except ValueError:
                errors.add(f"commitments.{index}.due_on", f"Commitment {index + 1}: use a date like 2027-03-31.")
        commitments.check_due(errors, index, due, utcnow().date())
        out.append((text, due))
    return out


def publish(leader: User, concern_id: int, data: dict[str, Any]) -> Concern:
    """Publish leadership's response to a decided concern, in one transaction with the contract update."""
    errors = FieldErrors()
    stance = errors.choice("stance", data.get("stance"), Stance, label="Stance")
    statement = errors.text("statement", data.get("statement"), max_len=BODY_MAX, required=True, label="Statement")
    contract_status = data.get("contract_status") or None
    if contract_status is not None:
        contract_status = errors.choice("contract_status", contract_status, ContractStatus, label="Contract status")
    commitments = _commitments(errors, data.get("commitments"))
    errors.raise_if_any()
    with write_transaction() as session:
        concern = concern_for(leader, concern_id)
        if not policy.is_leadership(leader):
            raise Forbidden("Only leadership publishes a response.")
        if not policy.can_respond(leader, concern):
            raise Conflict(f"Only a decided concern can be answered; this one is {Status.label_of(concern.status).lower()}.")
        _respond(session, concern, leader=leader, stance=stance, statement=statement,
                 contract_status=contract_status, commitments=commitments)
    return concern


def auto_publish(session: Session, concern: Concern, now: datetime) -> bool:
    """Publish the decision without a leadership response (the deadline passed). For the job runner."""
    if concern.status != Status.DECIDED:
        return False
    _respond(session, concern, leader=None, stance=None, statement=AUTOMATIC_STATEMENT, contract_status=None,
             commitments=[], now=now)
    return True


def _respond(session: Session, concern: Concern, *, leader: User | None, stance: str | None, statement: str,
             contract_status: str | None, commitments: list[tuple[str, date | None]],
             now: datetime | None = None) -> None:
    """Write the response, move the concern and the contract, audit and notify (caller commits)."""
    target = transitions.check(leader, concern, "respond" if leader is not None else "auto_respond")
    now = now or utcnow()
    contract = session.get(Contract, concern.contract_id)
    assert contract is not None
    response = Response(
        concern_id=concern.id, stance=stance, statement=statement, automatic=leader is None,
        contract_status_before=contract.status, contract_status_after=contract_status,
        published_by_id=leader.id if leader else None, published_at=now,
    )
    session.add(response)
    session.flush()
    for text, due in commitments:
        session.add(Commitment(response_id=response.id, text=text, due_on=due))
    # Guarded: a concurrent response (or the job) finds the state already moved and fails.
    moved = session.execute(
        update(Concern)
        .where(Concern.id == concern.id, Concern.status == Status.DECIDED.value)
        .values(status=target.value, response_id=response.id, responded_at=now, updated_at=now, due_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if moved != 1:
        raise Conflict("This concern was answered a moment ago.")
    if contract_status and contract_status != contract.status:
        audit.record(session, "contract.updated", actor_id=leader.id if leader else None,
                     detail={"contract_id": contract.id, "fields": ["status"], "from": contract.status,
                             "to": contract_status, "concern_id": concern.id})
        contract.status = contract_status
        contract.updated_at = now
    audit.record(session, "concern.responded" if leader else "concern.auto_published",
                 actor_id=leader.id if leader else None, concern_id=concern.id,
                 detail={"stance": stance, "automatic": leader is None})
    session.refresh(concern)
    message = "has leadership's response" if leader else "was published without a leadership response in time"
    notify(session, recipients(session, "responded", concern), kind="responded", concern=concern, message=message)


def response_for(viewer: User, concern: Concern) -> Response | None:
    """The published response (every employee who can see the concern may read it)."""
    if concern.response_id is None:
        return None
    return db.session.get(Response, concern.response_id)


def responses_for(viewer: User, concerns: list[Concern]) -> dict[int, Response]:
    """``response_for`` for many concerns in one query: concern id -> its published response."""
    published = {c.response_id: c.id for c in concerns if c.response_id is not None}
    if not published:
        return {}
    found = db.session.scalars(select(Response).where(Response.id.in_(published)))
    return {published[r.id]: r for r in found}


def mark_commitment_done(leader: User, commitment_id: int, note: Any = "") -> Commitment:
    """Leadership marks a commitment done, with a note."""
    if not policy.is_leadership(leader):
        raise Forbidden("Only leadership updates commitments.")
    errors = FieldErrors()
    text = errors.text("note", note, max_len=NOTE_MAX, label="Note")
    errors.raise_if_any()
    with write_transaction() as session:
        commitment = session.get(Commitment, commitment_id)
        if commitment is None:
            raise NotFound("No such commitment.")
        if commitment.done_at is not None:
            raise Conflict("This commitment is already marked done.")
        commitment.done_at = utcnow()
        commitment.done_note = text
        commitment.done_by_id = leader.id
        response = session.get(Response, commitment.response_id)
        audit.record(session, "commitment.done", actor_id=leader.id,
                     concern_id=response.concern_id if response else None, detail={"commitment_id": commitment.id})
        commitments.tell_done(session, commitment)
    return commitment


def add_addendum(leader: User, concern_id: int, body: Any) -> Addendum:
    """A dated correction beside the published response (the original is never edited)."""
    errors = FieldErrors()
    text = errors.text("body", body, max_len=BODY_MAX, required=True, label="Addendum")
    errors.raise_if_any()
    with write_transaction() as session:
        concern = concern_for(leader, concern_id)
        if not policy.is_leadership(leader):
            raise Forbidden("Only leadership adds an addendum.")
        if not policy.can_add_addendum(leader, concern):
            raise Conflict("There is no published response to correct yet.")
        addendum = Addendum(response_id=concern.response_id, author_id=leader.id, body=text)
        session.add(addendum)
        session.flush()
        audit.record(session, "response.addendum", actor_id=leader.id, concern_id=concern.id)
        notify(session, recipients(session, "addendum", concern), kind="addendum", concern=concern, message="leadership added an addendum to its response")
        addendum_id = addendum.id
    return db.session.get(Addendum, addendum_id)  # type: ignore[return-value]


def inbox(leader: User) -> list[Concern]:
    """Decided concerns awaiting a response, nearest deadline first."""
    if not policy.is_leadership(leader):
        raise Forbidden("Only leadership has a response inbox.")
    query = select(Concern).where(Concern.status == Status.DECIDED.value).order_by(Concern.due_at, Concern.id)
    return list(db.session.scalars(query.limit(INBOX_MAX)))


def open_commitments(viewer: User, limit: int = 200) -> list[tuple[Commitment, Concern]]:
    """Commitments not yet done, soonest due first, with their concern (for leadership)."""
    if not policy.is_leadership(viewer):
        raise Forbidden("Only leadership tracks open commitments.")
    rows = db.session.execute(
        select(Commitment, Concern)
        .join(Response, Response.id == Commitment.response_id)
        .join(Concern, Concern.id == Response.concern_id)
        .where(Commitment.done_at.is_(None))
        .order_by(Commitment.due_on.is_(None), Commitment.due_on, Commitment.id)
        .limit(limit)
    ).all()
    return [(c, k) for c, k in rows]


def is_overdue(commitment: Commitment, today: date | None = None) -> bool:
    """A commitment past its due date and not done."""
    today = today or utcnow().date()
    return commitment.done_at is None and commitment.due_on is not None and commitment.due_on < today


@dataclass
class Briefing:
    """What leadership reads before answering: counts and k-anonymous groups, never hidden names."""

    concern: Concern
    decision: Decision | None
    response: Response | None
    perspectives: list[PerspectiveView]
    counts: dict[str, int]
    breakdowns: dict[str, Breakdown]


def briefing(leader: User, concern_id: int) -> Briefing:
    """A concern as leadership reads it: perspectives, decision, signature counts and breakdowns.

    Signers appear only as counts (by visibility, and by department and location with small
    groups suppressed), so no committee-only or anonymous name can reach leadership's pages.
    """
    if not policy.is_leadership(leader):
        raise Forbidden("Only leadership reads a briefing.")
    concern = concern_for(leader, concern_id)
    return Briefing(
        concern=concern,
        decision=decisions.decision_for(leader, concern),
        response=response_for(leader, concern),
        perspectives=perspectives.for_concern(leader, concern),
        counts=signature_pages.counts(concern),
        breakdowns={by: breakdown.breakdown(leader, concern.id, by) for by in breakdown.DIMENSIONS},
    )
