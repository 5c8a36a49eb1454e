"""Voting and the committee's decision.

Until the decision a member sees only their own ballot; afterwards reviewers see them all.
Quorum: ballots of eligible members (active committee, not recused), abstentions included,
must exceed ``QUORUM_FRACTION`` of the eligible members at the moment of the decision.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Ballot, Concern, Decision, Dissent, Recusal, RoleGrant, User
from petitions.notifications import committee_ids, notify, role_ids
from petitions.workflow import audit, policy, settings, wording
from petitions.workflow.errors import Conflict
from petitions.workflow.review import reviewer_concern
from petitions.workflow.states import IllegalTransition, Status, next_state
from petitions.workflow.text import BODY_MAX, STATEMENT_MAX, FieldErrors
from petitions.workflow.voting import CHOICES, OUTCOMES, quorum_needed, quorum_reached, tally

REASON_MAX = STATEMENT_MAX


def eligible_member_ids(session: Any, concern_id: int) -> list[int]:
    """Active committee members not recused from the concern, now."""
    recused = select(Recusal.user_id).where(Recusal.concern_id == concern_id)
    query = (
        select(User.id)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == "committee", User.active.is_(True), User.id.not_in(recused))
    )
    return list(session.scalars(query))


def cast_ballot(member: User, concern_id: int, choice: Any, reason: Any) -> Ballot:
    """Cast or change one's ballot while the concern is in review. The content is not audited."""
    errors = FieldErrors()
    choice = errors.choice("choice", choice, CHOICES, label="Choice")
    text = errors.text("reason", reason, max_len=REASON_MAX, required=True, label="Reason")
    errors.raise_if_any()
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        if concern.status != Status.IN_REVIEW:
            raise Conflict(f"Voting is possible only while a concern is in review; this one is {wording.label(concern.status).lower()}.")
        ballot = session.scalar(select(Ballot).where(Ballot.concern_id == concern.id, Ballot.member_id == member.id))
        now = utcnow()
        if ballot is None:
            ballot = Ballot(concern_id=concern.id, member_id=member.id, choice=choice, reason=text, cast_at=now,
                            updated_at=now)
            session.add(ballot)
            action = "ballot.cast"
        else:
            ballot.choice, ballot.reason, ballot.updated_at = choice, text, now
            action = "ballot.changed"
        session.flush()
        audit.record(session, action, actor_id=member.id, concern_id=concern.id)
        ballot_id = ballot.id
    return db.session.get(Ballot, ballot_id)  # type: ignore[return-value]


def ballots_for(member: User, concern_id: int) -> list[Ballot]:
    """Before the decision: only the member's own ballot. After it: every ballot."""
    concern = reviewer_concern(member, concern_id)
    query = select(Ballot).where(Ballot.concern_id == concern.id).order_by(Ballot.id)
    if concern.decision_id is None:
        query = query.where(Ballot.member_id == member.id)
    return list(db.session.scalars(query))


def quorum_state(concern_id: int) -> dict[str, int]:
    """Eligible members, ballots cast by them, and how many are needed (numbers only)."""
    session = db.session
    eligible = eligible_member_ids(session, concern_id)
    cast = session.scalar(
        select(func.count()).select_from(Ballot).where(Ballot.concern_id == concern_id, Ballot.member_id.in_(eligible))
    ) if eligible else 0
    fraction = float(settings.get("QUORUM_FRACTION"))
    return {"eligible": len(eligible), "cast": cast or 0, "needed": quorum_needed(len(eligible), fraction)}


