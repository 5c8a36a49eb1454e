"""Leadership's inbox, response, commitments and addenda: requests and answers.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    Field,
)

from petitions import vocabulary as v
from petitions.api.shapes.common import Body, ContractStatus, OneOf, RequestBody, limit, required
from petitions.api.shapes.concerns import ConcernOut
from petitions.workflow import responses


class InboxItemOut(BaseModel):
    """A decided concern awaiting leadership's response."""

    due_at: datetime | None = Field(description="The response deadline.")
    overdue: bool
    concern: ConcernOut


class InboxList(BaseModel):
    """Leadership's inbox, nearest deadline first."""

    items: list[InboxItemOut]
    total: int
    capped: bool = Field(False, description="True when the list reached the bound the service keeps; `total` then counts only that many.")
    page: int
    per_page: int


CommitmentText = Annotated[Any, limit(responses.COMMITMENT_MAX)]


DoneNote = Annotated[Any, limit(responses.NOTE_MAX)]


class CommitmentIn(RequestBody):
    """Something leadership commits to, with an optional due date."""

    text: CommitmentText = required()
    due_on: date | None = None


class ResponseCreate(RequestBody):
    """Leadership's response to a decided concern; published once, never edited."""

    stance: Annotated[Any, OneOf(v.Stance)] = required()
    statement: Body = required()
    contract_status: ContractStatus | None = Field(None, description="The contract's new status, if it changes.")
    commitments: list[CommitmentIn] = Field(
        default_factory=list, json_schema_extra={"maxItems": responses.COMMITMENTS_MAX}
    )


class AddendumCreate(RequestBody):
    """A dated correction beside the published response."""

    body: Body = required()


class CommitmentDone(RequestBody):
    """Mark a commitment done; the body may be left out."""

    note: DoneNote | None = ""
