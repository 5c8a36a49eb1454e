"""``GET /waiting``: what is waiting for the caller, the same lists as the front page."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from werkzeug.wrappers import Response

from petitions.api.auth import caller
from petitions.api.blueprint import bp
from petitions.api.endpoint import operation, reply
from petitions.api.standing import NextOut, StepOut
from petitions.workflow import standing, waiting


class OwedItem(BaseModel):
    """A concern, its state, its latest step (for one's own concerns) and what is owed next."""

    id: int
    title: str
    status: str
    last: StepOut | None = None
    next: NextOut | None


class OutcomeItem(BaseModel):
    """A newly published outcome."""

    concern_id: int
    title: str
    outcome: str
    stance: str | None
    automatic: bool
    published_on: date


class WaitingOut(BaseModel):
    """What is waiting for the caller; lists that are not the caller's are empty."""

    to_acknowledge: list[OwedItem] = Field(description="Committee: routed concerns not yet acknowledged.")
    ballots_to_cast: list[OwedItem] = Field(description="Committee: acknowledged concerns without your ballot.")
    responses_due: list[OwedItem] = Field(description="Leadership: decisions awaiting a response.")
    my_concerns: list[OwedItem] = Field(description="Your own published concerns, latest news first.")
    new_outcomes: list[OutcomeItem] = Field(description="The newest published outcomes.")


def _next(owed: standing.Next | None) -> NextOut | None:
    if owed is None:
        return None
    return NextOut(step=owed.step, by=owed.by, due_on=owed.due_on, overdue=owed.overdue, needed=owed.needed)


def _owed(item: waiting.Owed) -> OwedItem:
    return OwedItem(id=item.concern.id, title=item.concern.title, status=item.concern.status, next=_next(item.next))


@bp.get("/waiting")
@operation("What is waiting for the caller", tag="account", response=WaitingOut)
def show_waiting() -> Response:
    """Per role: concerns to acknowledge, ballots to cast, responses due; one's own concerns; new outcomes."""
    found = waiting.for_person(caller())
    return reply(WaitingOut(
        to_acknowledge=[_owed(i) for i in found.to_acknowledge],
        ballots_to_cast=[_owed(i) for i in found.ballots_to_cast],
        responses_due=[_owed(i) for i in found.responses_due],
        my_concerns=[OwedItem(id=n.concern.id, title=n.concern.title, status=n.concern.status,
                              last=StepOut(step=n.last.step, on=n.last.on) if n.last else None, next=_next(n.next))
                     for n in found.my_concerns],
        new_outcomes=[OutcomeItem(concern_id=o.concern_id, title=o.title, outcome=o.outcome, stance=o.stance,
                                  automatic=o.automatic, published_on=o.responded_at.date())
                      for o in found.new_outcomes],
    ))
