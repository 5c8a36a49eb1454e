"""What the API answers: response models, and functions that fill them for one viewer.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made
by the service that produced the data); nothing here decides visibility on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pydantic import BaseModel, Field

from petitions.models import Commitment, Concern, Contract, Decision, Response, User
from petitions.rendering import markdown
from petitions.vocabulary import Role
from petitions.workflow import decisions, outcomes, policy, responses, signatures
from petitions.workflow.signatures import SignatureView


def utc(value: datetime) -> datetime:
    """Stored times are naive UTC; say so in the JSON (``...Z``)."""
    return value.replace(tzinfo=UTC)


def utc_or_none(value: datetime | None) -> datetime | None:
    """``utc`` for times that may not have happened yet."""
    return utc(value) if value is not None else None


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


class Tally(BaseModel):
    """Ballots by choice at the moment of the decision."""

    uphold: int
    uphold_in_part: int
    not_uphold: int
    abstain: int


class DissentOut(BaseModel):
    """A committee member's dissent from the decision, under their name."""

    member: Person
    body: str
    created_at: datetime


class DecisionOut(BaseModel):
    """The committee's decision and its reasons."""

    outcome: str = Field(description="uphold, uphold_in_part or not_uphold")
    recommendation: str
    rationale: str
    conditions: str
    tally: Tally
    eligible_members: int = Field(description="Members eligible to vote when the decision was recorded.")
    decided_at: datetime
    dissents: list[DissentOut]


class CommitmentOut(BaseModel):
    """A commitment in leadership's response, tracked until done."""

    id: int
    text: str
    due_on: date | None
    done_at: datetime | None
    done_note: str | None
    overdue: bool = Field(description="Past its due date and not done.")


class AddendumOut(BaseModel):
    """A dated correction beside the published response."""

    body: str
    created_at: datetime


class ResponseOut(BaseModel):
    """Leadership's published response (or the automatic publication when it did not answer in time)."""

    stance: str | None = Field(description="accept, accept_in_part or decline; null when automatic.")
    automatic: bool
    statement: str
    contract_status_before: str | None
    contract_status_after: str | None = Field(description="The status leadership set, if it changed one.")
    published_at: datetime
    commitments: list[CommitmentOut]
    addenda: list[AddendumOut]
    divergence: str = Field(description="agrees, partly_diverges, diverges, or no_response (automatic).")


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


class SignedConcern(BaseModel):
    """Where the concern stands right after the caller's signature (fetch it for the rest)."""

    id: int
    status: str
    signature_count: int
    review_threshold: int | None
    counts: Counts
    signed_by_me: bool


class Signed(BaseModel):
    """The answer to a new signature: the concern's state after it, and the signature itself."""

    concern: SignedConcern
    signature: SignatureOut


def me(user: User) -> Me:
    """The caller's own account."""
    return Me(
        id=user.id,
        email=user.email,
        name=user.name,
        roles=[r.value for r in Role if r in user.roles],
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
        created_at=utc(item.created_at),
        updated_at=utc(item.updated_at),
    )


@dataclass
class Outcomes:
    """Decisions and responses loaded for a batch of concerns, by concern id, as one viewer may see them."""

    decisions: dict[int, Decision] = field(default_factory=dict)
    responses: dict[int, Response] = field(default_factory=dict)

    @classmethod
    def load(cls, viewer: User, items: list[Concern]) -> Outcomes:
        """Two queries for the whole batch (plus one each for dissents, commitments and addenda)."""
        return cls(decisions.decisions_for(viewer, items), responses.responses_for(viewer, items))

    @classmethod
    def load_one(cls, viewer: User, item: Concern) -> Outcomes:
        """The services' own single-concern look-ups."""
        found = cls()
        decision = decisions.decision_for(viewer, item)
        if decision is not None:
            found.decisions[item.id] = decision
        response = responses.response_for(viewer, item)
        if response is not None:
            found.responses[item.id] = response
        return found


def decision(item: Decision) -> DecisionOut:
    """A decision the viewer may see (``decisions.decision_for`` said so)."""
    return DecisionOut(
        outcome=item.outcome,
        recommendation=item.recommendation,
        rationale=item.rationale,
        conditions=item.conditions or "",
        tally=Tally(**item.tally),
        eligible_members=item.eligible_members,
        decided_at=utc(item.decided_at),
        dissents=[
            DissentOut(member=Person(id=d.member.id, name=d.member.name), body=d.body, created_at=utc(d.created_at))
            for d in item.dissents
        ],
    )


def commitment(item: Commitment, today: date | None = None) -> CommitmentOut:
    """A commitment and whether it is overdue."""
    return CommitmentOut(
        id=item.id,
        text=item.text,
        due_on=item.due_on,
        done_at=utc_or_none(item.done_at),
        done_note=item.done_note,
        overdue=responses.is_overdue(item, today),
    )


def response(item: Response, outcome: str) -> ResponseOut:
    """A published response, with how it compares with the committee's ``outcome``."""
    return ResponseOut(
        stance=item.stance,
        automatic=item.automatic,
        statement=item.statement,
        contract_status_before=item.contract_status_before,
        contract_status_after=item.contract_status_after,
        published_at=utc(item.published_at),
        commitments=[commitment(c) for c in item.commitments],
        addenda=[AddendumOut(body=a.body, created_at=utc(a.created_at)) for a in item.addenda],
        divergence=outcomes.divergence(outcome, item.stance),
    )


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
        counts=Counts(**signatures.counts(item)),
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


def signature_view(view: SignatureView) -> SignatureOut:
    """A signature already filtered by ``signatures.page_of``."""
    return SignatureOut(
        name=view.name, visibility=view.visibility, statement=view.statement, signed_on=view.signed_on, mine=view.mine
    )


def signed(viewer: User, result: signatures.SignResult) -> Signed:
    """The answer to a signature, built from what the signing service returned (no re-read).

    The name is given for a public signature only; a committee-only one is named in the
    signatures list to reviewers, and an anonymous one never.
    """
    return Signed(
        concern=SignedConcern(id=result.concern_id, status=result.status, signature_count=result.signature_count,
                              review_threshold=result.review_threshold, counts=Counts(**result.counts),
                              signed_by_me=True),
        signature=SignatureOut(name=viewer.name if result.visibility == "public" else None,
                               visibility=result.visibility, statement=result.statement,
                               signed_on=result.signed_at.date(), mine=True),
    )
