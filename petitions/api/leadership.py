"""Leadership's response and the published register.

Leadership reads its inbox, publishes a response (once; corrections are addenda) and marks
commitments done. The register of published outcomes is for every employee.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import AddendumCreate, CommitmentDone, Paging, RegisterQuery, ResponseCreate
from petitions.clock import utcnow
from petitions.workflow import paging, policy, register, responses


@bp.get("/leadership/inbox")
@operation(
    "Leadership's inbox",
    tag="leadership",
    query=Paging,
    response=shapes.InboxList,
    errors=(403,),
    description="Decided concerns awaiting a response, nearest deadline first, each with its `decision`. "
    "Leadership only.",
)
def show_inbox(query: Paging) -> Response:
    """Decided concerns by deadline."""
    user = caller()
    found = paging.page_list(responses.inbox(user), query.page, query.per_page, cap=responses.INBOX_MAX)
    shown = found.items
    now = utcnow()
    items = [
        shapes.InboxItemOut(
            due_at=shapes.utc_or_none(c.due_at), overdue=policy.is_overdue(c.due_at, now), concern=item
        )
        for c, item in zip(shown, shapes.concerns(user, shown), strict=True)
    ]
    return reply(shapes.InboxList(items=items, total=found.total, capped=found.capped, page=query.page,
                                  per_page=query.per_page))


@bp.post(f"/concerns/<{ID}:concern_id>/response")
@operation(
    "Publish leadership's response",
    tag="leadership",
    body=ResponseCreate,
    response=shapes.ConcernOut,
    errors=(403, 404, 409),
    description="Decided to responded, by leadership, once (409 afterwards): a stance, a statement, "
    "optionally the contract's new status and commitments to track. Answers 200 with the concern, its "
    "`decision` and `response` now visible to every employee.",
)
def publish_response(concern_id: int, body: ResponseCreate) -> Response:
    """Publish the response."""
    user = caller()
    data = body.model_dump()
    data["commitments"] = [
        {"text": c["text"], "due_on": c["due_on"].isoformat() if c["due_on"] else None} for c in data["commitments"]
    ]
    return reply(shapes.one_concern(user, responses.publish(user, concern_id, data)))


@bp.post(f"/concerns/<{ID}:concern_id>/response/addenda")
@operation(
    "Add an addendum to the response",
    tag="leadership",
    body=AddendumCreate,
    status=201,
    response=shapes.AddendumOut,
    errors=(403, 404, 409),
    description="A dated correction beside the published response, which is never edited. Leadership only; "
    "409 before a response is published.",
)
def create_addendum(concern_id: int, body: AddendumCreate) -> Response:
    """A new addendum."""
    added = responses.add_addendum(caller(), concern_id, body.body)
    return reply(shapes.AddendumOut(body=added.body, created_at=shapes.utc(added.created_at)), 201)


@bp.post(f"/commitments/<{ID}:commitment_id>/done")
@operation(
    "Mark a commitment done",
    tag="leadership",
    body=CommitmentDone,
    optional_body=True,
    response=shapes.CommitmentOut,
    errors=(403, 404, 409),
    description="Leadership only; once (409 afterwards). The body, with an optional `note`, may be left out.",
)
def complete_commitment(commitment_id: int, body: CommitmentDone) -> Response:
    """The commitment, now done."""
    return reply(shapes.commitment(responses.mark_commitment_done(caller(), commitment_id, body.note)))


@bp.get("/decisions")
@operation(
    "The register of published outcomes",
    tag="register",
    query=RegisterQuery,
    response=shapes.RegisterList,
    description="Responded concerns only, newest publication first: the outcome, leadership's stance (or "
    "`automatic`), whether they diverge, and the days each step took. Every employee.",
)
def list_decisions(query: RegisterQuery) -> Response:
    """A page of the register."""
    items, total, page, per_page = register.page(caller(), query.model_dump())
    return reply(shapes.RegisterList(items=[shapes.outcome(o) for o in items], total=total, page=page, per_page=per_page))
