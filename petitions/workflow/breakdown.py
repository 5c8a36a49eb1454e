"""Signatures by department or location, k-anonymous, for the committee and leadership.

Public and committee-visibility signatures are grouped by the signer's department or location
at signing time; anonymous signatures carry neither and are one line. Small groups are
suppressed by ``voting.suppress``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import Concern, Signature, User
from petitions.workflow import policy, settings
from petitions.workflow.errors import Forbidden, Invalid
from petitions.workflow.visible import concern_for
from petitions.workflow.voting import suppress

DIMENSIONS = ("department", "location")
UNRECORDED = "(not recorded)"


@dataclass
class Breakdown:
    """Groups (``count`` None when suppressed), the anonymous line, and the total."""

    by: str
    groups: list[tuple[str, int | None]]
    anonymous: int
    total: int
    k: int


def breakdown(viewer: User, concern_id: int, by: str) -> Breakdown:
    """The k-anonymous breakdown of a concern's signatures by ``department`` or ``location``."""
    concern: Concern = concern_for(viewer, concern_id)
    if not policy.can_view_concern_breakdown(viewer, concern):
        raise Forbidden("Breakdowns are for the committee and leadership.")
    if by not in DIMENSIONS:
        raise Invalid("Choose department or location.", {"by": "Use department or location."})
    column = getattr(Signature, by)
    rows = db.session.execute(
        select(column, func.count())
        .where(Signature.concern_id == concern.id, Signature.visibility != "anonymous")
        .group_by(column)
    ).all()
    k = int(settings.get("K_ANONYMITY"))
    groups = suppress({(name or UNRECORDED): count for name, count in rows}, k)
    return Breakdown(by, sorted(groups.items()), concern.count_anonymous, concern.signature_count, k)
