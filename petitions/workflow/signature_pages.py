"""Reading a concern's signatures, a page at a time, as the visibility table allows.

Order: by day, newest first, then by the keyed signer hash. Within a day that order is unrelated
to the order of signing (the hash is an HMAC of the signer and the concern), so a list cannot
place an anonymous signature between two timed public ones; ids are never used.

Paging is by cursor (keyset): the cursor names the last (day, hash) seen, and the next page is
the rows after it in the index ``ix_signatures_concern_id_signed_on_signer_hash``, so the last
page of a million costs what the first does. ``page`` numbers still work (an offset, for
shallow pages and old links); deep pages should follow ``next_cursor``.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern, Signature, User
from petitions.vocabulary import Visibility
from petitions.workflow import audit, policy
from petitions.workflow.errors import Invalid
from petitions.workflow.paging import PAGE_MAX, PER_PAGE_MAX
from petitions.workflow.signatures import signer_hash

_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})\.([0-9a-f]{64})$")
_BAD_CURSOR = "This cursor is not one this list gave out; start again from the first page."


@dataclass
class SignatureView:
    """A signature as one viewer may see it."""

    name: str | None
    visibility: str
    statement: str
    signed_on: date
    mine: bool


@dataclass
class SignaturePage:
    """A page of signatures with the counts by visibility and the cursor of the next page."""

    items: list[SignatureView]
    total: int
    counts: dict[str, int]
    page: int | None  # None when the page was reached by cursor
    per_page: int
    next_cursor: str | None = None


def counts(concern: Concern) -> dict[str, int]:
    """Current signatures by visibility (kept in the concern row)."""
    return {
        "public": concern.count_public,
        "committee": concern.count_committee,
        "anonymous": concern.count_anonymous,
        "total": concern.signature_count,
    }


def encode_cursor(day: date, row_hash: str) -> str:
    """The position after a row: its day and its signer hash, base64url without padding."""
    return base64.urlsafe_b64encode(f"{day.isoformat()}.{row_hash}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, str]:
    """The (day, hash) a cursor names; anything else is ``Invalid`` (a 400)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        match = _CURSOR.match(raw)
        if len(cursor) > 120 or match is None:
            raise ValueError
        return date.fromisoformat(match.group(1)), match.group(2)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Invalid("Bad cursor.", {"cursor": _BAD_CURSOR}) from None


def page_of(
    viewer: User, concern: Concern, page: int = 1, per_page: int = 20, cursor: str | None = None
) -> SignaturePage:
    """One page of signatures, names only where the visibility table allows.

    A reviewer seeing committee-only names is recorded in the audit log each time.
    """
    if page < 1 or page > PAGE_MAX or not 1 <= per_page <= PER_PAGE_MAX:
        raise Invalid("Bad page.", {"page": "Pages start at 1; per_page is 1 to 100."})
    query = (
        select(Signature.visibility, Signature.statement, Signature.signed_on, Signature.signer_hash, User.name)
        .outerjoin(User, User.id == Signature.user_id)
        .where(Signature.concern_id == concern.id)
        .order_by(Signature.signed_on.desc(), Signature.signer_hash.desc())
        .limit(per_page + 1)  # one more tells whether there is a next page
    )
    if cursor:
        day, after = decode_cursor(cursor)
        query = query.where(or_(Signature.signed_on < day, and_(Signature.signed_on == day, Signature.signer_hash < after)))
    elif page > 1:
        query = query.offset((page - 1) * per_page)
    rows = db.session.execute(query).all()
    more, rows = len(rows) > per_page, rows[:per_page]
    own = signer_hash(viewer.id, concern.id)
    items: list[SignatureView] = []
    revealed = 0
    for visibility, statement, signed_on, row_hash, name in rows:
        shown = policy.can_see_signer(viewer, visibility, concern)
        revealed += shown and visibility == Visibility.COMMITTEE
        items.append(SignatureView(name=name if shown else None, visibility=visibility, statement=statement,
                                   signed_on=signed_on, mine=row_hash == own))
    next_cursor = encode_cursor(rows[-1][2], rows[-1][3]) if more else None
    total, by_visibility = concern.signature_count, counts(concern)  # before a commit expires the concern
    if revealed:
        concern_id = concern.id
        with write_transaction() as session:
            audit.record(session, "signers.viewed", actor_id=viewer.id, concern_id=concern_id,
                         detail={"page": None if cursor else page, "committee_names_shown": revealed})
    return SignaturePage(items, total, by_visibility, None if cursor else page, per_page, next_cursor)
