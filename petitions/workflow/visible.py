"""Loading what a viewer may see: everything else is the same ``NotFound``."""

from __future__ import annotations

from petitions.extensions import db
from petitions.models import Concern, User
from petitions.workflow import policy
from petitions.workflow.errors import NotFound


def concern_for(viewer: User, concern_id: int) -> Concern:
    """The concern if the viewer may see it; otherwise ``NotFound`` (never say which)."""
    concern = db.session.get(Concern, concern_id)
    if concern is None or not policy.can_view_concern(viewer, concern):
        raise NotFound("No such concern.")
    return concern
