"""The job runner: time-based transitions, then the mail outbox.

``run(now)`` is safe to call at any time, from any number of processes or hosts:

- each transition is a guarded UPDATE in ``petitions.workflow.deadlines``;
- mail is claimed before it is sent, with one conditional UPDATE that stamps a random claim
  token on unsent rows nobody holds (or whose claim is older than ``CLAIM_TIMEOUT``, because
  that runner died). A runner then reads back only the rows carrying its own token, so two
  runners never send the same mail; one that finds nothing to claim simply does nothing.

Without ``MAIL_SERVER`` mail is written to the console (development).
"""

from __future__ import annotations

import secrets
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import click
from flask import current_app
from sqlalchemy import or_, select, update

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import OutboxMail
from petitions.workflow import commitments, deadlines

CLAIM_TIMEOUT = timedelta(minutes=5)
BATCH_SIZE = 100
MAX_ATTEMPTS = 10


@dataclass
class OutboxReport:
    """What one pass over the outbox did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0


@dataclass
class RunReport:
    """What one ``run`` did."""

    closed: list[int] = field(default_factory=list)
    auto_published: list[int] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)
    outbox: OutboxReport = field(default_factory=OutboxReport)

    def lines(self) -> list[str]:
        """A human summary, one line per kind of work."""
        closed = ", ".join(f"#{cid}" for cid in self.closed) or "none"
        published = ", ".join(f"#{cid}" for cid in self.auto_published) or "none"
        return [
            f"Closed {len(self.closed)} concern(s) at the end of their signing window: {closed}.",
            f"Published {len(self.auto_published)} decision(s) without a leadership response in time: {published}.",
            f"Announced {len(self.reminded)} overdue step(s): "
            + (", ".join(f"#{cid}" for cid in self.reminded) or "none") + ".",
            f"Mail: {self.outbox.sent} sent, {self.outbox.failed} failed (will be retried), "
            f"{self.outbox.claimed} claimed.",
        ]


def run(now: datetime) -> RunReport:
    """Apply every time-based transition due at ``now``, then send the outbox."""
    report = RunReport()
    report.closed = deadlines.close_expired(now)
    report.auto_published = deadlines.auto_publish_overdue(now)
    report.reminded = deadlines.remind_overdue(now) + commitments.remind_overdue(now)
    report.outbox = send_outbox(now)
    return report


def claim(now: datetime, limit: int = BATCH_SIZE) -> list[OutboxMail]:
    """Take up to ``limit`` unsent mails for this runner; returns them (possibly none)."""
    token = secrets.token_hex(16)
    claimable = (
        OutboxMail.sent_at.is_(None),
        OutboxMail.attempts < MAX_ATTEMPTS,
        # Unclaimed, or claimed so long ago that runner must have died. A claim stamped well
        # after ``now`` came from a rehearsal with ``--now`` in the future; it is no live claim.
        or_(
            OutboxMail.claimed_at.is_(None),
            OutboxMail.claimed_at < now - CLAIM_TIMEOUT,
            OutboxMail.claimed_at > now + CLAIM_TIMEOUT,
        ),
    )
    candidates = select(OutboxMail.id).where(*claimable).order_by(OutboxMail.id).limit(limit)
    with write_transaction() as session:
        # The outer WHERE repeats the condition: on PostgreSQL a row another runner claimed
        # meanwhile is re-checked after its lock is released and then skipped.
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_(candidates.scalar_subquery()), *claimable)
            .values(claimed_at=now, claim_token=token)
            .execution_options(synchronize_session=False)
        )
    mails = list(db.session.scalars(select(OutboxMail).where(OutboxMail.claim_token == token).order_by(OutboxMail.id)))
    for mail in mails:
        db.session.expunge(mail)
    db.session.commit()
    return mails


def _mark_sent(mail: OutboxMail, now: datetime) -> None:
    """Record delivery (only while the claim is still ours)."""
    with write_transaction() as session:
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail.id, OutboxMail.claim_token == mail.claim_token)
            .values(sent_at=now, attempts=OutboxMail.attempts + 1, last_error=None)
            .execution_options(synchronize_session=False)
        )


def _mark_failed(mail: OutboxMail, error: str) -> None:
    """Record the failure; the claim goes stale after ``CLAIM_TIMEOUT`` and a later run retries.

    Keeping ``claimed_at`` is the back-off: this run does not hammer a broken server.
    """
    with write_transaction() as session:
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail.id, OutboxMail.claim_token == mail.claim_token)
            .values(attempts=OutboxMail.attempts + 1, last_error=error[:500], claim_token=None)
            .execution_options(synchronize_session=False)
        )


def _message(mail: OutboxMail) -> EmailMessage:
    """The outbox row as an email."""
    config = current_app.config
    sender = str(config.get("MAIL_DEFAULT_SENDER") or "petitions@localhost")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_addr
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at.replace(tzinfo=UTC), usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or "localhost")
    message.set_content(mail.body)
    return message


def _smtp() -> smtplib.SMTP:
    """A connection to the configured mail server, with STARTTLS and login when configured."""
    config = current_app.config
    connection = smtplib.SMTP(str(config["MAIL_SERVER"]), int(config.get("MAIL_PORT") or 25), timeout=30)
    if config.get("MAIL_USE_TLS"):
        connection.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        connection.login(str(config["MAIL_USERNAME"]), str(config.get("MAIL_PASSWORD") or ""))
    return connection


def _echo(mail: OutboxMail) -> None:
    """Development delivery: the mail on standard output."""
    click.echo(f"--- mail #{mail.id} ---\n{_message(mail).as_string()}--- end of mail #{mail.id} ---")


def send_outbox(now: datetime) -> OutboxReport:
    """Claim and send queued mail in batches until none is left for this runner."""
    report = OutboxReport()
    while True:
        mails = claim(now)
        if not mails:
            return report
        report.claimed += len(mails)
        sent, failed = _deliver(mails, now)
        report.sent += sent
        report.failed += failed


def _deliver(mails: list[OutboxMail], now: datetime) -> tuple[int, int]:
    """Send one claimed batch; returns (sent, failed). Failures are recorded for retry."""
    sent = failed = 0
    connection: smtplib.SMTP | None = None
    console = not current_app.config.get("MAIL_SERVER")
    try:
        for mail in mails:
            try:
                if console:
                    _echo(mail)
                else:
                    if connection is None:
                        connection = _smtp()
                    connection.send_message(_message(mail))
            except (smtplib.SMTPException, OSError) as exc:
                # Log the row id only: recipients and subjects can identify signers.
                current_app.logger.warning("mail #%s not sent: %s", mail.id, type(exc).__name__)
                _mark_failed(mail, f"{type(exc).__name__}: {exc}")
                failed += 1
                if connection is not None and not isinstance(exc, smtplib.SMTPRecipientsRefused):
                    _close(connection)
                    connection = None
                continue
            _mark_sent(mail, now)
            sent += 1
    finally:
        if connection is not None:
            _close(connection)
    return sent, failed


def _close(connection: smtplib.SMTP) -> None:
    """Say goodbye to the server, ignoring a connection that already broke."""
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()
