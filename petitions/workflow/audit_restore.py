"""A restore from a backup, written into the record so ``audit verify`` knows it from a rollback.

The restored database is a new database: it gets a new id, written into the chain itself by a
``backup.restored`` row (``from_database_id`` and ``database_id``, under the key), and a
``restore`` line in the anchor file names both ids. So the original (if it still runs, say
after a restore into staging) and the copy keep their own anchors, and the copy's history up
to the backup is still checked against the original's anchors. The rows the original had
anchored after the backup are counted (``rows_lost``), and the committee is told.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from petitions.database import write_transaction
from petitions.models import AuditHead
from petitions.notifications import notify
from petitions.workflow import audit, audit_anchor, audit_chain
from petitions.workflow.audiences import recipients


@dataclass(frozen=True)
class Restored:
    """Where the restored log ends and how many anchored rows after it were lost."""

    row: int
    rows_lost: int
    database_id: str


def record_restore(backup_name: str) -> Restored:
    """Write the restore down: anchor file, audit log, the committee told. Call once, after the copy."""
    with write_transaction() as session:
        head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
        if head is None:
            raise RuntimeError("the restored database has no audit head: was the backup made by `backup create`?")
        where = audit_anchor.path()
        anchored = audit_anchor.anchored(where, head.database_id)
        lost = max(0, max(anchored, default=0) - head.last_id)
        mac = head.last_hash if head.last_id else audit_chain.genesis(head.database_id)
        old, new = head.database_id, uuid.uuid4().hex
        audit_anchor.append(where, "restore", new, head.last_id, mac, backup=backup_name, rows_lost=lost,
                            **{"from": old})
        restored = Restored(head.last_id, lost, new)
        event = audit.record(session, audit_chain.RESTORED, detail={
            "backup": backup_name, "from_database_id": old, "database_id": new,
            "restored_to_row": head.last_id, "rows_lost": lost,
        })
        head.database_id = new
        audit_anchor.remember(session, new, event.id, event.hash)
        notify(session, recipients(session, "backup_restored"), kind="backup_restored",
               message=f"The platform's database was restored from a backup ending at audit row {head.last_id}"
                       f" ({lost} later row(s) lost); see the audit log")
    return restored


def record_backup(backup_name: str) -> None:
    """A backup was taken (after the copy, so the copy never holds this row).

    So the original always has a row past the end of any backup of it, and a restored copy
    rolled back to its backup cannot pass for the original.
    """
    with write_transaction() as session:
        audit.record(session, "backup.created", detail={"backup": backup_name})
