"""One notion of "now": naive UTC, the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time as naive UTC (what both databases store)."""
    return datetime.now(UTC).replace(tzinfo=None)
