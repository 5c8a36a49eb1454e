"""``/metrics``: operators only (a token or an allowed address), never public; the database figures."""

from __future__ import annotations

from datetime import datetime

import pytest

from petitions import create_app
from petitions.extensions import db
from petitions.jobs import run
from petitions.models import OutboxMail
from petitions.workflow import signatures
from tests.conftest import _base_config


@pytest.fixture()
def ops_app(app, database_url):
    """The app with an operator token and an allow-list set."""
    return create_app(_base_config(database_url) | {
        "AUDIT_ANCHOR_FILE": app.config["AUDIT_ANCHOR_FILE"], "METRICS_TOKEN": "op-token",
        "METRICS_ALLOW": ["10.1.0.0/16"]})


def test_without_a_token_or_allow_list_there_is_no_metrics_page(client, make_user, login_as) -> None:
    assert client.get("/metrics").status_code == 404
    login_as(make_user(roles=("admin",)))  # not even for an admin: operators are configured, not logged in
    assert client.get("/metrics").status_code == 404


def test_a_token_or_an_allowed_address_and_nothing_else(ops_app) -> None:
    browser = ops_app.test_client()
    assert browser.get("/metrics").status_code == 403  # 127.0.0.1 is not on the list
    assert browser.get("/metrics", headers={"Authorization": "Bearer op-tokenX"}).status_code == 403
    assert browser.get("/metrics", headers={"Authorization": "Bearer op-token"}).status_code == 200
    assert browser.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert browser.get("/metrics", environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code == 403


def test_signatures_mail_and_job_runs_come_from_the_database(ops_app, make_user, make_concern) -> None:
    concern = make_concern()
    with ops_app.app_context():
        signatures.sign(make_user(), concern.id, "anonymous")
        db.session.add_all([OutboxMail(to_addr="a@example.com", subject="s", body="b", attempts=0),
                            OutboxMail(to_addr="b@example.com", subject="s", body="b", attempts=5,
                                       failed_at=datetime(2026, 1, 1))])
        db.session.commit()
    browser = ops_app.test_client()
    auth = {"Authorization": "Bearer op-token"}
    before = browser.get("/metrics", headers=auth).get_data(as_text=True)
    assert "petitions_signatures 2.0" in before
    assert "petitions_outbox_backlog 1.0" in before and "petitions_outbox_failed 1.0" in before
    assert 'petitions_job_runs_total{outcome="ok"} 0.0' in before
    with ops_app.app_context():
        run(datetime.now())  # the console sends the waiting mail (no MAIL_SERVER)
        run(datetime.now())
    after = browser.get("/metrics", headers=auth).get_data(as_text=True)
    assert 'petitions_job_runs_total{outcome="ok"} 2.0' in after
    assert "petitions_outbox_backlog 0.0" in after
    assert 'petitions_http_requests_total{endpoint="metrics.show_metrics",method="GET",status="200"}' in after
