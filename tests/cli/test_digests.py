"""The daily digest: one mail a day per person, sent by ``jobs run``, naming nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from petitions import mail
from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import MailDigest, Notification, OutboxMail, User
from petitions.workflow import accounts, digests, inbox, notification_settings, review

DAY = (utcnow() - timedelta(days=10)).replace(hour=0, minute=0, second=0, microsecond=0)


def _at(hours: float) -> datetime:
    return DAY + timedelta(hours=hours)


def _daily(app, make_user, email="daily@example.com", **choices):
    user = make_user(email=email)
    with app.app_context():
        notification_settings.update(db.session.get(User, user.id), choices or {"routed": "digest",
                                                                                 "acknowledged": "digest"})
    return user


def _backdate(app, hours: float) -> None:
    """Notifications not yet digested happened at ``DAY + hours`` (the runs below are on DAY)."""
    with app.app_context(), write_transaction() as session:
        session.execute(update(Notification).where(Notification.digested_at.is_(None)).values(created_at=_at(hours)))


def _run(cli, hours: float) -> str:
    result = cli("jobs", "run", "--now", _at(hours).isoformat())
    assert result.exit_code == 0, result.output
    return result.stdout


def test_one_digest_a_day_counting_what_waits(app, cli, mail_server, make_user, make_concern):
    user = _daily(app, make_user)
    member = make_user(roles=("committee",))
    first, second = (make_concern(state="in_review", author=user) for _ in range(2))
    _backdate(app, 8)
    assert "Queued 1 daily digest(s)." in _run(cli, 9)
    (digest,) = mail_server.to("daily@example.com")
    assert digest.subject == mail.DIGEST_SUBJECT and "You have 2 new notifications" in digest.body
    assert "Queued 0 daily digest(s)." in _run(cli, 9.5)  # again the same day: nothing

    with app.app_context():
        review.acknowledge(db.session.get(User, member.id), first.id)
    _backdate(app, 10)
    assert "Queued 0 daily digest(s)." in _run(cli, 11)  # one a day: this one waits for tomorrow
    assert len(mail_server.to("daily@example.com")) == 1
    assert "Queued 1 daily digest(s)." in _run(cli, 24 + 9)
    latest = mail_server.to("daily@example.com")[-1]
    assert "You have 1 new notification " in latest.body and second.title not in latest.body
    with app.app_context():
        assert db.session.scalars(select(MailDigest.day).order_by(MailDigest.day)).all() == [DAY.date(),
                                                                                            _at(24).date()]


def test_what_was_read_in_the_app_needs_no_mail(app, cli, mail_server, make_user, make_concern):
    user = _daily(app, make_user)
    make_concern(state="in_review", author=user)
    _backdate(app, 8)
    with app.app_context():
        inbox.mark_read(db.session.get(User, user.id))
    assert "Queued 0 daily digest(s)." in _run(cli, 9)
    assert mail_server.to("daily@example.com") == []
    with app.app_context():  # and it is not carried over to tomorrow either
        assert db.session.scalar(select(Notification.digested_at)) is not None
    assert "Queued 0 daily digest(s)." in _run(cli, 24 + 9)


def test_a_second_runner_queues_no_second_digest(app, make_user, make_concern):
    user = _daily(app, make_user)
    make_concern(state="in_review", author=user)
    _backdate(app, 8)
    with app.app_context():
        assert digests._queue_one(user.id, _at(9)) is True
        assert digests._queue_one(user.id, _at(9)) is False
        assert len(db.session.scalars(select(OutboxMail).where(OutboxMail.to_addr == user.email)).all()) == 1
        # The database itself refuses a second digest for the day.
        with pytest.raises(IntegrityError), write_transaction() as session:
            session.add(MailDigest(user_id=user.id, day=DAY.date(), created_at=_at(9)))


def test_a_deactivated_person_gets_no_digest(app, cli, make_user, make_concern):
    user = _daily(app, make_user)
    admin = make_user(roles=("admin",))
    make_concern(state="in_review", author=user)
    _backdate(app, 8)
    with app.app_context():
        accounts.deactivate(user.id, db.session.get(User, admin.id))
    _run(cli, 9)
    with app.app_context():
        assert db.session.scalars(select(OutboxMail.subject).where(OutboxMail.to_addr == user.email)).all() == []
