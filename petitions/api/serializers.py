"""What the API answers: response models, and functions that fill them for one viewer.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made
by the service that produced the data); nothing here decides visibility on its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, Field

from petitions.models import Concern, Contract, User
from petitions.rendering import markdown
from petitions.workflow import policy, signatures
from petitions.workflow.signatures import SignatureView
from petitions.workflow.states import ROLES


def _utc(value: datetime) -> datetime:
    """Stored times are naive UTC; say so in the JSON (``...Z``)."""
    return value.replace(tzinfo=UTC)


def _utc_or_none(value: datetime | None) -> datetime | None:
    """``_utc`` for times that may not have happened yet."""
    return _utc(value) if value is not None else None


class ErrorBody(BaseModel):
    """What went wrong: a code, a sentence, and a message per bad field."""

    code: str = Field(description="invalid, unauthenticated, forbidden, not_found, conflict or rate_limited")
    message: str
    fields: dict[str, str]


class ErrorOut(BaseModel):
    """Every error answer."""

    error: ErrorBody


class Me(BaseModel):
    """The caller's account."""

    id: int
    email: str
    name: str
    roles: list[str] = Field(description="Always includes `employee`.")
    department: str | None
    location: str | None


class Person(BaseModel):
    """A person, by id and name."""

    id: int
    name: str


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


class Counts(BaseModel):
    """Current signatures by visibility."""

    public: int
    committee: int
    anonymous: int
    total: int


class Rejection(BaseModel):
    """Why the committee rejected a concern (shown to the author and the committee)."""

    reason_code: str
    explanation: str | None


class ConcernOut(BaseModel):
    """A concern as the caller may see it."""

    id: int
    title: str
    summary: str
    body: str = Field(description="Markdown.")
    body_html: str = Field(description="The body rendered to safe HTML.")
    requested_action: str
    status: str
    author_visibility: str
    author: Person | None = Field(description="Null when the author chose `committee` and the caller may not see it.")
    contract: ContractBrief
    signature_count: int
    review_threshold: int | None = Field(description="Fixed at publication; null for drafts.")
    counts: Counts
    signed_by_me: bool = Field(description="Whether the caller signed it, with any visibility.")
    created_at: datetime
    published_at: datetime | None
    due_at: datetime | None
    routed_at: datetime | None
    decision: dict[str, Any] | None = Field(None, description="The committee's decision, once visible to the caller.")
    response: dict[str, Any] | None = Field(None, description="Leadership's published response.")
    rejection: Rejection | None = Field(description="Only for the author and the committee, when rejected.")


class ConcernList(BaseModel):
    """A page of concerns."""

    items: list[ConcernOut]
    total: int
    page: int
    per_page: int


class SignatureOut(BaseModel):
    """One signature as the caller may see it: ``name`` is null unless the visibility table allows it."""

    name: str | None
    visibility: str
    statement: str
    signed_on: date
    mine: bool


class SignatureList(BaseModel):
    """A page of signatures, newest first, with the counts by visibility."""

    items: list[SignatureOut]
    counts: Counts
    total: int
    page: int
    per_page: int


class Signed(BaseModel):
    """The answer to a new signature: the concern after it, and the signature itself."""

    concern: ConcernOut
    signature: SignatureOut


def me(user: User) -> Me:
    """The caller's own account."""
    return Me(
        id=user.id,
        email=user.email,
        name=user.name,
        roles=[r for r in ROLES if user.has_role(r)],
        department=user.department,
        location=user.location,
    )


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
        created_at=_utc(item.created_at),
        updated_at=_utc(item.updated_at),
    )


def concern(viewer: User, item: Concern, *, signed: bool) -> ConcernOut:
    """A concern for ``viewer``; ``signed`` says whether the viewer signed it."""
    rejection = None
    if policy.can_see_rejection(viewer, item) and item.rejection_reason_code:
        rejection = Rejection(reason_code=item.rejection_reason_code, explanation=item.rejection_explanation)
    return ConcernOut(
        id=item.id,
        title=item.title,
        summary=item.summary,
        body=item.body,
        body_html=str(markdown(item.body)),
        requested_action=item.requested_action or "",
        status=item.status,
        author_visibility=item.author_visibility,
        author=Person(id=item.author.id, name=item.author.name) if policy.can_see_author(viewer, item) else None,
        contract=contract_brief(item.contract),
        signature_count=item.signature_count,
        review_threshold=item.review_threshold,
        counts=Counts(**signatures.counts(item)),
        signed_by_me=signed,
        created_at=_utc(item.created_at),
        published_at=_utc_or_none(item.published_at),
        due_at=_utc_or_none(item.due_at),
        routed_at=_utc_or_none(item.routed_at),
        decision=None,
        response=None,
        rejection=rejection,
    )


def one_concern(viewer: User, item: Concern) -> ConcernOut:
    """A single concern, looking up whether the viewer signed it."""
    return concern(viewer, item, signed=signatures.mine(viewer, item) is not None)


def concerns(viewer: User, items: list[Concern]) -> list[ConcernOut]:
    """A list of concerns, with one look-up for which of them the viewer signed."""
    signed = signatures.signed_ids(viewer, [c.id for c in items])
    return [concern(viewer, c, signed=c.id in signed) for c in items]


def signature_view(view: SignatureView) -> SignatureOut:
    """A signature already filtered by ``signatures.page_of``."""
    return SignatureOut(
        name=view.name, visibility=view.visibility, statement=view.statement, signed_on=view.signed_on, mine=view.mine
    )


def own_signature(viewer: User, item: Concern, row: signatures.SignResult) -> SignatureOut:
    """The viewer's own new signature, named only as the visibility table allows."""
    named = policy.can_see_signer(viewer, row.visibility, item)
    return SignatureOut(
        name=viewer.name if named else None,
        visibility=row.visibility,
        statement=row.statement,
        signed_on=row.signed_at.date(),
        mine=True,
    )
