"""The job runner: time-based transitions, the daily digests, then the mail outbox.

``run(now)`` is safe to call at any time, from any number of processes or hosts: each
transition is a guarded UPDATE in ``petitions.workflow.deadlines``, each digest is queued once
per person and day (``petitions.workflow.digests``), and mail is claimed before it is sent
(``petitions.mail``, which says how).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from petitions.clock import utcnow
from petitions.mail import OutboxReport, claim, send_outbox
from petitions.metrics import record_job_run
from petitions.workflow import audit_anchor, commitments, deadlines, digests

__all__ = ["OutboxReport", "RunReport", "claim", "run", "send_outbox"]


@dataclass
class RunReport:
    """What one ``run`` did."""

    closed: list[int] = field(default_factory=list)
    auto_published: list[int] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)
    digests: int = 0
    outbox: OutboxReport = field(default_factory=OutboxReport)

    def lines(self) -> list[str]:
        """A human summary, one line per kind of work."""
        closed = ", ".join(f"#{cid}" for cid in self.closed) or "none"
        published = ", ".join(f"#{cid}" for cid in self.auto_published) or "none"
        return [
            f"Closed {len(self.closed)} concern(s) at the end of their signing window: {closed}.",
            f"Published {len(self.auto_published)} decision(s) without a leadership response in time: {published}.",
            f"Announced {len(self.reminded)} overdue step(s): "
            + (", ".join(f"#{cid}" for cid in self.reminded) or "none") + ".",
            f"Queued {self.digests} daily digest(s).",
            f"Mail: {self.outbox.sent} sent, {self.outbox.failed} failed (retried later unless given up), "
            f"{self.outbox.gave_up} given up, {self.outbox.claimed} claimed.",
        ]


def run(now: datetime) -> RunReport:
    """Apply every time-based transition due at ``now``, queue the digests, then send the outbox.

    Each run is counted in the database (``/metrics``: runs, failures, the last one's time).
    """
    started, ok = utcnow(), False
    try:
        report = _run(now)
        ok = True
        return report
    finally:
        record_job_run(started, utcnow(), ok)


def _run(now: datetime) -> RunReport:
    report = RunReport()
    report.closed = deadlines.close_expired(now)
    report.auto_published = deadlines.auto_publish_overdue(now)
    report.reminded = deadlines.remind_overdue(now) + commitments.remind_overdue(now)
    audit_anchor.send_daily_digest(now)  # the chain's head to the committee, once a day
    report.digests = len(digests.queue_digests(now))
    report.outbox = send_outbox(now)
    return report
