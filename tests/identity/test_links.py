"""Invitations and password resets through the real SMTP path: the admin page and the command
line invite, "Forgot your password?" mails a reset, the link works once and expires, the stored
links are hashes, and the outbox keeps no working link once the mail is sent."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select, update

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AccessLink, AuditEvent, OutboxMail, User
from petitions.workflow import accounts
from tests.cli.conftest import cli  # noqa: F401  (the command-line runner)
from tests.conftest import PASSWORD
from tests.helpers import text_of

LINK = re.compile(r"https?://[^\s/]+(/password/set/[A-Za-z0-9_-]+)")


def _send(cli):  # noqa: F811
    result = cli("jobs", "run")
    assert result.exit_code == 0, result.output


def _link_for(mail_server, address) -> str:
    mails = mail_server.to(address)
    assert mails, f"no mail for {address}"
    found = LINK.search(mails[-1].body)
    assert found, mails[-1].body
    return found.group(1)


def _page(answer) -> str:
    return text_of(answer.get_data(as_text=True), "body")


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def _import(app, *emails):
    with app.app_context():
        rows = "email,name,department,location\n" + "".join(f"{e},Person {i},Ops,Lyon\n" for i, e in enumerate(emails))
        accounts.import_csv(accounts.read_csv_upload(rows.encode()))


def test_an_admin_invites_from_the_page_and_the_person_gets_in_by_the_mailed_link(
        app, make_user, login_as, mail_server, cli) -> None:  # noqa: F811
    admin = make_user(roles=("admin",))
    _import(app, "new.hire@example.com")
    with app.app_context():
        hire_id = db.session.scalar(select(User.id).where(User.email == "new.hire@example.com"))
    client = login_as(admin)
    waiting = _page(client.get("/admin/invitations"))
    assert "new.hire@example.com" in waiting
    answer = client.post(f"/admin/users/{hire_id}/invite", follow_redirects=True)
    assert "An invitation is on its way to new.hire@example.com." in _page(answer)
    _send(cli)
    mail = mail_server.to("new.hire@example.com")[-1]
    assert mail.subject == "Your account on the employee concerns platform" and "72 hours" in mail.body
    path = _link_for(mail_server, "new.hire@example.com")
    newcomer = app.test_client()
    assert "Choose the password you will log in with." in _page(newcomer.get(path))
    short = newcomer.post(path, data={"new_password": "short"})
    assert short.status_code == 200 and "at least 10 characters" in _page(short)
    done = newcomer.post(path, data={"new_password": "my-own-password"})
    assert done.status_code == 302 and _signed_in(newcomer)
    again = app.test_client().get(path)
    assert again.status_code == 404 and "This link does not work" in _page(again)
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "new.hire@example.com", "password": "my-own-password"}).status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_user_id == hire_id)).all()
    assert "user.invited" in actions and "password.set_by_link" in actions


def test_links_are_stored_as_hashes_and_the_sent_mail_keeps_no_working_link(app, make_user, mail_server, cli) -> None:  # noqa: F811
    person = make_user()
    assert app.test_client().post("/password/forgot", data={"email": person.email}).status_code == 200
    with app.app_context():
        queued = db.session.scalar(select(OutboxMail.body).where(OutboxMail.to_addr == person.email))
    assert "/password/set/" in queued  # waiting to be sent: the runner needs it
    _send(cli)
    path = _link_for(mail_server, person.email)
    token = path.rsplit("/", 1)[1]
    with app.app_context():
        link = db.session.scalar(select(AccessLink).where(AccessLink.user_id == person.id))
        stored = db.session.scalar(select(OutboxMail.body).where(OutboxMail.to_addr == person.email))
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in link.token_hash
    assert token not in stored and "(link removed from the stored copy after sending)" in stored
    assert app.test_client().get(path).status_code == 200  # the mailed link still works


def test_forgot_your_password_mails_a_reset_that_ends_every_other_session(app, make_user, mail_server, cli) -> None:  # noqa: F811
    person = make_user()
    elsewhere = app.test_client()
    assert elsewhere.post("/login", data={"email": person.email, "password": PASSWORD}).status_code == 302
    page = _page(app.test_client().get("/login"))
    assert "Forgot your password?" in page
    asked = app.test_client().post("/password/forgot", data={"email": person.email.upper()})
    assert "If that address has an account here" in _page(asked)
    _send(cli)
    mail = mail_server.to(person.email)[-1]
    assert "60 minutes" in mail.body and "If it was not you, ignore this mail" in mail.body
    path = _link_for(mail_server, person.email)
    me = app.test_client()
    assert me.post(path, data={"new_password": "a-brand-new-one"}).status_code == 302
    assert _signed_in(me) and not _signed_in(elsewhere)
    assert app.test_client().post("/login", data={"email": person.email, "password": PASSWORD}).status_code == 200


def test_forgot_answers_the_same_page_for_an_unknown_address_and_mails_nothing(app, make_user, mail_server, cli) -> None:  # noqa: F811
    person = make_user()
    known = app.test_client().post("/password/forgot", data={"email": person.email})
    unknown = app.test_client().post("/password/forgot", data={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert text_of(known.get_data(as_text=True)) == text_of(unknown.get_data(as_text=True))
    _send(cli)
    assert mail_server.to("nobody@example.com") == [] and len(mail_server.to(person.email)) == 1


def test_the_recovery_page_answers_after_the_same_floor_whatever_the_address(app, make_user, monkeypatch) -> None:
    import time

    monkeypatch.setitem(app.config, "RECOVERY_ANSWER_SECONDS", 0.3)
    person = make_user()
    for email in (person.email, "nobody@example.com"):
        started = time.monotonic()
        app.test_client().post("/password/forgot", data={"email": email})
        assert time.monotonic() - started >= 0.3


def test_reset_requests_stop_mailing_after_three_live_links(app, make_user) -> None:
    person = make_user()
    for _ in range(5):
        app.test_client().post("/password/forgot", data={"email": person.email})
    with app.app_context():
        assert len(db.session.scalars(select(AccessLink.id).where(AccessLink.user_id == person.id)).all()) == 3


def test_an_expired_link_does_not_work(app, make_user, mail_server, cli) -> None:  # noqa: F811
    person = make_user()
    app.test_client().post("/password/forgot", data={"email": person.email})
    _send(cli)
    path = _link_for(mail_server, person.email)
    with app.app_context(), write_transaction() as session:
        session.execute(update(AccessLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert app.test_client().get(path).status_code == 404
    assert app.test_client().post(path, data={"new_password": "a-brand-new-one"}).status_code == 404


def test_using_one_link_spends_the_others_and_deactivation_spends_them_all(app, make_user, mail_server, cli) -> None:  # noqa: F811
    person, other = make_user(), make_user()
    for _ in range(2):
        app.test_client().post("/password/forgot", data={"email": person.email})
    app.test_client().post("/password/forgot", data={"email": other.email})
    _send(cli)
    first, second = (LINK.search(m.body).group(1) for m in mail_server.to(person.email))
    assert app.test_client().post(second, data={"new_password": "a-brand-new-one"}).status_code == 302
    assert app.test_client().get(first).status_code == 404
    with app.app_context():
        accounts.deactivate(other.id)
    assert app.test_client().get(_link_for(mail_server, other.email)).status_code == 404


def test_users_invite_from_the_command_line_one_or_every_pending_person(app, make_user, mail_server, cli) -> None:  # noqa: F811
    make_user(email="has.password@example.com")
    _import(app, "a@example.com", "b@example.com", "c@example.com")
    one = cli("users", "invite", "a@example.com")
    assert one.exit_code == 0 and "Invited a@example.com" in one.output
    pending = cli("users", "invite", "--pending")
    assert pending.exit_code == 0 and "Invited 2 people" in pending.output
    assert "Invited 0 people" in cli("users", "invite", "--pending").output
    assert cli("users", "invite").exit_code != 0
    assert cli("users", "invite", "nobody@example.com").exit_code == 1
    _send(cli)
    assert sorted(a for r in mail_server.received for a in r.rcpt_tos) == ["a@example.com", "b@example.com",
                                                                            "c@example.com"]
