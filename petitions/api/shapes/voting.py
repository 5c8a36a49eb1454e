"""Ballots, quorum and the decision: requests and answers.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from petitions import vocabulary as v
from petitions.api.shapes.committee import Reason
from petitions.api.shapes.common import Body, OneOf, Person, RequestBody, required, utc
from petitions.models import Ballot
from petitions.vocabulary import BallotChoice


class BallotOut(BaseModel):
    """One member's ballot."""

    member: Person
    choice: str = Field(description=", ".join(BallotChoice.values()))
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


class BallotCast(RequestBody):
    """Cast or change one's ballot while the concern is in review."""

    choice: Annotated[Any, OneOf(v.BallotChoice)] = required()
    reason: Reason = required("Required; shown to the committee after the decision.")


class DecisionCreate(RequestBody):
    """The committee's decision; the server computes the tally."""

    outcome: Annotated[Any, OneOf(v.Outcome)] = required()
    recommendation: Body = required("To leadership.")
    rationale: Body = required()
    conditions: Body | None = ""


class DissentCreate(RequestBody):
    """A member's dissent from the recorded decision (once per member)."""

    body: Body = required()
