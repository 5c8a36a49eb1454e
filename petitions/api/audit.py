"""``GET /audit``: the hash-chained audit log, for the committee and admins.

Rows are read through ``audit.events``, which filters them by the visibility table (recused
members, concerns the reader may not see, decisions before publication); nothing is added here
(no names are joined in).
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import AuditQuery
from petitions.workflow import audit


@bp.get("/audit")
@operation(
    "Read the audit log",
    tag="audit",
    query=AuditQuery,
    response=shapes.AuditList,
    errors=(403,),
    description="Newest first, optionally for one concern (`concern_id`). Committee and admins only; filtered by the "
    "visibility table (nothing of a concern the caller recused from or may not see; a decision's outcome and tally "
    "only once the caller may see the decision). The time of an event a non-public signer caused (routing at the "
    "threshold, a committee-only author's or perspective writer's act) is the day (00:00Z) for callers who may not "
    "see that signer. `detail` is the event's parsed JSON; people appear only as ids.",
)
def list_audit(query: AuditQuery) -> Response:
    """A page of audit events."""
    found, total = audit.events(caller(), concern_id=query.concern_id, page=query.page, per_page=query.per_page)
    return reply(
        shapes.AuditList(items=[shapes.audit_event(e) for e in found], total=total, page=query.page, per_page=query.per_page)
    )
