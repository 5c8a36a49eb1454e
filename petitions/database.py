"""Engine set-up and the one way services open a write transaction.

SQLite runs in WAL mode with foreign keys on. Python's sqlite3 module is told to stay out of
transaction handling so that we emit ``BEGIN`` ourselves: a plain ``BEGIN`` for reads and
``BEGIN IMMEDIATE`` inside ``write_transaction``, which takes the write lock up front. A
deferred transaction that reads and then writes can fail with "database is locked" when
another writer got in between; an immediate one waits its turn instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from petitions.extensions import db

_immediate: ContextVar[bool] = ContextVar("immediate_transaction", default=False)


def init_app(app: Flask) -> None:
    """Attach the SQLite pragmas and transaction hooks once the engine exists."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)


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
    session: Session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("unflushed changes outside a write transaction")
    session.commit()
    token = _immediate.set(True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _immediate.reset(token)
