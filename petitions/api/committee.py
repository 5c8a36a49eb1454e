"""The ethics committee's work: queue, refer, acknowledge, recuse, reject, restore, private notes,
and invitations to add a perspective.

Every view calls one service of ``petitions.workflow.review`` or ``perspectives``, which checks
the role and the recusal: anyone but the committee gets 403, a recused member gets 403 on that
concern, and what the caller may not see at all is 404.
"""

from __future__ import annotations

from typing import TypeVar

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import Acknowledge, InvitationCreate, NoteCreate, Paging, Recuse, Reject
from petitions.workflow import paging, perspectives, review

T = TypeVar("T")
TRANSITION_ERRORS = (403, 404, 409)


@bp.get("/committee/queue")
@operation(
    "The committee's queue",
    tag="committee",
    query=Paging,
    response=shapes.QueueList,
    errors=(403,),
    description="Concerns in review, what is due first at the top: `due_at` is the acknowledge-by date "
    "until acknowledged, then the decide-by date. Concerns the caller recused from are left out. "
    "Committee only.",
)
def show_queue(query: Paging) -> Response:
    """The routed concerns, due first."""
    user = caller()
    found = review.queue_page(user, query.page, query.per_page)
    shown = found.items
    concerns = dict(
        zip((i.concern.id for i in shown), shapes.concerns(user, [i.concern for i in shown]), strict=True)
    )
    items = [
        shapes.QueueItemOut(
            due_at=shapes.utc_or_none(i.due_at),
            overdue=i.overdue,
            acknowledged=i.acknowledged,
            concern=concerns[i.concern.id],
        )
        for i in shown
    ]
    return reply(shapes.QueueList(items=items, total=found.total, capped=found.capped, page=query.page,
                                  per_page=query.per_page))


@bp.post(f"/concerns/<{ID}:concern_id>/refer")
@operation(
    "Refer a concern early",
    tag="committee",
    response=shapes.ConcernOut,
    errors=TRANSITION_ERRORS,
    description="Open to in review before the threshold is reached; the acknowledge-by clock starts.",
)
def refer_concern(concern_id: int) -> Response:
    """Open to in review, by the committee."""
    user = caller()
    return reply(shapes.one_concern(user, review.refer(user, concern_id)))


@bp.post(f"/concerns/<{ID}:concern_id>/acknowledge")
@operation(
    "Acknowledge a routed concern",
    tag="committee",
    body=Acknowledge,
    optional_body=True,
    response=shapes.ConcernOut,
    errors=TRANSITION_ERRORS,
    description="Once: a second acknowledgement is a 409. The body may be left out; `lead_reviewer_id` must "
    "name a committee member who is not recused. The decide-by clock starts; the author is told.",
)
def acknowledge_concern(concern_id: int, body: Acknowledge) -> Response:
    """Acknowledge, optionally naming a lead reviewer."""
    user = caller()
    return reply(shapes.one_concern(user, review.acknowledge(user, concern_id, body.lead_reviewer_id)))


@bp.post(f"/concerns/<{ID}:concern_id>/recuse")
@operation(
    "Recuse oneself",
    tag="committee",
    body=Recuse,
    response=shapes.ConcernOut,
    errors=(403, 404),
    description="Final: afterwards the caller gets 403 on this concern's committee actions, cannot see its "
    "notes, ballots or committee-only signers, and does not count toward quorum.",
)
def recuse_from_concern(concern_id: int, body: Recuse) -> Response:
    """The caller steps back from this concern."""
    user = caller()
    return reply(shapes.one_concern(user, review.recuse(user, concern_id, body.reason)))


@bp.post(f"/concerns/<{ID}:concern_id>/reject")
@operation(
    "Reject a concern",
    tag="committee",
    body=Reject,
    response=shapes.ConcernOut,
    errors=TRANSITION_ERRORS,
    description="Moderation of an open or routed concern. The author and the committee see `reason_code` "
    "and `explanation` as the concern's `rejection`; an `abusive` one becomes a 404 for everyone else. "
    "`duplicate` needs `duplicate_of_id`, another published concern.",
)
def reject_concern(concern_id: int, body: Reject) -> Response:
    """Open or in review to rejected."""
    user = caller()
    rejected = review.reject(user, concern_id, body.reason_code, body.explanation, body.duplicate_of_id)
    return reply(shapes.one_concern(user, rejected))


@bp.post(f"/concerns/<{ID}:concern_id>/restore")
@operation(
    "Restore a rejected concern",
    tag="committee",
    response=shapes.ConcernOut,
    errors=TRANSITION_ERRORS,
    description="On appeal: back to the state it was rejected from.",
)
def restore_concern(concern_id: int) -> Response:
    """Rejected to open or in review."""
    user = caller()
    return reply(shapes.one_concern(user, review.restore(user, concern_id)))


@bp.get(f"/concerns/<{ID}:concern_id>/notes")
@operation(
    "Read the committee's notes",
    tag="committee",
    query=Paging,
    response=shapes.NoteList,
    errors=(403, 404),
    description="The committee's private thread, oldest first. Committee members who are not recused.",
)
def list_notes(concern_id: int, query: Paging) -> Response:
    """A page of the private thread."""
    found = paging.page_list(review.notes(caller(), concern_id), query.page, query.per_page, cap=review.NOTES_MAX)
    return reply(
        shapes.NoteList(
            items=[shapes.note(n) for n in found.items],
            total=found.total,
            capped=found.capped,
            page=query.page,
            per_page=query.per_page,
        )
    )


@bp.post(f"/concerns/<{ID}:concern_id>/notes")
@operation(
    "Add a committee note",
    tag="committee",
    body=NoteCreate,
    status=201,
    response=shapes.NoteOut,
    errors=(403, 404),
    description="Committee members who are not recused; never shown outside the committee.",
)
def create_note(concern_id: int, body: NoteCreate) -> Response:
    """A new note in the private thread."""
    return reply(shapes.note(review.add_note(caller(), concern_id, body.body)), 201)


@bp.post(f"/concerns/<{ID}:concern_id>/invitations")
@operation(
    "Invite a perspective",
    tag="committee",
    body=InvitationCreate,
    status=201,
    response=shapes.InvitationOut,
    errors=TRANSITION_ERRORS,
    description="The committee asks a named person (the contract owner, say) to add a perspective; they are "
    "told. While the concern is open or in review; once per person (409).",
)
def create_invitation(concern_id: int, body: InvitationCreate) -> Response:
    """Invite ``user_id`` to add their perspective."""
    invited = perspectives.invite(caller(), concern_id, body.user_id, body.message)
    return reply(shapes.invitation(invited), 201)
