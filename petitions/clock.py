"""One notion of "now": naive UTC, the same on SQLite and PostgreSQL.

``moved(to)`` shifts that "now" for the code running inside it (the demo builder replays a
company's year through the real services; tests look at a later day). It is a context variable,
so other threads and requests keep the real time.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

_offset: ContextVar[timedelta] = ContextVar("clock_offset", default=timedelta(0))


def utcnow() -> datetime:
    """The current time as naive UTC (what both databases store), moved if inside ``moved``."""
    return datetime.now(UTC).replace(tzinfo=None) + _offset.get()


@contextmanager
def moved(to: datetime) -> Iterator[None]:
    """Run the block as if it were ``to`` (naive UTC); the clock keeps ticking from there."""
    token = _offset.set(to - datetime.now(UTC).replace(tzinfo=None))
    try:
        yield
    finally:
        _offset.reset(token)
