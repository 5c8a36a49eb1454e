"""Personal feed keys: follow the register and a concern in a feed reader, without a session.

A key reads what its owner may see, nothing more: the register (published outcomes, which every
employee may read) and the steps of a concern its owner may see. Reading a feed writes nothing,
so following leaves no trace of who follows what. A deactivated owner's key reads nothing, and
revoking deletes the key, so the old address is a 404 at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern, Decision, FeedKey, Response, User
from petitions.workflow import decisions, responses, standing
from petitions.workflow.errors import NotFound
from petitions.workflow.visible import concern_for

KEY_BYTES = 32


def key_of(user: User) -> str | None:
    """The person's live feed key, if they made one."""
    return db.session.scalar(select(FeedKey.key).where(FeedKey.user_id == user.id))


def new_key(user: User) -> str:
    """Make the person's feed key, replacing any earlier one (which stops working at once)."""
    key = secrets.token_urlsafe(KEY_BYTES)
    with write_transaction() as session:
        session.execute(delete(FeedKey).where(FeedKey.user_id == user.id))
        session.add(FeedKey(user_id=user.id, key=key))
    return key


def revoke(user: User) -> bool:
    """Delete the person's feed key; ``False`` if there was none."""
    with write_transaction() as session:
        result = session.execute(delete(FeedKey).where(FeedKey.user_id == user.id))
    return bool(getattr(result, "rowcount", 0))


def owner(key: str) -> User:
    """The active person a key belongs to; ``NotFound`` for an unknown, revoked or deactivated one."""
    if not key or len(key) > 64:
        raise NotFound("No such feed.")
    user = db.session.scalar(select(User).join(FeedKey, FeedKey.user_id == User.id).where(FeedKey.key == key))
    if user is None or not user.active:
        raise NotFound("No such feed.")
    return user


@dataclass
class ConcernFeed:
    """A concern's steps, and its decision and response where the key's owner may see them."""

    concern: Concern
    where: standing.Standing
    decision: Decision | None
    response: Response | None


def concern_feed(key: str, concern_id: int) -> ConcernFeed:
    """What a key's owner may follow of one concern (``NotFound`` if they may not see it)."""
    reader = owner(key)
    concern = concern_for(reader, concern_id)
    decision = decisions.decision_for(reader, concern)
    response = responses.response_for(reader, concern) if decision is not None else None
    return ConcernFeed(concern, standing.standing(reader, concern, signed=False), decision, response)
