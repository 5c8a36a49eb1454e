"""Request bodies and query strings, as pydantic models.

These models validate every request and are also what ``openapi.json`` is generated from, so
the description cannot drift from the checks. Bodies are validated from the raw JSON in strict
mode (``"5"`` is not a number, ``"yes"`` is not a boolean); query strings are text by nature
and are validated leniently (``?page=2``). Unknown fields are ignored, never applied. Limits
come from ``petitions.workflow.text``; the services check them again with their own messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from petitions import vocabulary as v
from petitions.api.blueprint import ID_MAX
from petitions.vocabulary import Status
from petitions.workflow import perspectives, responses, review
from petitions.workflow.breakdown import DIMENSIONS
from petitions.workflow.search import PER_PAGE_MAX, SORTS
from petitions.workflow.text import (
    BODY_MAX,
    COUNTERPARTY_MAX,
    DESCRIPTION_MAX,
    REQUESTED_ACTION_MAX,
    STATEMENT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    has_control_chars,
)

PAGE_MAX = 100_000
SEARCH_MAX = 200


class OneOf:
    """``Annotated`` metadata: the value must be one of ``options``, which the schema lists as an enum."""

    def __init__(self, options: Iterable[str]) -> None:
        """Remember the allowed values, in order."""
        self.options = tuple(str(o) for o in options)

    def _check(self, value: str) -> str:
        """The value itself, or a ``ValueError`` naming the options."""
        if value not in self.options:
            raise ValueError(f"must be one of: {', '.join(self.options)}.")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        """Validate as the annotated type, then check membership."""
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Document the options as a JSON Schema ``enum``."""
        json_schema = handler(schema)
        json_schema["enum"] = list(self.options)
        return json_schema


def _printable(value: str) -> str:
    """Refuse NUL and other control characters (newline and tab are fine)."""
    if has_control_chars(value):
        raise ValueError("contains control characters that are not allowed.")
    return value


def _decimal_text(value: Any) -> Any:
    """A money amount is sent as a decimal string (or a whole number), never a float."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('must be a decimal number written as text, such as "1250000.00".')
    return value


Title = Annotated[str, StringConstraints(max_length=TITLE_MAX), AfterValidator(_printable)]
Summary = Annotated[str, StringConstraints(max_length=SUMMARY_MAX), AfterValidator(_printable)]
Body = Annotated[str, StringConstraints(max_length=BODY_MAX), AfterValidator(_printable)]
RequestedAction = Annotated[str, StringConstraints(max_length=REQUESTED_ACTION_MAX), AfterValidator(_printable)]
Statement = Annotated[str, StringConstraints(max_length=STATEMENT_MAX), AfterValidator(_printable)]
Counterparty = Annotated[str, StringConstraints(max_length=COUNTERPARTY_MAX), AfterValidator(_printable)]
Description = Annotated[str, StringConstraints(max_length=DESCRIPTION_MAX), AfterValidator(_printable)]
Currency = Annotated[str, StringConstraints(max_length=3), AfterValidator(_printable)]
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Amount = Annotated[str | int, BeforeValidator(_decimal_text)]
AuthorVisibility = Annotated[str, OneOf(v.AuthorVisibility)]
SignatureVisibility = Annotated[str, OneOf(v.Visibility)]
ContractStatus = Annotated[str, OneOf(v.ContractStatus)]


class RequestBody(BaseModel):
    """Base of request bodies: strict JSON types, unknown fields ignored."""

    model_config = ConfigDict(strict=True, extra="ignore")


class QueryString(BaseModel):
    """Base of query strings: values arrive as text and are converted; unknown ones ignored."""

    model_config = ConfigDict(extra="ignore")


# --- concerns ------------------------------------------------------------------------------


class ConcernCreate(RequestBody):
    """Raise a concern: saved as a draft, or published at once with ``publish: true``."""

    title: Title
    summary: Summary
    body: Body = Field(description="Markdown.")
    contract_id: Id = Field(description="The contract this concern is about; it must exist.")
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


class SignatureCreate(RequestBody):
    """Co-sign a concern."""

    visibility: SignatureVisibility = Field(
        description="`public`: everyone sees your name; `committee`: only the committee; `anonymous`: nobody."
    )
    statement: Statement | None = Field(
        "", description="Shown to everyone who can see the concern; the words themselves may identify you."
    )


class Paging(QueryString):
    """``page`` from 1 and ``per_page`` from 1 to 100."""

    page: int = Field(1, ge=1, le=PAGE_MAX)
    per_page: int = Field(20, ge=1, le=PER_PAGE_MAX)


class ConcernListQuery(Paging):
    """Filters, search and order of the concern list."""

    status: Annotated[str, OneOf(s.value for s in Status)] | None = None
    contract_id: Id | None = None
    q: str = Field("", max_length=SEARCH_MAX, description="Words in the title, summary, body or contract title.")
    sort: Annotated[str, OneOf(SORTS)] = Field("newest", description="`due` puts the nearest deadline first.")
    mine: bool = Field(False, description="Only the caller's own concerns, drafts included.")


# --- contracts -----------------------------------------------------------------------------


class ContractCreate(RequestBody):
    """Report a contract (any employee; always `reported`) or create one (leadership, any status)."""

    title: Title
    counterparty: Counterparty
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

    q: str = Field("", max_length=SEARCH_MAX, description="Words in the title or counterparty.")
    status: ContractStatus | None = None


# --- the committee -------------------------------------------------------------------------

Reason = Annotated[str, StringConstraints(max_length=review.EXPLANATION_MAX), AfterValidator(_printable)]
Note = Annotated[str, StringConstraints(max_length=review.NOTE_MAX), AfterValidator(_printable)]
Message = Annotated[str, StringConstraints(max_length=perspectives.MESSAGE_MAX), AfterValidator(_printable)]


class Acknowledge(RequestBody):
    """Acknowledge a routed concern; the body may be left out."""

    lead_reviewer_id: Id | None = Field(None, description="A committee member who is not recused.")


class Recuse(RequestBody):
    """Step back from a concern; final."""

    reason: Reason = Field(description="The conflict, in a sentence. Kept for the committee.")


class Reject(RequestBody):
    """Moderation: the author sees the reason and the explanation."""

    reason_code: Annotated[str, OneOf(v.RejectionCode)]
    explanation: Reason
    duplicate_of_id: Id | None = Field(None, description="Required when `reason_code` is `duplicate`.")


class NoteCreate(RequestBody):
    """A note in the committee's private thread."""

    body: Note


