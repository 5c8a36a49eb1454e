"""Guessing is slow and nobody else is locked out: failed logins per address in the database.

The count lives in the database, so two apps on one database (two workers, or two hosts) share
it. Per-address (client) limits are in test_limits.py.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import update

from petitions import create_app
from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import LoginThrottle
from tests.conftest import PASSWORD, _base_config
from tests.helpers import text_of

WRONG = "wrong-password"  # noqa: S105


def _try(client, email, password=WRONG):
    return client.post("/login", data={"email": email, "password": password})


def _expire_wait(app: Flask) -> None:
    """Let the current wait run out (as if its seconds had passed)."""
    with app.app_context(), write_transaction() as session:
        session.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))


def test_after_five_failures_the_account_waits_even_for_the_right_password(app, make_user) -> None:
    person = make_user()
    client = app.test_client()
    assert [_try(client, person.email).status_code for _ in range(5)] == [200] * 5
    refused = _try(client, person.email, PASSWORD)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert "Too many failed logins for this address" in text_of(refused.get_data(as_text=True))
    _expire_wait(app)
    assert _try(client, person.email, PASSWORD).status_code == 302  # and the count is forgotten
    assert [_try(app.test_client(), person.email).status_code for _ in range(5)] == [200] * 5


def test_the_wait_grows_with_every_failure(app, make_user) -> None:
    person = make_user()
    client = app.test_client()
    for _ in range(5):
        _try(client, person.email)
    waits = []
    for _ in range(4):
        waits.append(int(_try(client, person.email).headers["Retry-After"]))
        _expire_wait(app)
        assert _try(client, person.email).status_code == 200  # one more wrong guess, counted
    assert waits == [1, 2, 4, 8]


def test_an_attacker_on_one_account_does_not_lock_out_a_colleague(app, make_user) -> None:
    victim, colleague = make_user(), make_user()
    attacker = app.test_client()
    for _ in range(8):
        _try(attacker, victim.email)
        _expire_wait(app)
    assert _try(attacker, victim.email).status_code == 200  # still counting (a wrong password)
    assert _try(app.test_client(), colleague.email, PASSWORD).status_code == 302


def test_an_unknown_address_is_throttled_exactly_like_a_known_one(app, make_user) -> None:
    known = make_user()
    answers = {}
    for email in (known.email, "nobody-here@example.com"):
        client = app.test_client()
        answers[email] = [(a.status_code, a.headers.get("Retry-After")) for a in
                          (_try(client, email) for _ in range(6))]
    assert answers[known.email] == answers["nobody-here@example.com"] == [(200, None)] * 5 + [(429, "1")]


def test_two_workers_on_one_database_share_the_count(app, database_url, make_user) -> None:
    other_worker = create_app({**_base_config(database_url), "AUDIT_ANCHOR_FILE": app.config["AUDIT_ANCHOR_FILE"]})
    person = make_user()
    try:
        for index in range(5):
            _try((app if index % 2 else other_worker).test_client(), person.email)
        assert _try(other_worker.test_client(), person.email, PASSWORD).status_code == 429
        assert _try(app.test_client(), person.email, PASSWORD).status_code == 429
    finally:
        with other_worker.app_context():
            db.engine.dispose()


def test_the_throttle_stores_no_address(app, make_user) -> None:
    person = make_user()
    _try(app.test_client(), person.email)
    with app.app_context():
        keys = [row.key for row in db.session.query(LoginThrottle)]
    assert len(keys) == 1 and person.email not in keys[0] and len(keys[0]) == 64