def decide(member: User, concern_id: int, data: dict[str, Any]) -> Concern:
    """Record the decision once the vote reached quorum; leadership is told."""
    errors = FieldErrors()
    outcome = errors.choice("outcome", data.get("outcome"), OUTCOMES, label="Outcome")
    recommendation = errors.text("recommendation", data.get("recommendation"), max_len=BODY_MAX, required=True)
    rationale = errors.text("rationale", data.get("rationale"), max_len=BODY_MAX, required=True)
    conditions = errors.text("conditions", data.get("conditions"), max_len=BODY_MAX)
    errors.raise_if_any()
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        if concern.decision_id is not None:
            raise Conflict("A decision was already recorded for this concern.")
        try:
            target = next_state("decide", concern.status)
        except IllegalTransition as exc:
            raise Conflict(str(exc).capitalize() + ".") from None
        eligible = eligible_member_ids(session, concern.id)
        choices = list(session.scalars(
            select(Ballot.choice).where(Ballot.concern_id == concern.id, Ballot.member_id.in_(eligible))
        )) if eligible else []
        fraction = float(settings.get("QUORUM_FRACTION"))
        if not quorum_reached(len(choices), len(eligible), fraction):
            raise Conflict(
                f"Quorum not reached: {len(choices)} of {len(eligible)} eligible members voted; "
                f"{quorum_needed(len(eligible), fraction)} are needed."
            )
        counts = tally(choices)
        now = utcnow()
        decision = Decision(
            concern_id=concern.id, outcome=outcome, recommendation=recommendation, rationale=rationale,
            conditions=conditions, tally_uphold=counts["uphold"], tally_uphold_in_part=counts["uphold_in_part"],
            tally_not_uphold=counts["not_uphold"], tally_abstain=counts["abstain"],
            eligible_members=len(eligible), decided_by_id=member.id, decided_at=now,
        )
        session.add(decision)
        session.flush()
        concern.decision_id = decision.id
        concern.status = target.value
        concern.decided_at = concern.updated_at = now
        concern.acknowledged_at = concern.acknowledged_at or now
        concern.due_at = now + timedelta(days=int(settings.get("RESPOND_DAYS")))
        concern.overdue_notified_for = None
        audit.record(session, "concern.decided", actor_id=member.id, concern_id=concern.id,
                     detail={"outcome": outcome, "tally": counts, "eligible": len(eligible)})
        notify(session, role_ids(session, "leadership"), kind="decided", concern=concern,
               message=f"was decided by the ethics committee ({outcome.replace('_', ' ')}); a response is due")
    return concern


def decision_for(viewer: User, concern: Concern) -> Decision | None:
    """The decision if the viewer may see it (committee and leadership at once, others once published)."""
    if concern.decision_id is None or not policy.can_see_decision(viewer, concern):
        return None
    return db.session.get(Decision, concern.decision_id)


def add_dissent(member: User, concern_id: int, body: Any) -> Dissent:
    """A member who disagrees attaches a dissent to the decision (once)."""
    errors = FieldErrors()
    text = errors.text("body", body, max_len=BODY_MAX, required=True, label="Dissent")
    errors.raise_if_any()
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        if concern.decision_id is None:
            raise Conflict("There is no decision to dissent from yet.")
        exists = session.scalar(select(Dissent.id).where(Dissent.decision_id == concern.decision_id,
                                                         Dissent.member_id == member.id))
        if exists:
            raise Conflict("You already attached a dissent to this decision.")
        dissent = Dissent(decision_id=concern.decision_id, member_id=member.id, body=text)
        session.add(dissent)
        session.flush()
        audit.record(session, "decision.dissent", actor_id=member.id, concern_id=concern.id)
        notify(session, [uid for uid in committee_ids(session) if uid != member.id], kind="dissent", concern=concern,
               message=f"{member.name} attached a dissent to the decision")
        dissent_id = dissent.id
    return db.session.get(Dissent, dissent_id)  # type: ignore[return-value]


def decisions_for(viewer: User, concerns: list[Concern]) -> dict[int, Decision]:
    """``decision_for`` for many concerns in one query: concern id -> the decision the viewer may see."""
    visible = {c.decision_id: c.id for c in concerns if c.decision_id is not None and policy.can_see_decision(viewer, c)}
    if not visible:
        return {}
    found = db.session.scalars(select(Decision).where(Decision.id.in_(visible)))
    return {visible[d.id]: d for d in found}
