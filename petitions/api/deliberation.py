"""What the deliberation draws on: perspectives from anyone, and k-anonymous signature breakdowns.

Any employee who can see a concern reads and adds perspectives (``perspectives.for_concern``
hides committee-only authors); breakdowns are for the committee and leadership only.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import BreakdownQuery, Paging, PerspectiveCreate
from petitions.workflow import breakdown, paging, perspectives, policy
from petitions.workflow.perspectives import PerspectiveView
from petitions.workflow.visible import concern_for


@bp.get(f"/concerns/<{ID}:concern_id>/perspectives")
@operation(
    "Read perspectives",
    tag="perspectives",
    query=Paging,
    response=shapes.PerspectiveList,
    errors=(404,),
    description="Every point of view on the record, oldest first. `author_name` is null for a committee-only "
    "perspective unless the caller wrote it or is on the committee and not recused.",
)
def list_perspectives(concern_id: int, query: Paging) -> Response:
    """A page of perspectives as the caller may see them."""
    user = caller()
    found = paging.page_list(perspectives.for_concern(user, concern_for(user, concern_id)), query.page,
                             query.per_page, cap=perspectives.PERSPECTIVES_MAX)
    return reply(
        shapes.PerspectiveList(
            items=[shapes.perspective(p) for p in found.items],
            total=found.total,
            capped=found.capped,
            page=query.page,
            per_page=query.per_page,
        )
    )


@bp.post(f"/concerns/<{ID}:concern_id>/perspectives")
@operation(
    "Add a perspective",
    tag="perspectives",
    body=PerspectiveCreate,
    status=201,
    response=shapes.PerspectiveOut,
    errors=(404, 409),
    description="Any employee, while the concern is open or in review (409 otherwise): for the concern, "
    "for the contract, or other. `committee` visibility shows the name only to the committee.",
)
def create_perspective(concern_id: int, body: PerspectiveCreate) -> Response:
    """The caller's perspective, as they see it."""
    user = caller()
    added = perspectives.add(user, concern_id, body.stance, body.body, body.visibility)
    concern = concern_for(user, concern_id)
    named = policy.can_see_perspective_author(user, concern, added.author_id, added.visibility)
    view = PerspectiveView(
        id=added.id,
        stance=added.stance,
        body=added.body,
        visibility=added.visibility,
        author_name=user.name if named else None,
        invited=added.invited,
        created_at=added.created_at,
        mine=True,
    )
    return reply(shapes.perspective(view), 201)


@bp.get(f"/concerns/<{ID}:concern_id>/breakdown")
@operation(
    "Signatures by department or location",
    tag="perspectives",
    query=BreakdownQuery,
    response=shapes.BreakdownOut,
    errors=(403, 404),
    description="The committee (not recused: a recused member gets 403) and leadership. Public and "
    "committee-visibility signatures by the signer's department or location at signing time; anonymous "
    "ones are one line. For a caller who may not see committee-only names, a group shows its public "
    "signers, plus its committee-only ones only where at least `k` of them share a department and "
    "location; the rest are one unnamed line, `smaller_groups`. No group is named by committee-only "
    "signers alone and no count is null.",
)
def show_breakdown(concern_id: int, query: BreakdownQuery) -> Response:
    """The k-anonymous breakdown."""
    return reply(shapes.breakdown(breakdown.breakdown(caller(), concern_id, query.by)))
