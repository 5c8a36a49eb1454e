"""The contract registry's request and response shapes, and how a contract is filled.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from petitions.api.shapes.common import (
    SEARCH_MAX,
    Amount,
    ContractStatus,
    Counterparty,
    Currency,
    Description,
    Id,
    Paging,
    Person,
    RequestBody,
    Title,
    limit,
    required,
    utc,
)
from petitions.models import (
    Contract,
)


class ContractBrief(BaseModel):
    """A contract as it appears inside a concern."""

    id: int
    title: str
    counterparty: str
    status: str


class ContractOut(ContractBrief):
    """A contract in the registry."""

    description: str
    value: str | None = Field(description='A decimal string, such as "1250000.00".')
    currency: str | None
    starts_on: date | None
    ends_on: date | None
    owner: Person | None
    created_at: datetime
    updated_at: datetime


class ContractList(BaseModel):
    """A page of contracts."""

    items: list[ContractOut]
    total: int
    page: int
    per_page: int


def contract_brief(contract: Contract) -> ContractBrief:
    """The contract fields a concern shows."""
    return ContractBrief(
        id=contract.id, title=contract.title, counterparty=contract.counterparty, status=contract.status
    )


def contract(item: Contract) -> ContractOut:
    """A registry entry."""
    owner = item.owner
    return ContractOut(
        **contract_brief(item).model_dump(),
        description=item.description or "",
        value=None if item.value is None else f"{item.value:.2f}",
        currency=item.currency,
        starts_on=item.starts_on,
        ends_on=item.ends_on,
        owner=Person(id=owner.id, name=owner.name) if owner is not None else None,
        created_at=utc(item.created_at),
        updated_at=utc(item.updated_at),
    )


class ContractCreate(RequestBody):
    """Report a contract (any employee; always `reported`) or create one (leadership, any status)."""

    title: Title = required()
    counterparty: Counterparty = required()
    description: Description | None = ""
    value: Amount | None = None
    currency: Currency | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    owner_id: Id | None = None
    status: ContractStatus | None = Field(None, description="Leadership only; anyone else gets 403 unless `reported`.")


class ContractUpdate(RequestBody):
    """Leadership updates a contract: only the fields sent change."""

    title: Title | None = None
    counterparty: Counterparty | None = None
    description: Description | None = None
    value: Amount | None = None
    currency: Currency | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    owner_id: Id | None = None
    status: ContractStatus | None = None


class ContractListQuery(Paging):
    """Filters of the contract registry."""

    q: Annotated[str, limit(SEARCH_MAX)] = Field("", description="Words in the title or counterparty.")
    status: ContractStatus | None = None
