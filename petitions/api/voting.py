"""The committee's vote: cast a ballot, read ballots and quorum, record the decision, dissent.

Until the decision a member sees only their own ballot; afterwards the committee sees them
all (``decisions.ballots_for`` decides). Recused members get 403 throughout.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import BallotCast, DecisionCreate, DissentCreate, Paging
from petitions.workflow import decisions, paging
from petitions.workflow.visible import concern_for


@bp.put(f"/concerns/<{ID}:concern_id>/ballot")
@operation(
    "Cast or change my ballot",
    tag="voting",
    body=BallotCast,
    response=shapes.BallotOut,
    errors=(403, 404, 409),
    description="One ballot per member, changeable until the decision; only while the concern is in review "
    "(409 otherwise). The audit log records that a ballot was cast, never its content.",
)
def cast_ballot(concern_id: int, body: BallotCast) -> Response:
    """The caller's ballot, as now recorded."""
    user = caller()
    return reply(shapes.ballot(decisions.cast_ballot(user, concern_id, body.choice, body.reason), user.id))


@bp.get(f"/concerns/<{ID}:concern_id>/ballots")
@operation(
    "Read ballots and quorum",
    tag="voting",
    query=Paging,
    response=shapes.BallotList,
    errors=(403, 404),
    description="Before the decision only the caller's own ballot; after it, every ballot. `quorum` gives "
    "numbers only. Committee members who are not recused.",
)
def list_ballots(concern_id: int, query: Paging) -> Response:
    """The ballots the caller may see, with the quorum numbers."""
    user = caller()
    found = paging.page_list(decisions.ballots_for(user, concern_id), query.page, query.per_page)
    concern = concern_for(user, concern_id)
    return reply(
        shapes.BallotList(
            items=[shapes.ballot(b, user.id) for b in found.items],
            decided=concern.decision_id is not None,
            quorum=shapes.Quorum(**decisions.quorum_state(user, concern_id)),
            total=found.total,
            page=query.page,
            per_page=query.per_page,
        )
    )


@bp.post(f"/concerns/<{ID}:concern_id>/decision")
@operation(
    "Record the decision",
    tag="voting",
    body=DecisionCreate,
    response=shapes.ConcernOut,
    errors=(403, 404, 409),
    description="In review to decided, once the ballots cast (abstentions included) exceed the quorum "
    "fraction of the eligible members; otherwise 409 with the numbers, and nothing is written. The "
    "server computes the tally. Answers 200 with the concern, its `decision` filled; leadership is told.",
)
def decide_concern(concern_id: int, body: DecisionCreate) -> Response:
    """Record the committee's decision."""
    user = caller()
    return reply(shapes.one_concern(user, decisions.decide(user, concern_id, body.model_dump())))


@bp.post(f"/concerns/<{ID}:concern_id>/dissent")
@operation(
    "Dissent from the decision",
    tag="voting",
    body=DissentCreate,
    status=201,
    response=shapes.DissentOut,
    errors=(403, 404, 409),
    description="A member who disagrees attaches a dissent, under their name, to the recorded decision "
    "(once; 409 before there is a decision). It is shown wherever the decision is.",
)
def create_dissent(concern_id: int, body: DissentCreate) -> Response:
    """The caller's dissent."""
    dissent = decisions.add_dissent(caller(), concern_id, body.body)
    return reply(
        shapes.DissentOut(
            member=shapes.Person(id=dissent.member.id, name=dissent.member.name),
            body=dissent.body,
            created_at=shapes.utc(dissent.created_at),
        ),
        201,
    )
