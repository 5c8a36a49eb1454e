"""What every API resource shares: times, errors, the caller, strict request bases, paging and limits.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
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
from petitions.models import (
    User,
)
from petitions.vocabulary import Role
from petitions.workflow.paging import PER_PAGE_MAX
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


def utc(value: datetime) -> datetime:
    """Stored times are naive UTC; say so in the JSON (``...Z``)."""
    return value.replace(tzinfo=UTC)


def utc_or_none(value: datetime | None) -> datetime | None:
    """``utc`` for times that may not have happened yet."""
    return utc(value) if value is not None else None


# A stored (naive UTC) time read straight from a row by a model with ``from_attributes``.
Utc = Annotated[datetime, AfterValidator(utc)]


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
    """A person, by id and name (read from a ``User``)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


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


def printable(value: str) -> str:
    """Refuse NUL and other control characters (newline and tab are fine)."""
    if has_control_chars(value):
        raise ValueError("contains control characters that are not allowed.")
    return value


def _decimal_text(value: Any) -> Any:
    """A money amount is sent as a decimal string (or a whole number), never a float."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('must be a decimal number written as text, such as "1250000.00".')
    return value


Title = Annotated[str, StringConstraints(max_length=TITLE_MAX), AfterValidator(printable)]


Summary = Annotated[str, StringConstraints(max_length=SUMMARY_MAX), AfterValidator(printable)]


Body = Annotated[str, StringConstraints(max_length=BODY_MAX), AfterValidator(printable)]


RequestedAction = Annotated[str, StringConstraints(max_length=REQUESTED_ACTION_MAX), AfterValidator(printable)]


Statement = Annotated[str, StringConstraints(max_length=STATEMENT_MAX), AfterValidator(printable)]


Counterparty = Annotated[str, StringConstraints(max_length=COUNTERPARTY_MAX), AfterValidator(printable)]


Description = Annotated[str, StringConstraints(max_length=DESCRIPTION_MAX), AfterValidator(printable)]


Currency = Annotated[str, StringConstraints(max_length=3), AfterValidator(printable)]


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


class Paging(QueryString):
    """``page`` from 1 and ``per_page`` from 1 to 100."""

    page: int = Field(1, ge=1, le=PAGE_MAX)
    per_page: int = Field(20, ge=1, le=PER_PAGE_MAX)
