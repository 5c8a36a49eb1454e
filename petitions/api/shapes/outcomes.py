"""A concern's decision and response as one viewer may see them, loaded for a whole page at once.

What a viewer may see is decided by ``decisions.decision_for``/``decisions_for`` and
``responses.response_for``/``responses_for``; nothing here decides visibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import BaseModel, Field

from petitions.api.shapes.common import Person, utc, utc_or_none
from petitions.models import (
    Commitment,
    Concern,
    Decision,
    Response,
    User,
)
from petitions.vocabulary import Outcome
from petitions.workflow import decisions, outcomes, responses


class Tally(BaseModel):
    """Ballots by choice at the moment of the decision."""

    uphold: int
    uphold_in_part: int
    not_uphold: int
    abstain: int


class DissentOut(BaseModel):
    """A committee member's dissent from the decision, under their name."""

    member: Person
    body: str
    created_at: datetime


class DecisionOut(BaseModel):
    """The committee's decision and its reasons."""

    outcome: str = Field(description=", ".join(Outcome.values()))
    recommendation: str
    rationale: str
    conditions: str
    tally: Tally
    eligible_members: int = Field(description="Members eligible to vote when the decision was recorded.")
    decided_at: datetime
    dissents: list[DissentOut]


class CommitmentOut(BaseModel):
    """A commitment in leadership's response, tracked until done."""

    id: int
    text: str
    due_on: date | None
    done_at: datetime | None
    done_note: str | None
    overdue: bool = Field(description="Past its due date and not done.")


class AddendumOut(BaseModel):
    """A dated correction beside the published response."""

    body: str
    created_at: datetime


class ResponseOut(BaseModel):
    """Leadership's published response (or the automatic publication when it did not answer in time)."""

    stance: str | None = Field(description="accept, accept_in_part or decline; null when automatic.")
    automatic: bool
    statement: str
    contract_status_before: str | None
    contract_status_after: str | None = Field(description="The status leadership set, if it changed one.")
    published_at: datetime
    commitments: list[CommitmentOut]
    addenda: list[AddendumOut]
    divergence: str = Field(description="agrees, partly_diverges, diverges, or no_response (automatic).")


@dataclass
class Outcomes:
    """Decisions and responses loaded for a batch of concerns, by concern id, as one viewer may see them."""

    decisions: dict[int, Decision] = field(default_factory=dict)
    responses: dict[int, Response] = field(default_factory=dict)

    @classmethod
    def load(cls, viewer: User, items: list[Concern]) -> Outcomes:
        """Two queries for the whole batch (plus one each for dissents, commitments and addenda)."""
        return cls(decisions.decisions_for(viewer, items), responses.responses_for(viewer, items))

    @classmethod
    def load_one(cls, viewer: User, item: Concern) -> Outcomes:
        """The services' own single-concern look-ups."""
        found = cls()
        decision = decisions.decision_for(viewer, item)
        if decision is not None:
            found.decisions[item.id] = decision
        response = responses.response_for(viewer, item)
        if response is not None:
            found.responses[item.id] = response
        return found


def decision(item: Decision) -> DecisionOut:
    """A decision the viewer may see (``decisions.decision_for`` said so)."""
    return DecisionOut(
        outcome=item.outcome,
        recommendation=item.recommendation,
        rationale=item.rationale,
        conditions=item.conditions or "",
        tally=Tally(**item.tally),
        eligible_members=item.eligible_members,
        decided_at=utc(item.decided_at),
        dissents=[
            DissentOut(member=Person(id=d.member.id, name=d.member.name), body=d.body, created_at=utc(d.created_at))
            for d in item.dissents
        ],
    )


def commitment(item: Commitment, today: date | None = None) -> CommitmentOut:
    """A commitment and whether it is overdue."""
    return CommitmentOut(
        id=item.id,
        text=item.text,
        due_on=item.due_on,
        done_at=utc_or_none(item.done_at),
        done_note=item.done_note,
        overdue=responses.is_overdue(item, today),
    )


def response(item: Response, outcome: str) -> ResponseOut:
    """A published response, with how it compares with the committee's ``outcome``."""
    return ResponseOut(
        stance=item.stance,
        automatic=item.automatic,
        statement=item.statement,
        contract_status_before=item.contract_status_before,
        contract_status_after=item.contract_status_after,
        published_at=utc(item.published_at),
        commitments=[commitment(c) for c in item.commitments],
        addenda=[AddendumOut(body=a.body, created_at=utc(a.created_at)) for a in item.addenda],
        divergence=outcomes.divergence(outcome, item.stance),
    )
