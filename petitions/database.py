"""Engine set-up and the one way services open a write transaction.

SQLite runs in WAL mode with foreign keys on. Python's sqlite3 module is told to stay out of
transaction handling so that we emit ``BEGIN`` ourselves: a plain ``BEGIN`` for reads and
``BEGIN IMMEDIATE`` inside ``write_transaction``, which takes the write lock up front. A
deferred transaction that reads and then writes can fail with "database is locked" when
another writer got in between; an immediate one waits its turn instead.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any

from flask import Flask
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from petitions.extensions import db

_immediate: ContextVar[bool] = ContextVar("immediate_transaction", default=False)


class _WriterQueue:
    """Hands SQLite's single write lock to one writer at a time, across threads and processes.

    SQLite's own busy handler makes waiting writers sleep and poll, which collapses throughput
    when many requests write at once. A thread lock plus an ``flock`` on a file beside the
    database queues them instead: the next writer wakes as soon as the lock is released.
    """

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".writelock")
        self.thread_lock = threading.Lock()
        self.handle: IO[bytes] | None = None
        self.pid = 0

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold the write turn for the duration of the block."""
        with self.thread_lock:
            if self.handle is None or self.pid != os.getpid():  # reopen after a fork
                self.handle = open(self.path, "ab")  # noqa: SIM115 - kept open for the process
                self.pid = os.getpid()
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)


_queues: dict[str, _WriterQueue] = {}


def init_app(app: Flask) -> None:
    """Attach the SQLite pragmas and transaction hooks once the engine exists."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
            database = engine.url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                _queues[str(engine.url)] = _WriterQueue(Path(database).resolve())


def _configure_sqlite(engine: Engine) -> None:
    """Pragmas on every new connection; our own BEGIN for every transaction."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=20000")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


@contextmanager
def write_transaction() -> Iterator[Session]:
    """One short write transaction: commits on success, rolls back on any error.

    Any read transaction the request already had is ended first, so the write starts from a
    fresh snapshot (and, on SQLite, with the write lock held).
    """
    if _immediate.get():
        raise RuntimeError("write transactions do not nest; pass the session down instead")
    session: Session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("unflushed changes outside a write transaction")
    _commit(session)
    _expire_all_but_people(session)
    queue = _queues.get(str(session.get_bind().engine.url))
    token = _immediate.set(True)
    try:
        # The writer's turn ends with the COMMIT; the bookkeeping after it runs outside.
        with queue.hold() if queue else nullcontext():
            try:
                yield session
                _commit(session)
            except BaseException:
                session.rollback()
                raise
        _expire_all_but_people(session)
    finally:
        _immediate.reset(token)


def _commit(session: Session) -> None:
    """Commit without expiring anything (``_expire_all_but_people`` does that next)."""
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def _expire_all_but_people(session: Session) -> None:
    """Expire everything but the columns of loaded users.

    Whatever a transaction read about concerns, signatures or settings must be read again
    after it; the caller's own name and email need not be, and re-reading them cost a query
    per request on the signing path. Roles are expired with the rest.
    """
    from petitions.models import User

    for obj in list(session.identity_map.values()):
        if isinstance(obj, User):
            session.expire(obj, ["grants"])
        else:
            session.expire(obj)
