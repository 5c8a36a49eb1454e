"""``flask --app wsgi users ...``: create, grant, revoke, deactivate, token, import."""

from __future__ import annotations

from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import AuditEvent, Notification, User
from petitions.workflow import credentials


def _user(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            list(user.grants)
            db.session.expunge(user)
        return user


def test_create_prints_id_and_email(app, cli):
    result = cli(
        "users",
        "create",
        "Rosa@Example.com",
        "--name",
        "Rosa Parks",
        "--password",
        "long-enough-pw",
        "--role",
        "committee",
        "--role",
        "admin",
        "--department",
        "Legal",
        "--location",
        "Austin",
    )
    assert result.exit_code == 0, result.output
    user = _user(app, "rosa@example.com")
    assert user is not None
    assert f"{user.id}" in result.stdout and "rosa@example.com" in result.stdout
    assert user.roles == {"employee", "committee", "admin"}
    assert (user.department, user.location) == ("Legal", "Austin")
    with app.app_context():
        assert credentials.authenticate("rosa@example.com", "long-enough-pw") is not None
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.created"))
        assert event.actor_id is None and event.subject_user_id == user.id


def test_create_prompts_for_a_hidden_password_with_confirmation(app, cli):
    result = cli("users", "create", "p@example.com", "--name", "P", input="prompted-password\nprompted-password\n")
    assert result.exit_code == 0, result.output
    assert "prompted-password" not in result.output
    with app.app_context():
        assert credentials.authenticate("p@example.com", "prompted-password") is not None
    mismatch = cli("users", "create", "q@example.com", "--name", "Q", input="first-password\nsecond-password\n")
    assert mismatch.exit_code != 0
    assert _user(app, "q@example.com") is None


def test_duplicate_email_is_a_clear_error(app, cli, make_user):
    make_user(email="taken@example.com")
    result = cli("users", "create", "TAKEN@example.com", "--name", "Other", "--password", "long-enough-pw")
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.email == "taken@example.com")) == 1


def test_bad_input_is_a_clear_error(app, cli):
    bad_email = cli("users", "create", "nope", "--name", "N", "--password", "long-enough-pw")
    assert bad_email.exit_code == 1 and "Email is not valid" in bad_email.stderr
    short = cli("users", "create", "s@example.com", "--name", "S", "--password", "short")
    assert short.exit_code == 1 and "at least 10 characters" in short.stderr
    bad_role = cli("users", "create", "r@example.com", "--name", "R", "--password", "long-enough-pw", "--role", "king")
    assert bad_role.exit_code != 0 and "king" in bad_role.stderr
    assert _user(app, "s@example.com") is None and _user(app, "r@example.com") is None


def test_grant_revoke_deactivate_are_audited(app, cli, make_user):
    member = make_user(roles=("committee",))
    person = make_user(name="Granted Person")
    result = cli("users", "grant", person.email, "leadership")
    assert result.exit_code == 0, result.output
    assert _user(app, person.email).has_role("leadership")
    with app.app_context():
        told = db.session.scalars(select(Notification.message).where(Notification.user_id == member.id)).all()
        assert any("Granted Person" in m and "command line" in m for m in told)
    result = cli("users", "revoke", person.email, "leadership")
    assert result.exit_code == 0, result.output
    assert not _user(app, person.email).has_role("leadership")
    result = cli("users", "deactivate", person.email)
    assert result.exit_code == 0, result.output
    assert not _user(app, person.email).active
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.subject_user_id == person.id).order_by(AuditEvent.id)
        ).all()
        assert [e.action for e in events][-3:] == ["role.granted", "role.revoked", "user.deactivated"]
        assert all(e.actor_id is None for e in events)
        assert credentials.authenticate(person.email, "correct-horse-battery") is None


def test_role_commands_on_unknown_email_or_role(cli, make_user):
    person = make_user()
    missing = cli("users", "grant", "ghost@example.com", "admin")
    assert missing.exit_code == 1 and "No account with email ghost@example.com" in missing.stderr
    assert cli("users", "grant", person.email, "emperor").exit_code != 0
    assert cli("users", "deactivate", "ghost@example.com").exit_code == 1


def test_token_last_line_authenticates(app, cli, client, make_user):
    person = make_user()
    result = cli("users", "token", person.email)
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    with app.app_context():
        assert credentials.user_for_token(token).id == person.id
        assert credentials.user_for_token(token + "x") is None
    if any(rule.rule == "/api/v1/me" for rule in app.url_map.iter_rules()):
        response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and response.json["email"] == person.email
    # An earlier token stays valid when a new one is made.
    second = cli("users", "token", person.email).stdout.strip().splitlines()[-1]
    assert second != token
    with app.app_context():
        assert credentials.user_for_token(token).id == person.id


def test_import_creates_and_updates(app, cli, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(
        "email,name,department,location\nann@example.com,Ann,Sales,Austin\nbo@example.com,Bo,Legal,Berlin\n"
    )
    result = cli("users", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated" in result.stdout
    path.write_text(
        "email,name,department,location\nann@example.com,Ann,Support,Austin\nbo@example.com,Bo,Legal,Berlin\n"
    )
    result = cli("users", "import", str(path))
    assert "0 created, 1 updated" in result.stdout
    assert _user(app, "ann@example.com").department == "Support"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_import_bad_file_imports_nothing(app, cli, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text("email,name,department,location\nann@example.com,Ann,Sales,Austin\nbroken,Bo,Legal,Berlin\n")
    result = cli("users", "import", str(path))
    assert result.exit_code == 1 and "Nothing was imported" in result.stderr and "line 3" in result.stderr
    path.write_text("email,fullname\nann@example.com,Ann\n")
    assert "header row" in cli("users", "import", str(path)).stderr
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
