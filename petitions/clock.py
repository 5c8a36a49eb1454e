"""One notion of "now": naive UTC, the same on SQLite and PostgreSQL.

``moved(to)`` shifts that "now" for the code running inside it (tests look at a later day);
``ticking(...)`` replays time (the demo builder takes a company through months of its life via
the real services). Both are context variables, so other threads and requests keep real time.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

_offset: ContextVar[timedelta] = ContextVar("clock_offset", default=timedelta(0))
_replay: ContextVar[Callable[[], datetime] | None] = ContextVar("clock_replay", default=None)


def _real() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def utcnow() -> datetime:
    """The current time as naive UTC (what both databases store), moved or replayed if asked."""
    replay = _replay.get()
    if replay is not None:
        return replay()
    return _real() + _offset.get()


@contextmanager
def moved(to: datetime) -> Iterator[None]:
    """Run the block as if it were ``to`` (naive UTC); the clock keeps ticking from there."""
    token = _offset.set(to - _real())
    replay_token = _replay.set(None)
    try:
        yield
    finally:
        _replay.reset(replay_token)
        _offset.reset(token)


@contextmanager
def ticking(start: datetime, step: timedelta, until: datetime) -> Iterator[None]:
    """Replay time: the first reading is ``start``, each next one ``step`` later, never past ``until``.

    Each step a service takes inside the block happens a little later than the one before, so
    durations between steps are real; nothing is dated after ``until``, which must not be in the
    future.
    """
    state = [start - step]

    def reading() -> datetime:
        state[0] = min(state[0] + step, until)
        return state[0]

    token = _replay.set(reading)
    try:
        yield
    finally:
        _replay.reset(token)
