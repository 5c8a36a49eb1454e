"""Concerns: list and search, raise, read, edit a draft, publish, withdraw."""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes, standing
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import ConcernCreate, ConcernListQuery, ConcernUpdate
from petitions.workflow import concerns, search
from petitions.workflow.visible import concern_for


@bp.get("/concerns")
@operation(
    "List and search concerns",
    tag="concerns",
    query=ConcernListQuery,
    response=shapes.ConcernList,
    description="Drafts appear only in the author's own list (`mine=1`).",
)
def list_concerns(query: ConcernListQuery) -> Response:
    """A page of the concerns the caller may see in lists."""
    user = caller()
    found = search.list_concerns(
        user,
        status=query.status or "",
        contract_id=query.contract_id,
        q=query.q,
        sort=query.sort,
        page=query.page,
        per_page=query.per_page,
        mine=query.mine,
    )
    return reply(
        shapes.ConcernList(
            items=shapes.concerns(user, found.items), total=found.total, page=found.page, per_page=found.per_page
        )
    )


@bp.post("/concerns")
@operation(
    "Raise a concern",
    tag="concerns",
    body=ConcernCreate,
    status=201,
    response=shapes.ConcernOut,
    description="Saved as a draft unless `publish` is true; publishing records the author's own "
    "signature (`public` if named, `committee` otherwise).",
)
def create_concern(body: ConcernCreate) -> Response:
    """A new concern by the caller."""
    user = caller()
    created = concerns.create(user, body.model_dump(exclude={"publish"}), publish=body.publish)
    return reply(shapes.one_concern(user, created), 201)


@bp.get(f"/concerns/<{ID}:concern_id>")
@operation(
    "Read a concern",
    tag="concerns",
    response=standing.ConcernDetail,
    errors=(404,),
    description="404 for what the caller may not see, such as someone else's draft. Carries `timeline` "
    "(steps by day), `next` (what is owed, by whom, by which day) and the caller's `actions`.",
)
def show_concern(concern_id: int) -> Response:
    """One concern as the caller may see it, with where it stands."""
    user = caller()
    return reply(standing.detail(user, concern_for(user, concern_id)))


@bp.patch(f"/concerns/<{ID}:concern_id>")
@operation(
    "Edit a draft",
    tag="concerns",
    body=ConcernUpdate,
    response=shapes.ConcernOut,
    errors=(403, 404, 409),
    description="The author only; 409 once it is no longer a draft.",
)
def update_concern(concern_id: int, body: ConcernUpdate) -> Response:
    """The author edits their draft; only the fields sent change."""
    user = caller()
    updated = concerns.update_draft(user, concern_id, body.model_dump(exclude_unset=True))
    return reply(shapes.one_concern(user, updated))


@bp.post(f"/concerns/<{ID}:concern_id>/publish")
@operation(
    "Publish a draft",
    tag="concerns",
    response=shapes.ConcernOut,
    errors=(403, 404, 409),
    description="Draft to open, by the author; the signing window starts with the author's signature.",
)
def publish_concern(concern_id: int) -> Response:
    """Draft to open."""
    user = caller()
    return reply(shapes.one_concern(user, concerns.publish(user, concern_id)))


@bp.post(f"/concerns/<{ID}:concern_id>/withdraw")
@operation(
    "Withdraw a concern",
    tag="concerns",
    response=shapes.ConcernOut,
    errors=(403, 404, 409),
    description="Open to withdrawn, by the author. It stays readable.",
)
def withdraw_concern(concern_id: int) -> Response:
    """Open to withdrawn."""
    user = caller()
    return reply(shapes.one_concern(user, concerns.withdraw(user, concern_id)))
