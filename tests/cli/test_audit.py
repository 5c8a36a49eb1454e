"""``flask --app wsgi audit verify``: an intact chain passes; any edit is found and named."""

from __future__ import annotations

from sqlalchemy import func, select

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AuditEvent
from tests.privacy.attacks import tamper


def _events(app, make_user, make_concern):
    make_concern(state="in_review", author=make_user(roles=("committee",)))
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_intact_log_verifies(app, cli, make_user, make_concern):
    count = _events(app, make_user, make_concern)
    assert count >= 4
    result = cli("audit", "verify")
    assert result.exit_code == 0, result.output
    assert f"{count} rows" in result.stdout


def test_edited_detail_is_named(app, cli, make_user, make_concern):
    _events(app, make_user, make_concern)
    with app.app_context(), write_transaction() as session:
        tamper(session, "UPDATE audit_events SET detail = :d WHERE id = 2", {"d": '{"role":"nobody"}'})
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "row 2" in result.stderr and "altered" in result.stderr


def test_deleted_last_row_is_named(app, cli, make_user, make_concern):
    count = _events(app, make_user, make_concern)
    with app.app_context(), write_transaction() as session:
        tamper(session, "DELETE FROM audit_events WHERE id = :i", {"i": count})
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert f"row {count}" in result.stderr


def test_deleted_middle_row_is_named(app, cli, make_user, make_concern):
    _events(app, make_user, make_concern)
    with app.app_context(), write_transaction() as session:
        tamper(session, "DELETE FROM audit_events WHERE id = 3")
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "row 3" in result.stderr
