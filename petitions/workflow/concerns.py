"""A concern's own transitions: draft, edit, publish, withdraw.

Each public function is one service call: it checks permission and state, changes the row,
writes an audit event, queues notifications and commits once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern, Contract, Signature, User
from petitions.vocabulary import AuthorVisibility, Status
from petitions.workflow import audit, policy, schedule, settings, transitions
from petitions.workflow.errors import Conflict, Forbidden
from petitions.workflow.signatures import route, signer_hash, signer_profile
from petitions.workflow.text import BODY_MAX, REQUESTED_ACTION_MAX, SUMMARY_MAX, TITLE_MAX, FieldErrors
from petitions.workflow.visible import concern_for

if TYPE_CHECKING:
    from petitions.workflow.similar import Match

EDITABLE = ("title", "summary", "body", "requested_action", "contract_id", "author_visibility")


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate concern fields; unknown keys are ignored, never applied."""
    errors = FieldErrors()
    out: dict[str, Any] = {}
    fields = [f for f in EDITABLE if f in data] if partial else list(EDITABLE)
    for field in fields:
        raw = data.get(field)
        if field == "title":
            out[field] = errors.text(field, raw, max_len=TITLE_MAX, required=True)
        elif field == "summary":
            out[field] = errors.text(field, raw, max_len=SUMMARY_MAX, required=True)
        elif field == "body":
            out[field] = errors.text(field, raw, max_len=BODY_MAX, required=True)
        elif field == "requested_action":
            out[field] = errors.text(field, raw, max_len=REQUESTED_ACTION_MAX)
        elif field == "author_visibility":
            out[field] = errors.choice(field, raw or "named", AuthorVisibility, label="Authorship")
        elif field == "contract_id":
            out[field] = _contract_id(errors, raw)
    errors.raise_if_any()
    return out


def _contract_id(errors: FieldErrors, raw: Any) -> int | None:
    if raw in (None, ""):
        errors.add("contract_id", "Choose the contract this concern is about.")
        return None
    if isinstance(raw, bool):
        errors.add("contract_id", "Contract must be a contract's id.")
        return None
    try:
        contract_id = int(raw)
    except (TypeError, ValueError):
        errors.add("contract_id", "Contract must be a contract's id.")
        return None
    if db.session.get(Contract, contract_id) is None:
        errors.add("contract_id", "No such contract.")
        return None
    return contract_id


def create(author: User, data: dict[str, Any], *, publish: bool = False) -> Concern:
    """Save a draft, or create and publish in one step (with the author's own signature)."""
    values = _clean(data, partial=False)
    with write_transaction() as session:
        concern = Concern(author_id=author.id, status=Status.DRAFT.value, **values)
        session.add(concern)
        session.flush()
        audit.record(session, "concern.drafted", actor_id=author.id, concern_id=concern.id)
        if publish:
            _publish(session, author, concern)
    return concern


def update_draft(author: User, concern_id: int, data: dict[str, Any]) -> Concern:
    """The author edits their draft; only the fields sent change."""
    concern = concern_for(author, concern_id)
    if not policy.can_edit(author, concern):
        raise Conflict("Only a draft can be edited.") if policy.is_author(author, concern) else Forbidden(
            "Only the author edits a concern.")
    values = _clean(data, partial=True)
    with write_transaction():
        concern = concern_for(author, concern_id)
        if not policy.can_edit(author, concern):
            raise Conflict("Only a draft can be edited.")
        for key, value in values.items():
            setattr(concern, key, value)
        concern.updated_at = utcnow()
    return concern


def publish(author: User, concern_id: int) -> Concern:
    """Draft to open: the signing window starts and the author's signature is recorded."""
    with write_transaction() as session:
        concern = concern_for(author, concern_id)
        if not policy.is_author(author, concern):
            raise Forbidden("Only the author publishes a concern.")
        _publish(session, author, concern)
    return concern


def _publish(session: Any, author: User, concern: Concern) -> None:
    """Open the concern and sign it for its author (inside the caller's transaction)."""
    now = utcnow()
    threshold = int(settings.get("REVIEW_THRESHOLD"))
    transitions.apply(author, concern, "publish")
    concern.published_at = now
    concern.updated_at = now
    concern.review_threshold = threshold
    concern.due_at = schedule.due("sign", now)
    visibility = "public" if concern.author_visibility == "named" else "committee"
    department, location = signer_profile(author, visibility)
    session.add(Signature(
        concern_id=concern.id, signer_hash=signer_hash(author.id, concern.id), user_id=author.id,
        visibility=visibility, department=department, location=location, signed_at=now, signed_on=now.date(),
    ))
    concern.signature_count = 1
    concern.count_public = int(visibility == "public")
    concern.count_committee = int(visibility == "committee")
    audit.record(session, "concern.published", actor_id=author.id, concern_id=concern.id)
    if threshold <= 1:
        route(session, concern.id)


def withdraw(author: User, concern_id: int) -> Concern:
    """Open to withdrawn, by the author. The concern stays readable."""
    with write_transaction() as session:
        concern = concern_for(author, concern_id)
        if not policy.is_author(author, concern):
            raise Forbidden("Only the author withdraws a concern.")
        transitions.apply(author, concern, "withdraw")
        concern.withdrawn_at = concern.updated_at = utcnow()
        concern.due_at = None
        audit.record(session, "concern.withdrawn", actor_id=author.id, concern_id=concern.id)
    return concern


def similar(contract_id: int | None, title: str, viewer: User, *, exclude_id: int | None = None) -> list[Match]:
    """Concerns a new author should look at first: same contract (labelled), then the closest texts."""
    from petitions.workflow import similar as similar_concerns

    return similar_concerns.find(viewer, contract_id, title, exclude_id=exclude_id)


def mine(author: User) -> list[Concern]:
    """The author's own concerns, drafts included, newest first."""
    query = select(Concern).where(Concern.author_id == author.id).order_by(Concern.id.desc()).limit(500)
    return list(db.session.scalars(query))
