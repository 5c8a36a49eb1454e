"""``/admin/mail``: admins see the mail that was given up and why; nobody else does."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from petitions import mail
from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AuditEvent, OutboxMail, User
from petitions.workflow import outbox
from petitions.workflow.errors import Forbidden


def _queue(app, address: str, subject: str = "An update on a concern you follow") -> None:
    with app.app_context(), write_transaction() as session:
        session.add(OutboxMail(to_addr=address, subject=subject, body="Body", created_at=utcnow(), attempts=0))


def test_a_refused_recipient_ends_on_the_admin_page_with_its_reason(app, mail_server, client, login_as, make_user):
    admin = make_user(roles=("admin",))
    _queue(app, "gone@example.com")
    _queue(app, "fine@example.com")
    mail_server.refuse("gone@example.com")
    for minutes in (0, 6, 6 + 11, 6 + 11 + 21, 6 + 11 + 21 + 41):
        with app.app_context():
            mail.send_outbox(utcnow() + timedelta(minutes=minutes))
    _queue(app, "later@example.com", subject="Still waiting")
    login_as(admin)
    page = client.get("/admin/mail")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "1 mail(s) waiting to be sent; 1 given up." in html
    assert "gone@example.com" in html and "the server refused the recipient (550 5.1.1 No such mailbox here)" in html
    assert f"after {mail.MAX_ATTEMPTS} attempts." in html
    assert "fine@example.com" not in html and "later@example.com" not in html  # only the failures are listed
    assert "Still waiting" not in html and "An update on" not in html  # no subjects
    assert 'href="/admin/mail" aria-current="page">Mail</a>' in html
    assert 'href="/admin/mail"' in client.get("/admin/users").get_data(as_text=True)


@pytest.mark.parametrize("roles", [(), ("committee",), ("leadership",)])
def test_nobody_but_admins_reads_it(client, login_as, make_user, roles):
    login_as(make_user(roles=roles))
    assert client.get("/admin/mail").status_code == 403


def test_the_service_refuses_non_admins_too(app, make_user):
    member = make_user(roles=("committee",))
    with app.app_context(), pytest.raises(Forbidden):
        outbox.state(db.session.get(User, member.id))


def test_an_admin_can_try_the_given_up_mail_again(app, mail_server, client, login_as, make_user):
    admin = make_user(roles=("admin",))
    mail_server.stop()
    _queue(app, "someone@example.com")
    for minutes in (0, 6, 6 + 11, 6 + 11 + 21, 6 + 11 + 21 + 41):
        with app.app_context():
            mail.send_outbox(utcnow() + timedelta(minutes=minutes))
    mail_server.start()
    login_as(admin)
    assert "could not reach the mail server" in client.get("/admin/mail").get_data(as_text=True)
    answer = client.post("/admin/mail/retry")
    assert answer.status_code == 302
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "1 mail(s) will be tried again at the next run." in page and "No mail has failed." in page
    with app.app_context():
        mail.send_outbox(utcnow())
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mail.retried")).all()
        assert [(e.actor_id, json.loads(e.detail)) for e in events] == [(admin.id, {"count": 1})]
    assert mail_server.to("someone@example.com")


def test_nobody_but_admins_may_retry(app, client, login_as, make_user):
    member = make_user(roles=("committee",))
    login_as(member)
    assert client.post("/admin/mail/retry").status_code == 403
    with app.app_context(), pytest.raises(Forbidden):
        outbox.retry_failed(db.session.get(User, member.id))
