"""Tamper evidence for the audit log: the keyed chain and its verification.

Each row's MAC is HMAC-SHA256(audit key, previous MAC + a canonical encoding of every field).
The key (``AUDIT_KEY``: ``PETITIONS_AUDIT_KEY`` or ``instance/audit.key``) is not in the
database, so whoever can write the database but lacks the key cannot recompute a row or the
chain behind it. The chain starts from a MAC of the database id, so changing that id (to escape
the anchors, which name it) breaks row 1. A log rolled back to an earlier consistent state is
found by comparing it with the heads anchored outside the database (``audit_anchor``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from petitions.models import AuditEvent, AuditHead
from petitions.workflow import audit_anchor

RESTORED = "backup.restored"  # the row that starts a restored database's own stretch of the chain


def _key() -> bytes:
    """The audit key from the configuration (never from the database)."""
    return str(current_app.config["AUDIT_KEY"]).encode()


def genesis(database_id: str) -> str:
    """What row 1 follows: a MAC of the database id."""
    return hmac.new(_key(), f"genesis:{database_id}".encode(), hashlib.sha256).hexdigest()


def mac(prev: str, event_id: int, at: str, actor_id: int | None, action: str,
        concern_id: int | None, subject_user_id: int | None, detail: str) -> str:
    """HMAC over the previous MAC and a canonical encoding of every field of the row."""
    payload = json.dumps(
        [event_id, at, actor_id, action, concern_id, subject_user_id, detail],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hmac.new(_key(), (prev + payload).encode(), hashlib.sha256).hexdigest()


def row_mac(event: AuditEvent, prev: str) -> str:
    """The MAC a stored row should carry after ``prev``."""
    return mac(prev, event.id, event.at.isoformat(), event.actor_id, event.action, event.concern_id,
               event.subject_user_id, event.detail)


@dataclass
class Verdict:
    """The outcome of ``verify``: ``bad_id`` names the first row that does not hold."""

    ok: bool
    checked: int
    message: str
    bad_id: int | None = None


def _origin(session: Session, head: AuditHead) -> str:
    """The database id the chain started under: the first restore's source, else the head's id."""
    first = session.scalar(
        select(AuditEvent.detail).where(AuditEvent.action == RESTORED).order_by(AuditEvent.id).limit(1)
    )
    if first is None:
        return head.database_id
    return _restore_ids(first)[0] or head.database_id  # unreadable: the walk finds that row altered


def _restore_ids(detail: str) -> tuple[str | None, str | None]:
    """``(from_database_id, database_id)`` of a ``backup.restored`` row (``None`` where unreadable)."""
    try:
        parsed = json.loads(detail)
        return str(parsed["from_database_id"]), str(parsed["database_id"])
    except (ValueError, KeyError, TypeError):
        return None, None


def verify(session: Session, anchor_file: Path | None = None, mailed: dict[int, str] | None = None) -> Verdict:
    """Walk the chain in order; compare it with the head row and with the anchors outside.

    The database id in force starts as the origin and changes at each ``backup.restored`` row
    (which the MAC covers); each stretch is compared with the anchors of its own id. ``mailed``
    adds heads copied from the committee's digest mails (row: MAC), which even someone holding
    the key and the anchor file cannot change.
    """
    head = session.get(AuditHead, 1)
    if head is None:
        return Verdict(False, 0, "the audit head is missing (was the schema created by `db upgrade`?)", 1)
    where = anchor_file or audit_anchor.path()
    digests = {row: audit_anchor.Anchor(mac_text, "a digest mail") for row, mac_text in (mailed or {}).items()}
    current = _origin(session, head)
    anchors = audit_anchor.anchored(where, current)
    prev, expected, checked = genesis(current), 1, 0
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000))
    for event in rows.scalars():
        if event.id != expected:
            return Verdict(False, checked, f"row {expected} is missing (found {event.id} next)", expected)
        if event.prev_hash != prev:
            return Verdict(False, checked, f"row {event.id} does not follow row {event.id - 1}", event.id)
        if not hmac.compare_digest(row_mac(event, prev), event.hash):
            return Verdict(False, checked, f"row {event.id} was altered (its MAC does not match)", event.id)
        if event.action == RESTORED:
            source, copy = _restore_ids(event.detail)
            if source != current or copy is None:
                return Verdict(False, checked, f"row {event.id} restores a database other than {current}", event.id)
            current, anchors = copy, audit_anchor.anchored(where, copy)
        for anchor in (anchors.get(event.id), digests.get(event.id)):
            if anchor is not None and anchor.mac != event.hash:
                return Verdict(False, checked, f"row {event.id} differs from the head anchored at {anchor.at}", event.id)
        prev, expected, checked = event.hash, expected + 1, checked + 1
    return _ends_well(head, current, checked, prev, [*anchors, *digests], where)


def _ends_well(head: AuditHead, current: str, checked: int, prev: str, anchored_rows: list[int],
               where: Path) -> Verdict:
    """The end of the walk against the head row, the anchors and the restores made from this database."""
    if head.database_id != current:
        return Verdict(False, checked, f"the head names database {head.database_id} but the log is {current}'s",
                       checked + 1)
    if head.last_id != checked or (checked and head.last_hash != prev):
        bad = checked + 1 if head.last_id > checked else head.last_id + 1
        return Verdict(False, checked, f"the log ends at row {checked} but the head expects row {head.last_id}", bad)
    if anchored_rows and max(anchored_rows) > checked:
        return Verdict(False, checked, f"the log ends at row {checked} but row {max(anchored_rows)} was anchored: "
                       "the log was shortened or rolled back", checked + 1)
    for row, copy, at in audit_anchor.restored_from(where, current):
        if row >= checked:
            return Verdict(False, checked, f"the log ends at row {checked}, where a backup of it was restored into "
                           f"database {copy} at {at}: that copy rolled back to its backup looks like this (if this "
                           "is the original and it has written nothing since, verify again after its next event)",
                           checked + 1)
    return Verdict(True, checked, f"audit log intact: {checked} rows, database {current}, "
                   f"{len(anchored_rows)} anchored head(s) agree")
