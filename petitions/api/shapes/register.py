"""The published register: its query and its rows.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from petitions import vocabulary as v
from petitions.api.shapes.common import SEARCH_MAX, Id, OneOf, Paging, limit, utc
from petitions.workflow.register import Outcome


class ConcernRef(BaseModel):
    """The concern a register entry is about."""

    id: int
    title: str


class ContractRef(BaseModel):
    """The contract a register entry is about, with its current status."""

    id: int
    title: str
    status: str


class OutcomeOut(BaseModel):
    """One published outcome in the register."""

    concern: ConcernRef
    contract: ContractRef
    outcome: str
    stance: str | None = Field(description="Null when `automatic`.")
    automatic: bool = Field(description="Published without a leadership response in time.")
    diverges: bool | None = Field(
        description="Whether leadership's stance departs from the outcome; null when automatic."
    )
    divergence: str = Field(description="agrees, partly_diverges, diverges or no_response")
    responded_at: datetime
    days_to_acknowledge: float | None
    days_to_decide: float | None
    days_to_respond: float | None


class RegisterList(BaseModel):
    """A page of the register, newest publication first."""

    items: list[OutcomeOut]
    total: int
    page: int
    per_page: int


def outcome(item: Outcome) -> OutcomeOut:
    """A register entry."""
    return OutcomeOut(
        concern=ConcernRef(id=item.concern_id, title=item.title),
        contract=ContractRef(id=item.contract_id, title=item.contract_title, status=item.contract_status),
        outcome=item.outcome,
        stance=item.stance,
        automatic=item.automatic,
        diverges=item.diverges,
        divergence=item.divergence,
        responded_at=utc(item.responded_at),
        days_to_acknowledge=item.days_to_acknowledge,
        days_to_decide=item.days_to_decide,
        days_to_respond=item.days_to_respond,
    )


class RegisterQuery(Paging):
    """Filters of the published register."""

    contract_id: Id | None = None
    outcome: Annotated[Any, OneOf(v.Outcome)] | None = None
    stance: Annotated[Any, OneOf((*v.Stance, "automatic"))] | None = Field(
        None, description="`automatic`: published without a leadership response in time."
    )
    year: int | None = Field(None, ge=2000, le=9999, description="The year of publication.")
    q: Annotated[str, limit(SEARCH_MAX)] = Field("", description="Words in the title, summary, body or contract title.")
