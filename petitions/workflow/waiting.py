"""What is waiting for a person (the front door, ``/``): per role, what they owe or want to know.

The committee: routed concerns to acknowledge and ballots not yet cast. Leadership: responses
due. Authors: their concerns' latest step and what is owed next. Everyone: new outcomes. Each
list comes from the service that owns it, which also decides who may have it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models import Ballot, Concern, User
from petitions.workflow import concerns, policy, register, responses, review, standing
from petitions.workflow.errors import Forbidden
from petitions.workflow.states import Status

NEWS_LIMIT = 10
OUTCOMES_LIMIT = 5


@dataclass
class Owed:
    """A concern on which someone owes a step, with its deadline (to the day)."""

    concern: Concern
    next: standing.Next | None


@dataclass
class News:
    """One of the author's own concerns: its latest step and what is owed next."""

    concern: Concern
    last: standing.Step | None
    next: standing.Next | None


@dataclass
class Waiting:
    """Everything waiting for one person; empty lists for what is not theirs."""

    to_acknowledge: list[Owed] = field(default_factory=list)
    ballots_to_cast: list[Owed] = field(default_factory=list)
    responses_due: list[Owed] = field(default_factory=list)
    my_concerns: list[News] = field(default_factory=list)
    new_outcomes: list[register.Outcome] = field(default_factory=list)

    @property
    def owed_count(self) -> int:
        """How many steps this person owes."""
        return len(self.to_acknowledge) + len(self.ballots_to_cast) + len(self.responses_due)


def _owed(concern: Concern, now: datetime) -> Owed:
    return Owed(concern, standing.next_of(concern.status, concern.acknowledged_at is not None, concern.due_at, now,
                                          concern.signature_count, concern.review_threshold))


def _committee(person: User, waiting: Waiting, now: datetime) -> None:
    try:
        items = review.queue(person, now)
    except Forbidden:
        return
    voted = set(db.session.scalars(select(Ballot.concern_id).where(
        Ballot.member_id == person.id, Ballot.concern_id.in_([i.concern.id for i in items]))))
    for item in items:
        if not item.acknowledged:
            waiting.to_acknowledge.append(_owed(item.concern, now))
        elif item.concern.id not in voted:
            waiting.ballots_to_cast.append(_owed(item.concern, now))


def _leadership(person: User, waiting: Waiting, now: datetime) -> None:
    try:
        waiting.responses_due = [_owed(c, now) for c in responses.inbox(person)]
    except Forbidden:
        return


def _news(person: User, now: datetime) -> list[News]:
    mine = [c for c in concerns.mine(person) if c.status != Status.DRAFT and policy.can_view_concern(person, c)]
    mine.sort(key=lambda c: (c.updated_at, c.id), reverse=True)
    found = []
    for concern in mine[:NEWS_LIMIT]:
        where = standing.standing(person, concern, signed=True, now=now)
        found.append(News(concern, where.timeline[-1] if where.timeline else None, where.next))
    return found


def for_person(person: User, now: datetime | None = None) -> Waiting:
    """What is waiting for ``person`` now."""
    now = now or utcnow()
    waiting = Waiting()
    _committee(person, waiting, now)
    _leadership(person, waiting, now)
    waiting.my_concerns = _news(person, now)
    waiting.new_outcomes = register.page(person, {"per_page": OUTCOMES_LIMIT})[0]
    return waiting
