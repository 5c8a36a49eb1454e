"""``jobs run`` sends the outbox to a real SMTP server on loopback, and nothing in it can stop it.

Each protection has its attack here: a line break or U+2028 in a title or a name, an address
that cannot be a header, a recipient the server refuses, a server that is down, a runner that
died holding a claim, a second runner at the same time.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select, update

from petitions import jobs, mail
from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern, Notification, OutboxMail, User
from petitions.workflow import accounts, review

BAD_TEXT = ("Line\nbreak", "Carriage\rreturn", "Line\u2028separator", "Para\u2029graph", "Tab\tand\x1bescape")


def _queue(app, n=2, prefix="r", **values):
    with app.app_context(), write_transaction() as session:
        for i in range(n):
            fields = {"to_addr": f"{prefix}{i}@example.com", "subject": f"Subject number {i}", "body": "Body text",
                      "created_at": utcnow(), "attempts": 0, **values}
            session.add(OutboxMail(**fields))


def _outbox(app):
    with app.app_context():
        rows = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def _at(minutes: float) -> str:
    return (utcnow() + timedelta(minutes=minutes)).isoformat()


def _fresh_outbox(app):
    """Mark what the fixtures queued as sent, so a test sees only its own mail."""
    with app.app_context(), write_transaction() as session:
        session.execute(update(OutboxMail).values(sent_at=utcnow()))


def test_mail_goes_over_a_real_smtp_server(app, cli, mail_server, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "concerns@example.com")
    _queue(app, 2)
    result = cli("jobs", "run")
    assert result.exit_code == 0, result.output
    assert "Mail: 2 sent, 0 failed" in result.stdout and "Subject number" not in result.stdout
    assert [(r.mail_from, r.rcpt_tos, r.subject) for r in mail_server.received] == [
        ("concerns@example.com", ["r0@example.com"], "Subject number 0"),
        ("concerns@example.com", ["r1@example.com"], "Subject number 1"),
    ]
    assert all(row.sent_at is not None and row.attempts == 1 for row in _outbox(app))
    assert "Mail: 0 sent" in cli("jobs", "run").stdout and len(mail_server.received) == 2


def test_a_line_break_in_a_title_or_a_name_stops_nothing(app, cli, mail_server, make_user, make_concern):
    """The attack of issue 8: one line break in a title made every ``jobs run`` crash."""
    author = make_user(email="author@example.com")
    member = make_user(roles=("committee",), email="member@example.com")
    concerns = [make_concern(author=author) for _ in BAD_TEXT]
    with app.app_context(), write_transaction() as session:
        # However such text got in (an older version, an import, a database edit), it is there.
        for concern, bad in zip(concerns, BAD_TEXT, strict=True):
            session.execute(update(Concern).where(Concern.id == concern.id).values(title=f"Title {bad} here"))
        session.execute(update(User).where(User.id == author.id).values(name="Name\nwith\u2028breaks"))
    _fresh_outbox(app)
    with app.app_context():
        for concern in concerns:
            review.refer(db.session.get(User, member.id), concern.id)  # tells the author and the committee
        accounts.grant_role(author.id, "leadership")  # tells the committee, naming the author in the app
    queued = len(_outbox(app)) - sum(1 for row in _outbox(app) if row.sent_at is not None)
    assert queued == 2 * len(BAD_TEXT) + 1

    result = cli("jobs", "run")
    assert result.exit_code == 0, result.output
    assert f"Mail: {queued} sent, 0 failed" in result.stdout
    assert all(row.sent_at is not None and row.failed_at is None for row in _outbox(app))
    assert len(mail_server.to("author@example.com")) == len(BAD_TEXT)
    assert len(mail_server.to("member@example.com")) == len(BAD_TEXT) + 1
    with app.app_context():  # the notifications in the app name the concern, on one line
        messages = db.session.scalars(select(Notification.message).where(Notification.user_id == author.id)).all()
    assert sum("Title " in m for m in messages) >= len(BAD_TEXT)
    assert not any(ch in m for m in messages for ch in "\n\r\u2028\u2029\x1b")


def test_a_mail_that_cannot_be_built_fails_alone_and_is_given_up_with_its_reason(app, cli, mail_server):
    """Rows queued before the mail named nothing (or written by anything else) cannot block the rest."""
    _queue(app, 1, prefix="before")
    for bad in BAD_TEXT[:4]:
        _queue(app, 1, prefix="bad", subject=f"Concern \u201c{bad}\u201d")
    _queue(app, 1, prefix="header", to_addr="victim@example.com\nBcc: everyone@example.com")
    _queue(app, 1, prefix="after")
    first = cli("jobs", "run")
    assert first.exit_code == 0, first.output
    assert "Mail: 2 sent, 5 failed" in first.stdout
    assert sorted(r.rcpt_tos[0] for r in mail_server.received) == ["after0@example.com", "before0@example.com"]
    # Tried again with growing pauses, then given up: never a tight loop, never forever.
    for minutes in (6, 6 + 11, 6 + 11 + 21, 6 + 11 + 21 + 41):
        assert cli("jobs", "run", "--now", _at(minutes)).exit_code == 0
    rows = [row for row in _outbox(app) if row.sent_at is None]
    assert len(rows) == 5
    for row in rows:
        assert row.attempts == mail.MAX_ATTEMPTS and row.failed_at is not None and row.claim_token is None
        assert row.last_error.startswith("could not build the mail: ValueError")
    later = cli("jobs", "run", "--now", _at(24 * 60))
    assert "Mail: 0 sent, 0 failed (retried later unless given up), 0 given up, 0 claimed" in later.stdout
    assert len(mail_server.received) == 2  # the Bcc never reached anyone


def test_a_refused_recipient_fails_alone(app, cli, mail_server):
    _queue(app, 3)
    mail_server.refuse("r1@example.com")
    result = cli("jobs", "run")
    assert result.exit_code == 0, result.output
    assert "Mail: 2 sent, 1 failed" in result.stdout
    assert [r.rcpt_tos for r in mail_server.received] == [["r0@example.com"], ["r2@example.com"]]
    refused = _outbox(app)[1]
    assert refused.sent_at is None and refused.failed_at is None and refused.attempts == 1
    assert "refused the recipient (550 5.1.1 No such mailbox here)" in refused.last_error
    assert refused.next_attempt_at is not None


def test_a_server_that_is_down_then_up_gets_the_mail_later(app, cli, mail_server):
    mail_server.stop()
    _queue(app, 3)
    down = cli("jobs", "run")
    assert down.exit_code == 0, down.output
    assert "Mail: 0 sent, 3 failed" in down.stdout
    assert all(row.last_error.startswith("could not reach the mail server: ConnectionRefusedError") for row in _outbox(app))
    mail_server.start()
    # Not hammered: the next attempt waits for its pause.
    assert "Mail: 0 sent, 0 failed" in cli("jobs", "run").stdout
    up = cli("jobs", "run", "--now", _at(6))
    assert "Mail: 3 sent, 0 failed" in up.stdout
    assert len(mail_server.received) == 3
    assert all(row.sent_at is not None and row.attempts == 2 and row.last_error is None for row in _outbox(app))


def test_the_pause_doubles_and_the_fifth_failure_gives_up(app, cli, mail_server):
    mail_server.stop()
    _queue(app, 1)
    now = utcnow()
    pauses = []
    for attempt in range(1, mail.MAX_ATTEMPTS + 1):
        moment = now if attempt == 1 else row.next_attempt_at  # noqa: F821 - set by the loop
        result = cli("jobs", "run", "--now", moment.isoformat())
        assert "1 failed" in result.stdout, (attempt, result.stdout)
        (row,) = _outbox(app)
        assert row.attempts == attempt
        if attempt < mail.MAX_ATTEMPTS:
            pauses.append(row.next_attempt_at - moment)
            assert row.failed_at is None
    assert pauses == [mail.RETRY_AFTER * factor for factor in (1, 2, 4, 8)]
    assert row.failed_at is not None and "1 given up" in result.stdout


def test_a_claim_never_marked_sent_is_retried_then_given_up(app, cli, mail_server):
    stale = utcnow() - timedelta(minutes=10)
    _queue(app, 1, prefix="crashed-once", claimed_at=stale, claim_token="dead-runner", attempts=1)
    _queue(app, 1, prefix="crashed-always", claimed_at=stale, claim_token="dead-runner", attempts=mail.MAX_ATTEMPTS)
    _queue(app, 1, prefix="held", claimed_at=utcnow() - timedelta(minutes=1), claim_token="live-runner")
    result = cli("jobs", "run")
    assert result.exit_code == 0, result.output
    once, always, held = _outbox(app)
    assert once.sent_at is not None and once.attempts == 2
    assert always.sent_at is None and always.failed_at is not None and "never marked sent" in always.last_error
    assert held.sent_at is None and held.claim_token == "live-runner"
    assert [r.rcpt_tos for r in mail_server.received] == [["crashed-once0@example.com"]]


def test_a_runner_that_finds_the_work_taken_exits_0(app, cli, mail_server):
    _queue(app, 3)
    with app.app_context():
        taken = jobs.claim(utcnow())
    assert len(taken) == 3
    result = cli("jobs", "run")
    assert result.exit_code == 0, result.output
    assert "0 claimed" in result.stdout and mail_server.received == []


def test_two_runners_at_once_send_each_mail_once(app, mail_server, monkeypatch):
    monkeypatch.setattr(mail, "BATCH_SIZE", 2)  # many small claims, so the two runners interleave
    _queue(app, 40)
    errors: list[BaseException] = []

    def runner() -> None:
        try:
            with app.app_context():
                mail.send_outbox(utcnow())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(r.rcpt_tos[0] for r in mail_server.received) == sorted(f"r{i}@example.com" for i in range(40))
    assert all(row.sent_at is not None and row.attempts == 1 for row in _outbox(app))


def test_addresses_the_server_cannot_take_fail_alone(app, cli, mail_server):
    _queue(app, 1, prefix="first")
    for address in ("jos\u00e9@example.com", "no-at-sign", "<>", "a@b@c", " "):
        _queue(app, 1, prefix="bad", to_addr=address)
    _queue(app, 1, prefix="last")
    result = cli("jobs", "run")
    assert result.exit_code == 0, result.output
    # This loopback server takes what it can; whatever it cannot take fails alone, with a reason.
    received = [r.rcpt_tos[0] for r in mail_server.received]
    assert received[0] == "first0@example.com" and received[-1] == "last0@example.com"
    rows = _outbox(app)
    assert all(row.sent_at is not None or (row.last_error and row.next_attempt_at) for row in rows)
    assert all(row.claim_token is None or row.sent_at is not None for row in rows)
