"""What the committee's, leadership's and the audit endpoints answer, and how each is filled.

The concern itself, with its ``decision`` and ``response``, is ``serializers.concern``; the
models here wrap it (queue and inbox items) or describe the work around it. As in
``serializers``, visibility is decided by the services and ``policy``, never here.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from petitions.api.serializers import ConcernOut, Person, utc, utc_or_none
from petitions.models import AuditEvent, Ballot, CommitteeNote, Invitation
from petitions.workflow.breakdown import Breakdown
from petitions.workflow.perspectives import PerspectiveView
from petitions.workflow.register import Outcome


class QueueItemOut(BaseModel):
    """A routed concern in the committee's queue."""

    due_at: datetime | None = Field(description="Acknowledge-by until acknowledged, then decide-by.")
    overdue: bool
    acknowledged: bool
    concern: ConcernOut


class QueueList(BaseModel):
    """The committee's queue, what is due first at the top."""

    items: list[QueueItemOut]
    total: int
    page: int
    per_page: int


class NoteOut(BaseModel):
    """A note in the committee's private thread."""

    id: int
    author: Person
    body: str
    created_at: datetime


class NoteList(BaseModel):
    """The committee's thread on a concern, oldest first."""

    items: list[NoteOut]
    total: int
    page: int
    per_page: int


class BallotOut(BaseModel):
    """One member's ballot."""

    member: Person
    choice: str = Field(description="uphold, uphold_in_part, not_uphold or abstain")
    reason: str
    cast_at: datetime
    updated_at: datetime
    mine: bool


class Quorum(BaseModel):
    """Numbers only: who may vote now, how many of them did, how many are needed."""

    eligible: int
    cast: int
    needed: int


class BallotList(BaseModel):
    """Ballots the caller may see, with the quorum numbers."""

    items: list[BallotOut]
    decided: bool = Field(description="Before the decision `items` holds only the caller's own ballot.")
    quorum: Quorum
    total: int
    page: int
    per_page: int


class GroupOut(BaseModel):
    """One department or location."""

    name: str
    count: int | None = Field(description="Null when suppressed for k-anonymity.")


class BreakdownOut(BaseModel):
    """Public and committee-visibility signatures by department or location, k-anonymous."""

    by: str
    groups: list[GroupOut]
    anonymous: int = Field(description="Anonymous signatures, one line: they carry neither field.")
    total: int
    k: int


class PerspectiveOut(BaseModel):
    """A perspective as the caller may see it."""

    id: int
    stance: str = Field(description="for_concern, for_contract or other")
    body: str
    visibility: str
    author_name: str | None = Field(
        description="Null when the perspective is committee-only and hidden from the caller."
    )
    invited: bool = Field(description="Written in answer to the committee's invitation.")
    created_at: datetime
    mine: bool


class PerspectiveList(BaseModel):
    """Every point of view on a concern, oldest first."""

    items: list[PerspectiveOut]
    total: int
    page: int
    per_page: int


class InvitationOut(BaseModel):
    """The committee's invitation to add a perspective."""

    id: int
    user: Person
    message: str
    created_at: datetime
    answered_at: datetime | None


class InboxItemOut(BaseModel):
    """A decided concern awaiting leadership's response."""

    due_at: datetime | None = Field(description="The response deadline.")
    overdue: bool
    concern: ConcernOut


class InboxList(BaseModel):
    """Leadership's inbox, nearest deadline first."""

    items: list[InboxItemOut]
    total: int
    page: int
    per_page: int


class ConcernRef(BaseModel):
    """The concern a register entry is about."""

    id: int
    title: str


class ContractRef(BaseModel):
    """The contract a register entry is about, with its current status."""

    id: int
    title: str
    status: str


class OutcomeOut(BaseModel):
    """One published outcome in the register."""

    concern: ConcernRef
    contract: ContractRef
    outcome: str
    stance: str | None = Field(description="Null when `automatic`.")
    automatic: bool = Field(description="Published without a leadership response in time.")
    diverges: bool | None = Field(
        description="Whether leadership's stance departs from the outcome; null when automatic."
    )
    divergence: str = Field(description="agrees, partly_diverges, diverges or no_response")
    responded_at: datetime
    days_to_acknowledge: float | None
    days_to_decide: float | None
    days_to_respond: float | None


class RegisterList(BaseModel):
    """A page of the register, newest publication first."""

    items: list[OutcomeOut]
    total: int
    page: int
    per_page: int


class AuditEventOut(BaseModel):
    """One row of the audit log."""

    id: int
    at: datetime
    actor_id: int | None
    action: str
    concern_id: int | None
    subject_user_id: int | None
    detail: dict[str, Any]


class AuditList(BaseModel):
    """A page of the audit log, newest first."""

    items: list[AuditEventOut]
    total: int
    page: int
    per_page: int


def note(item: CommitteeNote) -> NoteOut:
    """A committee note."""
    return NoteOut(
        id=item.id,
        author=Person(id=item.author.id, name=item.author.name),
        body=item.body,
        created_at=utc(item.created_at),
    )


def ballot(item: Ballot, viewer_id: int) -> BallotOut:
    """A ballot ``ballots_for`` let the viewer see."""
    return BallotOut(
        member=Person(id=item.member.id, name=item.member.name),
        choice=item.choice,
        reason=item.reason,
        cast_at=utc(item.cast_at),
        updated_at=utc(item.updated_at),
        mine=item.member_id == viewer_id,
    )


def breakdown(item: Breakdown) -> BreakdownOut:
    """A breakdown already suppressed by the service."""
    return BreakdownOut(
        by=item.by,
        groups=[GroupOut(name=name, count=count) for name, count in item.groups],
        anonymous=item.anonymous,
        total=item.total,
        k=item.k,
    )


def perspective(view: PerspectiveView) -> PerspectiveOut:
    """A perspective already filtered by ``perspectives.for_concern``."""
    return PerspectiveOut(
        id=view.id,
        stance=view.stance,
        body=view.body,
        visibility=view.visibility,
        author_name=view.author_name,
        invited=view.invited,
        created_at=utc(view.created_at),
        mine=view.mine,
    )


def invitation(item: Invitation) -> InvitationOut:
    """An invitation, for the committee."""
    return InvitationOut(
        id=item.id,
        user=Person(id=item.user.id, name=item.user.name),
        message=item.message or "",
        created_at=utc(item.created_at),
        answered_at=utc_or_none(item.answered_at),
    )


def outcome(item: Outcome) -> OutcomeOut:
    """A register entry."""
    return OutcomeOut(
        concern=ConcernRef(id=item.concern_id, title=item.title),
        contract=ContractRef(id=item.contract_id, title=item.contract_title, status=item.contract_status),
        outcome=item.outcome,
        stance=item.stance,
        automatic=item.automatic,
        diverges=item.diverges,
        divergence=item.divergence,
        responded_at=utc(item.responded_at),
        days_to_acknowledge=item.days_to_acknowledge,
        days_to_decide=item.days_to_decide,
        days_to_respond=item.days_to_respond,
    )


def audit_event(item: AuditEvent) -> AuditEventOut:
    """An audit row, its ``detail`` parsed from the stored JSON."""
    try:
        detail = json.loads(item.detail or "{}")
    except ValueError:  # pragma: no cover - ``audit.record`` always writes JSON
        detail = {"raw": item.detail}
    return AuditEventOut(
        id=item.id,
        at=utc(item.at),
        actor_id=item.actor_id,
        action=item.action,
        concern_id=item.concern_id,
        subject_user_id=item.subject_user_id,
        detail=detail if isinstance(detail, dict) else {"value": detail},
    )
