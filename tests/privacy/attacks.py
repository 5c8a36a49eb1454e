"""What an attacker who can write the database (but holds no key) does to the audit log."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import DateTime, text
from sqlalchemy.orm import Session

Mac = Callable[[str, str], str]


def tamper(session: Session, sql: str, params: dict[str, Any] | None = None) -> None:
    """Run ``sql`` as the database's owner would: on PostgreSQL, with the append-only triggers off."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL session_replication_role = replica"))
    session.execute(text(sql), params or {})


def sha256_chain(prev: str, payload: str) -> str:
    """The unkeyed chain of revision 0001."""
    return hashlib.sha256((prev + payload).encode()).hexdigest()


def hmac_chain(key: str) -> Mac:
    """A keyed chain under a key the attacker guessed."""
    return lambda prev, payload: hmac.new(key.encode(), (prev + payload).encode(), hashlib.sha256).hexdigest()


def rechain(session: Session, mac: Mac) -> int:
    """Recompute every row's MAC with ``mac`` and move the head to the result; returns the row count."""
    rows = session.execute(text(
        "SELECT id, at, actor_id, action, concern_id, subject_user_id, detail, prev_hash FROM audit_events "
        "ORDER BY id").columns(at=DateTime)).all()
    prev = rows[0].prev_hash if rows else "0" * 64  # the attacker keeps row 1's starting point
    for row in rows:
        payload = json.dumps([row.id, row.at.isoformat(), row.actor_id, row.action, row.concern_id,
                              row.subject_user_id, row.detail], separators=(",", ":"), ensure_ascii=True)
        digest = mac(prev, payload)
        tamper(session, "UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i",
               {"p": prev, "h": digest, "i": row.id})
        prev = digest
    session.execute(text("UPDATE audit_head SET last_id = :i, last_hash = :h"), {"i": len(rows), "h": prev})
    return len(rows)


def roll_back_to(session: Session, last_id: int) -> None:
    """Delete every row after ``last_id`` and move the head back: an earlier consistent state."""
    tamper(session, "DELETE FROM audit_events WHERE id > :i", {"i": last_id})
    mac = session.execute(text("SELECT hash FROM audit_events WHERE id = :i"), {"i": last_id}).scalar_one()
    session.execute(text("UPDATE audit_head SET last_id = :i, last_hash = :h"), {"i": last_id, "h": mac})
