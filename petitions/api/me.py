"""``GET /me``: the caller's own account."""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import bp
from petitions.api.endpoint import operation, reply


@bp.get("/me")
@operation("The caller's account", tag="account", response=shapes.Me)
def show_me() -> Response:
    """Id, email, name, roles (always including ``employee``), department and location."""
    return reply(shapes.me(caller()))
