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
    GetJsonSchemaHandler,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from petitions import vocabulary as v
from petitions.api.blueprint import ID_MAX
from petitions.models import (
    User,
)
from petitions.vocabulary import Role
from petitions.workflow import text
from petitions.workflow.paging import PER_PAGE_MAX
from petitions.workflow.text import (
    BODY_MAX,
    COUNTERPARTY_MAX,
    DESCRIPTION_MAX,
    REQUESTED_ACTION_MAX,
    STATEMENT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
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


SEARCH_MAX = text.SEARCH_MAX


class OneOf:
    """``Annotated`` metadata: ``openapi.json`` lists ``options`` as an enum.

    It documents and does not check: the service checks the choice once, for the pages and the
    API alike, and its message names the options by their labels.
    """

    def __init__(self, options: Iterable[str]) -> None:
        """Remember the allowed values, in order."""
        self.options = tuple(str(o) for o in options)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Document the options as a JSON Schema ``enum``."""
        json_schema = handler(schema)
        json_schema.update(type="string", enum=list(self.options))
        return json_schema


def limit(max_length: int) -> WithJsonSchema:
    """``Annotated`` metadata for text: ``openapi.json`` states the limit, and nothing here checks it.

    The service checks text once (length, control characters, required) for the pages and the
    API alike, with messages that name the field (``workflow/text.FieldErrors``).
    """
    return WithJsonSchema({"type": "string", "maxLength": max_length})


def _decimal_text(value: Any) -> Any:
    """A money amount is sent as a decimal string (or a whole number), never a float."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('must be a decimal number written as text, such as "1250000.00".')
    return value


Title = Annotated[Any, limit(TITLE_MAX)]


Summary = Annotated[Any, limit(SUMMARY_MAX)]


Body = Annotated[Any, limit(BODY_MAX)]


RequestedAction = Annotated[Any, limit(REQUESTED_ACTION_MAX)]


Statement = Annotated[Any, limit(STATEMENT_MAX)]


Counterparty = Annotated[Any, limit(COUNTERPARTY_MAX)]


Description = Annotated[Any, limit(DESCRIPTION_MAX)]


Currency = Annotated[Any, limit(3)]


Id = Annotated[int, Field(ge=1, le=ID_MAX)]


Amount = Annotated[str | int, BeforeValidator(_decimal_text)]


AuthorVisibility = Annotated[Any, OneOf(v.AuthorVisibility)]


SignatureVisibility = Annotated[Any, OneOf(v.Visibility)]


ContractStatus = Annotated[Any, OneOf(v.ContractStatus)]


_REQUIRED = "x-required-by-service"


def required(description: str | None = None) -> Any:
    """A field the service requires. ``openapi.json`` lists it as required, but a body without it
    still reaches the service (as ``None``), so every field's message comes back in one answer."""
    return Field(None, description=description, json_schema_extra={_REQUIRED: True})


def _list_required(schema: dict[str, Any]) -> None:
    """Move the ``required()`` marks into the schema's ``required`` list."""
    marked = [name for name, prop in schema.get("properties", {}).items() if prop.pop(_REQUIRED, False)]
    for name in marked:
        schema["properties"][name].pop("default", None)
    if marked:
        schema["required"] = list(dict.fromkeys([*schema.get("required", []), *marked]))


class RequestBody(BaseModel):
    """Base of request bodies: unknown fields ignored; numbers, ids and booleans strictly typed.

    Text and choices are typed ``Any`` (``limit``, ``OneOf``): the service checks them once, for
    the pages and the API alike, and says everything wrong in one answer.
    """

    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra=_list_required)


class QueryString(BaseModel):
    """Base of query strings: values arrive as text and are converted; unknown ones ignored."""

    model_config = ConfigDict(extra="ignore")


class Paging(QueryString):
    """``page`` from 1 and ``per_page`` from 1 to 100."""

    page: int = Field(1, ge=1, le=PAGE_MAX)
    per_page: int = Field(20, ge=1, le=PER_PAGE_MAX)
