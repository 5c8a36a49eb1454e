"""The state table: every (action, state) pair either leads where DESIGN.md says or is refused."""

import pytest

from petitions.workflow.states import (
    ACTION_ACTORS,
    SIGNABLE,
    TRANSITIONS,
    Actor,
    IllegalTransition,
    Status,
    next_state,
    restore_target,
)

EXPECTED = {
    ("publish", "draft"): ("open", Actor.AUTHOR),
    ("route", "open"): ("in_review", Actor.SYSTEM),
    ("refer", "open"): ("in_review", Actor.COMMITTEE),
    ("withdraw", "open"): ("withdrawn", Actor.AUTHOR),
    ("close", "open"): ("closed", Actor.SYSTEM),
    ("reject", "open"): ("rejected", Actor.COMMITTEE),
    ("reject", "in_review"): ("rejected", Actor.COMMITTEE),
    ("decide", "in_review"): ("decided", Actor.COMMITTEE),
    ("respond", "decided"): ("responded", Actor.LEADERSHIP),
    ("auto_respond", "decided"): ("responded", Actor.SYSTEM),
}
ACTIONS = sorted({action for action, _ in EXPECTED})


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", [s.value for s in Status])
def test_every_action_in_every_state(action: str, state: str) -> None:
    expected = EXPECTED.get((action, state))
    if expected is None:
        with pytest.raises(IllegalTransition):
            next_state(action, state)
    else:
        assert next_state(action, state) == expected[0]
        assert ACTION_ACTORS[action] == expected[1]


def test_table_has_nothing_beyond_the_design() -> None:
    assert {(a, s.value) for a, s in TRANSITIONS} == set(EXPECTED)


def test_unknown_state_is_refused() -> None:
    with pytest.raises(IllegalTransition):
        next_state("publish", "archived")


@pytest.mark.parametrize("origin", ["open", "in_review"])
def test_restore_returns_to_where_it_was_rejected_from(origin: str) -> None:
    assert restore_target("rejected", origin) == origin


@pytest.mark.parametrize("state", [s.value for s in Status if s != Status.REJECTED])
def test_restore_only_from_rejected(state: str) -> None:
    with pytest.raises(IllegalTransition):
        restore_target(state, "open")


@pytest.mark.parametrize("state", [s.value for s in Status])
def test_signing_possible_only_while_open_in_review_or_decided(state: str) -> None:
    assert (state in SIGNABLE) == (state in {"open", "in_review", "decided"})
    assert SIGNABLE == {Status.OPEN, Status.IN_REVIEW, Status.DECIDED}
