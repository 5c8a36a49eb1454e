"""Perspectives and breakdowns: requests and answers.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from petitions import vocabulary as v
from petitions.api.shapes.common import AuthorVisibility, OneOf, QueryString, RequestBody, Statement, required, utc
from petitions.workflow.breakdown import DIMENSIONS, Breakdown
from petitions.workflow.perspectives import PerspectiveView


class GroupOut(BaseModel):
    """One department or location."""

    name: str
    count: int


class BreakdownOut(BaseModel):
    """Public and committee-visibility signatures by department or location, k-anonymous."""

    by: str
    groups: list[GroupOut]
    smaller_groups: int = Field(
        description="Committee-only signatures not shown in a named group (in groups of fewer than `k`), one line."
    )
    anonymous: int = Field(description="Anonymous signatures, one line: they carry neither field.")
    total: int
    k: int


class PerspectiveOut(BaseModel):
    """A perspective as the caller may see it."""

    id: int
    stance: str = Field(description="for_concern, for_contract or other")
    body: str
    visibility: str
    author_name: str | None = Field(
        description="Null when the perspective is committee-only and hidden from the caller."
    )
    invited: bool = Field(description="Written in answer to the committee's invitation.")
    created_at: datetime
    mine: bool


class PerspectiveList(BaseModel):
    """Every point of view on a concern, oldest first."""

    items: list[PerspectiveOut]
    total: int
    capped: bool = Field(False, description="True when the list reached the bound the service keeps; `total` then counts only that many.")
    page: int
    per_page: int


def breakdown(item: Breakdown) -> BreakdownOut:
    """A breakdown as the service shaped it for the caller."""
    return BreakdownOut(
        by=item.by,
        groups=[GroupOut(name=name, count=count) for name, count in item.groups],
        smaller_groups=item.smaller,
        anonymous=item.anonymous,
        total=item.total,
        k=item.k,
    )


def perspective(view: PerspectiveView) -> PerspectiveOut:
    """A perspective already filtered by ``perspectives.for_concern``."""
    return PerspectiveOut(
        id=view.id,
        stance=view.stance,
        body=view.body,
        visibility=view.visibility,
        author_name=view.author_name,
        invited=view.invited,
        created_at=utc(view.created_at),
        mine=view.mine,
    )


class PerspectiveCreate(RequestBody):
    """A point of view on the record, while the concern is open or in review."""

    stance: Annotated[Any, OneOf(v.PerspectiveStance)] = required()
    body: Statement = required()
    visibility: AuthorVisibility = Field(
        "named", description="`named`: everyone sees your name; `committee`: only you and the committee."
    )


class BreakdownQuery(QueryString):
    """Which breakdown."""

    by: Annotated[Any, OneOf(DIMENSIONS)] = "department"
