"""A concern's states and the transition table. Pure: no database, no Flask."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """The states of a concern."""

    DRAFT = "draft"
    OPEN = "open"
    IN_REVIEW = "in_review"
    DECIDED = "decided"
    RESPONDED = "responded"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"
    REJECTED = "rejected"


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

SIGNABLE: frozenset[Status] = frozenset({Status.OPEN, Status.IN_REVIEW, Status.DECIDED})
PERSPECTIVE_OPEN: frozenset[Status] = frozenset({Status.OPEN, Status.IN_REVIEW})

VISIBILITIES = ("public", "committee", "anonymous")
AUTHOR_VISIBILITIES = ("named", "committee")
CONTRACT_STATUSES = (
    "reported",
    "proposed",
    "negotiating",
    "signed",
    "active",
    "suspended",
    "ended",
    "cancelled",
    "not_pursued",
)
ROLES = ("employee", "committee", "leadership", "admin")
GRANTABLE_ROLES = ("committee", "leadership", "admin")
REJECTION_CODES = ("duplicate", "out_of_scope", "abusive", "other")


def _said(status: str) -> str:
    """A state as a message says it: ``in_review`` as ``in review``."""
    return status.replace("_", " ")


class IllegalTransition(Exception):
    """The action is not allowed from the concern's current state."""


def next_state(action: str, current: str) -> Status:
    """The state ``action`` leads to from ``current``, or ``IllegalTransition``."""
    try:
        return TRANSITIONS[(action, Status(current))][0]
    except (KeyError, ValueError):
        raise IllegalTransition(f"cannot {action.replace('_', ' ')} a concern that is {_said(current)}") from None


def actor_for(action: str, current: str) -> Actor:
    """Who may take ``action`` from ``current`` (raises ``IllegalTransition`` if nobody)."""
    next_state(action, current)
    return TRANSITIONS[(action, Status(current))][1]


def restore_target(current: str, rejected_from: str | None) -> Status:
    """A rejected concern is restored to the state it was rejected from."""
    if current != Status.REJECTED or rejected_from not in (Status.OPEN, Status.IN_REVIEW):
        raise IllegalTransition(f"cannot restore a concern that is {_said(current)}")
    return Status(rejected_from)


def is_signable(status: str) -> bool:
    """Signing and withdrawing a signature are possible only in these states."""
    return status in SIGNABLE
