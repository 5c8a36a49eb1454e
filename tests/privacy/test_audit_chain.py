"""Attacks on the audit chain by someone who can write the database but holds no key:
forge it, roll it back, edit, insert, delete, reorder, swap the database id. ``audit verify``
must fail and name the first bad row every time."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from petitions import config
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AuditEvent, AuditHead
from tests.privacy.attacks import hmac_chain, rechain, roll_back_to, sha256_chain, tamper


@pytest.fixture()
def history(app, make_user, make_concern) -> int:
    """A concern decided through the services: a dozen audit rows. Returns how many."""
    make_concern(state="decided", author=make_user(roles=("committee",)))
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def _verify(app: Flask, *options: str) -> tuple[int, str]:
    """``flask --app wsgi audit verify``: exit code and everything it said."""
    result = app.test_cli_runner().invoke(args=["audit", "verify", *options])
    return result.exit_code, result.output


def _attack(app: Flask, attack) -> None:  # noqa: ANN001 - a callable on a session
    with app.app_context(), write_transaction() as session:
        attack(session)


def test_the_untouched_log_verifies(app, history) -> None:
    code, said = _verify(app)
    assert code == 0 and f"{history} rows" in said, said


@pytest.mark.parametrize("forger", [sha256_chain, hmac_chain(""), hmac_chain("test-signature-key"),
                                    hmac_chain("test-secret-key"), hmac_chain("audit")],
                         ids=["sha256", "empty-key", "signature-key", "secret-key", "guessed"])
def test_a_chain_recomputed_without_the_key_fails(app, history, forger) -> None:
    def forge(session) -> None:  # noqa: ANN001
        tamper(session, "UPDATE audit_events SET detail = :d WHERE id = 3", {"d": '{"forged":true}'})
        rechain(session, forger)

    _attack(app, forge)
    code, said = _verify(app)
    assert code == 1 and "row 1" in said and "MAC" in said, said


def test_the_same_forgery_with_the_key_would_pass_the_mac_check(app, history) -> None:
    """The control for the test above: the forger is right, only the key is missing."""
    _attack(app, lambda session: rechain(session, hmac_chain("test-audit-key")))
    code, said = _verify(app)
    assert code == 0, said


def test_a_log_rolled_back_to_an_earlier_consistent_state_fails(app, history) -> None:
    _attack(app, lambda session: roll_back_to(session, history - 2))
    code, said = _verify(app)
    assert code == 1 and f"row {history - 1}" in said and "rolled back" in said, said


def test_a_shortened_log_with_the_head_left_alone_fails(app, history) -> None:
    _attack(app, lambda session: tamper(session, "DELETE FROM audit_events WHERE id = :i", {"i": history}))
    code, said = _verify(app)
    assert code == 1 and f"row {history}" in said, said


@pytest.mark.parametrize(("name", "sql", "bad"), [
    ("edited", "UPDATE audit_events SET detail = '{\"role\":\"nobody\"}' WHERE id = 4", 4),
    ("actor changed", "UPDATE audit_events SET actor_id = (SELECT max(id) FROM users) WHERE id = 2", 2),
    ("deleted", "DELETE FROM audit_events WHERE id = 5", 5),
])
def test_an_edited_or_deleted_row_is_named(app, history, name, sql, bad) -> None:
    _attack(app, lambda session: tamper(session, sql))
    code, said = _verify(app)
    assert code == 1 and f"row {bad}" in said, (name, said)


def test_a_reordered_pair_is_named(app, history) -> None:
    def swap(session) -> None:  # noqa: ANN001 - rows 3 and 4 trade every field but their ids
        cols = "at, actor_id, action, concern_id, subject_user_id, detail, prev_hash, hash"
        rows = {r.id: r for r in session.execute(text(f"SELECT id, {cols} FROM audit_events WHERE id IN (3, 4)"))}
        for target, source in ((3, rows[4]), (4, rows[3])):
            values = {c: getattr(source, c) for c in cols.split(", ")}
            sets = ", ".join(f"{c} = :{c}" for c in values)
            tamper(session, f"UPDATE audit_events SET {sets} WHERE id = :id", {**values, "id": target})

    _attack(app, swap)
    code, said = _verify(app)
    assert code == 1 and "row 3" in said, said


def test_an_inserted_row_is_named(app, history) -> None:
    def insert(session) -> None:  # noqa: ANN001 - shift rows 4.. up by one and slip a row in at 4
        for row_id in range(history, 3, -1):
            tamper(session, "UPDATE audit_events SET id = :n WHERE id = :i", {"n": row_id + 1, "i": row_id})
        tamper(session, "INSERT INTO audit_events (id, at, action, detail, prev_hash, hash) SELECT 4, at, "
               "'setting.changed', '{}', hash, hash FROM audit_events WHERE id = 3")
        session.execute(text("UPDATE audit_head SET last_id = last_id + 1"))

    _attack(app, insert)
    code, said = _verify(app)
    assert code == 1 and "row 4" in said, said


def test_a_new_database_id_does_not_escape_the_anchors(app, history) -> None:
    """Changing the id the anchors name would hide a rollback; the chain starts from that id."""
    def escape(session) -> None:  # noqa: ANN001
        roll_back_to(session, history - 1)
        session.execute(text("UPDATE audit_head SET database_id = :d"), {"d": "f" * 32})

    _attack(app, escape)
    code, said = _verify(app)
    assert code == 1 and "row 1" in said, said


def test_the_anchor_file_names_the_database_and_holds_the_head(app, history) -> None:
    with app.app_context():
        head = db.session.get(AuditHead, 1)
        path = app.config["AUDIT_ANCHOR_FILE"]
        lines = [json.loads(line) for line in open(path)]
        mine = [line for line in lines if line["db"] == head.database_id]
        assert mine[-1]["row"] == head.last_id == history and mine[-1]["mac"] == head.last_hash
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_the_audit_key_is_created_private_in_instance(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("PETITIONS_AUDIT_KEY", raising=False)
    instance_app = Flask("keys", instance_path=str(tmp_path))
    config.load(instance_app, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    key_file = tmp_path / "audit.key"
    assert instance_app.config["AUDIT_KEY"] == key_file.read_text().strip() and len(key_file.read_text()) >= 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert instance_app.config["AUDIT_KEY"] != instance_app.config["SIGNATURE_KEY"]


@pytest.mark.skipif(not os.environ.get("PETITIONS_TEST_DATABASE_URL"), reason="triggers are PostgreSQL's")
@pytest.mark.parametrize("sql", ["UPDATE audit_events SET detail = '{}' WHERE id = 1",
                                 "DELETE FROM audit_events WHERE id = 1"])
def test_postgresql_refuses_update_and_delete_on_the_log(app, history, sql) -> None:
    from sqlalchemy.exc import DBAPIError

    with app.app_context(), pytest.raises(DBAPIError, match="append-only"), write_transaction() as session:
        session.execute(text(sql))
    assert _verify(app)[0] == 0


def test_a_digest_catches_a_rewrite_by_someone_holding_the_key_and_the_anchor_file(app, history) -> None:
    with app.app_context():
        head = db.session.get(AuditHead, 1)
        mailed = f"{head.last_id}:{head.last_hash}"  # what the committee's digest mail says

    def rewrite(session) -> None:  # noqa: ANN001 - edit a row, re-chain with the real key
        tamper(session, "UPDATE audit_events SET detail = :d WHERE id = 2", {"d": '{"forged":true}'})
        rechain(session, hmac_chain("test-audit-key"))

    _attack(app, rewrite)
    anchors = Path(app.config["AUDIT_ANCHOR_FILE"])
    kept = anchors.read_text()
    anchors.write_text("")  # and the anchor file emptied: the limit of what the host can prove
    try:
        assert _verify(app)[0] == 0
        code, said = _verify(app, "--expect", mailed)
        assert code == 1 and f"row {history}" in said and "digest" in said, said
    finally:
        anchors.write_text(kept)


@pytest.mark.parametrize("bad", ["12", "x:" + "a" * 64, "3:" + "g" * 64, "0:" + "a" * 64])
def test_a_malformed_expectation_is_a_usage_error(app, bad) -> None:
    code, said = _verify(app, "--expect", bad)
    assert code == 2 and "ROW:MAC" in said
