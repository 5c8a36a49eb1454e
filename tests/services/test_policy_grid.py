"""The whole grid, through the services: role x state x action.

Each cell either succeeds or is refused with a typed error (403, 404 or 409), and the policy
predicate that pages and templates ask answers the same. The expected table below is written
from DESIGN.md, not from the code, so a rule moved or dropped anywhere fails a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from petitions.extensions import db
from petitions.models import Concern, User
from petitions.workflow import concerns, decisions, policy, responses, review
from petitions.workflow.errors import Conflict, Forbidden, NotFound

ROLES = ("author", "employee", "committee", "leadership", "admin")
STATES = ("draft", "open", "in_review", "decided", "responded", "withdrawn", "closed", "rejected")

# action -> (the one role that may take it, the states it may be taken in)
ALLOWED: dict[str, tuple[str, frozenset[str]]] = {
    "publish": ("author", frozenset({"draft"})),
    "withdraw": ("author", frozenset({"open"})),
    "refer": ("committee", frozenset({"open"})),
    "acknowledge": ("committee", frozenset({"in_review"})),
    "reject": ("committee", frozenset({"open", "in_review"})),
    "restore": ("committee", frozenset({"rejected"})),
    "vote": ("committee", frozenset({"in_review"})),
    "decide": ("committee", frozenset({"in_review"})),
    "dissent": ("committee", frozenset({"decided", "responded"})),
    "respond": ("leadership", frozenset({"decided"})),
    "add_addendum": ("leadership", frozenset({"responded"})),
}


def _decide(user: User, concern_id: int) -> Any:
    try:  # the member votes first, so that quorum is not what refuses the decision
        decisions.cast_ballot(user, concern_id, "uphold", "Because.")
    except (Conflict, Forbidden, NotFound):
        pass
    return decisions.decide(user, concern_id, {"outcome": "uphold", "recommendation": "R.", "rationale": "R."})


SERVICES: dict[str, Callable[[User, int], Any]] = {
    "publish": concerns.publish,
    "withdraw": concerns.withdraw,
    "refer": review.refer,
    "acknowledge": review.acknowledge,
    "reject": lambda u, c: review.reject(u, c, "other", "Out of our hands."),
    "restore": review.restore,
    "vote": lambda u, c: decisions.cast_ballot(u, c, "uphold", "Because."),
    "decide": _decide,
    "dissent": lambda u, c: decisions.add_dissent(u, c, "I disagree."),
    "respond": lambda u, c: responses.publish(u, c, {"stance": "accept", "statement": "We agree."}),
    "add_addendum": lambda u, c: responses.add_addendum(u, c, "A correction."),
}

PREDICATES: dict[str, Callable[[User, Concern], bool]] = {
    "publish": policy.can_publish,
    "withdraw": policy.can_withdraw,
    "refer": policy.can_refer,
    "acknowledge": policy.can_acknowledge,
    "reject": policy.can_reject,
    "restore": policy.can_restore,
    "vote": policy.can_vote,
    "decide": policy.can_decide,
    "dissent": policy.can_dissent,
    "respond": policy.can_respond,
    "add_addendum": policy.can_add_addendum,
}


def test_the_grid_names_every_action() -> None:
    assert set(ALLOWED) == set(SERVICES) == set(PREDICATES)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_role_by_state_by_action(app, make_user, make_concern, role: str, state: str) -> None:
    author = make_user()
    shared = make_concern(state=state, author=author)  # refusals roll back, so they share one concern
    actor = author if role == "author" else make_user(roles=() if role == "employee" else (role,))
    for action in ALLOWED:
        allowed_role, allowed_states = ALLOWED[action]
        expected = role == allowed_role and state in allowed_states
        concern = make_concern(state=state, author=author) if expected else shared
        with app.app_context():
            fresh = db.session.get(Concern, concern.id)
            user = db.session.get(User, actor.id)
            assert PREDICATES[action](user, fresh) == expected, (action, role, state)
            if expected:
                SERVICES[action](user, concern.id)
            else:
                with pytest.raises((Forbidden, Conflict, NotFound)):
                    SERVICES[action](user, concern.id)
