"""What the committee's pages show, gathered from the read services in one call per page.

Nothing here decides who may see what: each piece comes from a workflow service that checks
it (``reviewer_concern`` first, so a recused member gets ``Forbidden`` before anything is
read, and ``signature_pages.page_of`` audits every view of committee-only names).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from petitions.extensions import db
from petitions.models import Ballot, CommitteeNote, Concern, Decision, Invitation, User
from petitions.vocabulary import Status
from petitions.workflow import breakdown, decisions, perspectives, policy, review, signature_pages, voting
from petitions.workflow.breakdown import Breakdown
from petitions.workflow.review import QueueItem
from petitions.workflow.signature_pages import SignaturePage

SIGNERS_PER_PAGE = 50
QUEUE_PER_PAGE = 50
PEOPLE_MAX = 2000


def names_of(user_ids: Iterable[int | None]) -> dict[int, str]:
    """People's names by id (for lead reviewers)."""
    wanted = {uid for uid in user_ids if uid is not None}
    if not wanted:
        return {}
    return {uid: name for uid, name in db.session.execute(select(User.id, User.name).where(User.id.in_(wanted)))}


@dataclass
class QueuePage:
    """The committee's queue: routed concerns, concerns to refer early, and lead reviewers' names."""

    items: list[QueueItem]
    referable: list[Concern]
    names: dict[int, str]
    page: int = 1
    per_page: int = QUEUE_PER_PAGE
    total: int = 0


def load_queue(member: User, page: int = 1) -> QueuePage:
    """One page of routed concerns due first (recused ones left out), and open ones that may be referred."""
    found = review.queue_page(member, page, QUEUE_PER_PAGE)
    referable = review.referable(member)
    return QueuePage(found.items, referable, names_of(i.concern.lead_reviewer_id for i in found.items), page,
                     QUEUE_PER_PAGE, found.total)


@dataclass
class Workspace:
    """Everything a reviewer works with on one concern."""

    concern: Concern
    signers: SignaturePage
    notes: list[CommitteeNote]
    breakdowns: list[Breakdown]
    invitations: list[Invitation]
    ballots: list[Ballot]
    quorum: dict[str, int]
    decision: Decision | None
    members: list[User]
    people: list[User]
    names: dict[int, str]
    viewer_id: int

    @property
    def my_ballot(self) -> Ballot | None:
        """The viewer's own ballot (before the decision it is the only one listed)."""
        return next((b for b in self.ballots if b.member_id == self.viewer_id), None)

    @property
    def quorum_reached(self) -> bool:
        """Enough eligible members voted for a decision (the numbers come from ``quorum_state``)."""
        return voting.quorum_met(self.quorum)

    @property
    def may_dissent(self) -> bool:
        """A decision exists and the viewer has not attached a dissent yet."""
        if self.decision is None:
            return False
        return all(d.member_id != self.viewer_id for d in self.decision.dissents)


def load_workspace(member: User, concern_id: int, page: int) -> Workspace:
    """The concern's workspace for a reviewer; ``Forbidden`` if recused, ``NotFound`` if unseen."""
    concern = review.reviewer_concern(member, concern_id)
    # First, because it may write (the audit of committee-only names) and so end the read.
    signers = signature_pages.page_of(member, concern, page, SIGNERS_PER_PAGE)
    members = list(
        db.session.scalars(
            select(User).where(User.id.in_(decisions.eligible_member_ids(db.session, concern.id))).order_by(User.name)
        )
    )
    people = list(
        db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name, User.id).limit(PEOPLE_MAX))
    )
    ballots = decisions.ballots_for(member, concern.id)
    return Workspace(
        concern=concern,
        signers=signers,
        notes=review.notes(member, concern.id),
        breakdowns=[breakdown.breakdown(member, concern.id, by) for by in breakdown.DIMENSIONS],
        invitations=perspectives.invitations(member, concern.id),
        ballots=ballots,
        quorum=decisions.quorum_state(member, concern.id),
        decision=decisions.decision_for(member, concern),
        members=members,
        people=people,
        names=names_of([concern.lead_reviewer_id]),
        viewer_id=member.id,
    )


@dataclass
class Panel:
    """The short committee box on the concern page."""

    acknowledged_at: datetime | None
    lead_reviewer: str | None
    due_at: datetime | None
    overdue: bool


def panel_for(viewer: User, concern: Concern, now: datetime) -> Panel | None:
    """For reviewers of a concern the committee handles; ``None`` for everyone else."""
    if not viewer.is_authenticated or not policy.is_reviewer(viewer, concern):
        return None
    lead = names_of([concern.lead_reviewer_id]).get(concern.lead_reviewer_id or 0)
    due = concern.due_at if concern.status == Status.IN_REVIEW else None
    return Panel(concern.acknowledged_at, lead, due, policy.is_overdue(due, now))
