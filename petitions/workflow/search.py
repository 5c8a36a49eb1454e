"""Finding concerns: the list rules (what may appear where) and full-text search.

Full-text search uses the database's own index: an FTS5 table on SQLite and GIN expression
indexes on PostgreSQL (both created by the migrations). ``q`` matches the title, summary,
body and the contract's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from petitions.extensions import db
from petitions.models import Concern, Contract, User
from petitions.workflow import wording
from petitions.workflow.errors import Invalid
from petitions.workflow.states import Status

SORTS = ("newest", "signatures", "due")
PER_PAGE_MAX = 100
_WORD = re.compile(r"\w+", re.UNICODE)

# The expression the PostgreSQL GIN indexes are built on; queries must use it verbatim.
PG_CONCERN_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(body, ''))"
PG_CONTRACT_DOCUMENT = "to_tsvector('english', coalesce(title, ''))"


def listable(viewer: User) -> Select[Any]:
    """Concerns that may appear in lists: no drafts, no concerns rejected as abusive."""
    abusive = and_(Concern.status == Status.REJECTED.value, Concern.rejection_reason_code == "abusive")
    return select(Concern).where(Concern.status != Status.DRAFT.value, ~abusive)


def _words(q: str) -> list[str]:
    return _WORD.findall(q)[:12]


def matches(q: str, *, any_word: bool = False) -> ColumnElement[bool]:
    """A condition true for concerns whose text or contract title matches ``q``."""
    words = _words(q)
    if not words:
        return literal_column("1") == literal_column("1")
    session: Session = db.session()
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        joiner = " | " if any_word else " & "
        tsquery = func.to_tsquery("english", joiner.join(f"{w}:*" for w in words))
        # literal_column, not text(): a TextClause has no operators (``.op``) in SQLAlchemy 2.1.
        concern_doc: Any = literal_column(PG_CONCERN_DOCUMENT.replace("title", "concerns.title")
                                     .replace("summary", "concerns.summary").replace("body", "concerns.body"))
        contract_doc: Any = literal_column(PG_CONTRACT_DOCUMENT.replace("title", "contracts.title"))
        contract_ids = select(Contract.id).where(contract_doc.op("@@")(tsquery))
        return or_(concern_doc.op("@@")(tsquery), Concern.contract_id.in_(contract_ids))
    # SQLite FTS5: each word quoted (so no FTS syntax leaks through) and prefix-matched.
    joiner = " OR " if any_word else " "
    expression = joiner.join('"' + w.replace('"', '""') + '"*' for w in words)
    concern_hits = text("SELECT rowid FROM concerns_fts WHERE concerns_fts MATCH :q1").bindparams(q1=expression)
    contract_hits = text("SELECT rowid FROM contracts_fts WHERE contracts_fts MATCH :q2").bindparams(q2=expression)
    return or_(Concern.id.in_(concern_hits), Concern.contract_id.in_(contract_hits))


@dataclass
class ConcernPage:
    """One page of a concern list."""

    items: list[Concern]
    total: int
    page: int
    per_page: int


def parse_paging(page: object, per_page: object, default_per_page: int = 20) -> tuple[int, int]:
    """Validate ``page`` (from 1) and ``per_page`` (1 to 100); a bad value is ``Invalid``."""
    fields = {}
    try:
        page_n = int(page) if page not in (None, "") else 1  # type: ignore[call-overload]
        if page_n < 1 or page_n > 100_000:
            raise ValueError
    except (TypeError, ValueError):
        fields["page"] = "page must be a whole number from 1."
        page_n = 1
    try:
        per_n = int(per_page) if per_page not in (None, "") else default_per_page  # type: ignore[call-overload]
        if not 1 <= per_n <= PER_PAGE_MAX:
            raise ValueError
    except (TypeError, ValueError):
        fields["per_page"] = f"per_page must be a whole number from 1 to {PER_PAGE_MAX}."
        per_n = default_per_page
    if fields:
        raise Invalid("Bad paging parameters.", fields)
    return page_n, per_n


def list_concerns(
    viewer: User,
    *,
    status: str = "",
    contract_id: object = None,
    q: str = "",
    sort: str = "newest",
    page: object = 1,
    per_page: object = 20,
    mine: bool = False,
) -> ConcernPage:
    """A page of concerns the viewer may see in lists, filtered, searched and sorted."""
    page_n, per_n = parse_paging(page, per_page)
    fields: dict[str, str] = {}
    if status and status not in {s.value for s in Status}:
        fields["status"] = "Unknown status."
    if sort not in SORTS:
        fields["sort"] = f"Order must be one of: {wording.choices(SORTS)}."
    contract_n = None
    if contract_id not in (None, ""):
        try:
            contract_n = int(contract_id)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            fields["contract_id"] = "contract_id must be a number."
    if q and len(q) > 200:
        fields["q"] = "Search at most 200 characters."
    if fields:
        raise Invalid("Bad list parameters.", fields)

    query: Select[Any] = (
        select(Concern).where(Concern.author_id == viewer.id) if mine else listable(viewer)
    )
    if status:
        query = query.where(Concern.status == status)
    if contract_n is not None:
        query = query.where(Concern.contract_id == contract_n)
    if q.strip():
        query = query.where(matches(q))
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    orders: dict[str, list[Any]] = {
        "newest": [Concern.published_at.desc().nulls_first(), Concern.id.desc()],
        "signatures": [Concern.signature_count.desc(), Concern.id.desc()],
        "due": [Concern.due_at.is_(None), Concern.due_at.asc(), Concern.id.asc()],
    }
    items = db.session.scalars(query.order_by(*orders[sort]).limit(per_n).offset((page_n - 1) * per_n))
    return ConcernPage(list(items), total, page_n, per_n)
