"""The one step that moves a concern: the state table decides where, its Actor column who.

Services call ``apply`` (or ``check`` when a guarded UPDATE writes the status); nothing else
assigns ``concern.status``. A wrong actor is ``Forbidden``, a wrong state ``IllegalTransition``
(a ``Conflict``).
"""

from __future__ import annotations

from petitions.workflow import policy
from petitions.workflow.errors import Forbidden
from petitions.workflow.states import ACTION_ACTORS, Actor, IllegalTransition, Status, next_state, restore_target

REFUSALS: dict[Actor, str] = {
    Actor.AUTHOR: "Only the author does this.",
    Actor.COMMITTEE: "Only the ethics committee does this.",
    Actor.LEADERSHIP: "Only leadership does this.",
    Actor.SYSTEM: "Only the job runner does this.",
}


def check(user: policy.UserLike | None, concern: policy.ConcernLike, action: str) -> Status:
    """The state ``action`` leads to, if ``user`` (``None``: the system) may take it now."""
    actor = ACTION_ACTORS.get(action)
    if actor is None:
        raise IllegalTransition(action, concern.status)
    if not policy.acts_as(user, actor, concern):
        raise Forbidden(REFUSALS[actor])
    if action == "restore":
        return restore_target(concern.status, getattr(concern, "rejected_from", None))
    return next_state(action, concern.status)


def apply(user: policy.UserLike | None, concern: policy.ConcernLike, action: str) -> Status:
    """``check``, then move the concern to the new state (the caller writes the rest and commits)."""
    target = check(user, concern, action)
    concern.status = target.value
    return target
