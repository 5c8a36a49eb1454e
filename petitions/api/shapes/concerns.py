"""A concern's request and response shapes, with its decision and response as a viewer may see them.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from petitions.api.shapes.common import (
    SEARCH_MAX,
    AuthorVisibility,
    Body,
    Id,
    OneOf,
    Paging,
    Person,
    RequestBody,
    RequestedAction,
    Summary,
    Title,
    limit,
    required,
    utc,
    utc_or_none,
)
from petitions.api.shapes.contracts import ContractBrief, contract_brief
from petitions.api.shapes.outcomes import DecisionOut, Outcomes, ResponseOut, decision, response
from petitions.models import (
    Concern,
    User,
)
from petitions.rendering import markdown
from petitions.vocabulary import Status
from petitions.workflow import policy, signature_pages, signatures
from petitions.workflow.search import SORTS


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
    decision: DecisionOut | None = Field(
        None,
        description="The committee's decision: the committee and leadership see it once recorded, everyone "
        "else once it is published with the response. Filled in lists too (loaded in one query per page).",
    )
    response: ResponseOut | None = Field(
        None, description="Leadership's published response, once the concern is `responded`; null before."
    )
    rejection: Rejection | None = Field(description="Only for the author and the committee, when rejected.")


class ConcernList(BaseModel):
    """A page of concerns."""

    items: list[ConcernOut]
    total: int
    page: int
    per_page: int


def concern(viewer: User, item: Concern, *, signed: bool, loaded: Outcomes | None = None) -> ConcernOut:
    """A concern for ``viewer``; ``signed`` says whether the viewer signed it.

    ``loaded`` holds the decisions and responses of a batch; without it they are looked up for
    this one concern.
    """
    if loaded is None:
        loaded = Outcomes.load_one(viewer, item)
    found_decision = loaded.decisions.get(item.id)
    found_response = loaded.responses.get(item.id)
    response_out = None
    # A response exists only for a responded concern, whose decision everyone may see.
    if found_response is not None and found_decision is not None:
        response_out = response(found_response, found_decision.outcome)
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
        counts=Counts(**signature_pages.counts(item)),
        signed_by_me=signed,
        created_at=utc(item.created_at),
        published_at=utc_or_none(item.published_at),
        due_at=utc_or_none(item.due_at),
        routed_at=utc_or_none(item.routed_at),
        decision=decision(found_decision) if found_decision is not None else None,
        response=response_out,
        rejection=rejection,
    )


def one_concern(viewer: User, item: Concern) -> ConcernOut:
    """A single concern, looking up whether the viewer signed it, its decision and its response."""
    return concern(viewer, item, signed=signatures.mine(viewer, item) is not None)


def concerns(viewer: User, items: list[Concern]) -> list[ConcernOut]:
    """A list of concerns: one look-up for which the viewer signed, one batch for decisions and responses."""
    signed = signatures.signed_ids(viewer, [c.id for c in items])
    loaded = Outcomes.load(viewer, items)
    return [concern(viewer, c, signed=c.id in signed, loaded=loaded) for c in items]


class ConcernCreate(RequestBody):
    """Raise a concern: saved as a draft, or published at once with ``publish: true``."""

    title: Title = required()
    summary: Summary = required()
    body: Body = required("Markdown.")
    contract_id: Id | None = required("The contract this concern is about; it must exist.")
    requested_action: RequestedAction | None = ""
    author_visibility: AuthorVisibility = Field(
        "named", description="`named`: everyone sees the author; `committee`: only the author and the committee."
    )
    publish: bool = Field(False, description="Publish now (the author's own signature is recorded).")


class ConcernUpdate(RequestBody):
    """Edit a draft: only the fields sent change."""

    title: Title | None = None
    summary: Summary | None = None
    body: Body | None = None
    contract_id: Id | None = None
    requested_action: RequestedAction | None = None
    author_visibility: AuthorVisibility | None = None


class ConcernListQuery(Paging):
    """Filters, search and order of the concern list."""

    status: Annotated[Any, OneOf(s.value for s in Status)] | None = None
    contract_id: Id | None = None
    q: Annotated[str, limit(SEARCH_MAX)] = Field("", description="Words in the title, summary, body or contract title.")
    sort: Annotated[Any, OneOf(SORTS)] = Field("newest", description="`due` puts the nearest deadline first.")
    mine: bool = Field(False, description="Only the caller's own concerns, drafts included.")
