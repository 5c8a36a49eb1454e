"""A restore from a backup, written into the record so ``audit verify`` knows it from a rollback.

A backup holds the log up to the row it was taken at; whatever was anchored after it is gone
with the rest of that time. The restore appends a ``restore`` line to the anchor file (the
anchors past the restored row, written before it, no longer apply), records
``backup.restored`` in the log itself, and tells the committee (in the pages and by mail),
who also hold the daily digests and can see how many rows were lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from petitions.database import write_transaction
from petitions.models import AuditHead
from petitions.notifications import committee_ids, notify
from petitions.workflow import audit, audit_anchor, audit_chain


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
        audit_anchor.append(where, "restore", head.database_id, head.last_id, mac, backup=backup_name,
                            rows_lost=lost)
        restored = Restored(head.last_id, lost, head.database_id)
        audit.record(session, "backup.restored",
                     detail={"backup": backup_name, "restored_to_row": head.last_id, "rows_lost": lost})
        notify(session, committee_ids(session), kind="backup_restored",
               message=f"The platform's database was restored from a backup ending at audit row {head.last_id}"
                       f" ({lost} later row(s) lost); see the audit log")
    return restored
