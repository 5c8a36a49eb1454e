"""Leadership's response through the services, and the register built from it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from petitions.clock import moved, utcnow
from petitions.extensions import db
from petitions.models import AuditEvent, Concern, Contract, Notification, Response
from petitions.workflow import register, responses, signatures
from petitions.workflow.errors import Conflict, Forbidden, Invalid


def test_publish_moves_concern_and_contract_together(app, make_user, make_concern) -> None:
    author = make_user()
    concern = make_concern(state="decided", author=author)
    signer, hidden = make_user(), make_user()
    leader = make_user(roles=("leadership",))
    with app.app_context():
        signatures.sign(signer, concern.id, "committee")
        signatures.sign(hidden, concern.id, "anonymous")
        done = responses.publish(leader, concern.id, {
            "stance": "decline", "statement": "We will proceed.", "contract_status": "not_pursued",
            "commitments": [{"text": "Publish an impact review", "due_on": "2027-03-31"}]})
        assert done.status == "responded" and done.responded_at is not None
        contract = db.session.get(Contract, concern.contract_id)
        assert contract.status == "not_pursued"
        response = db.session.get(Response, done.response_id)
        assert (response.stance, response.automatic, response.contract_status_before) == ("decline", False, "reported")
        assert [(c.text, c.due_on) for c in response.commitments] == [("Publish an impact review", date(2027, 3, 31))]
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "responded")))
        assert {author.id, signer.id} <= told and hidden.id not in told
        with pytest.raises(Conflict):
            responses.publish(leader, concern.id, {"stance": "accept", "statement": "Again."})


@pytest.mark.parametrize(
    ("data", "field"),
    [({"stance": "maybe", "statement": "x"}, "stance"), ({"stance": "accept", "statement": ""}, "statement"),
     ({"stance": "accept", "statement": "x", "contract_status": "paused"}, "contract_status"),
     ({"stance": "accept", "statement": "x", "commitments": [{"text": "", "due_on": "soon"}]}, "commitments.0.text"),
     ({"stance": "accept", "statement": "x", "commitments": "do better"}, "commitments")],
)
def test_bad_input_changes_nothing(app, make_user, make_concern, data, field) -> None:
    concern = make_concern(state="decided")
    with app.app_context():
        with pytest.raises(Invalid) as caught:
            responses.publish(make_user(roles=("leadership",)), concern.id, data)
        assert field in caught.value.fields
        assert db.session.get(Concern, concern.id).status == "decided"
        assert db.session.scalar(select(Response.id)) is None


@pytest.mark.parametrize("state", ["open", "in_review", "responded", "withdrawn"])
def test_only_decided_concerns_can_be_answered(app, make_user, make_concern, state) -> None:
    concern = make_concern(state=state)
    with app.app_context(), pytest.raises(Conflict):
        responses.publish(make_user(roles=("leadership",)), concern.id, {"stance": "accept", "statement": "x"})


@pytest.mark.parametrize("roles", [(), ("committee",), ("admin",)])
def test_only_leadership_answers(app, make_user, make_concern, roles) -> None:
    concern = make_concern(state="decided")
    with app.app_context(), pytest.raises(Forbidden):
        responses.publish(make_user(roles=roles), concern.id, {"stance": "accept", "statement": "x"})


def test_commitments_and_addenda(app, make_user, make_concern) -> None:
    leader = make_user(roles=("leadership",))
    concern = make_concern(state="decided")
    with app.app_context():
        yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
        with moved(utcnow() - timedelta(days=3)):  # a due date must come after the response day
            done = responses.publish(leader, concern.id, {"stance": "accept", "statement": "Yes.",
                                                          "commitments": [{"text": "Audit", "due_on": yesterday}]})
        commitment = db.session.get(Response, done.response_id).commitments[0]
        assert responses.is_overdue(commitment)
        with pytest.raises(Forbidden):
            responses.mark_commitment_done(make_user(), commitment.id, "done")
        marked = responses.mark_commitment_done(leader, commitment.id, "Audit published.")
        assert marked.done_at is not None and not responses.is_overdue(marked)
        with pytest.raises(Conflict):
            responses.mark_commitment_done(leader, commitment.id, "again")
        responses.add_addendum(leader, concern.id, "Correction: the audit covers 2026 too.")
        response = db.session.get(Response, done.response_id)
        assert response.statement == "Yes." and [a.body for a in response.addenda] == [
            "Correction: the audit covers 2026 too."]


def test_automatic_publication(app, make_concern) -> None:
    concern = make_concern(state="decided")
    with app.app_context():
        from petitions.database import write_transaction

        with write_transaction() as session:
            assert responses.auto_publish(session, db.session.get(Concern, concern.id), utcnow())
        fresh = db.session.get(Concern, concern.id)
        response = db.session.get(Response, fresh.response_id)
        assert fresh.status == "responded" and response.automatic and response.stance is None
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "concern.auto_published"))


def test_register_lists_only_responded_with_filters_and_timings(app, make_user, make_concern, make_contract) -> None:
    viewer = make_user()
    agency = make_contract(title="Immigration case management")
    upheld = make_concern(state="responded", contract=agency, outcome="uphold", stance="decline", title="Stop it")
    make_concern(state="responded", outcome="not_uphold", stance="decline", title="Other")
    make_concern(state="decided")
    with app.app_context():
        items, total, _, _ = register.page(viewer, {})
        assert total == 2
        by_contract, total, _, _ = register.page(viewer, {"contract_id": agency.id})
        assert [i.concern_id for i in by_contract] == [upheld.id]
        first = by_contract[0]
        assert (first.outcome, first.stance, first.divergence, first.diverges) == ("uphold", "decline", "diverges", True)
        assert first.days_to_decide is not None and first.days_to_respond is not None
        assert register.page(viewer, {"outcome": "not_uphold"})[1] == 1
        assert register.page(viewer, {"stance": "automatic"})[1] == 0
        assert register.page(viewer, {"year": utcnow().year})[1] == 2
        assert register.page(viewer, {"q": "immigration"})[1] == 1
        with pytest.raises(Invalid):
            register.page(viewer, {"stance": "shrug"})
        figures = register.figures(viewer)
        assert figures["counts"]["responded"] == 2 and figures["counts"]["decided"] == 3
        assert figures["outcomes"]["uphold"] == 2 and figures["stances"]["decline"] == 2
