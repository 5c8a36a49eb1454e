"""A concern's breakdown is for reviewers not recused from it, and leadership (policy.can_view_concern_breakdown)."""

from __future__ import annotations

import pytest

from petitions.extensions import db
from petitions.models import User
from petitions.workflow import breakdown, review
from petitions.workflow.errors import Forbidden


def test_a_recused_member_no_longer_sees_the_breakdown(app, make_user, make_concern) -> None:
    concern = make_concern(state="in_review")
    member, other, leader = make_user(roles=("committee",)), make_user(roles=("committee",)), make_user(
        roles=("leadership",))
    employee = make_user()
    with app.app_context():
        review.recuse(db.session.get(User, member.id), concern.id, "My team built it.")
        with pytest.raises(Forbidden):
            breakdown.breakdown(db.session.get(User, member.id), concern.id, "department")
        assert breakdown.breakdown(db.session.get(User, other.id), concern.id, "department").total == 1
        assert breakdown.breakdown(db.session.get(User, leader.id), concern.id, "location").total == 1
        with pytest.raises(Forbidden):
            breakdown.breakdown(db.session.get(User, employee.id), concern.id, "department")
