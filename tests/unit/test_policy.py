"""Policy predicates over the role-by-state grid, with plain objects (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from petitions.workflow import policy
from petitions.workflow.states import Status

ROLES = ("employee", "committee", "leadership", "admin")


@dataclass
class Person:
    id: int
    roles: frozenset[str] = field(default_factory=frozenset)

    def has_role(self, role: str) -> bool:
        return role == "employee" or role in self.roles


@dataclass
class Item:
    author_id: int = 1
    author_visibility: str = "named"
    status: str = "open"
    rejection_reason_code: str | None = None
    recused_user_ids: frozenset[int] = frozenset()


AUTHOR = Person(1)


def person(role: str) -> Person:
    return Person(2, frozenset({role}) - {"employee"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", [s.value for s in Status])
def test_who_sees_a_concern(role: str, state: str) -> None:
    concern = Item(status=state)
    assert policy.can_view_concern(AUTHOR, concern)
    assert policy.can_view_concern(person(role), concern) == (state != "draft")


@pytest.mark.parametrize("role", ROLES)
def test_abusive_rejections_are_for_the_author_and_committee_only(role: str) -> None:
    concern = Item(status="rejected", rejection_reason_code="abusive")
    assert policy.can_view_concern(AUTHOR, concern)
    assert policy.can_view_concern(person(role), concern) == (role == "committee")
    other = Item(status="rejected", rejection_reason_code="duplicate")
    assert policy.can_view_concern(person(role), other)


# The visibility table of DESIGN.md, row by row.
TABLE = {
    "public": {"employee": True, "committee": True, "leadership": True, "admin": True},
    "committee": {"employee": False, "committee": True, "leadership": False, "admin": False},
    "anonymous": {"employee": False, "committee": False, "leadership": False, "admin": False},
}


@pytest.mark.parametrize("visibility", TABLE)
@pytest.mark.parametrize("role", ROLES)
def test_visibility_table(visibility: str, role: str) -> None:
    assert policy.can_see_signer(person(role), visibility, Item()) == TABLE[visibility][role]


@pytest.mark.parametrize("role", ROLES)
def test_committee_only_author(role: str) -> None:
    concern = Item(author_visibility="committee")
    assert policy.can_see_author(AUTHOR, concern)
    assert policy.can_see_author(person(role), concern) == (role == "committee")
    assert policy.can_see_author(person(role), Item(author_visibility="named"))


@pytest.mark.parametrize("state", [s.value for s in Status])
def test_author_actions_by_state(state: str) -> None:
    concern = Item(status=state)
    assert policy.can_edit(AUTHOR, concern) == (state == "draft")
    assert policy.can_publish(AUTHOR, concern) == (state == "draft")
    assert policy.can_withdraw(AUTHOR, concern) == (state == "open")
    for role in ROLES:
        assert not policy.can_edit(person(role), concern)
        assert not policy.can_withdraw(person(role), concern)


@pytest.mark.parametrize("role", ROLES)
def test_contract_management_and_breakdowns(role: str) -> None:
    assert policy.can_manage_contracts(person(role)) == (role == "leadership")
    assert policy.can_view_concern_breakdown(person(role), Item()) == (role in ("committee", "leadership"))
    recused = Item(recused_user_ids=frozenset({2}))
    assert policy.can_view_concern_breakdown(person(role), recused) == (role == "leadership")


def test_a_recused_member_is_no_reviewer() -> None:
    member = person("committee")
    concern = Item(author_visibility="committee", recused_user_ids=frozenset({member.id}))
    assert not policy.is_reviewer(member, concern)
    assert not policy.can_see_signer(member, "committee", concern)
    assert not policy.can_see_author(member, concern)
    assert policy.can_see_signer(member, "public", concern)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", [s.value for s in Status])
def test_who_sees_a_decision(role: str, state: str) -> None:
    expected = state == "responded" or (state == "decided" and role in ("committee", "leadership"))
    assert policy.can_see_decision(person(role), Item(status=state)) == expected


@pytest.mark.parametrize("state", [s.value for s in Status])
def test_perspectives_only_while_open_or_in_review(state: str) -> None:
    assert policy.can_add_perspective(Item(status=state)) == (state in ("open", "in_review"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", [s.value for s in Status])
def test_only_leadership_responds_and_only_to_decided(role: str, state: str) -> None:
    assert policy.can_respond(person(role), Item(status=state)) == (role == "leadership" and state == "decided")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["open", "in_review", "decided"])
def test_every_signable_concern_is_visible_to_every_employee(role: str, state: str) -> None:
    # The signing service bumps the count before reading the concern; it relies on this.
    for concern in (Item(status=state), Item(status=state, author_visibility="committee")):
        assert policy.can_sign(concern) and policy.can_view_concern(person(role), concern)


def test_a_step_is_overdue_only_after_its_deadline() -> None:
    from datetime import datetime

    now = datetime(2026, 11, 28, 12, 0)
    assert policy.is_overdue(datetime(2026, 11, 28, 11, 59), now)
    assert not policy.is_overdue(datetime(2026, 11, 28, 12, 0), now)
    assert not policy.is_overdue(None, now)
