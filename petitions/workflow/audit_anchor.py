"""The audit chain's head, anchored outside the database.

Every commit that appended audit rows also appends its new head (database id, row, MAC) as one
JSON line to a file in ``instance/`` (``AUDIT_ANCHOR_FILE``), and the job runner mails the head
to the committee once a day. Someone who can write the database but not this file (nor the
committee's mailboxes) cannot roll the log back to an earlier consistent state unnoticed:
``audit verify`` finds an anchored row missing or different. The file names the database id, so
one ``instance/`` folder can serve several databases. A restore from a backup gives the
restored database a new id (written into the chain by its ``backup.restored`` row) and writes a
``restore`` line naming both ids, so the original and the copy never mistake each other's anchors.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import event, insert, or_, select, update
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.models import AuditHead, OutboxMail, User
from petitions.workflow.audiences import recipients

_PENDING = "audit_anchor_pending"


@dataclass(frozen=True)
class Anchor:
    """One anchored head: the row's MAC and when it was written down."""

    mac: str
    at: str


def path() -> Path:
    """The anchor file: ``AUDIT_ANCHOR_FILE`` or ``instance/audit-anchors.log``."""
    configured = current_app.config.get("AUDIT_ANCHOR_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / "audit-anchors.log"


def append(where: Path, kind: str, database_id: str, row: int, mac: str, **extra: Any) -> None:
    """Append one line (created 0600; one ``write`` of one line, so writers do not interleave)."""
    line = {"kind": kind, "db": database_id, "row": row, "mac": mac, "at": utcnow().isoformat() + "Z", **extra}
    fd = os.open(where, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(line, sort_keys=True) + "\n").encode())
    finally:
        os.close(fd)


def _lines(where: Path) -> Iterator[dict[str, Any]]:
    """The well-formed lines of the anchor file (a torn or foreign line anchors nothing)."""
    if not where.exists():
        return
    with where.open() as lines:
        for text in lines:
            try:
                line = json.loads(text)
                line["row"], line["mac"], line["at"] = int(line["row"]), str(line["mac"]), str(line["at"])
            except (ValueError, KeyError, TypeError):
                continue
            if isinstance(line.get("db"), str):
                yield line


def anchored(where: Path, database_id: str) -> dict[int, Anchor]:
    """The heads anchored for ``database_id``, by row."""
    return {line["row"]: Anchor(line["mac"], line["at"]) for line in _lines(where)
            if line["db"] == database_id and line["row"] > 0}


def restored_from(where: Path, database_id: str) -> list[tuple[int, str, str]]:
    """Backups of ``database_id`` restored elsewhere: (row the backup ends at, new database id, when)."""
    return [(line["row"], line["db"], line["at"]) for line in _lines(where)
            if line.get("kind") == "restore" and line.get("from") == database_id]


def remember(session: Session, database_id: str, row: int, mac: str) -> None:
    """Anchor this head once the caller's transaction commits (never a head that rolled back)."""
    session.info[_PENDING] = (path(), database_id, row, mac)


@event.listens_for(Session, "after_commit")
def _write_after_commit(session: Session) -> None:
    """The transaction that appended rows committed: write its head down."""
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        where, database_id, row, mac = pending
        append(where, "head", database_id, row, mac)


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session: Session, _previous: Any) -> None:
    """The rows were never written, so neither is their head."""
    session.info.pop(_PENDING, None)


def mail_digest(session: Session, now: datetime) -> int:
    """Once a day (across every runner), queue the head to each committee member; returns how many.

    The mail names no concern and no person: only the database id, the row and its MAC.
    The caller commits.
    """
    today = now.date()
    claimed = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1, or_(AuditHead.digest_on.is_(None), AuditHead.digest_on < today))
        .values(digest_on=today)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if claimed != 1:
        return 0
    head = session.execute(select(AuditHead.database_id, AuditHead.last_id, AuditHead.last_hash)).one()
    emails = list(session.scalars(select(User.email).where(User.id.in_(recipients(session, "audit_digest")))))
    body = (
        f"The audit log of database {head.database_id} ends, as of {now.isoformat(timespec='seconds')}Z, at row "
        f"{head.last_id} with MAC {head.last_hash}.\n\nKeep this mail. Anyone may ask an operator to run\n\n"
        f"    flask --app wsgi audit verify --expect {head.last_id}:{head.last_hash}\n\n"
        "If it fails, the log was rolled back or rewritten since this mail (even by someone holding the keys); "
        "a restore from a backup is announced separately.\n"
    )
    if emails:
        session.execute(insert(OutboxMail), [
            {"to_addr": email, "subject": "Audit log: daily digest", "body": body, "created_at": now, "attempts": 0}
            for email in sorted(set(emails))
        ])
    append(path(), "digest", head.database_id, head.last_id, head.last_hash)
    return len(set(emails))


def send_daily_digest(now: datetime) -> int:
    """The job runner's step: queue today's digest unless another runner already did."""
    if not current_app.config.get("AUDIT_DIGEST_MAIL", True):
        return 0
    with write_transaction() as session:
        return mail_digest(session, now)
