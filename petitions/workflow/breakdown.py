"""Signatures by department or location, for the committee (not recused) and leadership.

Public and committee-visibility signatures are grouped by the signer's department or location at
signing time; anonymous signatures carry neither and are one line. A reviewer, who may see
committee-only names anyway, reads the full counts; every other reader (leadership) reads them
through ``anonymity.limited``, which never names a group because of committee-only signers and
never answers ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import Concern, Signature, User
from petitions.vocabulary import Visibility
from petitions.workflow import anonymity, policy, settings
from petitions.workflow.anonymity import DIMENSIONS, Cell, Counts
from petitions.workflow.errors import Forbidden, Invalid
from petitions.workflow.visible import concern_for

UNRECORDED = "(not recorded)"

__all__ = ["DIMENSIONS", "Breakdown", "breakdown"]


@dataclass
class Breakdown:
    """Named groups with their counts, the unnamed line, the anonymous line and the total."""

    by: str
    groups: list[tuple[str, int]]
    smaller: int
    anonymous: int
    total: int
    k: int
    full: bool  # the reader sees committee-only signers by group (a reviewer)


def _cells(concern_id: int) -> dict[Cell, Counts]:
    """Public and committee-visibility signers per (department, location) cell."""
    rows = db.session.execute(
        select(Signature.department, Signature.location, Signature.visibility, func.count())
        .where(Signature.concern_id == concern_id, Signature.visibility != Visibility.ANONYMOUS.value)
        .group_by(Signature.department, Signature.location, Signature.visibility)
    ).all()
    cells: dict[Cell, Counts] = {}
    for department, location, visibility, count in rows:
        cell = (department or UNRECORDED, location or UNRECORDED)
        was = cells.get(cell, Counts())
        if visibility == Visibility.PUBLIC:
            cells[cell] = Counts(was.public + count, was.committee)
        else:
            cells[cell] = Counts(was.public, was.committee + count)
    return cells


def _universe() -> set[Cell]:
    """Every (department, location) a reader knows the company has: where unnamed signers could be."""
    rows = db.session.execute(select(User.department, User.location).distinct()).all()
    return {(d or UNRECORDED, loc or UNRECORDED) for d, loc in rows}


def breakdown(viewer: User, concern_id: int, by: str) -> Breakdown:
    """A concern's signatures by ``department`` or ``location``, as this viewer may read them."""
    concern: Concern = concern_for(viewer, concern_id)
    if not policy.can_view_concern_breakdown(viewer, concern):
        raise Forbidden("Breakdowns are for the committee (not recused) and leadership.")
    if by not in DIMENSIONS:
        raise Invalid("Choose department or location.", {"by": "Use department or location."})
    k = int(settings.get("K_ANONYMITY"))
    cells = _cells(concern.id)
    full = policy.can_see_signer(viewer, Visibility.COMMITTEE, concern)
    table = anonymity.full(cells, by) if full else anonymity.limited(cells, _universe(), k, by)
    return Breakdown(by, list(table.groups), table.smaller, concern.count_anonymous, concern.signature_count,
                     k, full)
