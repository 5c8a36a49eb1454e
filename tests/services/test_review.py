"""The committee's work through the services: moderation, recusal, notes, perspectives, votes, decision."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from petitions.extensions import db
from petitions.models import AuditEvent, Concern, Decision, Notification
from petitions.workflow import breakdown, decisions, perspectives, review, search, signature_pages, signatures
from petitions.workflow.errors import Conflict, Forbidden, Invalid, NotFound
from petitions.workflow.visible import concern_for


@pytest.fixture()
def committee(make_user):
    return [make_user(roles=("committee",), name=f"Member {i}") for i in range(4)]


def _status(app, concern_id: int) -> str:
    with app.app_context():
        return db.session.get(Concern, concern_id).status


def test_acknowledge_once_with_a_lead_reviewer(app, make_user, make_concern, committee) -> None:
    author = make_user()
    concern = make_concern(state="in_review", author=author)
    with app.app_context():
        acked = review.acknowledge(committee[0], concern.id, committee[1].id)
        assert acked.lead_reviewer_id == committee[1].id and acked.acknowledged_at is not None
        assert acked.due_at > acked.acknowledged_at
        with pytest.raises(Conflict):
            review.acknowledge(committee[0], concern.id)
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "acknowledged")).all()
        assert told == [author.id]


def test_acknowledge_needs_a_routed_concern_and_a_committee_member(app, make_user, make_concern, committee) -> None:
    concern = make_concern(state="open")
    with app.app_context():
        with pytest.raises(Conflict):
            review.acknowledge(committee[0], concern.id)
        for role in ((), ("leadership",), ("admin",)):
            with pytest.raises(Forbidden):
                review.refer(make_user(roles=role), concern.id)
        assert review.refer(committee[0], concern.id).status == "in_review"
        with pytest.raises(Invalid):
            review.acknowledge(committee[0], concern.id, lead_reviewer_id=make_user().id)


def test_recusal_is_final_and_hides_committee_material(app, make_user, make_concern, committee) -> None:
    concern = make_concern(state="in_review", author_visibility="committee")
    member = committee[0]
    with app.app_context():
        review.add_note(committee[1], concern.id, "A private note.")
        signatures.sign(make_user(name="Quiet Signer"), concern.id, "committee")
        review.recuse(member, concern.id, "My partner works for the counterparty.")
        for action in (
            lambda: review.notes(member, concern.id),
            lambda: review.add_note(member, concern.id, "x"),
            lambda: review.acknowledge(member, concern.id),
            lambda: decisions.cast_ballot(member, concern.id, "uphold", "x"),
            lambda: decisions.ballots_for(member, concern.id),
            lambda: review.recuse(member, concern.id, "again"),
        ):
            with pytest.raises(Forbidden):
                action()
        fresh = concern_for(member, concern.id)
        names = {i.name for i in signature_pages.page_of(member, fresh).items} - {None}
        assert "Quiet Signer" not in names and fresh.author.name not in names
        assert review.queue(member) == []
        assert [i.concern.id for i in review.queue(committee[1])] == [concern.id]
        assert decisions.quorum_state(committee[1], concern.id)["eligible"] == 3


def test_reject_and_restore(app, make_user, make_concern, committee) -> None:
    author = make_user()
    concern = make_concern(state="in_review", author=author)
    original = make_concern(state="open")
    with app.app_context():
        with pytest.raises(Invalid) as missing:
            review.reject(committee[0], concern.id, "other", "")
        assert "explanation" in missing.value.fields
        with pytest.raises(Invalid):
            review.reject(committee[0], concern.id, "spam", "Because.")
        with pytest.raises(Invalid):
            review.reject(committee[0], concern.id, "duplicate", "Same as another.")
        rejected = review.reject(committee[0], concern.id, "duplicate", "Same as another.", original.id)
        assert (rejected.status, rejected.rejected_from) == ("rejected", "in_review")
        assert f"#{original.id}" in rejected.rejection_explanation
        with pytest.raises(Conflict):
            review.reject(committee[0], concern.id, "other", "Again.")
        restored = review.restore(committee[1], concern.id)
        assert restored.status == "in_review" and restored.rejection_reason_code is None
        with pytest.raises(Conflict):
            review.restore(committee[1], concern.id)
        kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == author.id)).all()
        assert "rejected" in kinds and "restored" in kinds


def test_abusive_concerns_leave_every_list_and_404_for_employees(app, make_user, make_concern, committee) -> None:
    author = make_user()
    concern = make_concern(state="open", author=author, title="Abusive words")
    reader = make_user(roles=("leadership", "admin"))
    with app.app_context():
        review.reject(committee[0], concern.id, "abusive", "Personal attacks.")
        with pytest.raises(NotFound):
            concern_for(reader, concern.id)
        assert concern_for(author, concern.id).status == "rejected"
        assert concern_for(committee[0], concern.id).status == "rejected"
        for viewer in (reader, committee[0]):
            assert search.list_concerns(viewer).total == 0
        assert [c.id for c in review.moderation_list(committee[0])] == [concern.id]


def test_ballots_are_secret_until_the_decision_and_quorum_is_enforced(app, make_user, make_concern, committee) -> None:
    concern = make_concern(state="in_review")
    with app.app_context():
        decisions.cast_ballot(committee[0], concern.id, "uphold", "It breaks our values.")
        with pytest.raises(Conflict, match="Quorum not reached"):
            decisions.decide(committee[0], concern.id, {"outcome": "uphold", "recommendation": "r", "rationale": "r"})
        assert _status(app, concern.id) == "in_review"
        decisions.cast_ballot(committee[1], concern.id, "not_uphold", "Legal says fine.")
        decisions.cast_ballot(committee[1], concern.id, "abstain", "Changed my mind.")
        seen = decisions.ballots_for(committee[1], concern.id)
        assert [(b.member_id, b.choice) for b in seen] == [(committee[1].id, "abstain")]
        # 2 of 4 is not more than half.
        with pytest.raises(Conflict):
            decisions.decide(committee[0], concern.id, {"outcome": "uphold", "recommendation": "r", "rationale": "r"})
        decisions.cast_ballot(committee[2], concern.id, "uphold", "Agree.")
        with pytest.raises(Invalid) as bad:
            decisions.decide(committee[0], concern.id, {"outcome": "maybe", "rationale": ""})
        assert {"outcome", "recommendation", "rationale"} <= set(bad.value.fields)
        decided = decisions.decide(committee[0], concern.id, {
            "outcome": "uphold", "recommendation": "Do not proceed.", "rationale": "Values.", "conditions": ""})
        assert decided.status == "decided"
        decision = db.session.get(Decision, decided.decision_id)
        assert decision.tally == {"uphold": 2, "uphold_in_part": 0, "not_uphold": 0, "abstain": 1}
        assert decision.eligible_members == 4
        assert len(decisions.ballots_for(committee[1], concern.id)) == 3
        with pytest.raises(Conflict):
            decisions.decide(committee[0], concern.id, {"outcome": "uphold", "recommendation": "r", "rationale": "r"})
        with pytest.raises(Conflict):
            decisions.cast_ballot(committee[3], concern.id, "uphold", "Late.")
        decisions.add_dissent(committee[1], concern.id, "I would not uphold.")
        with pytest.raises(Conflict):
            decisions.add_dissent(committee[1], concern.id, "Twice.")
        audit_rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("ballot.%"))).all()
        assert len(audit_rows) == 4 and all("uphold" not in a.detail and "abstain" not in a.detail for a in audit_rows)


def test_decision_visibility(app, make_user, make_concern) -> None:
    concern = make_concern(state="decided")
    with app.app_context():
        fresh = db.session.get(Concern, concern.id)
        assert decisions.decision_for(make_user(roles=("leadership",)), fresh) is not None
        assert decisions.decision_for(make_user(roles=("committee",)), fresh) is not None
        assert decisions.decision_for(make_user(roles=("admin",)), fresh) is None
        assert decisions.decision_for(make_user(), fresh) is None


def test_perspectives_and_invitations(app, make_user, make_concern, committee) -> None:
    concern = make_concern(state="in_review")
    owner = make_user(name="Contract Owner")
    quiet = make_user(name="Quiet Voice")
    with app.app_context():
        invitation = review_invite = perspectives.invite(committee[0], concern.id, owner.id, "Please explain the scope.")
        assert review_invite.answered_at is None and invitation.user_id == owner.id
        with pytest.raises(Conflict):
            perspectives.invite(committee[0], concern.id, owner.id)
        assert db.session.scalar(select(Notification.kind).where(Notification.user_id == owner.id)) == "invited"
        perspectives.add(owner, concern.id, "for_contract", "The contract is limited to logistics.", "named")
        perspectives.add(quiet, concern.id, "for_concern", "I was affected.", "committee")
        with pytest.raises(Invalid):
            perspectives.add(quiet, concern.id, "neutral", "x")
        fresh = db.session.get(Concern, concern.id)
        employee_view = {(p.stance, p.author_name) for p in perspectives.for_concern(make_user(), fresh)}
        assert employee_view == {("for_contract", "Contract Owner"), ("for_concern", None)}
        committee_view = {p.author_name for p in perspectives.for_concern(committee[0], fresh)}
        assert committee_view == {"Contract Owner", "Quiet Voice"}
        assert perspectives.invitations(committee[0], concern.id)[0].answered_at is not None
        # A committee-only perspective is not tied to its writer in the audit log either.
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "perspective.added")).all()
        assert {r.actor_id for r in rows} == {owner.id, None}
    closed = make_concern(state="decided")
    with app.app_context(), pytest.raises(Conflict):
        perspectives.add(quiet, closed.id, "other", "Too late.")


def test_breakdown_is_k_anonymous_and_for_committee_and_leadership(app, make_user, make_concern, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 1000)
    concern = make_concern(state="open")  # the author signs from Engineering
    with app.app_context():
        for _ in range(6):
            signatures.sign(make_user(department="Sales"), concern.id, "public")
        for _ in range(7):
            signatures.sign(make_user(department="Support"), concern.id, "committee")
        for _ in range(2):
            signatures.sign(make_user(department="Legal"), concern.id, "committee")
        for _ in range(3):
            signatures.sign(make_user(department="Legal"), concern.id, "anonymous")
        leader = make_user(roles=("leadership",))
        result = breakdown.breakdown(leader, concern.id, "department")
        # Support's 7 committee-only signers are not named: no public signer names the group.
        assert result.groups == [("Engineering", 1), ("Sales", 6)]
        assert (result.smaller, result.anonymous, result.total) == (9, 3, 19)
        signatures.sign(make_user(department="Support"), concern.id, "public")
        result = breakdown.breakdown(leader, concern.id, "department")
        # Now Support is named, and its cell (Support, Berlin) holds at least k committee-only signers.
        assert result.groups == [("Engineering", 1), ("Sales", 6), ("Support", 8)]
        assert (result.smaller, result.anonymous, result.total) == (2, 3, 20)
        whole = breakdown.breakdown(make_user(roles=("committee",)), concern.id, "department")
        assert whole.groups == [("Engineering", 1), ("Legal", 2), ("Sales", 6), ("Support", 8)] and whole.smaller == 0
        for role in ((), ("admin",)):
            with pytest.raises(Forbidden):
                breakdown.breakdown(make_user(roles=role), concern.id, "department")
        with pytest.raises(Invalid):
            breakdown.breakdown(make_user(roles=("committee",)), concern.id, "salary")


def test_overdue_steps_are_announced_once_to_whoever_owes_them(app, make_user, make_concern, committee, monkeypatch) -> None:
    from datetime import timedelta

    from petitions.workflow import deadlines

    routed = make_concern(state="in_review")
    monkeypatch.setitem(app.config, "AUTO_PUBLISH", False)
    decided = make_concern(state="decided")
    leader = make_user(roles=("leadership",))
    later = routed.due_at + timedelta(days=400)
    with app.app_context():
        review.recuse(committee[3], routed.id, "Conflict.")
        assert set(deadlines.remind_overdue(later)) == {routed.id, decided.id}
        assert deadlines.remind_overdue(later) == []
        told = db.session.execute(select(Notification.user_id, Notification.concern_id)
                                  .where(Notification.kind == "overdue")).all()
        by_concern = {cid: {uid for uid, c in told if c == cid} for cid in (routed.id, decided.id)}
        assert leader.id in by_concern[decided.id] and committee[0].id not in by_concern[decided.id]
        assert committee[0].id in by_concern[routed.id] and committee[3].id not in by_concern[routed.id]
        # A new deadline (acknowledgement) is announced again when it, too, passes.
        review.acknowledge(committee[0], routed.id)
        assert deadlines.remind_overdue(later + timedelta(days=400)) == [routed.id]


def test_the_database_ties_decisions_to_decided_concerns(app, make_user, make_concern) -> None:
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from petitions.models import Decision

    member = make_user(roles=("committee",))
    in_review = make_concern(state="in_review")
    decided = make_concern(state="decided")
    with app.app_context():
        # A decision row for a concern that is not decided (and does not point back) is refused.
        db.session.add(Decision(concern_id=in_review.id, outcome="uphold", recommendation="r", rationale="r",
                                eligible_members=1, decided_by_id=member.id))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        # A decided concern without its decision is refused too.
        with pytest.raises(IntegrityError):
            db.session.execute(update(Concern).where(Concern.id == decided.id).values(decision_id=None))
            db.session.commit()
        db.session.rollback()
        # And a concern cannot be marked decided without a decision.
        with pytest.raises(IntegrityError):
            db.session.execute(update(Concern).where(Concern.id == in_review.id).values(status="decided"))
            db.session.commit()
        db.session.rollback()
