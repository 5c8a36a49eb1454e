"""Commitments: due after the response day; done and overdue told to the signers who may be told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from petitions import jobs
from petitions.clock import moved, utcnow
from petitions.extensions import db
from petitions.models import Commitment, Notification
from petitions.workflow import responses, signatures
from petitions.workflow.errors import Invalid


def _told(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Notification.message).where(
            Notification.user_id == user_id, Notification.kind == "commitment")))


@pytest.fixture()
def signed_concern(app, make_user, make_concern):
    """A decided concern with a public, a committee-only and an anonymous signer."""
    author = make_user()
    concern = make_concern("decided", author=author)
    people = {"author": author, "public": make_user(), "committee": make_user(), "anonymous": make_user()}
    with app.app_context():
        for visibility in ("public", "committee", "anonymous"):
            signatures.sign(people[visibility], concern.id, visibility, "")
    return concern, people


@pytest.mark.parametrize("days", [0, -1, -400])
def test_a_due_date_on_or_before_the_response_day_is_refused(app, make_user, make_concern, api_as, days) -> None:
    leader = make_user(roles=("leadership",))
    concern = make_concern("decided")
    due = (utcnow() + timedelta(days=days)).date().isoformat()
    with app.app_context(), pytest.raises(Invalid) as refused:
        responses.publish(leader, concern.id, {"stance": "accept", "statement": "Yes.",
                                               "commitments": [{"text": "Audit", "due_on": due}]})
    assert "commitments.0.due_on" in refused.value.fields
    answer = api_as(leader).post(f"/api/v1/concerns/{concern.id}/response", json={
        "stance": "accept", "statement": "Yes.", "commitments": [{"text": "Audit", "due_on": due}]})
    assert answer.status_code == 400 and "commitments.0.due_on" in answer.json["error"]["fields"]


def test_the_form_says_why_a_due_date_is_refused(client, make_user, make_concern, login_as) -> None:
    concern = make_concern("decided")
    login_as(make_user(roles=("leadership",)))
    page = client.post(f"/leadership/concerns/{concern.id}/response", data={
        "stance": "accept", "statement": "Yes.", "contract_status": "", "confirmed": "yes",
        "commitments-0-text": "Audit", "commitments-0-due_on": "2020-01-31"})
    assert page.status_code == 400
    assert "the due date must be after today, the day of the response" in page.get_data(as_text=True)


def test_done_and_overdue_are_told_to_named_signers_never_anonymous_ones(app, make_user, signed_concern) -> None:
    concern, people = signed_concern
    leader = make_user(roles=("leadership",))
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    with app.app_context():
        responses.publish(leader, concern.id, {"stance": "accept", "statement": "Yes.", "commitments": [
            {"text": "Audit", "due_on": tomorrow}, {"text": "Train", "due_on": tomorrow}]})
        audit_id, train_id = db.session.scalars(select(Commitment.id).order_by(Commitment.id)).all()
        responses.mark_commitment_done(leader, audit_id, "The audit is on the intranet.")
    for who in ("author", "public", "committee"):
        assert [m for m in _told(app, people[who].id) if m.endswith("is done")], who
    assert _told(app, people["anonymous"].id) == []

    later = utcnow() + timedelta(days=3)
    with app.app_context():
        first = jobs.run(later)
        second = jobs.run(later)
        assert concern.id in first.reminded and concern.id not in second.reminded
        assert db.session.get(Commitment, train_id).overdue_notified
    for who in ("author", "public", "committee"):
        assert sum("overdue" in m for m in _told(app, people[who].id)) == 1, who
    assert _told(app, people["anonymous"].id) == []


def test_a_commitment_done_before_its_day_is_never_announced_overdue(app, make_user, make_concern) -> None:
    author = make_user()
    concern = make_concern("decided", author=author)
    leader = make_user(roles=("leadership",))
    due = (utcnow() - timedelta(days=4)).date().isoformat()
    with app.app_context():
        with moved(utcnow() - timedelta(days=5)):
            responses.publish(leader, concern.id, {"stance": "accept", "statement": "Yes.", "commitments": [
                {"text": "Audit", "due_on": due}]})
        commitment_id = db.session.scalar(select(Commitment.id))
        responses.mark_commitment_done(leader, commitment_id, "Done late.")
        jobs.run(utcnow())
    assert not any("overdue" in m for m in _told(app, author.id))
