"""Feeds a reader follows without a session: ``/feeds/<key>/decisions.atom`` and ``/feeds/<key>/concerns/<id>.atom``.

These views are public on purpose (a feed reader has no cookie); the key in the address is the
credential, and it reads only what its owner may see. They never write: following stores nothing.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.clock import utcnow
from petitions.outcomes.views import FEED_SIZE, atom_time
from petitions.security import public
from petitions.workflow import feeds, register

bp = Blueprint("feeds", __name__)
ATOM = "application/atom+xml; charset=utf-8"


@bp.get("/feeds/<key>/decisions.atom")
@public
def feed_decisions(key: str) -> Response:
    """The register's newest published outcomes, for the key's owner."""
    reader = feeds.owner(key)
    items = register.page(reader, {"page": 1, "per_page": FEED_SIZE})[0]
    updated = items[0].responded_at if items else utcnow()
    body = render_template("outcomes/feed.xml", items=items, updated=atom_time(updated), atom_time=atom_time)
    return Response(body, content_type=ATOM)


@bp.get("/feeds/<key>/concerns/<int(min=1, max=2147483647):concern_id>.atom")
@public
def feed_concern(key: str, concern_id: int) -> Response:
    """One concern's steps, by day; 404 for a concern the key's owner may not see."""
    found = feeds.concern_feed(key, concern_id)
    body = render_template("heard/concern_feed.xml", feed=found, concern=found.concern)
    return Response(body, content_type=ATOM)


@bp.post("/account/feed-key")
def create_feed_key() -> Response:
    """Make (or replace) one's feed key; the old address stops working."""
    feeds.new_key(current_user)
    flash("Your feed address is ready. Anyone who has it can read what you can read in the feeds: keep it private.",
          "success")
    return redirect(url_for("auth.account") + "#feed-h")


@bp.post("/account/feed-key/revoke")
def revoke_feed_key() -> Response:
    """Revoke one's feed key: every feed reader using it stops receiving updates."""
    feeds.revoke(current_user)
    flash("Your feed address no longer works.", "success")
    return redirect(url_for("auth.account") + "#feed-h")


@bp.app_template_global()
def feed_key_url(concern_id: int | None = None) -> str | None:
    """The logged-in person's feed address for a concern (or the register); ``None`` without a key."""
    key = feeds.key_of(current_user)
    if key is None:
        return None
    if concern_id is None:
        return url_for("feeds.feed_decisions", key=key, _external=True)
    return url_for("feeds.feed_concern", key=key, concern_id=concern_id, _external=True)
