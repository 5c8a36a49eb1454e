"""audit log keyed outside the database, with a database id and a daily digest

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 08:30:00

- ``audit_head.database_id``: an id created with the schema. The chain starts from a MAC of it,
  and the anchor file in ``instance/`` names it.
- ``audit_head.digest_on``: the last day the head was mailed to the committee.
- Existing rows, chained with plain SHA-256 until now, are checked and then re-chained with
  HMAC under the audit key (``PETITIONS_AUDIT_KEY`` or ``instance/audit.key``). A broken old
  chain stops the upgrade rather than being laundered into a valid new one.
- PostgreSQL: triggers refuse UPDATE and DELETE on ``audit_events``.
"""
import hashlib
import hmac
import json
import uuid

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_FIELDS = "id, at, actor_id, action, concern_id, subject_user_id, detail, prev_hash, hash"


def _payload(row):
    """The canonical encoding of a row's fields (as ``audit_chain.mac`` writes it)."""
    return json.dumps([row.id, row.at.isoformat(), row.actor_id, row.action, row.concern_id, row.subject_user_id, row.detail],
                      separators=(",", ":"), ensure_ascii=True)


def _rechain(bind, database_id, old, new):
    """Check every row under ``old`` and rewrite it under ``new``; returns the last (id, mac)."""
    rows = bind.execute(sa.text(f"SELECT {_FIELDS} FROM audit_events ORDER BY id").columns(at=sa.DateTime)).all()
    prev_old, prev_new, last = old(None), new(None), (0, "0" * 64)
    for expected, row in enumerate(rows, start=1):
        payload = _payload(row)
        if row.id != expected or row.prev_hash != prev_old or row.hash != old((prev_old, payload)):
            raise RuntimeError(f"audit log broken at row {row.id} before the upgrade; "
                               "run `audit verify` on revision 0001 and investigate first")
        mac = new((prev_new, payload))
        bind.execute(sa.text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                     {"p": prev_new, "h": mac, "i": row.id})
        prev_old, prev_new, last = row.hash, mac, (row.id, mac)
    return last


def _sha(item):
    """The chain of revision 0001: SHA-256, starting from zeros."""
    return "0" * 64 if item is None else hashlib.sha256((item[0] + item[1]).encode()).hexdigest()


def _hmac_for(database_id):
    """The chain of revision 0002: HMAC under the audit key, starting from a MAC of the database id."""
    key = str(current_app.config["AUDIT_KEY"]).encode()

    def mac(item):
        if item is None:
            return hmac.new(key, f"genesis:{database_id}".encode(), hashlib.sha256).hexdigest()
        return hmac.new(key, (item[0] + item[1]).encode(), hashlib.sha256).hexdigest()
    return mac


def upgrade():
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('database_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('digest_on', sa.Date(), nullable=True))
    bind = op.get_bind()
    database_id = uuid.uuid4().hex
    bind.execute(sa.text("UPDATE audit_head SET database_id = :d"), {"d": database_id})
    last_id, last_mac = _rechain(bind, database_id, _sha, _hmac_for(database_id))
    bind.execute(sa.text("UPDATE audit_head SET last_id = :i, last_hash = :h WHERE id = 1"),
                 {"i": last_id, "h": last_mac})
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.alter_column('database_id', existing_type=sa.String(length=32), nullable=False)
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP "
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_no_update_delete ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    database_id = bind.execute(sa.text("SELECT database_id FROM audit_head WHERE id = 1")).scalar()
    last_id, last_mac = _rechain(bind, database_id, _hmac_for(database_id), _sha)
    bind.execute(sa.text("UPDATE audit_head SET last_id = :i, last_hash = :h WHERE id = 1"),
                 {"i": last_id, "h": last_mac})
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.drop_column('digest_on')
        batch_op.drop_column('database_id')
