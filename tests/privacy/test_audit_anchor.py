"""The chain's head leaves the database: mailed to the committee once a day (naming nothing
else), and the upgrade that keyed the chain refuses to launder an already broken one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from petitions import create_app
from petitions.extensions import db
from petitions.models import AuditHead, OutboxMail
from petitions.workflow import accounts, audit
from tests.conftest import _base_config


def _digests(app: Flask) -> list[OutboxMail]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMail).where(OutboxMail.subject == "Audit log: daily digest")))


def test_the_head_is_mailed_to_the_committee_once_a_day(app, make_user, make_concern, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "AUDIT_DIGEST_MAIL", True)
    members = [make_user(roles=("committee",)) for _ in range(2)]
    make_user(roles=("admin",))
    concern = make_concern(state="in_review", title="Secret Project Nightjar")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["jobs", "run", "--now", "2030-01-01T09:00:00Z"]).exit_code == 0
    mails = _digests(app)
    assert sorted(m.to_addr for m in mails) == sorted(m.email for m in members)
    with app.app_context():
        head = db.session.get(AuditHead, 1)
        assert all(head.database_id in m.body and head.last_hash in m.body and f"row {head.last_id}" in m.body
                   for m in mails)
    assert all("Nightjar" not in m.subject + m.body and str(concern.id) not in m.subject for m in mails)
    runner.invoke(args=["jobs", "run", "--now", "2030-01-01T18:00:00Z"])
    assert len(_digests(app)) == 2  # the same day: nothing more
    runner.invoke(args=["jobs", "run", "--now", "2030-01-02T09:00:00Z"])
    assert len(_digests(app)) == 4
    lines = [json.loads(line) for line in Path(app.config["AUDIT_ANCHOR_FILE"]).read_text().splitlines()]
    assert [line["kind"] for line in lines if line["db"] == head.database_id].count("digest") == 2


@pytest.fixture()
def scratch(tmp_path) -> Flask:
    """An app on its own SQLite file, for walking the migrations down and up."""
    config = {**_base_config(f"sqlite:///{tmp_path / 'scratch.db'}"), "AUDIT_ANCHOR_FILE": str(tmp_path / "a.log")}
    scratch_app = create_app(config)
    with scratch_app.app_context():
        upgrade()
        for n in range(3):
            accounts.create_user(email=f"p{n}@example.com", name=f"P {n}", password="correct-horse-battery")
    return scratch_app


def test_the_upgrade_rechains_an_intact_log_under_the_key(scratch) -> None:
    with scratch.app_context():
        downgrade(revision="0001")  # back to the plain SHA-256 chain
        upgrade()
        verdict = audit.verify(db.session)
        assert verdict.ok and verdict.checked == 3, verdict.message
        db.engine.dispose()


def test_the_upgrade_refuses_to_rechain_a_broken_log(scratch, capfd) -> None:
    with scratch.app_context():
        downgrade(revision="0001")
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_events SET detail = :d WHERE id = 2"), {"d": '{"forged":1}'})
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits 1
            upgrade()
        assert "audit log broken at row 2 before the upgrade" in capfd.readouterr().err
        assert db.session.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
        db.engine.dispose()
