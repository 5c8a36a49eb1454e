"""A concern with where it stands: ``timeline``, ``next`` and the caller's ``actions`` (``GET /concerns/{id}``)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import Reason, RequestBody
from petitions.models import Concern, User
from petitions.workflow import policy, reconsider, signatures, standing


class StepOut(BaseModel):
    """A step taken, to the day (never the time)."""

    step: str = Field(description="published, routed, referred, acknowledged, decided, responded, withdrawn, "
                                  "closed, rejected or restored")
    on: date


class NextOut(BaseModel):
    """What is owed now."""

    step: str = Field(description="sign, acknowledge, decide or respond")
    by: str = Field(description="signers, committee or leadership")
    due_on: date
    overdue: bool
    needed: int | None = Field(description="For `sign`: signatures still needed to reach the review threshold.")


class ConcernDetail(shapes.ConcernOut):
    """A concern as the caller may see it, with where it stands."""

    timeline: list[StepOut] = Field(description="Steps taken so far, oldest first, by day.")
    next: NextOut | None = Field(description="What is owed now; null when nothing is.")
    actions: list[str] = Field(description="What the caller can do about it now, most useful first.")
    rejection_reason: str | None = Field(description="When rejected: the reason code, for every employee who can "
                                                     "see the concern (the explanation is in `rejection`).")
    duplicate_of_id: int | None = Field(description="When rejected as a duplicate: the original concern.")


class ReconsiderBody(RequestBody):
    """Why the committee should look at a rejected concern again."""

    reason: Reason = Field(description="Read by the committee only.")


def detail(viewer: User, item: Concern) -> ConcernDetail:
    """One concern for ``viewer`` with its timeline, next step and the viewer's actions."""
    signed = signatures.mine(viewer, item) is not None
    base = shapes.concern(viewer, item, signed=signed)
    found = standing.standing(viewer, item, signed=signed)
    owed = found.next
    return ConcernDetail(
        **base.model_dump(),
        timeline=[StepOut(step=s.step, on=s.on) for s in found.timeline],
        next=NextOut(step=owed.step, by=owed.by, due_on=owed.due_on, overdue=owed.overdue, needed=owed.needed)
        if owed is not None else None,
        actions=found.actions,
        rejection_reason=item.rejection_reason_code if policy.can_see_rejection_reason(viewer, item) else None,
        duplicate_of_id=item.duplicate_of_id if policy.can_see_rejection_reason(viewer, item) else None,
    )


@bp.post(f"/concerns/<{ID}:concern_id>/reconsider")
@operation("Ask the committee to reconsider", tag="concerns", body=ReconsiderBody, response=ConcernDetail,
           errors=(403, 404, 409), description="The author of a rejected concern, once per rejection; it goes "
           "to the top of the committee's moderation list.")
def reconsider_concern(concern_id: int, body: ReconsiderBody) -> Response:
    """Record the author's request and tell the committee."""
    user = caller()
    return reply(detail(user, reconsider.request(user, concern_id, body.reason)))
