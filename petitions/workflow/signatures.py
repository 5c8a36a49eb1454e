"""Signing, withdrawing a signature, and reading signatures as the visibility table allows.

A signature is one short transaction: insert the row (the database refuses a second one per
signer and concern), bump the counts in one atomic UPDATE guarded by the state, and route the
concern to the committee in the same transaction if that signature reached the threshold.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import Date, DateTime, bindparam, delete, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern, Signature, User
from petitions.vocabulary import Visibility
from petitions.workflow import policy, schedule, transitions
from petitions.workflow.errors import Conflict, NotFound
from petitions.workflow.states import SIGNABLE, Status
from petitions.workflow.text import STATEMENT_MAX, FieldErrors

_SIGNABLE = [s.value for s in SIGNABLE]
_COUNT_COLUMN = {"public": "count_public", "committee": "count_committee", "anonymous": "count_anonymous"}

# The two statements of a signature, written once: signing is the hottest path in the app.
_SIGNABLE_SQL = ", ".join(f"'{state}'" for state in sorted(_SIGNABLE))
_BUMP = {
    vis: text(
        f"UPDATE concerns SET signature_count = signature_count + 1, {column} = {column} + 1 "  # noqa: S608
        f"WHERE id = :id AND status IN ({_SIGNABLE_SQL}) RETURNING signature_count, status, review_threshold, "
        "count_public, count_committee, count_anonymous"
    )  # built from the constants above, never from input
    for vis, column in _COUNT_COLUMN.items()
}
_INSERT = text(
    "INSERT INTO signatures (concern_id, signer_hash, user_id, visibility, statement, department, location, "
    "signed_at, signed_on) VALUES (:concern_id, :signer_hash, :user_id, :visibility, :statement, :department, "
    ":location, :signed_at, :signed_on)"
).bindparams(bindparam("signed_at", type_=DateTime()), bindparam("signed_on", type_=Date()))


def signer_hash(user_id: int, concern_id: int) -> str:
    """HMAC(key, user id and concern id): the same signer always maps to the same value."""
    key = current_app.config["SIGNATURE_KEY"].encode()
    return hmac.new(key, f"{user_id}:{concern_id}".encode(), hashlib.sha256).hexdigest()


def signer_profile(user: User, visibility: str) -> tuple[str | None, str | None]:
    """Department and location at signing time; anonymous signatures carry neither."""
    if visibility == Visibility.ANONYMOUS:
        return None, None
    return user.department, user.location


@dataclass
class _Head:
    """The few columns signing needs, read without loading the whole concern graph."""

    id: int
    status: str
    author_id: int
    author_visibility: str
    rejection_reason_code: str | None
    recused_user_ids: frozenset[int] = frozenset()


def _head(session: Session, viewer: User, concern_id: int) -> _Head:
    """The concern's state for signing, or ``NotFound`` if the viewer may not see it."""
    row = session.execute(
        select(Concern.id, Concern.status, Concern.author_id, Concern.author_visibility,
               Concern.rejection_reason_code).where(Concern.id == concern_id)
    ).one_or_none()
    head = _Head(*row) if row is not None else None
    if head is None or not policy.can_view_concern(viewer, head):
        raise NotFound("No such concern.")
    return head


@dataclass
class SignResult:
    """What a signature did to its concern."""

    concern_id: int
    signature_count: int
    status: str
    routed: bool
    visibility: str
    statement: str
    signed_at: datetime
    review_threshold: int | None
    counts: dict[str, int]


