"""``backup create`` while people sign, ``backup restore`` into a fresh database: every
invariant holds in the copy, and ``audit verify`` knows the restore from a rollback."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from petitions import backup as backups
from petitions import create_app
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AuditEvent, AuditHead, Concern, Decision, Response, Signature
from petitions.workflow import signatures
from tests.conftest import PG_URL, _base_config
from tests.privacy.attacks import tamper

PEOPLE = 36
VISIBILITIES = ("public", "committee", "anonymous")


@pytest.fixture()
def fresh_url(app: Flask, tmp_path: Path) -> Iterator[str]:
    """An empty database beside the test one: a new SQLite file, or a new PostgreSQL database."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    source = make_url(app.config["SQLALCHEMY_DATABASE_URI"])  # keeps the schema in search_path
    try:
        yield source.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _invariants(app: Flask) -> int:
    """Check what must hold in any copy of the database; returns the number of signatures."""
    with app.app_context():
        session = db.session
        for concern in session.scalars(select(Concern)):
            rows = dict(session.execute(select(Signature.visibility, func.count()).where(
                Signature.concern_id == concern.id).group_by(Signature.visibility)).all())
            assert concern.signature_count == sum(rows.values()), concern.id
            assert (concern.count_public, concern.count_committee, concern.count_anonymous) == tuple(
                rows.get(v, 0) for v in VISIBILITIES), concern.id
            if concern.decision_id is not None:
                assert session.get(Decision, concern.decision_id).concern_id == concern.id
            if concern.response_id is not None:
                assert session.get(Response, concern.response_id).concern_id == concern.id
        for decision in session.scalars(select(Decision)):
            assert session.get(Concern, decision.concern_id).decision_id == decision.id
        for response in session.scalars(select(Response)):
            assert session.get(Concern, response.concern_id).response_id == response.id
        twice = session.execute(select(Signature.concern_id, Signature.signer_hash).group_by(
            Signature.concern_id, Signature.signer_hash).having(func.count() > 1)).all()
        named_twice = session.execute(select(Signature.concern_id, Signature.user_id).where(
            Signature.user_id.is_not(None)).group_by(Signature.concern_id, Signature.user_id).having(
            func.count() > 1)).all()
        assert twice == [] and named_twice == []
        return session.scalar(select(func.count()).select_from(Signature)) or 0


