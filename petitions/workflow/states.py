"""A concern's states and the transition table. Pure: no database, no Flask."""

from __future__ import annotations

from enum import StrEnum

from petitions.vocabulary import GRANTABLE_ROLES, Status
from petitions.workflow.errors import Conflict

__all__ = ["GRANTABLE_ROLES", "SIGNABLE", "PERSPECTIVE_OPEN", "TRANSITIONS", "Actor", "IllegalTransition", "Status",
           "next_state", "restore_target"]


class Actor(StrEnum):
    """Who may take a transition."""

    AUTHOR = "author"
    COMMITTEE = "committee"
    LEADERSHIP = "leadership"
    SYSTEM = "system"


# (action, from state) -> (to state, who). The single source of truth for the life of a concern.
TRANSITIONS: dict[tuple[str, Status], tuple[Status, Actor]] = {
    ("publish", Status.DRAFT): (Status.OPEN, Actor.AUTHOR),
    ("route", Status.OPEN): (Status.IN_REVIEW, Actor.SYSTEM),
    ("refer", Status.OPEN): (Status.IN_REVIEW, Actor.COMMITTEE),
    ("withdraw", Status.OPEN): (Status.WITHDRAWN, Actor.AUTHOR),
    ("close", Status.OPEN): (Status.CLOSED, Actor.SYSTEM),
    ("reject", Status.OPEN): (Status.REJECTED, Actor.COMMITTEE),
    ("reject", Status.IN_REVIEW): (Status.REJECTED, Actor.COMMITTEE),
    ("decide", Status.IN_REVIEW): (Status.DECIDED, Actor.COMMITTEE),
    ("respond", Status.DECIDED): (Status.RESPONDED, Actor.LEADERSHIP),
    ("auto_respond", Status.DECIDED): (Status.RESPONDED, Actor.SYSTEM),
}
# "restore" returns a rejected concern to the state it was rejected from; see ``restore_target``.
RESTORE_ACTOR = Actor.COMMITTEE

# Who takes each action, whatever the state (every row of one action names the same actor).
ACTION_ACTORS: dict[str, Actor] = {action: actor for (action, _), (_, actor) in TRANSITIONS.items()}
ACTION_ACTORS["restore"] = RESTORE_ACTOR

SIGNABLE: frozenset[Status] = frozenset({Status.OPEN, Status.IN_REVIEW, Status.DECIDED})
PERSPECTIVE_OPEN: frozenset[Status] = frozenset({Status.OPEN, Status.IN_REVIEW})

class IllegalTransition(Conflict):
    """The action is not allowed from the concern's current state: a ``Conflict`` (409) by type."""

    def __init__(self, action: str, current: str) -> None:
        super().__init__(f"Cannot {action.replace('_', ' ')} a concern that is {Status.label_of(current).lower()}.")


def next_state(action: str, current: str) -> Status:
    """The state ``action`` leads to from ``current``, or ``IllegalTransition``."""
    try:
        return TRANSITIONS[(action, Status(current))][0]
    except (KeyError, ValueError):
        raise IllegalTransition(action, current) from None


def restore_target(current: str, rejected_from: str | None) -> Status:
    """A rejected concern is restored to the state it was rejected from."""
    if current != Status.REJECTED or rejected_from not in (Status.OPEN, Status.IN_REVIEW):
        raise IllegalTransition("restore", current)
    return Status(rejected_from)
