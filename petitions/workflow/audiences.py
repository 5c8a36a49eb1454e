"""Who is told of which event: the audience table, as the design states it, and its look-up.

Services call ``recipients(session, kind, ...)`` and pass the result to ``notify``; no service
builds a recipient list by hand. Anonymous signers are never in an audience: their rows carry
no user id, and a message would link them to the concern.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from petitions.models import Concern
from petitions.notifications import named_signer_ids, role_ids
from petitions.vocabulary import Role

AUTHOR = "author"
NAMED_SIGNERS = "named_signers"  # public and committee-only signers, never anonymous ones
COMMITTEE = "committee"  # every active committee member
REVIEWERS = "reviewers"  # active committee members not recused from the concern
LEADERSHIP = "leadership"

# The event -> who is told.
AUDIENCES: dict[str, tuple[str, ...]] = {
    "routed": (AUTHOR, NAMED_SIGNERS, COMMITTEE),  # threshold reached, or referred early
    "acknowledged": (AUTHOR,),
    "rejected": (AUTHOR,),
    "restored": (AUTHOR,),
    "closed": (AUTHOR, NAMED_SIGNERS),
    "decided": (LEADERSHIP,),
    "dissent": (COMMITTEE,),
    "responded": (AUTHOR, NAMED_SIGNERS, COMMITTEE),  # by leadership, or published automatically
    "addendum": (AUTHOR, NAMED_SIGNERS, COMMITTEE),
    "overdue_review": (REVIEWERS,),
    "overdue_response": (LEADERSHIP,),
    "role_granted": (COMMITTEE,),
    "reconsider": (REVIEWERS,),  # the author asks the committee to reconsider a rejection
    "commitment": (AUTHOR, NAMED_SIGNERS),  # a commitment done or overdue
    "backup_restored": (COMMITTEE,),
    "audit_digest": (COMMITTEE,),  # the chain's head, mailed daily (``audit_anchor.mail_digest``)
}


def recipients(
    session: Session, kind: str, concern: Concern | None = None, *, author_id: int | None = None,
    concern_id: int | None = None, actor_id: int | None = None,
) -> list[int]:
    """The people ``AUDIENCES[kind]`` names for this concern; ``actor_id``, when given, is left out."""
    concern_id = concern.id if concern is not None else concern_id
    author_id = concern.author_id if concern is not None else author_id
    people: list[int] = []
    for group in AUDIENCES[kind]:
        people.extend(_members(session, group, concern, concern_id, author_id))
    return [uid for uid in dict.fromkeys(people) if uid != actor_id]


def _members(session: Session, group: str, concern: Concern | None, concern_id: int | None,
             author_id: int | None) -> Iterable[int]:
    if group == AUTHOR:
        return [author_id] if author_id is not None else []
    if group == NAMED_SIGNERS:
        return named_signer_ids(session, concern_id) if concern_id is not None else []
    if group == COMMITTEE:
        return role_ids(session, Role.COMMITTEE)
    if group == REVIEWERS:
        recused = concern.recused_user_ids if concern is not None else frozenset()
        return [uid for uid in role_ids(session, Role.COMMITTEE) if uid not in recused]
    if group == LEADERSHIP:
        return role_ids(session, Role.LEADERSHIP)
    raise KeyError(group)
