"""The author of a rejected concern asks the committee to reconsider; it goes to the top of moderation."""

from __future__ import annotations

from typing import Any

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.models import Concern, User
from petitions.notifications import notify
from petitions.workflow import audit, policy
from petitions.workflow.audiences import recipients
from petitions.workflow.errors import Conflict, Forbidden
from petitions.workflow.text import STATEMENT_MAX, FieldErrors
from petitions.workflow.visible import concern_for


def request(author: User, concern_id: int, reason: Any) -> Concern:
    """Record the request (once per rejection) and tell the committee (not recused)."""
    errors = FieldErrors()
    text = errors.text("reason", reason, max_len=STATEMENT_MAX, required=True, label="Why the committee should "
                       "look again")
    errors.raise_if_any()
    with write_transaction() as session:
        concern = concern_for(author, concern_id)
        if not policy.is_author(author, concern):
            raise Forbidden("Only the author asks the committee to reconsider.")
        asked = concern.reconsider_requested_at is not None
        if not policy.can_request_reconsideration(author, concern, asked):
            raise Conflict("You already asked the committee to reconsider." if asked
                           else "Only a rejected concern can be reconsidered.")
        concern.reconsider_requested_at = concern.updated_at = utcnow()
        concern.reconsider_reason = text
        # A committee-only author is never named in the log (the design's audit rule).
        actor = author.id if concern.author_visibility == "named" else None
        audit.record(session, "concern.reconsider_requested", actor_id=actor, concern_id=concern.id)
        people = recipients(session, "reconsider", concern)
        notify(session, people, kind="reconsider", concern=concern,
               message="its author asks the ethics committee to reconsider the rejection")
    return concern
