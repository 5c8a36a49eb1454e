"""A concern's signatures, a page at a time: by cursor (keyset) or by page number."""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import SignaturePaging
from petitions.workflow import signature_pages
from petitions.workflow.visible import concern_for


@bp.get(f"/concerns/<{ID}:concern_id>/signatures")
@operation(
    "List signatures",
    tag="signatures",
    query=SignaturePaging,
    response=shapes.SignatureList,
    errors=(404,),
    description="Newest day first; within a day the order does not follow the order of signing. Follow "
    "`next_cursor` (pass it as `cursor`) for the next page: any page costs what the first does. `page` "
    "numbers work too, for shallow pages. `name` is null unless the signature is `public`, or `committee` "
    "and the caller is on the committee (each such view is audited). Anonymous signatures are never "
    "named, not even for their signer, but `mine` marks the caller's own.",
)
def list_signatures(concern_id: int, query: SignaturePaging) -> Response:
    """A page of signatures with the counts by visibility."""
    user = caller()
    found = signature_pages.page_of(user, concern_for(user, concern_id), query.page, query.per_page, query.cursor)
    return reply(
        shapes.SignatureList(
            items=[shapes.signature_view(v) for v in found.items],
            counts=shapes.Counts(**found.counts),
            total=found.total,
            page=found.page,
            per_page=found.per_page,
            next_cursor=found.next_cursor,
        )
    )
