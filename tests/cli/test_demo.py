"""``flask --app wsgi demo``: a realistic company, loaded once, through the services."""

from __future__ import annotations

from sqlalchemy import func, select

from petitions.demo import data as demo
from petitions.extensions import db
from petitions.models import AuditEvent, Concern, Contract, Decision, Perspective, Recusal, Response, Signature, User
from petitions.workflow import credentials
from petitions.workflow.audit import verify
from tests.helpers import count


def test_demo_if_empty_twice_loads_once_and_prints_logins(app, cli):
    first = cli("demo", "--if-empty")
    assert first.exit_code == 0, first.output
    users, concerns = count(app, User), count(app, Concern)
    assert 35 <= users <= 60
    second = cli("demo", "--if-empty")
    assert second.exit_code == 0, second.output
    assert "nothing loaded" in second.stdout
    assert (count(app, User), count(app, Concern)) == (users, concerns)
    for output in (first.stdout, second.stdout):
        assert demo.DEMO_PASSWORD in output
        for role in ("admin", "employee", "committee", "leadership"):
            assert any(line.split()[:1] == [role] and "@" in line for line in output.splitlines()), role
    # The printed logins work with the printed password and hold the printed roles.
    with app.app_context():
        for line in first.stdout.splitlines():
            parts = line.split()
            if parts and parts[0] in ("admin", "employee", "committee", "leadership"):
                user = credentials.authenticate(parts[1], demo.DEMO_PASSWORD)
                assert user is not None, parts[1]
                assert parts[0] in user.roles


def test_demo_without_if_empty_refuses_to_load_twice(app, cli):
    assert cli("demo").exit_code == 0
    users = count(app, User)
    again = cli("demo")
    assert again.exit_code == 1 and "already loaded" in again.stderr
    assert count(app, User) == users


def test_demo_if_empty_leaves_a_used_database_alone(app, cli, make_user):
    make_user()
    result = cli("demo", "--if-empty")
    assert result.exit_code == 0 and "nothing loaded" in result.stdout
    assert count(app, User) == 1


def test_demo_content(app, cli):
    assert cli("demo").exit_code == 0
    with app.app_context():
        states = dict(db.session.execute(select(Concern.status, func.count()).group_by(Concern.status)).all())
        assert set(states) == {"draft", "open", "in_review", "decided", "responded", "rejected", "withdrawn"}
        visibilities = set(db.session.scalars(select(Signature.visibility).distinct()))
        assert visibilities == {"public", "committee", "anonymous"}
        assert (
            db.session.scalar(
                select(func.count()).where(Signature.visibility == "anonymous", Signature.statement != "")
            )
            >= 2
        )
        immigration = db.session.scalar(select(Contract).where(Contract.counterparty.ilike("%immigration%")))
        # The case that started it all: upheld by the committee, not pursued by leadership.
        assert immigration is not None and immigration.status == "not_pursued"
        case = db.session.scalar(select(Concern).where(Concern.contract_id == immigration.id,
                                                       Concern.status == "responded"))
        decision = db.session.get(Decision, case.decision_id)
        response = db.session.get(Response, case.response_id)
        assert (decision.outcome, response.stance, response.contract_status_after) == ("uphold", "accept", "not_pursued")
        assert db.session.scalar(select(func.count()).select_from(Recusal).where(Recusal.concern_id == case.id)) == 1
        assert db.session.scalar(select(func.count()).select_from(Perspective).where(Perspective.invited.is_(True)))
        stances = {("automatic" if r.automatic else r.stance) for r in db.session.scalars(select(Response))}
        assert stances == {"accept", "accept_in_part", "decline", "automatic"}
        assert 1090 <= (immigration.ends_on - immigration.starts_on).days <= 1100
        assert len(set(db.session.scalars(select(Contract.status)))) >= 4
        departments = set(db.session.scalars(select(User.department)))
        locations = set(db.session.scalars(select(User.location)))
        assert {"Engineering", "Sales", "Legal", "People", "Support", "Research"} <= departments
        assert {"Berlin", "Lisbon", "Toronto", "Austin", "Remote"} <= locations
        for concern in db.session.scalars(select(Concern).where(Concern.status != "draft")):
            assert concern.signature_count == db.session.scalar(
                select(func.count()).where(Signature.concern_id == concern.id)
            )
            if concern.status == "open":
                assert concern.signature_count < concern.review_threshold
        # The two largest concerns reached review through signing, as in real use; others were referred.
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "concern.routed")) == 2
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "concern.referred")) == 4
        assert verify(db.session()).ok
