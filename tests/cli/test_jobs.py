"""``flask --app wsgi jobs run``: closing expired concerns and sending the outbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from petitions import jobs
from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AuditEvent, Concern, Notification, OutboxMail, User
from petitions.workflow import deadlines, signatures

FAR = "2100-01-01T00:00:00Z"


def _sign(app, user, concern_id, visibility):
    with app.app_context():
        signatures.sign(db.session.get(User, user.id), concern_id, visibility, "")


def _closed_told(app, concern_id):
    """User ids told that the concern closed."""
    with app.app_context():
        return set(
            db.session.scalars(
                select(Notification.user_id).where(Notification.concern_id == concern_id, Notification.kind == "closed")
            )
        )


def test_jobs_run_closes_expired_open_concerns_once(app, cli, make_user, make_concern):
    author, public, committee, anonymous = make_user(), make_user(), make_user(), make_user()
    expired = make_concern(author=author)
    in_review = make_concern(state="in_review")
    draft = make_concern(state="draft")
    _sign(app, public, expired.id, "public")
    _sign(app, committee, expired.id, "committee")
    _sign(app, anonymous, expired.id, "anonymous")

    first = cli("jobs", "run", "--now", FAR)
    assert first.exit_code == 0, first.output
    assert f"Closed 1 concern(s) at the end of their signing window: #{expired.id}." in first.stdout
    with app.app_context():
        concern = db.session.get(Concern, expired.id)
        assert concern.status == "closed" and concern.closed_at.year == 2100 and concern.due_at is None
        assert concern.signature_count == 4
        assert db.session.get(Concern, in_review.id).status == "in_review"
        assert db.session.get(Concern, draft.id).status == "draft"
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "concern.closed")).all()
        assert [(e.concern_id, e.actor_id) for e in events] == [(expired.id, None)]
    assert _closed_told(app, expired.id) == {author.id, public.id, committee.id}

    second = cli("jobs", "run", "--now", FAR)
    assert second.exit_code == 0
    assert "Closed 0 concern(s)" in second.stdout and "Mail: 0 sent" in second.stdout
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "concern.closed")) == 1
        assert db.session.scalar(select(func.count()).where(Notification.kind == "closed")) == 3


def test_anonymous_signers_are_never_linked(app, cli, make_user, make_concern):
    anonymous = make_user(email="hidden.signer@example.com")
    concern = make_concern()
    _sign(app, anonymous, concern.id, "anonymous")
    assert cli("jobs", "run", "--now", FAR).exit_code == 0
    with app.app_context():
        assert db.session.get(Concern, concern.id).status == "closed"
        assert db.session.scalar(select(func.count()).where(Notification.user_id == anonymous.id)) == 0
        assert db.session.scalar(select(func.count()).where(OutboxMail.to_addr == anonymous.email)) == 0
        linked = db.session.scalars(
            select(AuditEvent.action).where(
                (AuditEvent.actor_id == anonymous.id) | (AuditEvent.subject_user_id == anonymous.id)
            )
        )
        assert list(linked) == ["user.created"]


def test_concern_still_within_its_window_stays_open(app, cli, make_concern):
    concern = make_concern()
    result = cli("jobs", "run")
    assert result.exit_code == 0 and "Closed 0 concern(s)" in result.stdout
    soon = (concern.due_at - timedelta(minutes=1)).isoformat()
    assert cli("jobs", "run", "--now", soon).exit_code == 0
    with app.app_context():
        assert db.session.get(Concern, concern.id).status == "open"
    assert cli("jobs", "run", "--now", concern.due_at.isoformat()).exit_code == 0
    with app.app_context():
        assert db.session.get(Concern, concern.id).status == "closed"


def test_a_concern_closed_by_another_runner_is_not_closed_again(app, make_concern):
    concern = make_concern()
    now = utcnow() + timedelta(days=365)
    with app.app_context():
        assert deadlines.expired_open_ids(now) == [concern.id]
        assert deadlines.close_one(concern.id, now) is True
        assert deadlines.close_one(concern.id, now) is False  # the second runner finds it taken
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "concern.closed")) == 1


def test_bad_now_is_a_usage_error(cli):
    result = cli("jobs", "run", "--now", "next tuesday")
    assert result.exit_code == 2 and "ISO 8601" in result.stderr


def _queue(app, n=2, **values):
    with app.app_context(), write_transaction() as session:
        for i in range(n):
            session.add(
                OutboxMail(
                    to_addr=f"r{i}@example.com",
                    subject=f"Subject number {i}",
                    body="Body text",
                    created_at=utcnow(),
                    attempts=0,
                    **values,
                )
            )


def _outbox(app):
    with app.app_context():
        rows = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def test_outbox_is_sent_once_to_the_console(app, cli):
    _queue(app)
    first = cli("jobs", "run")
    assert first.exit_code == 0, first.output
    assert "Subject: Subject number 0" in first.stdout and "To: r1@example.com" in first.stdout
    assert "Mail: 2 sent, 0 failed" in first.stdout
    assert all(row.sent_at is not None and row.attempts == 1 for row in _outbox(app))
    second = cli("jobs", "run")
    assert second.exit_code == 0 and "Subject number" not in second.stdout and "Mail: 0 sent" in second.stdout


def test_stale_claims_are_retried_and_live_ones_left_alone(app, cli):
    _queue(app, 1, claimed_at=utcnow() - timedelta(minutes=10), claim_token="dead-runner")
    _queue(app, 1, claimed_at=utcnow() - timedelta(minutes=1), claim_token="live-runner")
    result = cli("jobs", "run")
    assert result.exit_code == 0 and "Mail: 1 sent" in result.stdout
    stale, live = _outbox(app)
    assert stale.sent_at is not None and stale.claim_token != "dead-runner"
    assert live.sent_at is None and live.claim_token == "live-runner"
    later = (utcnow() + timedelta(minutes=10)).isoformat()
    assert "Mail: 1 sent" in cli("jobs", "run", "--now", later).stdout
    assert all(row.sent_at is not None for row in _outbox(app))


def test_a_second_runner_finds_the_work_taken(app):
    _queue(app, 3)
    with app.app_context():
        now = utcnow()
        mine = jobs.claim(now)
        theirs = jobs.claim(now)
    assert len(mine) == 3 and theirs == []
    assert len({m.claim_token for m in mine}) == 1


def test_failed_mail_records_the_error_and_is_retried(app, cli, monkeypatch):
    _queue(app, 1)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    result = cli("jobs", "run")
    assert result.exit_code == 0, result.output
    assert "Mail: 0 sent, 1 failed" in result.stdout
    (row,) = _outbox(app)
    assert row.sent_at is None and row.attempts == 1 and row.last_error
    # Not retried in a tight loop: the failed claim backs off for a few minutes.
    assert "Mail: 0 sent, 0 failed" in cli("jobs", "run").stdout
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    later = (utcnow() + timedelta(minutes=6)).isoformat()
    retried = cli("jobs", "run", "--now", later)
    assert "Mail: 1 sent" in retried.stdout
    (row,) = _outbox(app)
    assert row.sent_at is not None and row.attempts == 2 and row.last_error is None


def test_closing_queues_mail_that_the_same_run_sends(app, cli, make_user, make_concern):
    author = make_user(email="author.of.concern@example.com")
    concern = make_concern(author=author, title="Window ends soon")
    with app.app_context(), write_transaction() as session:
        session.execute(update(OutboxMail).values(sent_at=utcnow()))  # earlier mail is out of the way
    result = cli("jobs", "run", "--now", FAR)
    assert "To: author.of.concern@example.com" in result.stdout
    # The mail names nothing (tests/cli/test_mail.py); the notification in the app says what closed.
    assert "An update on a concern you follow" in result.stdout
    assert f"Concern #{concern.id}" not in result.stdout and "Window ends soon" not in result.stdout
    assert "Mail: 1 sent" in result.stdout
    with app.app_context():
        told = db.session.scalars(select(Notification.message).where(Notification.kind == "closed")).all()
        assert told == [f"Concern #{concern.id} \u201cWindow ends soon\u201d: " + deadlines.CLOSED_MESSAGE]


def test_overdue_decision_is_published_automatically_once(app, cli, make_user, make_concern):
    author = make_user()
    overdue = make_concern(state="decided", author=author)
    answered = make_concern(state="responded")
    first = cli("jobs", "run", "--now", FAR)
    assert first.exit_code == 0, first.output
    assert f"Published 1 decision(s) without a leadership response in time: #{overdue.id}." in first.stdout
    with app.app_context():
        fresh = db.session.get(Concern, overdue.id)
        assert fresh.status == "responded" and fresh.due_at is None
        assert db.session.get(Concern, answered.id).status == "responded"
        told = set(
            db.session.scalars(
                select(Notification.user_id).where(
                    Notification.concern_id == overdue.id, Notification.kind == "responded"
                )
            )
        )
        assert author.id in told
    second = cli("jobs", "run", "--now", FAR)
    assert "Published 0 decision(s)" in second.stdout
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "concern.auto_published")) == 1


def test_decision_within_its_deadline_or_with_auto_publish_off_waits(app, cli, make_user, make_concern):
    from petitions.workflow import settings

    admin = make_user(roles=("admin",))
    decided = make_concern(state="decided")
    assert "Published 0 decision(s)" in cli("jobs", "run").stdout
    with app.app_context():
        settings.update(db.session.get(User, admin.id), {"AUTO_PUBLISH": False})
    assert "Published 0 decision(s)" in cli("jobs", "run", "--now", FAR).stdout
    with app.app_context():
        assert db.session.get(Concern, decided.id).status == "decided"
