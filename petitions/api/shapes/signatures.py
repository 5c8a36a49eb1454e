"""Signing: the request, the signatures list and the caller's signed concerns.

Every decision about what a viewer may see is asked of ``petitions.workflow.policy`` (or made by the
service that produced the data); nothing here decides visibility. Request models validate strictly
(``"5"`` is not a number) and are what ``openapi.json`` is generated from.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from petitions.api.shapes.common import Paging, RequestBody, SignatureVisibility, Statement, required
from petitions.api.shapes.concerns import Counts
from petitions.models import (
    User,
)
from petitions.vocabulary import Visibility
from petitions.workflow import signatures
from petitions.workflow.signature_pages import SignatureView


class SignatureOut(BaseModel):
    """One signature as the caller may see it: ``name`` is null unless the visibility table allows it."""

    name: str | None
    visibility: str
    statement: str
    signed_on: date
    mine: bool


class SignatureList(BaseModel):
    """A page of signatures, newest day first, with the counts by visibility and the next page's cursor."""

    items: list[SignatureOut]
    counts: Counts
    total: int
    page: int | None = Field(description="The page number asked for; null when the page was reached by `cursor`.")
    per_page: int
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page. Costs the same at any depth."
    )


class SignaturePaging(Paging):
    """``cursor`` (from ``next_cursor``) or ``page``; ``per_page`` from 1 to 100."""

    cursor: str | None = Field(None, max_length=120, description="The `next_cursor` of the page before.")


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


def signature_view(view: SignatureView) -> SignatureOut:
    """A signature already filtered by ``signature_pages.page_of``."""
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
        signature=SignatureOut(name=viewer.name if result.visibility == Visibility.PUBLIC else None,
                               visibility=result.visibility, statement=result.statement,
                               signed_on=result.signed_at.date(), mine=True),
    )


class SignatureCreate(RequestBody):
    """Co-sign a concern."""

    visibility: SignatureVisibility = required(
        "`public`: everyone sees your name; `committee`: only the committee; `anonymous`: nobody."
    )
    statement: Statement | None = Field(
        "", description="Shown to everyone who can see the concern; the words themselves may identify you."
    )
