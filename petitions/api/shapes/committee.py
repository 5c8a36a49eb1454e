"""The committee's queue, notes, moderation and invitations: requests and answers.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from petitions import vocabulary as v
from petitions.api.shapes.common import Id, OneOf, Person, RequestBody, Utc, limit, required, utc, utc_or_none
from petitions.api.shapes.concerns import ConcernOut
from petitions.models import (
    CommitteeNote,
    Invitation,
)
from petitions.workflow import perspectives, review


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
    capped: bool = Field(False, description="True when the list reached the bound the service keeps; `total` then counts only that many.")
    page: int
    per_page: int


class NoteOut(BaseModel):
    """A note in the committee's private thread (read from the row: the mapping is plain)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    author: Person
    body: str
    created_at: Utc


class NoteList(BaseModel):
    """The committee's thread on a concern, oldest first."""

    items: list[NoteOut]
    total: int
    capped: bool = Field(False, description="True when the list reached the bound the service keeps; `total` then counts only that many.")
    page: int
    per_page: int


class InvitationOut(BaseModel):
    """The committee's invitation to add a perspective."""

    id: int
    user: Person
    message: str
    created_at: datetime
    answered_at: datetime | None


def note(item: CommitteeNote) -> NoteOut:
    """A committee note."""
    return NoteOut.model_validate(item)


def invitation(item: Invitation) -> InvitationOut:
    """An invitation, for the committee."""
    return InvitationOut(
        id=item.id,
        user=Person(id=item.user.id, name=item.user.name),
        message=item.message or "",
        created_at=utc(item.created_at),
        answered_at=utc_or_none(item.answered_at),
    )


Reason = Annotated[Any, limit(review.EXPLANATION_MAX)]


Note = Annotated[Any, limit(review.NOTE_MAX)]


Message = Annotated[Any, limit(perspectives.MESSAGE_MAX)]


class Acknowledge(RequestBody):
    """Acknowledge a routed concern; the body may be left out."""

    lead_reviewer_id: Id | None = Field(None, description="A committee member who is not recused.")


class Recuse(RequestBody):
    """Step back from a concern; final."""

    reason: Reason = required("The conflict, in a sentence. Kept for the committee.")


class Reject(RequestBody):
    """Moderation: the author sees the reason and the explanation."""

    reason_code: Annotated[Any, OneOf(v.RejectionCode)] = required()
    explanation: Reason = required()
    duplicate_of_id: Id | None = Field(None, description="Required when `reason_code` is `duplicate`.")


class NoteCreate(RequestBody):
    """A note in the committee's private thread."""

    body: Note = required()


class InvitationCreate(RequestBody):
    """Invite a named person to add their perspective; they are told."""

    user_id: Id
    message: Message | None = ""
