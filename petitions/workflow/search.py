"""Finding concerns: the list rules (what may appear where) and full-text search.

Full-text search uses the database's own index: an FTS5 table on SQLite and GIN expression
indexes on PostgreSQL (both created by the migrations). ``q`` matches the title, summary,
body and the contract's title.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, text, union
from sqlalchemy.orm import Session

from petitions.extensions import db
from petitions.models import Concern, Contract, User
from petitions.vocabulary import RejectionCode, Sort
from petitions.workflow.errors import Invalid
from petitions.workflow.paging import Page, paginate, parse_paging
from petitions.workflow.states import Status
from petitions.workflow.text import FieldErrors

SORTS = Sort.values()
_WORD = re.compile(r"\w+", re.UNICODE)

# The expression the PostgreSQL GIN indexes are built on; queries must use it verbatim.
PG_CONCERN_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(body, ''))"
PG_CONTRACT_DOCUMENT = "to_tsvector('english', coalesce(title, ''))"


def listable(viewer: User) -> Select[Any]:
    """Concerns that may appear in lists: no drafts, no concerns rejected as abusive."""
    abusive = and_(Concern.status == Status.REJECTED.value, Concern.rejection_reason_code == RejectionCode.ABUSIVE.value)
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
        # A union of ids, not an OR: each side uses its own index (the GIN index on the concern's
        # text, the contract id index); an OR made PostgreSQL compute every row's document.
        by_text = select(Concern.id).where(concern_doc.op("@@")(tsquery))
        by_contract = select(Concern.id).where(Concern.contract_id.in_(contract_ids))
        return Concern.id.in_(union(by_text, by_contract))
    # SQLite FTS5: each word quoted (so no FTS syntax leaks through) and prefix-matched.
    joiner = " OR " if any_word else " "
    expression = joiner.join('"' + w.replace('"', '""') + '"*' for w in words)
    concern_hits = text("SELECT rowid FROM concerns_fts WHERE concerns_fts MATCH :q1").bindparams(q1=expression)
    contract_hits = text("SELECT rowid FROM contracts_fts WHERE contracts_fts MATCH :q2").bindparams(q2=expression)
    return or_(Concern.id.in_(concern_hits), Concern.contract_id.in_(contract_hits))


ConcernPage = Page  # one page of a concern list


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
) -> Page[Concern]:
    """A page of concerns the viewer may see in lists, filtered, searched and sorted."""
    page_n, per_n = parse_paging(page, per_page)
    fields: dict[str, str] = {}
    if status and status not in {s.value for s in Status}:
        fields["status"] = "Unknown status."
    if sort not in SORTS:
        fields["sort"] = f"Order must be one of: {Sort.spelled()}."
    contract_n = None
    if contract_id not in (None, ""):
        try:
            contract_n = int(contract_id)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            fields["contract_id"] = "contract_id must be a number."
    words = FieldErrors()
    q = words.search("q", q)
    fields.update(words.errors)
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
    orders: dict[str, list[Any]] = {
        "newest": [Concern.published_at.desc().nulls_first(), Concern.id.desc()],
        "signatures": [Concern.signature_count.desc(), Concern.id.desc()],
        "due": [Concern.due_at.is_(None), Concern.due_at.asc(), Concern.id.asc()],
    }
    return paginate(query.order_by(*orders[sort]), page_n, per_n)
