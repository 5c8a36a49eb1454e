"""``flask --app wsgi backup create PATH`` and ``backup restore PATH``.

- SQLite (the embedded default): SQLite's online backup API copies the database in one step
  from a read snapshot; in WAL mode writers go on while it runs.
- PostgreSQL: ``pg_dump --format=custom`` of the application's schema (one consistent snapshot,
  so it is safe while people sign) and ``pg_restore`` into a fresh database. Both client tools
  must be on the PATH, of the server's major version or newer (Debian: ``postgresql-client``).

A restore goes only into a fresh database (no accounts, no audit rows), is migrated to the
current schema, and is recorded (``audit_restore``) so that ``audit verify`` tells it from a
rollback. Keys are not in a backup: keep ``instance/`` (or the ``PETITIONS_*_KEY`` values)
apart from the backups, and restore with the same keys.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL

from petitions.extensions import db
from petitions.workflow import audit
from petitions.workflow.audit_restore import record_backup, record_restore

backup_group = AppGroup("backup", help="Online backups and restores into a fresh database.")


def _sqlite_file(url: URL) -> Path:
    """The database file behind a SQLite URL (an in-memory database cannot be backed up)."""
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory SQLite database has nothing to back up.")
    return Path(url.database)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URL for the client tools, the password passed in the environment (not in ``ps``)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    """Run a client tool; its own message on failure, as a command-line error."""
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed tools, no shell
    except FileNotFoundError:
        raise click.ClickException(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)") from None
    if done.returncode != 0:
        raise click.ClickException(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def create(path: Path) -> None:
    """Write a consistent copy of the live database to ``path`` (mode 0600); refuses to overwrite."""
    if path.exists():
        raise click.ClickException(f"{path} exists; choose a new name.")
    url = db.engine.url
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(f"file:{_sqlite_file(url)}?mode=ro", uri=True)
            target = sqlite3.connect(partial)
            try:
                source.backup(target)  # pages=-1: the whole database from one read snapshot
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                target.close()
                source.close()
        else:
            schema = db.session.execute(text("SELECT current_schema()")).scalar_one()
            db.session.rollback()
            conninfo, env = _libpq(url)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--schema={schema}",
                  f"--file={partial}", f"--dbname={conninfo}"], env)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _is_fresh(postgres: bool) -> bool:
    """Nothing a restore could overwrite: on PostgreSQL no tables at all (``pg_restore`` makes
    them), on SQLite no accounts, concerns or audit rows (the copy replaces the whole file)."""
    tables = set(inspect(db.engine).get_table_names())
    if postgres:
        return not tables
    try:
        for table in ("users", "concerns", "audit_events"):
            query = text(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608 - our own table names
            if table in tables and db.session.execute(query).first():
                return False
        return True
    finally:
        db.session.rollback()


def restore(path: Path) -> None:
    """Copy a backup into the configured (fresh) database and bring it to the current schema."""
    from flask_migrate import upgrade

    if not path.is_file():
        raise click.ClickException(f"{path} is not a backup file.")
    url = db.engine.url
    if not _is_fresh(url.get_backend_name() != "sqlite"):
        raise click.ClickException("The configured database is not empty; restore only into a fresh database "
                                   "(on PostgreSQL, an empty one: do not run `db upgrade` first).")
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise click.ClickException(f"{path} is damaged (integrity_check failed).")
        target = sqlite3.connect(_sqlite_file(url))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        conninfo, env = _libpq(url)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              f"--dbname={conninfo}", str(path)], env)
    db.engine.dispose()
    upgrade()


@backup_group.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create_command(path: Path) -> None:
    """Write an online backup to PATH (safe while people sign)."""
    create(path)
    record_backup(path.name)
    click.echo(f"Backup written to {path} ({path.stat().st_size} bytes). It holds no keys: keep instance/ apart.")


@backup_group.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(path: Path) -> None:
    """Restore PATH into the configured fresh database, record it, and verify the audit log."""
    restore(path)
    restored = record_restore(path.name)
    click.echo(f"Restored {path.name}: the audit log ends at row {restored.row} of database "
               f"{restored.database_id}; {restored.rows_lost} anchored row(s) after it were lost. The committee is told.")
    verdict = audit.verify(db.session())
    if not verdict.ok:
        raise click.ClickException(f"audit log BROKEN at row {verdict.bad_id}: {verdict.message}")
    click.echo(f"OK: {verdict.message}")


def init_app(app: Flask) -> None:
    """Register ``flask --app wsgi backup``."""
    app.cli.add_command(backup_group)
