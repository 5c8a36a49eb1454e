"""The one paginator: parse paging input, page a query in the database or a bounded list in memory.

No list is capped silently: a list a service bounds (a queue, a thread) says so with
``Page.capped``, and the API passes that on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, literal_column, select

from petitions.extensions import db
from petitions.workflow.errors import Invalid

T = TypeVar("T")
PER_PAGE_MAX = 100
PAGE_MAX = 100_000


@dataclass
class Page(Generic[T]):
    """One page of a list: its items, how many there are in all, and where this page is."""

    items: list[T]
    total: int
    page: int
    per_page: int
    capped: bool = False  # ``total`` counts only the first rows of a list the service bounds


def parse_paging(page: object, per_page: object, default_per_page: int = 20) -> tuple[int, int]:
    """Validate ``page`` (from 1) and ``per_page`` (1 to 100); a bad value is ``Invalid``."""
    fields = {}
    try:
        page_n = int(page) if page not in (None, "") else 1  # type: ignore[call-overload]
        if page_n < 1 or page_n > PAGE_MAX:
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


def paginate(query: Select[Any], page: int, per_page: int, *, rows: bool = False) -> Page[Any]:
    """Count the whole query, then fetch one page of it (entities, or whole rows with ``rows``)."""
    # Count rows, not columns: selecting every column of a wide row (a concern's body) in the
    # subquery made the database read each whole row just to count it.
    narrow: Select[Any] = query.order_by(None).with_only_columns(literal_column("1"), maintain_column_froms=True)
    total = db.session.scalar(select(func.count()).select_from(narrow.subquery())) or 0
    window = query.limit(per_page).offset((page - 1) * per_page)
    items = list(db.session.execute(window).all()) if rows else list(db.session.scalars(window))
    return Page(items, total, page, per_page)


def page_list(items: Sequence[T], page: int, per_page: int, *, cap: int | None = None) -> Page[T]:
    """One page of a list the service returned whole; ``cap`` is the bound the service applied."""
    start = (page - 1) * per_page
    capped = cap is not None and len(items) >= cap
    return Page(list(items[start : start + per_page]), len(items), page, per_page, capped)
