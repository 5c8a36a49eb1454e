"""Who may see and do what. Pure predicates over users and concerns, used everywhere.

Pages, the API, templates and services all ask these functions; no rule is repeated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from petitions.workflow.states import PERSPECTIVE_OPEN, SIGNABLE, Status


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


def is_author(user: UserLike, concern: ConcernLike) -> bool:
    """The user wrote the concern."""
    return concern.author_id == user.id


def is_reviewer(user: UserLike, concern: ConcernLike) -> bool:
    """A committee member who has not recused themselves from this concern."""
    return user.has_role("committee") and user.id not in concern.recused_user_ids


def can_see_decision(user: UserLike, concern: ConcernLike) -> bool:
    """The committee and leadership see a decision at once; everyone else once it is published."""
    if concern.status == Status.RESPONDED:
        return True
    if concern.status == Status.DECIDED:
        return user.has_role("committee") or user.has_role("leadership")
    return False


def can_add_perspective(concern: ConcernLike) -> bool:
    """Any employee may add a perspective while the concern is open or in review."""
    return concern.status in PERSPECTIVE_OPEN


def can_see_perspective_author(user: UserLike, concern: ConcernLike, author_id: int, visibility: str) -> bool:
    """Named perspectives show their author to all; committee-only ones to the writer and reviewers."""
    return visibility == "named" or user.id == author_id or is_reviewer(user, concern)


def can_respond(user: UserLike, concern: ConcernLike) -> bool:
    """Leadership publishes a response to a decided concern."""
    return user.has_role("leadership") and concern.status == Status.DECIDED


def can_view_concern(user: UserLike, concern: ConcernLike) -> bool:
    """Drafts are the author's alone; abusive ones the author's and the committee's."""
    if concern.status == Status.DRAFT:
        return is_author(user, concern)
    if concern.status == Status.REJECTED and concern.rejection_reason_code == "abusive":
        return is_author(user, concern) or user.has_role("committee")
    return True


def can_see_author(user: UserLike, concern: ConcernLike) -> bool:
    """Named authors are shown to all; committee-only authors to themselves and reviewers."""
    if concern.author_visibility == "named":
        return True
    return is_author(user, concern) or is_reviewer(user, concern)


def can_see_rejection(user: UserLike, concern: ConcernLike) -> bool:
    """A rejection's reason and explanation are for the author and the committee."""
    if concern.status != Status.REJECTED:
        return False
    return is_author(user, concern) or user.has_role("committee")


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
    if visibility == "public":
        return True
    if visibility == "committee":
        return is_reviewer(viewer, concern)
    return False


def is_overdue(due_at: datetime | None, now: datetime) -> bool:
    """A step is overdue once its deadline has passed (no deadline, never overdue)."""
    return due_at is not None and due_at < now


def can_manage_contracts(user: UserLike) -> bool:
    """Leadership keeps the registry current."""
    return user.has_role("leadership")


def can_view_breakdown(user: UserLike) -> bool:
    """Department and location breakdowns are for the committee and leadership."""
    return user.has_role("committee") or user.has_role("leadership")