class BallotCast(RequestBody):
    """Cast or change one's ballot while the concern is in review."""

    choice: Annotated[str, OneOf(v.BallotChoice)]
    reason: Reason = Field(description="Required; shown to the committee after the decision.")


class DecisionCreate(RequestBody):
    """The committee's decision; the server computes the tally."""

    outcome: Annotated[str, OneOf(v.Outcome)]
    recommendation: Body = Field(description="To leadership.")
    rationale: Body
    conditions: Body | None = ""


class DissentCreate(RequestBody):
    """A member's dissent from the recorded decision (once per member)."""

    body: Body


class InvitationCreate(RequestBody):
    """Invite a named person to add their perspective; they are told."""

    user_id: Id
    message: Message | None = ""


class PerspectiveCreate(RequestBody):
    """A point of view on the record, while the concern is open or in review."""

    stance: Annotated[str, OneOf(v.PerspectiveStance)]
    body: Statement
    visibility: AuthorVisibility = Field(
        "named", description="`named`: everyone sees your name; `committee`: only you and the committee."
    )


class BreakdownQuery(QueryString):
    """Which breakdown."""

    by: Annotated[str, OneOf(DIMENSIONS)] = "department"


# --- leadership ----------------------------------------------------------------------------

CommitmentText = Annotated[str, StringConstraints(max_length=responses.COMMITMENT_MAX), AfterValidator(_printable)]
DoneNote = Annotated[str, StringConstraints(max_length=responses.NOTE_MAX), AfterValidator(_printable)]


class CommitmentIn(RequestBody):
    """Something leadership commits to, with an optional due date."""

    text: CommitmentText
    due_on: date | None = None


class ResponseCreate(RequestBody):
    """Leadership's response to a decided concern; published once, never edited."""

    stance: Annotated[str, OneOf(v.Stance)]
    statement: Body
    contract_status: ContractStatus | None = Field(None, description="The contract's new status, if it changes.")
    commitments: list[CommitmentIn] = Field(default_factory=list, max_length=responses.COMMITMENTS_MAX)


class AddendumCreate(RequestBody):
    """A dated correction beside the published response."""

    body: Body


class CommitmentDone(RequestBody):
    """Mark a commitment done; the body may be left out."""

    note: DoneNote | None = ""


class RegisterQuery(Paging):
    """Filters of the published register."""

    contract_id: Id | None = None
    outcome: Annotated[str, OneOf(v.Outcome)] | None = None
    stance: Annotated[str, OneOf((*v.Stance, "automatic"))] | None = Field(
        None, description="`automatic`: published without a leadership response in time."
    )
    year: int | None = Field(None, ge=2000, le=9999, description="The year of publication.")
    q: str = Field("", max_length=SEARCH_MAX, description="Words in the title, summary, body or contract title.")


class AuditQuery(Paging):
    """Which part of the audit log."""

    concern_id: Id | None = None
