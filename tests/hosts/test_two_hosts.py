"""Two hosts, one PostgreSQL, one Redis: proven, not asserted.

Two app servers (separate gunicorn processes on separate ports, as two machines would be) share
the test run's PostgreSQL schema and the machine's Redis (127.0.0.1:6379, a key prefix of this
run's own). They take signatures and logins alternately; a session opened on one works on the
other; failed logins count across both; and a job runner on each, started at the same moment,
sends every mail exactly once to a real SMTP server.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from petitions.extensions import db
from petitions.models import OutboxMail
from petitions.workflow import credentials
from tests.conftest import PASSWORD, PG_URL
from tests.hosts.servers import ROOT, Browser, Host, host_env, unique_prefix

pytestmark = pytest.mark.skipif(not PG_URL, reason="two hosts share a PostgreSQL database (set PETITIONS_TEST_DATABASE_URL)")
REDIS = "redis://127.0.0.1:6379/0"


def _pair(app, tmp_path: Path, login_limit: str) -> Iterator[tuple[Host, Host]]:
    # A wait of a minute after the fifth failure for one account, so that no test races a short one.
    env = host_env(app, PETITIONS_RATELIMIT_STORAGE_URI=REDIS, PETITIONS_RATELIMIT_KEY_PREFIX=unique_prefix(),
                   PETITIONS_LOGIN_RATE_LIMIT=login_limit, PETITIONS_LOGIN_DELAY_BASE_SECONDS="60")
    first = Host(env, tmp_path / "host-a.log")
    try:
        second = Host(env, tmp_path / "host-b.log")
    except BaseException:
        first.stop()
        raise
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()


@pytest.fixture()
def hosts(app, tmp_path: Path) -> Iterator[tuple[Host, Host]]:
    """Two hosts with a login limit no test here reaches."""
    yield from _pair(app, tmp_path, "1000 per minute")


@pytest.fixture()
def strict_hosts(app, tmp_path: Path) -> Iterator[tuple[Host, Host]]:
    """Two hosts with a per-address login limit of 6 a minute, kept in the shared Redis."""
    yield from _pair(app, tmp_path, "6 per minute")


def test_signatures_and_logins_alternate_between_hosts_with_exact_counts(app, hosts, make_user, make_concern) -> None:
    first, second = hosts
    concern = make_concern()
    people = [make_user() for _ in range(30)]
    with app.app_context():
        tokens = [credentials.create_token(p, "two hosts") for p in people]
    for n, (person, token) in enumerate(zip(people, tokens, strict=True)):
        signer, login_host = (first, second) if n % 2 == 0 else (second, first)
        status, body = signer.api("POST", f"/api/v1/concerns/{concern.id}/signatures", token,
                                  {"visibility": ("public", "committee", "anonymous")[n % 3]})
        assert status == 201, body
        assert body["concern"]["signature_count"] == n + 2  # the author's own, then each in turn
        assert Browser().login(login_host, person.email, PASSWORD) == 302
    # A second signature by the same person on the other host is refused by the shared database.
    assert second.api("POST", f"/api/v1/concerns/{concern.id}/signatures", tokens[0],
                      {"visibility": "public"})[0] == 409
    with app.app_context():
        stored, rows, signers = db.session.execute(text(
            "SELECT signature_count, (SELECT count(*) FROM signatures s WHERE s.concern_id = c.id), "
            "(SELECT count(DISTINCT signer_hash) FROM signatures s WHERE s.concern_id = c.id) "
            "FROM concerns c WHERE c.id = :c"), {"c": concern.id}).one()
    assert stored == rows == signers == 31


def test_a_session_opened_on_one_host_works_on_the_other(hosts, make_user) -> None:
    first, second = hosts
    person = make_user(name="Roaming Person")
    browser = Browser()
    assert browser.login(first, person.email, PASSWORD) == 302
    status, _, page = browser.open(second, "GET", "/account")
    assert status == 200 and "Roaming Person" in page


def test_logout_on_either_host_ends_the_session_on_both(hosts, make_user) -> None:
    first, second = hosts
    person = make_user()
    browser = Browser()
    assert browser.login(first, person.email, PASSWORD) == 302
    copied = Browser()
    copied.cookies = dict(browser.cookies)  # the same session, as a second tab or a stolen cookie
    assert browser.logout(second) == 302
    status, location, _ = copied.open(first, "GET", "/account")
    assert status == 302 and location.startswith("/login")


def test_failed_logins_from_one_address_are_counted_across_both_hosts(strict_hosts, make_user) -> None:
    """Six a minute per address, shared through Redis: three failures on each host use it all."""
    first, second = strict_hosts
    # Two accounts, three failures each: below the per-account wait, so only the address limit counts.
    people = [make_user(), make_user()]
    for n in range(6):
        assert Browser().login((first, second)[n % 2], people[n // 3].email, "wrong password") == 200
    person = people[0]
    assert Browser().login(first, person.email, PASSWORD) == 429
    assert Browser().login(second, person.email, PASSWORD) == 429


def test_failed_logins_for_one_account_are_counted_across_both_hosts(hosts, make_user) -> None:
    """Five failures for one account, spread over both hosts, make that account wait on both."""
    first, second = hosts
    person = make_user()
    for n in range(5):
        assert Browser().login((first, second)[n % 2], person.email, "wrong password") == 200
    status_first = Browser().login(first, person.email, PASSWORD)
    status_second = Browser().login(second, person.email, PASSWORD)
    assert status_first == status_second == 429


def test_job_runners_on_both_hosts_at_once_send_every_mail_exactly_once(app, hosts, mail_server) -> None:
    first, _ = hosts
    addresses = [f"reader{n}@example.com" for n in range(60)]
    with app.app_context():
        db.session.add_all(OutboxMail(to_addr=a, subject="News", body="Body", attempts=0) for a in addresses)
        db.session.commit()
    env = {**first.env, "PETITIONS_MAIL_SERVER": mail_server.host, "PETITIONS_MAIL_PORT": str(mail_server.port)}
    runners = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "run"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
    outputs = [r.communicate(timeout=120)[0].decode() for r in runners]
    assert [r.returncode for r in runners] == [0, 0], outputs
    received = sorted(a for message in mail_server.received for a in message.rcpt_tos)
    assert received == sorted(addresses)
    with app.app_context():
        unsent = db.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_(None)))
    assert unsent == 0
