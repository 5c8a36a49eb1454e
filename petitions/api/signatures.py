"""Signatures: co-sign, withdraw one's own, and read them as the visibility table allows."""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import SignatureCreate
from petitions.workflow import signatures


@bp.post(f"/concerns/<{ID}:concern_id>/signatures")
@operation(
    "Sign a concern",
    tag="signatures",
    body=SignatureCreate,
    status=201,
    response=shapes.Signed,
    errors=(404, 409),
    description="One signature per person; 409 when already signed or when signing is closed. The "
    "signature that reaches the review threshold sends the concern to the committee. The answer gives the "
    "concern's state after the signature (status and counts); GET the concern for the rest.",
)
def sign_concern(concern_id: int, body: SignatureCreate) -> Response:
    """The caller co-signs; answers the concern after the signature and the signature itself."""
    user = caller()
    result = signatures.sign(user, concern_id, body.visibility, body.statement)
    return reply(shapes.signed(user, result), 201)


@bp.delete(f"/concerns/<{ID}:concern_id>/signatures/mine")
@operation(
    "Withdraw my signature",
    tag="signatures",
    status=204,
    errors=(404, 409),
    description="404 if the caller has not signed; 409 once signing has closed.",
)
def withdraw_signature(concern_id: int) -> Response:
    """The caller removes their own signature, whatever its visibility."""
    signatures.withdraw(caller(), concern_id)
    return Response(status=204)
