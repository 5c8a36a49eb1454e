"""Mail: what it says, and how the job runner sends the outbox.

**What a mail says.** Mail sits in corporate mailboxes and in mail-server logs, so its subject
and body name nothing: not the concern's title, not its number, not anyone. It says there is
news and links to the notifications page, where, after login, the in-app notification says the
rest. Even the concern's number stays out: a mail that only a concern's author receives (an
acknowledgement, a rejection) would otherwise tell the mail operator who wrote that concern.

**How it is sent.** ``send_outbox(now)`` is safe to run at any time, from any number of
processes or hosts:

- mail is claimed before it is sent, with one conditional UPDATE that stamps a random claim
  token on rows that are due and that nobody holds (or whose claim is older than
  ``CLAIM_TIMEOUT``, because that runner died). A runner then reads back only the rows carrying
  its own token, so two runners never send the same mail; one that finds nothing to claim does
  nothing and the command exits 0.
- every claim counts as an attempt. A mail that cannot be built or sent waits before its next
  attempt (``RETRY_AFTER``, doubled each time) and after ``MAX_ATTEMPTS`` is marked failed with
  its reason (shown to admins on ``/admin/mail``). A mail whose claim is never marked sent (the
  runner crashed on it) runs out of attempts the same way. No mail is ever tried in a way that
  can stop the mail behind it: each is built and sent on its own, and any error is its own.

Without ``MAIL_SERVER`` mail is written to the console (development). Log lines name mail ids,
never recipients.
"""

from __future__ import annotations

import secrets
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import click
from flask import current_app
from sqlalchemy import ColumnElement, and_, or_, select, update

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import OutboxMail
from petitions.workflow.link_text import scrub

CLAIM_TIMEOUT = timedelta(minutes=5)
BATCH_SIZE = 100
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=5)  # then 10, 20, 40 minutes: a server down for an hour is survived

CONCERN_SUBJECT = "An update on a concern you follow"
PLATFORM_SUBJECT = "News from the employee concerns platform"
DIGEST_SUBJECT = "Your daily summary from the employee concerns platform"
_FOOTER = (
    "This mail does not say more on purpose: mail passes through servers and mailboxes that "
    "others can read. Everything is on the page once you have logged in."
)