def test_a_backup_taken_while_people_sign_restores_whole(app, make_user, make_concern, fresh_url, tmp_path) -> None:
    decided = make_concern(state="decided")
    make_concern(state="responded")
    routed_by_load = make_concern(state="open")
    quiet = make_concern(state="open")
    with app.app_context(), write_transaction() as session:  # routing during the load moves the audit chain
        session.execute(update(Concern).where(Concern.id == routed_by_load.id).values(review_threshold=PEOPLE // 2))
    people = [make_user() for _ in range(PEOPLE)]
    jobs = [(p, c, VISIBILITIES[i % 3]) for i, p in enumerate(people)
            for c in (routed_by_load.id, quiet.id, decided.id)]
    done, halfway = [0], threading.Event()
    lock = threading.Lock()

    def sign(job) -> None:  # noqa: ANN001
        person, concern_id, visibility = job
        with app.app_context():
            signatures.sign(person, concern_id, visibility)
        with lock:
            done[0] += 1
            if done[0] >= len(jobs) // 3:
                halfway.set()

    backup = tmp_path / "petitions.backup"
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(sign, job) for job in jobs]
        assert halfway.wait(timeout=120)
        signed_before = done[0]
        created = app.test_cli_runner().invoke(args=["backup", "create", str(backup)])
        signed_after = done[0]
        for future in futures:
            future.result()
    assert created.exit_code == 0, created.output
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    make_user()  # the live log moves on after the backup (anchored, then lost by the restore)
    total = _invariants(app)
    assert total == 2 + len(jobs) + 2  # the four authors, every job (decided's author counted once)

    restored = create_app({**_base_config(fresh_url), "AUDIT_ANCHOR_FILE": app.config["AUDIT_ANCHOR_FILE"]})
    try:
        result = restored.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
        assert result.exit_code == 0, result.output
        assert "OK: audit log intact" in result.output and "row(s) after it were lost" in result.output
        in_copy = _invariants(restored)
        assert signed_before <= in_copy - 4 <= signed_after + 6  # one moment of the load (6 in flight)
        verified = restored.test_cli_runner().invoke(args=["audit", "verify"])
        assert verified.exit_code == 0, verified.output
        with restored.app_context():
            last = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
            assert last.action == "backup.restored" and '"rows_lost":' in last.detail
            assert '"rows_lost":0' not in last.detail
            decisions = db.session.scalar(select(func.count()).select_from(Decision))
            assert (decisions, db.session.scalar(select(func.count()).select_from(Response))) == (2, 1)
        if PG_URL:  # the append-only triggers came back with the schema
            with restored.app_context(), pytest.raises(DBAPIError, match="append-only"), write_transaction() as s:
                s.execute(text("DELETE FROM audit_events WHERE id = 1"))
    finally:
        with restored.app_context():
            db.engine.dispose()


def test_a_restore_refuses_a_database_in_use(app, make_concern, tmp_path) -> None:
    make_concern(state="open")
    backup = tmp_path / "b.backup"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    again = runner.invoke(args=["backup", "create", str(backup)])
    assert again.exit_code == 1 and "exists" in again.output
    refused = runner.invoke(args=["backup", "restore", str(backup)])
    assert refused.exit_code == 1 and "not empty" in refused.output


def _restored(app: Flask, url: str, backup: Path) -> Flask:
    """A second app on ``url`` sharing the first one's keys and anchor file, the backup restored into it."""
    copy = create_app({**_base_config(url), "AUDIT_ANCHOR_FILE": app.config["AUDIT_ANCHOR_FILE"]})
    result = copy.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
    assert result.exit_code == 0, result.output
    return copy


def _verify(app: Flask) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def test_the_original_and_its_restored_copy_share_an_instance_folder(app, make_user, fresh_url, tmp_path) -> None:
    """A backup restored into staging beside production: neither mistakes the other's anchors."""
    make_user(roles=("committee",))
    backup = tmp_path / "prod.backup"
    assert app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code == 0
    staging = _restored(app, fresh_url, backup)
    try:
        make_user()  # production goes on
        with staging.app_context():
            from petitions.workflow import accounts

            accounts.create_user(email="staging@example.com", name="Staging", password="correct-horse-battery")
            staging_id = db.session.get(AuditHead, 1).database_id
        with app.app_context():
            assert db.session.get(AuditHead, 1).database_id != staging_id
        assert _verify(app)[0] == 0 and _verify(staging)[0] == 0
    finally:
        with staging.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(("taken_by", "caught_as"), [("command", "rolled back"), ("hand", "restored into")])
def test_a_restored_copy_rolled_back_to_its_backup_fails(app, make_user, fresh_url, tmp_path, taken_by,
                                                          caught_as) -> None:
    """``backup create`` writes a row into the original after the copy, which the copy's rollback lacks;
    a copy made by hand (the same snapshot, no row) is caught by the restore line naming its source."""
    make_user()
    backup = tmp_path / "b.backup"
    if taken_by == "command":
        assert app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code == 0
    else:
        with app.app_context():
            backups.create(backup)
    with app.app_context():
        original = db.session.get(AuditHead, 1).database_id
    copy = _restored(app, fresh_url, backup)
    try:
        assert _verify(copy)[0] == 0
        with copy.app_context():  # the copy as it was restored: its head before the restore's own row
            restored = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "backup.restored"))
            row, mac = restored.id - 1, restored.prev_hash
        with copy.app_context(), write_transaction() as session:  # undo the restore's own record
            tamper(session, "DELETE FROM audit_events WHERE id > :i", {"i": row})
            session.execute(text("UPDATE audit_head SET last_id = :i, last_hash = :h, database_id = :d"),
                            {"i": row, "h": mac, "d": original})
        code, said = _verify(copy)
        assert code == 1 and f"row {row}" in said and caught_as in said, said
        if taken_by == "command":
            assert _verify(app)[0] == 0  # the original holds its backup.created row, past the end of the copy
    finally:
        with copy.app_context():
            db.engine.dispose()