def sign(user: User, concern_id: int, visibility: object, statement: object = "") -> SignResult:
    """Co-sign a concern. Already signed, or signing closed, is a ``Conflict``."""
    errors = FieldErrors()
    if visibility in (None, ""):
        errors.add("visibility", "Choose who may see your name: public, committee or anonymous.")
    else:
        visibility = errors.choice("visibility", visibility, Visibility, label="Visibility")
    words = errors.text("statement", statement, max_len=STATEMENT_MAX)
    errors.raise_if_any()
    vis = str(visibility)
    now = utcnow()
    # An anonymous signature keeps only the day, so its time cannot be matched to logs.
    signed_at = datetime(now.year, now.month, now.day) if vis == "anonymous" else now
    department, location = signer_profile(user, vis)
    values = {
        "concern_id": concern_id, "signer_hash": signer_hash(user.id, concern_id),
        "user_id": None if vis == "anonymous" else user.id, "visibility": vis, "statement": words,
        "department": department, "location": location, "signed_at": signed_at, "signed_on": signed_at.date(),
    }
    try:
        with write_transaction() as session:
            # The count goes up only if signing is possible; every signable concern is visible
            # to every employee (tests/unit/test_policy.py holds that), so no read comes first.
            row = session.execute(_BUMP[vis], {"id": concern_id}).one_or_none()
            if row is None:
                concern = _head(session, user, concern_id)  # 404 if unseen, else closed
                raise Conflict(f"Signing is closed: this concern is {concern.status.replace('_', ' ')}.")
            session.execute(_INSERT, values)
            count, status, threshold, *by_visibility = row
            routed = status == Status.OPEN and threshold is not None and count >= threshold
            if routed:
                route(session, concern_id)
                status = Status.IN_REVIEW.value
    except IntegrityError:
        raise Conflict("You have already signed this concern.") from None
    counts = dict(zip(("public", "committee", "anonymous"), by_visibility, strict=True)) | {"total": count}
    return SignResult(concern_id, count, status, routed, vis, words, signed_at, threshold, counts)


def withdraw(user: User, concern_id: int) -> int:
    """Withdraw one's own signature while signing is possible. Returns the new count."""
    with write_transaction() as session:
        concern = _head(session, user, concern_id)
        if not policy.can_sign(concern):
            raise Conflict(f"Signatures can no longer be withdrawn: this concern is {concern.status.replace('_', ' ')}.")
        removed = session.execute(
            delete(Signature)
            .where(Signature.signer_hash == signer_hash(user.id, concern.id), Signature.concern_id == concern.id)
            .returning(Signature.visibility)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if removed is None:
            raise NotFound("You have not signed this concern.")
        column = getattr(Concern, _COUNT_COLUMN[removed])
        count = session.execute(
            update(Concern)
            .where(Concern.id == concern.id)
            .values({Concern.signature_count: Concern.signature_count - 1, column: column - 1})
            .returning(Concern.signature_count)
            .execution_options(synchronize_session=False)
        ).scalar_one()
    return int(count)


def route(session: Session, concern_id: int) -> bool:
    """Open to in_review (the threshold was reached), inside the caller's transaction."""
    now = utcnow()
    moved = transitions.guarded_move(
        session, concern_id, "route", Status.OPEN,
        values={"routed_at": now, "updated_at": now, "due_at": schedule.due("acknowledge", now)},
        event="concern.routed", kind="routed", message="reached its review threshold and went to the ethics committee",
    )
    return moved is not None


def mine(user: User, concern: Concern) -> Signature | None:
    """The viewer's own signature on this concern, whatever its visibility."""
    query = select(Signature).where(
        Signature.signer_hash == signer_hash(user.id, concern.id), Signature.concern_id == concern.id
    )
    return db.session.scalar(query)


def signed_ids(user: User, concern_ids: list[int]) -> set[int]:
    """Which of these concerns the user has signed (anonymous signatures included)."""
    found: set[int] = set()
    for start in range(0, len(concern_ids), 500):
        chunk = concern_ids[start : start + 500]
        hashes = [signer_hash(user.id, cid) for cid in chunk]
        found.update(db.session.scalars(select(Signature.concern_id).where(Signature.signer_hash.in_(hashes))))
    return found


def my_signatures(user: User, limit: int = 200) -> list[tuple[Concern, Signature]]:
    """The concerns the user signed, newest concern first.

    Anonymous rows hold no user id, so we recompute the keyed hash for every published
    concern and look the hashes up in chunks; the cost grows with concerns, not signatures.
    """
    ids = list(db.session.scalars(
        select(Concern.id).where(Concern.status != Status.DRAFT.value).order_by(Concern.id.desc())
    ))
    result: list[tuple[Concern, Signature]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        hashes = [signer_hash(user.id, cid) for cid in chunk]
        rows = db.session.execute(
            select(Concern, Signature)
            .join(Signature, Signature.concern_id == Concern.id)
            .where(Signature.signer_hash.in_(hashes))
            .order_by(Concern.id.desc())
        ).all()
        result.extend((c, s) for c, s in rows if policy.can_view_concern(user, c))
        if len(result) >= limit:
            break
    return result[:limit]