def _inbox_link() -> str:
    """The notifications page: one address for every mail, so the link tells nothing either."""
    base_url = str(current_app.config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    return f"{base_url}/notifications"


def news(about_concern: bool) -> tuple[str, str]:
    """Subject and body of the mail that tells one person of one event."""
    if about_concern:
        subject, lead = CONCERN_SUBJECT, "There is news on a concern you follow."
    else:
        subject, lead = PLATFORM_SUBJECT, "There is news for you on the employee concerns platform."
    return subject, f"{lead}\n\nRead it here after logging in:\n{_inbox_link()}\n\n{_FOOTER}\n"


def digest(count: int) -> tuple[str, str]:
    """Subject and body of one person's daily digest of ``count`` unread notifications."""
    what = "1 new notification" if count == 1 else f"{count} new notifications"
    body = f"You have {what} on the employee concerns platform.\n\nRead them after logging in:\n{_inbox_link()}\n\n{_FOOTER}\n"
    return DIGEST_SUBJECT, body


@dataclass
class OutboxReport:
    """What one pass over the outbox did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0  # attempts that failed this pass (retried later, or given up: see gave_up)
    gave_up: int = 0


def _due(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """The rows a runner may claim at ``now``."""
    return (
        OutboxMail.sent_at.is_(None),
        OutboxMail.failed_at.is_(None),
        OutboxMail.attempts < MAX_ATTEMPTS,
        or_(OutboxMail.next_attempt_at.is_(None), OutboxMail.next_attempt_at <= now),
        _unclaimed(now),
    )


def _unclaimed(now: datetime) -> ColumnElement[bool]:
    """Unclaimed, or claimed so long ago that runner must have died.

    A claim stamped well after ``now`` came from a rehearsal with ``--now`` in the future; it is
    no live claim either.
    """
    return or_(
        OutboxMail.claimed_at.is_(None),
        OutboxMail.claimed_at < now - CLAIM_TIMEOUT,
        OutboxMail.claimed_at > now + CLAIM_TIMEOUT,
    )


def give_up_on_abandoned(now: datetime) -> int:
    """Mark failed the mails whose every attempt was claimed and never marked (a runner crashed)."""
    with write_transaction() as session:
        result = session.execute(
            update(OutboxMail)
            .where(
                OutboxMail.sent_at.is_(None),
                OutboxMail.failed_at.is_(None),
                OutboxMail.attempts >= MAX_ATTEMPTS,
                and_(OutboxMail.claimed_at.is_not(None), _unclaimed(now)),
            )
            .values(failed_at=now, claim_token=None,
                    last_error=f"Claimed {MAX_ATTEMPTS} times and never marked sent: the runner stopped on it.")
            .execution_options(synchronize_session=False)
        )
    return int(getattr(result, "rowcount", 0) or 0)


def claim(now: datetime, limit: int | None = None) -> list[OutboxMail]:
    """Take up to ``limit`` (``BATCH_SIZE``) due mails for this runner, counting an attempt each; possibly none."""
    token = secrets.token_hex(16)
    due = _due(now)
    candidates = select(OutboxMail.id).where(*due).order_by(OutboxMail.id).limit(limit or BATCH_SIZE)
    with write_transaction() as session:
        # The outer WHERE repeats the condition: on PostgreSQL a row another runner claimed
        # meanwhile is re-checked after its lock is released and then skipped.
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_(candidates.scalar_subquery()), *due)
            .values(claimed_at=now, claim_token=token, attempts=OutboxMail.attempts + 1)
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
            .values(sent_at=now, last_error=None, next_attempt_at=None, body=scrub(mail.body))
            .execution_options(synchronize_session=False)
        )


def _mark_failed(mail: OutboxMail, now: datetime, reason: str) -> bool:
    """Record a failed attempt: wait before the next one, or give up after the last. True if given up."""
    final = mail.attempts >= MAX_ATTEMPTS
    values: dict[str, object] = {"last_error": reason[:500], "claim_token": None, "claimed_at": None}
    if final:
        values["failed_at"] = now
        values["body"] = scrub(mail.body)  # a given-up mail keeps no working link either
    else:
        values["next_attempt_at"] = now + RETRY_AFTER * 2 ** max(mail.attempts - 1, 0)
    with write_transaction() as session:
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail.id, OutboxMail.claim_token == mail.claim_token)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    # Log the row id only: a recipient can identify a signer.
    current_app.logger.warning("mail #%s not sent (attempt %s%s)", mail.id, mail.attempts, ", given up" if final else "")
    return final


def _message(mail: OutboxMail) -> EmailMessage:
    """The outbox row as an email (raises on a row that cannot be one, such as a line break in a header)."""
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


def _reason(stage: str, exc: BaseException) -> str:
    """A failure in words an admin can act on (the server's own reply when it gave one)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(f"{code} {_text(text)}" for code, text in exc.recipients.values())
        return f"{stage}: the server refused the recipient ({replies or 'no usable address'})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{stage}: the server answered {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{stage}: {type(exc).__name__}: {exc}"


def _text(reply: bytes | str) -> str:
    """A server's reply as text."""
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def send_outbox(now: datetime) -> OutboxReport:
    """Claim and send due mail in batches until none is left for this runner."""
    report = OutboxReport()
    report.gave_up += give_up_on_abandoned(now)
    while True:
        mails = claim(now)
        if not mails:
            return report
        report.claimed += len(mails)
        _deliver(mails, now, report)


def _deliver(mails: list[OutboxMail], now: datetime, report: OutboxReport) -> None:
    """Send one claimed batch, each mail on its own: no mail's failure touches the next one."""
    connection: smtplib.SMTP | None = None
    console = not current_app.config.get("MAIL_SERVER")

    def failed(mail: OutboxMail, reason: str) -> None:
        report.failed += 1
        report.gave_up += _mark_failed(mail, now, reason)

    try:
        for index, mail in enumerate(mails):
            try:
                message = _message(mail)
                text = message.as_string() if console else ""
            except Exception as exc:  # noqa: BLE001 - whatever a row holds, it fails alone
                failed(mail, _reason("could not build the mail", exc))
                continue
            if console:
                click.echo(f"--- mail #{mail.id} ---\n{text}--- end of mail #{mail.id} ---")
                _mark_sent(mail, now)
                report.sent += 1
                continue
            if connection is None:
                try:
                    connection = _smtp()
                except Exception as exc:  # noqa: BLE001 - a server that is down fails this batch, later ones retry
                    reason = _reason("could not reach the mail server", exc)
                    for waiting in mails[index:]:
                        failed(waiting, reason)
                    return
            try:
                connection.send_message(message)
            except Exception as exc:  # noqa: BLE001 - a refused or broken send fails this mail only
                failed(mail, _reason("sending failed", exc))
                if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                    _close(connection)  # the session may be in any state: start the next mail afresh
                    connection = None
                continue
            _mark_sent(mail, now)
            report.sent += 1
    finally:
        if connection is not None:
            _close(connection)


def _close(connection: smtplib.SMTP) -> None:
    """Say goodbye to the server, ignoring a connection that already broke."""
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()
