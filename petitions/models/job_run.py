"""How often the job runner ran: one row per kind of job, bumped by every runner on every host."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from petitions.extensions import db


class JobRun(db.Model):  # type: ignore[name-defined,misc]
    """Counts of ``jobs run`` for ``/metrics`` (a counter in the database, shared by every host)."""

    __tablename__ = "job_runs"
    JOBS: ClassVar[str] = "jobs"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    runs: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    last_started_at: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
