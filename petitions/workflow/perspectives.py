"""All points of view on the record: perspectives from anyone, and invitations from the committee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern, Invitation, Perspective, User
from petitions.notifications import notify
from petitions.vocabulary import PerspectiveStance, PerspectiveVisibility
from petitions.workflow import audit, policy
from petitions.workflow.errors import Conflict, Invalid
from petitions.workflow.review import reviewer_concern
from petitions.workflow.text import STATEMENT_MAX, FieldErrors
from petitions.workflow.visible import concern_for

MESSAGE_MAX = 2000

PERSPECTIVES_MAX = 500  # bounded; the API says when a concern reaches it


def add(author: User, concern_id: int, stance: Any, body: Any, visibility: Any = "named") -> Perspective:
    """Any employee adds a perspective while the concern is open or in review."""
    errors = FieldErrors()
    stance = errors.choice("stance", stance, PerspectiveStance, label="Stance")
    text = errors.text("body", body, max_len=STATEMENT_MAX, required=True, label="Perspective")
    vis = errors.choice("visibility", visibility or "named", PerspectiveVisibility, label="Visibility")
    errors.raise_if_any()
    with write_transaction() as session:
        concern = concern_for(author, concern_id)
        if not policy.can_add_perspective(concern):
            raise Conflict(f"Perspectives are closed: this concern is {concern.status.replace('_', ' ')}.")
        invited = session.execute(
            update(Invitation)
            .where(Invitation.concern_id == concern.id, Invitation.user_id == author.id,
                   Invitation.answered_at.is_(None))
            .values(answered_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        perspective = Perspective(concern_id=concern.id, author_id=author.id, stance=stance, body=text,
                                  visibility=vis, invited=bool(invited))
        session.add(perspective)
        session.flush()
        audit.record(session, "perspective.added", actor_id=author.id if vis == "named" else None,
                     concern_id=concern.id, detail={"stance": stance, "visibility": vis})
        perspective_id = perspective.id
    return db.session.get(Perspective, perspective_id)  # type: ignore[return-value]


@dataclass
class PerspectiveView:
    """A perspective as one viewer may see it."""

    id: int
    stance: str
    body: str
    visibility: str
    author_name: str | None
    invited: bool
    created_at: datetime
    mine: bool


def for_concern(viewer: User, concern: Concern) -> list[PerspectiveView]:
    """Every perspective, oldest first, with the author's name only where the rule allows."""
    query = select(Perspective).where(Perspective.concern_id == concern.id).order_by(Perspective.id).limit(PERSPECTIVES_MAX)
    return [
        PerspectiveView(
            id=p.id, stance=p.stance, body=p.body, visibility=p.visibility,
            author_name=p.author.name if policy.can_see_perspective_author(viewer, concern, p.author_id, p.visibility)
            else None,
            invited=p.invited, created_at=p.created_at, mine=p.author_id == viewer.id,
        )
        for p in db.session.scalars(query)
    ]


def invite(member: User, concern_id: int, user_id: Any, message: Any = "") -> Invitation:
    """The committee asks a named person (the contract owner, say) for their perspective."""
    errors = FieldErrors()
    text = errors.text("message", message, max_len=MESSAGE_MAX, label="Message")
    try:
        invitee_id = int(user_id)
    except (TypeError, ValueError):
        errors.add("user_id", "Choose the person to invite.")
        invitee_id = 0
    errors.raise_if_any()
    with write_transaction() as session:
        concern = reviewer_concern(member, concern_id)
        if not policy.can_add_perspective(concern):
            raise Conflict("Invitations are possible only while the concern is open or in review.")
        invitee = session.get(User, invitee_id)
        if invitee is None or not invitee.active:
            raise Invalid("No such person.", {"user_id": "No such active person."})
        if session.scalar(select(Invitation.id).where(Invitation.concern_id == concern.id,
                                                      Invitation.user_id == invitee_id)):
            raise Conflict(f"{invitee.name} was already invited to this concern.")
        invitation = Invitation(concern_id=concern.id, user_id=invitee_id, invited_by_id=member.id, message=text)
        session.add(invitation)
        session.flush()
        audit.record(session, "perspective.invited", actor_id=member.id, concern_id=concern.id,
                     subject_user_id=invitee_id)
        notify(session, [invitee_id], kind="invited", concern=concern,
               message="the ethics committee invites your perspective" + (f": {text}" if text else ""))
        invitation_id = invitation.id
    return db.session.get(Invitation, invitation_id)  # type: ignore[return-value]


def invitations(member: User, concern_id: int) -> list[Invitation]:
    """Who the committee invited, and whether they answered."""
    concern = reviewer_concern(member, concern_id)
    query = select(Invitation).where(Invitation.concern_id == concern.id).order_by(Invitation.id)
    return list(db.session.scalars(query))
