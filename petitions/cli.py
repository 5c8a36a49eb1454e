"""The command line: ``flask --app wsgi users|demo|jobs|audit ...``.

Commands call the same services as the pages (with ``actor=None``, which the audit log records
as the command line). A service error becomes a ``click.ClickException``: its message on
standard error and exit status 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from petitions import backup
from petitions import jobs as job_runner
from petitions.clock import utcnow
from petitions.demo import builder as demo_company
from petitions.demo import data as demo_data
from petitions.extensions import db
from petitions.models import User
from petitions.vocabulary import GRANTABLE_ROLES
from petitions.workflow import accounts, audit, credentials, invitations
from petitions.workflow.errors import ServiceError

users = AppGroup("users", help="Accounts, roles and access tokens.")
jobs = AppGroup("jobs", help="Scheduled work: automatic transitions and the mail outbox.")
audit_group = AppGroup("audit", help="The hash-chained audit log.")


@contextmanager
def _service_errors() -> Iterator[None]:
    """Turn a service error into a command-line error (non-zero exit) with its per-field messages."""
    try:
        yield
    except ServiceError as exc:
        details = [message for message in exc.fields.values() if message != exc.message]
        raise click.ClickException(exc.message + (" (" + "; ".join(details) + ")" if details else "")) from None


def _user(email: str) -> User:
    """The account with ``email`` or a clear error."""
    with _service_errors():
        return accounts.get_user_by_email(email)


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name, as colleagues know it.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 10 characters; prompted (hidden) when omitted.",
)
@click.option(
    "--role", "roles", multiple=True, type=click.Choice([r.value for r in GRANTABLE_ROLES]), help="An extra role; repeat for several."
)
@click.option("--department", default=None, help="Department, as in the HR system.")
@click.option("--location", default=None, help="Office or 'Remote'.")
def create_user(
    email: str, name: str, password: str, roles: tuple[str, ...], department: str | None, location: str | None
) -> None:
    """Create an account and print its id and email."""
    with _service_errors():
        user = accounts.create_user(
            email=email, name=name, password=password, roles=roles, department=department, location=location
        )
    click.echo(f"Created account {user.id}: {user.email}")


@users.command("grant")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in GRANTABLE_ROLES]))
def grant(email: str, role: str) -> None:
    """Grant a role (audited; the committee is told)."""
    user = _user(email)
    with _service_errors():
        accounts.grant_role(user.id, role)
    click.echo(f"{email} now holds {role}; the committee has been told.")


@users.command("revoke")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in GRANTABLE_ROLES]))
def revoke(email: str, role: str) -> None:
    """Revoke a role (audited)."""
    user = _user(email)
    with _service_errors():
        accounts.revoke_role(user.id, role)
    click.echo(f"{email} no longer holds {role}.")


@users.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Stop an account from logging in or using tokens; its signatures stay."""
    user = _user(email)
    with _service_errors():
        accounts.deactivate(user.id)
    click.echo(f"{email} is deactivated.")


@users.command("token")
@click.argument("email")
@click.option("--label", default="command line", show_default=True, help="What the token is for.")
def token(email: str, label: str) -> None:
    """Create a personal access token and print it as the last line."""
    user = _user(email)
    if not user.active:
        raise click.ClickException(f"{email} is deactivated; its tokens would not work.")
    with _service_errors():
        value = credentials.create_token(user, label)
    click.echo(f"New token for {email} (shown once; use it as 'Authorization: Bearer TOKEN'):")
    click.echo(value)


@users.command("invite")
@click.argument("email", required=False)
@click.option("--pending", is_flag=True, help="Invite every active account without a password or a working invitation.")
def invite(email: str | None, pending: bool) -> None:
    """Mail a person (or, with --pending, everyone waiting) a single-use link to choose a password."""
    if bool(email) == pending:
        raise click.UsageError("Give either an EMAIL or --pending.")
    with _service_errors():
        if pending:
            count = invitations.invite_pending(None)
            click.echo(f"Invited {count} {'person' if count == 1 else 'people'}; the mail goes out with 'jobs run'.")
            return
        person = invitations.invite(None, _user(email or "").id)
    click.echo(f"Invited {person.email}; the mail goes out with 'jobs run'.")


@users.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_users(path: Path) -> None:
    """Create or update accounts from an HR CSV (email,name,department,location), all or nothing."""
    with _service_errors():
        result = accounts.import_csv(accounts.read_csv_upload(path.read_bytes()))
    click.echo(f"Imported {path.name}: {result.created} created, {result.updated} updated.")


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when any account exists (for container start-up).")
def demo(if_empty: bool) -> None:
    """Load a realistic demo company and print the demo logins."""
    if current_app.config.get("ENV") == "production":
        # The demo logins share a published password, admin included.
        raise click.ClickException("Refusing to load demo accounts with a published password in production.")
    existing = db.session.scalar(select(func.count()).select_from(User)) or 0
    if if_empty and existing:
        click.echo(f"{existing} account(s) exist already; nothing loaded.")
    elif demo_company.is_loaded():
        raise click.ClickException("The demo company is already loaded.")
    else:
        with _service_errors():
            result = demo_company.load()
        states = ", ".join(f"{n} {state.replace('_', ' ')}" for state, n in sorted(result.concerns.items()))
        click.echo(
            f"Loaded the demo company: {result.users} people, {result.contracts} contracts, "
            f"concerns: {states}. Review threshold: {demo_data.DEMO_THRESHOLD}."
        )
    for line in demo_data.login_lines():
        click.echo(line)


def parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime:
    """``--now`` as naive UTC; an offset is converted, no offset means UTC; absent means now."""
    if value is None:
        return utcnow()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use ISO 8601, such as 2030-01-31T09:00:00Z") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


@jobs.command("run")
@click.option("--now", callback=parse_now, metavar="ISO-8601", help="Pretend it is this time (UTC).")
def run_jobs(now: datetime) -> None:
    """Apply the time-based transitions, then send queued mail. Safe to run any number of times."""
    report = job_runner.run(now)
    click.echo(f"Jobs run at {now.isoformat(timespec='seconds')}Z.")
    for line in report.lines():
        click.echo(line)


def parse_expected(values: tuple[str, ...]) -> dict[int, str]:
    """``--expect ROW:MAC`` values, as a digest mail gives them, as ``{row: mac}``."""
    expected: dict[int, str] = {}
    for value in values:
        row, _, mac = value.partition(":")
        if not row.isdigit() or int(row) < 1 or len(mac) != 64 or any(c not in "0123456789abcdef" for c in mac):
            raise click.BadParameter(f"{value!r}: use ROW:MAC, a row number and 64 hex digits")
        expected[int(row)] = mac
    return expected


@audit_group.command("verify")
@click.option("--expect", "expected", multiple=True, metavar="ROW:MAC", callback=lambda _c, _p, v: parse_expected(v),
              help="A head from a daily digest mail; repeat for several.")
def verify(expected: dict[int, str]) -> None:
    """Check the audit log's keyed chain and its anchors; exit 1 naming the first bad row."""
    verdict = audit.verify(db.session(), mailed=expected)
    if not verdict.ok:
        raise click.ClickException(f"audit log BROKEN at row {verdict.bad_id}: {verdict.message}")
    click.echo(f"OK: {verdict.message}")


def init_app(app: Flask) -> None:
    """Register the command groups on ``flask --app wsgi``."""
    app.cli.add_command(users)
    app.cli.add_command(jobs)
    app.cli.add_command(audit_group)
    app.cli.add_command(demo)
    backup.init_app(app)
