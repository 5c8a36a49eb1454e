"""Who may see and do what. Pure predicates over users and concerns, used everywhere.

Pages, the API, templates and services all ask these functions; no rule is repeated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from petitions.vocabulary import AuthorVisibility, PerspectiveVisibility, RejectionCode, Visibility
from petitions.workflow.states import PERSPECTIVE_OPEN, SIGNABLE, Actor, Status


class UserLike(Protocol):
    """What policy needs of a user."""

    id: int

    def has_role(self, role: str) -> bool:
        """Whether the user holds ``role``."""
        ...


class ConcernLike(Protocol):
    """What policy needs of a concern."""

    author_id: int
    author_visibility: str
    status: str
    rejection_reason_code: str | None

    @property
    def recused_user_ids(self) -> frozenset[int]:
        """Committee members recused from this concern."""
        ...


class CaseLike(ConcernLike, Protocol):
    """A concern with its review steps (acknowledgement, decision, response)."""

    acknowledged_at: datetime | None
    decision_id: int | None
    response_id: int | None


# Roles. Every role check in the code base goes through one of these (or ``security.require_role``).


def is_committee(user: UserLike) -> bool:
    """A member of the ethics committee (recused or not)."""
    return user.has_role("committee")


def is_leadership(user: UserLike) -> bool:
    """A member of leadership."""
    return user.has_role("leadership")


def can_administer(user: UserLike) -> bool:
    """Admins manage accounts, roles, imports and settings."""
    return user.has_role("admin")


def can_read_audit(user: UserLike) -> bool:
    """The committee and admins read the audit log."""
    return is_committee(user) or can_administer(user)


def is_author(user: UserLike, concern: ConcernLike) -> bool:
    """The user wrote the concern."""
    return concern.author_id == user.id


def is_reviewer(user: UserLike, concern: ConcernLike) -> bool:
    """A committee member who has not recused themselves from this concern."""
    return is_committee(user) and user.id not in concern.recused_user_ids


def acts_as(user: UserLike | None, actor: Actor, concern: ConcernLike) -> bool:
    """Whether ``user`` is the ``actor`` of the transition table (``None`` is the system: the job runner)."""
    if user is None:
        return actor == Actor.SYSTEM
    if actor == Actor.AUTHOR:
        return is_author(user, concern)
    if actor == Actor.COMMITTEE:
        return is_reviewer(user, concern)
    if actor == Actor.LEADERSHIP:
        return is_leadership(user)
    return False


def can_refer(user: UserLike, concern: ConcernLike) -> bool:
    """A reviewer takes an open concern into review before it reaches the threshold."""
    return is_reviewer(user, concern) and concern.status == Status.OPEN


def can_acknowledge(user: UserLike, concern: CaseLike) -> bool:
    """A reviewer acknowledges a concern in review, once."""
    return is_reviewer(user, concern) and concern.status == Status.IN_REVIEW and concern.acknowledged_at is None


def can_reject(user: UserLike, concern: ConcernLike) -> bool:
    """A reviewer rejects an open or routed concern."""
    return is_reviewer(user, concern) and concern.status in (Status.OPEN, Status.IN_REVIEW)


def can_restore(user: UserLike, concern: ConcernLike) -> bool:
    """A reviewer restores a rejected concern on appeal."""
    return is_reviewer(user, concern) and concern.status == Status.REJECTED


def can_vote(user: UserLike, concern: ConcernLike) -> bool:
    """A reviewer casts or changes a ballot while the concern is in review."""
    return is_reviewer(user, concern) and concern.status == Status.IN_REVIEW


def can_decide(user: UserLike, concern: CaseLike) -> bool:
    """A reviewer records the decision of a concern in review (once; quorum is checked by the service)."""
    return can_vote(user, concern) and concern.decision_id is None


def can_dissent(user: UserLike, concern: CaseLike) -> bool:
    """A reviewer attaches a dissent once a decision exists."""
    return is_reviewer(user, concern) and concern.decision_id is not None


def can_add_addendum(user: UserLike, concern: CaseLike) -> bool:
    """Leadership corrects a published response with a dated addendum."""
    return is_leadership(user) and concern.response_id is not None


def can_view_concern_breakdown(user: UserLike, concern: ConcernLike) -> bool:
    """One concern's breakdown: reviewers not recused from it, or leadership."""
    return is_reviewer(user, concern) or is_leadership(user)


def can_see_decision(user: UserLike, concern: ConcernLike) -> bool:
    """The committee and leadership see a decision at once; everyone else once it is published."""
    if concern.status == Status.RESPONDED:
        return True
    if concern.status == Status.DECIDED:
        return is_committee(user) or is_leadership(user)
    return False


def can_add_perspective(concern: ConcernLike) -> bool:
    """Any employee may add a perspective while the concern is open or in review."""
    return concern.status in PERSPECTIVE_OPEN


