"""What admins may know of the outbox: how much waits, and which mail failed and why.

A failure shows its recipient's address (the thing an admin can fix), the reason and the day it
was given up, never the subject, the creation time or the row id, and the list is ordered by
day and address rather than by when the mail was queued: a mail that only one person received
at the moment of a step (an acknowledgement, to the author alone) would otherwise let the
reader match it to the audit log and learn who wrote a committee-only concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import OutboxMail, User
from petitions.workflow import audit, policy
from petitions.workflow.errors import Forbidden

SHOWN_MAX = 500


@dataclass(frozen=True)
class Failure:
    """One mail that was given up."""

    to_addr: str
    reason: str
    attempts: int
    failed_on: date


@dataclass(frozen=True)
class OutboxState:
    """The admin's view of the outbox."""

    waiting: int
    failed: int
    failures: list[Failure]


def state(actor: User) -> OutboxState:
    """How many mails wait, how many failed, and the newest ``SHOWN_MAX`` failures."""
    if not policy.can_read_mail_failures(actor):
        raise Forbidden("Only admins read the mail failures.")
    waiting = db.session.scalar(
        select(func.count()).where(OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None))
    ) or 0
    failed = db.session.scalar(select(func.count()).where(OutboxMail.failed_at.is_not(None))) or 0
    rows = db.session.execute(
        select(OutboxMail.to_addr, OutboxMail.last_error, OutboxMail.attempts, OutboxMail.failed_at)
        .where(OutboxMail.failed_at.is_not(None))
        .order_by(OutboxMail.failed_at.desc())
        .limit(SHOWN_MAX)
    ).all()
    failures = [
        Failure(to_addr, reason or "No reason was recorded.", attempts, failed_at.date())
        for to_addr, reason, attempts, failed_at in rows
        if failed_at is not None
    ]
    failures.sort(key=lambda f: (-f.failed_on.toordinal(), f.to_addr.lower(), f.reason))
    return OutboxState(waiting, failed, failures)


def retry_failed(actor: User) -> int:
    """Give every mail that was given up a fresh set of attempts (after the server or an address
    was fixed); audited with the number. Returns how many."""
    if not policy.can_read_mail_failures(actor):
        raise Forbidden("Only admins retry failed mail.")
    with write_transaction() as session:
        result = session.execute(
            update(OutboxMail)
            .where(OutboxMail.failed_at.is_not(None), OutboxMail.sent_at.is_(None))
            .values(failed_at=None, attempts=0, next_attempt_at=None, claimed_at=None, claim_token=None)
            .execution_options(synchronize_session=False)
        )
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            audit.record(session, "mail.retried", actor_id=actor.id, detail={"count": count})
    return count
