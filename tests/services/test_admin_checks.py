"""The services refuse account and settings administration to anyone who is not an admin.

The admin pages have their own role gate; these tests call the services directly, as the CLI,
the API or a future page would, so removing a service's own check fails here.
"""

from __future__ import annotations

import io

import pytest

from petitions.extensions import db
from petitions.models import User
from petitions.workflow import accounts, settings
from petitions.workflow.errors import Forbidden


@pytest.mark.parametrize("role", ["employee", "committee", "leadership"])
def test_only_admins_administer(app, make_user, role: str) -> None:
    target = make_user(name="Target Person")
    actor = make_user(roles=() if role == "employee" else (role,))
    with app.app_context():
        who = db.session.get(User, actor.id)
        refused = [
            lambda: accounts.create_user(email="new@example.com", name="New", actor=who),
            lambda: accounts.grant_role(target.id, "admin", actor=who),
            lambda: accounts.revoke_role(target.id, "admin", actor=who),
            lambda: accounts.deactivate(target.id, actor=who),
            lambda: accounts.import_csv(io.StringIO("email,name,department,location\n"), actor=who),
            lambda: accounts.list_users(who),
            lambda: settings.update(who, {"REVIEW_THRESHOLD": 3}),
        ]
        for call in refused:
            with pytest.raises(Forbidden):
                call()
        assert db.session.get(User, target.id).active and "admin" not in db.session.get(User, target.id).roles
        assert settings.get("REVIEW_THRESHOLD") != 3


def test_an_admin_may(app, make_user) -> None:
    target = make_user()
    admin = make_user(roles=("admin",))
    with app.app_context():
        who = db.session.get(User, admin.id)
        assert "leadership" in accounts.grant_role(target.id, "leadership", actor=who).roles
        people, total = accounts.list_users(who)
        assert total >= 2 and target.id in {p.id for p in people}
        assert settings.update(who, {"REVIEW_THRESHOLD": 3}) == {"REVIEW_THRESHOLD": 3}