def can_see_perspective_author(user: UserLike, concern: ConcernLike, author_id: int, visibility: str) -> bool:
    """Named perspectives show their author to all; committee-only ones to the writer and reviewers."""
    return visibility == PerspectiveVisibility.NAMED or user.id == author_id or is_reviewer(user, concern)


def can_respond(user: UserLike, concern: ConcernLike) -> bool:
    """Leadership publishes a response to a decided concern."""
    return is_leadership(user) and concern.status == Status.DECIDED


def can_view_concern(user: UserLike, concern: ConcernLike) -> bool:
    """Drafts are the author's alone; abusive ones the author's and the committee's."""
    if concern.status == Status.DRAFT:
        return is_author(user, concern)
    if concern.status == Status.REJECTED and concern.rejection_reason_code == RejectionCode.ABUSIVE:
        return is_author(user, concern) or is_committee(user)
    return True


def can_see_author(user: UserLike, concern: ConcernLike) -> bool:
    """Named authors are shown to all; committee-only authors to themselves and reviewers."""
    if concern.author_visibility == AuthorVisibility.NAMED:
        return True
    return is_author(user, concern) or is_reviewer(user, concern)


def can_see_rejection(user: UserLike, concern: ConcernLike) -> bool:
    """A rejection's reason and explanation are for the author and the committee."""
    if concern.status != Status.REJECTED:
        return False
    return is_author(user, concern) or is_committee(user)


def can_see_rejection_reason(user: UserLike, concern: ConcernLike) -> bool:
    """Every employee who can see a rejected concern sees its reason code (not the explanation)."""
    return concern.status == Status.REJECTED and can_view_concern(user, concern)


def can_request_reconsideration(user: UserLike, concern: ConcernLike, already_asked: bool) -> bool:
    """The author of a rejected concern may ask the committee to reconsider, once per rejection."""
    return is_author(user, concern) and concern.status == Status.REJECTED and not already_asked


def can_edit(user: UserLike, concern: ConcernLike) -> bool:
    """Only the author edits, and only a draft."""
    return is_author(user, concern) and concern.status == Status.DRAFT


def can_publish(user: UserLike, concern: ConcernLike) -> bool:
    """The author publishes their draft."""
    return can_edit(user, concern)


def can_withdraw(user: UserLike, concern: ConcernLike) -> bool:
    """The author withdraws an open concern."""
    return is_author(user, concern) and concern.status == Status.OPEN


def can_sign(concern: ConcernLike) -> bool:
    """Signing (and withdrawing a signature) is possible only in these states."""
    return concern.status in SIGNABLE


def can_see_signer(viewer: UserLike, visibility: str, concern: ConcernLike) -> bool:
    """The visibility table: public to all, committee to reviewers, anonymous to nobody."""
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.COMMITTEE:
        return is_reviewer(viewer, concern)
    return False


def is_overdue(due_at: datetime | None, now: datetime) -> bool:
    """A step is overdue once its deadline has passed (no deadline, never overdue)."""
    return due_at is not None and due_at < now


def can_manage_contracts(user: UserLike) -> bool:
    """Leadership keeps the registry current."""
    return is_leadership(user)


# The audit log (issue 8): who reads which events, and whom an event may name.


def audit_names_author(concern: ConcernLike) -> bool:
    """An author's events name them only once the concern is published under their name.

    Draft events and every event of a ``committee``-visibility concern's author carry no actor.
    """
    return concern.author_visibility == "named" and concern.status != Status.DRAFT


def can_read_audit_of(user: UserLike, concern: ConcernLike) -> bool:
    """A concern's events: not for a recused member, nor for whoever may not see the concern."""
    if is_committee(user) and user.id in concern.recused_user_ids:
        return False
    return can_view_concern(user, concern)


def can_read_audit_decision(user: UserLike, concern: ConcernLike) -> bool:
    """A decision's outcome and tally in the log follow the decision itself: published, or reviewer."""
    return is_reviewer(user, concern) or can_see_decision(user, concern)


def can_read_audit_rejection(user: UserLike, concern: ConcernLike) -> bool:
    """A rejection's reason code in the log is for the committee and the author."""
    return is_author(user, concern) or is_committee(user)


def audit_time_to_the_day(user: UserLike, concern: ConcernLike, action: str, visibility: str | None) -> bool:
    """An event's time is a day for whoever may not see the non-public signer who caused it.

    Routing at the threshold may be caused by an anonymous signature, which nobody may see;
    a ``committee``-visibility author's and perspective writer's acts are the reviewers' to date.
    """
    if action == "concern.routed":
        return True
    if concern.author_visibility == "committee" and action in ("concern.drafted", "concern.published",
                                                               "concern.withdrawn"):
        return not can_see_author(user, concern)
    if action == "perspective.added" and visibility == "committee":
        return not is_reviewer(user, concern)
    return False


def can_read_mail_failures(user: UserLike) -> bool:
    """Admins see which mail could not be sent, and why, so they can fix addresses or the server."""
    return can_administer(user)
