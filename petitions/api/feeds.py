"""The caller's account with their feed address (``GET /me`` answers ``feed_url``)."""

from __future__ import annotations

from flask import url_for
from pydantic import Field
from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import bp
from petitions.api.endpoint import operation, reply
from petitions.models import User
from petitions.workflow import feeds
from petitions.workflow.errors import NotFound


class MeOut(shapes.Me):
    """The caller's account and personal feed address."""

    feed_url: str | None = Field(description="The register's Atom feed for a feed reader, without a session "
                                             "(the same key reads `/feeds/{key}/concerns/{id}.atom`); null until "
                                             "made on the account page.")


def me(user: User) -> MeOut:
    """The caller's own account, with the feed address if they made one."""
    key = feeds.key_of(user)
    url = url_for("feeds.feed_decisions", key=key, _external=True) if key else None
    return MeOut(**shapes.me(user).model_dump(), feed_url=url)


@bp.post("/me/feed-key")
@operation("Make a new feed address", tag="account", response=MeOut,
           description="Replaces any earlier feed key; the old address is a 404 at once.")
def create_feed_key() -> Response:
    """A new feed key for the caller; answers the account with the new ``feed_url``."""
    user = caller()
    feeds.new_key(user)
    return reply(me(user))


@bp.delete("/me/feed-key")
@operation("Revoke the feed address", tag="account", status=204, errors=(404,))
def revoke_feed_key() -> Response:
    """Delete the caller's feed key; 404 if there was none."""
    if not feeds.revoke(caller()):
        raise NotFound("You have no feed address.")
    return Response(status=204)
