"""Sessions are records on the server: a copied cookie stops working the moment its session ends.

Each test logs in through the real login form, copies the browser's cookie into a second client
(an attacker who stole it, or the same person's other device) and checks what that copy can do.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from petitions import create_app
from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import ApiToken, LoginSession
from petitions.workflow import accounts, credentials
from tests.conftest import PASSWORD, _base_config
from tests.helpers import table_rows, text_of


def _login(app: Flask, user, password=PASSWORD, agent="Firefox on a laptop"):
    client = app.test_client()
    answer = client.post("/login", data={"email": user.email, "password": password}, headers={"User-Agent": agent})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return client


def _copy(app: Flask, client):
    """A second browser holding a copy of ``client``'s cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_logging_out_ends_the_session_at_once_and_a_copied_cookie_stops_working(app, make_user) -> None:
    person = make_user()
    browser = _login(app, person)
    copy = _copy(app, browser)
    assert _signed_in(copy)
    assert browser.post("/logout").status_code == 302
    assert not _signed_in(copy) and not _signed_in(browser)


def test_changing_the_password_ends_every_other_session(app, make_user) -> None:
    person = make_user()
    laptop, phone = _login(app, person), _login(app, person, agent="Phone")
    stolen = _copy(app, phone)
    done = laptop.post("/account/password", data={"current_password": PASSWORD, "new_password": "another-password-1"})
    assert done.status_code == 302
    assert _signed_in(laptop) and not _signed_in(phone) and not _signed_in(stolen)


def test_the_account_page_lists_the_sessions_and_ends_one_or_all(app, make_user) -> None:
    person = make_user()
    laptop = _login(app, person, agent="Firefox on a laptop")
    phone = _login(app, person, agent="Safari on a phone")
    tablet = _login(app, person, agent="Chrome on a tablet")
    rows = table_rows(laptop.get("/account").get_data(as_text=True))
    browsers = [row[0] for row in rows if row and ("Firefox" in row[0] or "Safari" in row[0] or "Chrome" in row[0])]
    assert sorted(browsers) == ["Chrome on a tablet", "Firefox on a laptop (this one)", "Safari on a phone"]
    with app.app_context():
        phone_id = db.session.scalar(select(LoginSession.id).where(LoginSession.user_id == person.id,
                                                                   LoginSession.user_agent == "Safari on a phone"))
    assert laptop.post(f"/account/sessions/{phone_id}/end").status_code == 302
    assert not _signed_in(phone) and _signed_in(tablet) and _signed_in(laptop)
    answer = laptop.post("/account/sessions/end-others", follow_redirects=True)
    assert "Ended 1 other session." in text_of(answer.get_data(as_text=True), "body")
    assert not _signed_in(tablet) and _signed_in(laptop)


def test_nobody_ends_someone_elses_session(app, make_user) -> None:
    owner, other = make_user(), make_user()
    victim = _login(app, owner)
    with app.app_context():
        victim_id = db.session.scalar(select(LoginSession.id).where(LoginSession.user_id == owner.id))
    attacker = _login(app, other)
    assert attacker.post(f"/account/sessions/{victim_id}/end").status_code == 404
    assert _signed_in(victim)


def _age(app: Flask, person, **columns) -> None:
    with app.app_context(), write_transaction() as session:
        session.execute(update(LoginSession).where(LoginSession.user_id == person.id).values(**columns))


def test_a_session_ends_after_the_idle_lifetime(app, make_user) -> None:
    person = make_user()
    browser = _login(app, person)
    _age(app, person, last_seen_at=utcnow() - timedelta(minutes=479))
    assert _signed_in(browser)  # used again: last seen now
    _age(app, person, last_seen_at=utcnow() - timedelta(minutes=481))
    assert not _signed_in(browser)


def test_a_session_ends_after_the_absolute_lifetime_however_busy(app, make_user) -> None:
    person = make_user()
    browser = _login(app, person)
    _age(app, person, created_at=utcnow() - timedelta(hours=71, minutes=59))
    assert _signed_in(browser)
    _age(app, person, created_at=utcnow() - timedelta(hours=72, minutes=1))
    assert not _signed_in(browser)


def test_the_cookie_lives_no_longer_than_the_session_may(app, make_user) -> None:
    person = make_user()
    client = app.test_client()
    answer = client.post("/login", data={"email": person.email, "password": PASSWORD})
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.expires is not None
    lifetime = cookie.expires.replace(tzinfo=None) - utcnow()
    assert timedelta(hours=71) < lifetime <= timedelta(hours=72, minutes=1), answer.headers


def test_deactivation_ends_every_session_and_every_token(app, make_user, api_as) -> None:
    person = make_user()
    browser = _login(app, person)
    api = api_as(person)
    assert api.get("/api/v1/me").status_code == 200
    with app.app_context():
        accounts.deactivate(person.id)
        assert db.session.scalar(select(ApiToken.revoked_at).where(ApiToken.user_id == person.id)) is not None
        assert db.session.scalars(select(LoginSession.ended_at).where(LoginSession.user_id == person.id)).all() != [None]
    with app.app_context():
        accounts.get_user(person.id).active = True  # even switched back on by hand, nothing old works
        db.session.commit()
    assert not _signed_in(browser) and api.get("/api/v1/me").status_code == 401


def test_a_person_holds_at_most_ten_live_tokens(app, make_user, login_as) -> None:
    person = make_user()
    with app.app_context():
        for n in range(10):
            credentials.create_token(person, f"token {n}")
    client = login_as(person)
    answer = client.post("/account/tokens", data={"label": "one more"}, follow_redirects=True)
    assert "the most a person may hold; revoke one first" in text_of(answer.get_data(as_text=True), "body")


def test_in_production_the_cookie_is_secure_and_responses_carry_hsts(database_url, app, make_user) -> None:
    production = create_app({**_base_config(database_url), "ENV": "production",
                             "AUDIT_ANCHOR_FILE": app.config["AUDIT_ANCHOR_FILE"]})
    person = make_user()
    client = production.test_client()
    answer = client.post("/login", data={"email": person.email, "password": PASSWORD},
                         base_url="https://localhost")
    assert answer.status_code == 302
    assert "Secure" in answer.headers["Set-Cookie"] and "HttpOnly" in answer.headers["Set-Cookie"]
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers
    with production.app_context():
        db.engine.dispose()
