"""``GET /me``: the caller's own account."""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import feeds
from petitions.api.auth import caller
from petitions.api.blueprint import bp
from petitions.api.endpoint import operation, reply


@bp.get("/me")
@operation("The caller's account", tag="account", response=feeds.MeOut)
def show_me() -> Response:
    """Id, email, name, roles (always including ``employee``), department, location and ``feed_url``."""
    return reply(feeds.me(caller()))
