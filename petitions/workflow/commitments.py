"""Leadership's commitments after a response: due dates that make sense, and signers told.

A commitment is due after the day of the response (a date already past would read "Overdue" the
moment it is published). When one is done, or becomes overdue, the author and the public and
committee-visibility signers are told; anonymous signers never are (their rows carry no user id,
and a message would link them); they follow the concern's feed instead.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Commitment, Concern, Response
from petitions.notifications import notify
from petitions.workflow.audiences import recipients
from petitions.workflow.text import FieldErrors


def check_due(errors: FieldErrors, index: int, due: date | None, response_day: date) -> None:
    """A due date must come after the day of the response."""
    if due is not None and due <= response_day:
        errors.add(f"commitments.{index}.due_on",
                   f"Commitment {index + 1}: the due date must be after today, the day of the response.")


def _tell(session: Session, concern_id: int, message: str) -> None:
    concern = session.get(Concern, concern_id)
    if concern is not None:
        notify(session, recipients(session, "commitment", concern), kind="commitment", concern=concern, message=message)


def tell_done(session: Session, commitment: Commitment) -> None:
    """Inside the marking transaction: tell who may be told that a commitment is done."""
    response = session.get(Response, commitment.response_id)
    if response is not None:
        _tell(session, response.concern_id, "one of leadership's commitments is done")


def remind_overdue(now: datetime) -> list[int]:
    """Tell who may be told about each commitment that became overdue, once; returns the concern ids."""
    today = now.date()
    late = (
        select(Commitment.id)
        .where(Commitment.done_at.is_(None), Commitment.due_on.is_not(None), Commitment.due_on < today,
               Commitment.overdue_notified.is_(False))
        .order_by(Commitment.due_on, Commitment.id)
    )
    told = []
    for commitment_id in list(db.session.scalars(late)):
        with write_transaction() as session:
            # Guarded: two runners at once tell people once.
            row = session.execute(
                update(Commitment)
                .where(Commitment.id == commitment_id, Commitment.overdue_notified.is_(False),
                       Commitment.done_at.is_(None))
                .values(overdue_notified=True)
                .returning(Commitment.response_id)
                .execution_options(synchronize_session=False)
            ).one_or_none()
            if row is None:
                continue
            response = session.get(Response, row.response_id)
            if response is not None:
                _tell(session, response.concern_id, "one of leadership's commitments is overdue")
                told.append(response.concern_id)
    return told
