"""Signature lists by cursor: every signature once, newest day first, and within a day an order
that does not follow the order of signing (the keyed signer hash, never the id)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from petitions.clock import moved
from petitions.extensions import db
from petitions.models import Signature
from petitions.workflow import signatures


def _sign_over_days(app, make_user, concern_id: int, per_day: dict[int, int]) -> None:
    """``per_day``: days ago -> how many people sign that day, each a minute after the last."""
    start = datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
    with app.app_context():
        for days_ago, many in sorted(per_day.items(), reverse=True):
            for n in range(many):
                with moved(start - timedelta(days=days_ago) + timedelta(minutes=n)):
                    signatures.sign(make_user(), concern_id, ("public", "committee", "anonymous")[n % 3])


def _walk(api, concern_id: int, per_page: int) -> tuple[list[dict], int]:
    items, pages, cursor = [], 0, None
    while True:
        query = f"per_page={per_page}" + (f"&cursor={cursor}" if cursor else "")
        body = api.get(f"/api/v1/concerns/{concern_id}/signatures?{query}").json
        items += body["items"]
        pages += 1
        assert body["page"] == (None if cursor else 1)
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages


def test_a_cursor_walks_every_signature_once_newest_day_first(app, make_user, make_concern, api_as) -> None:
    concern = make_concern()  # the author's own signature, today
    _sign_over_days(app, make_user, concern.id, {3: 4, 1: 5, 0: 3})
    items, pages = _walk(api_as(make_user()), concern.id, per_page=5)
    assert len(items) == 13 and pages == 3
    days = [i["signed_on"] for i in items]
    assert days == sorted(days, reverse=True)
    with app.app_context():
        stored = db.session.execute(select(Signature.signed_on, Signature.signer_hash).where(
            Signature.concern_id == concern.id)).all()
    assert len({row.signer_hash for row in stored}) == 13  # no row twice, none missed (counts match)


def test_within_a_day_the_order_is_not_the_order_of_signing(app, make_user, make_concern, api_as) -> None:
    """Twelve public signers a minute apart on one day: the list follows their keyed hashes."""
    concern = make_concern()
    people = [make_user(name=f"Signer {n:02d}") for n in range(12)]
    start = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
    with app.app_context():
        for n, person in enumerate(people):
            with moved(start + timedelta(minutes=n)):
                signatures.sign(person, concern.id, "public")
        by_hash = sorted(people, key=lambda p: signatures.signer_hash(p.id, concern.id), reverse=True)
    items, _ = _walk(api_as(make_user()), concern.id, per_page=4)
    named = [i["name"] for i in items if i["name"] and i["name"].startswith("Signer ")]
    assert named == [p.name for p in by_hash]
    assert named != [p.name for p in reversed(people)]  # not newest-signed first


def test_a_cursor_that_was_not_given_out_is_a_400(make_user, make_concern, api_as) -> None:
    concern = make_concern()
    api = api_as(make_user())
    for bad in ("x", "MjAyNi0xMi0wMS5ub3RoZXg", "%00", "A" * 200):
        response = api.get(f"/api/v1/concerns/{concern.id}/signatures?cursor={bad}")
        assert response.status_code == 400, bad
        assert response.json["error"]["code"] == "invalid"


def test_page_numbers_still_reach_the_same_rows(app, make_user, make_concern, api_as) -> None:
    concern = make_concern()
    _sign_over_days(app, make_user, concern.id, {2: 3, 0: 3})
    api = api_as(make_user())
    by_cursor, _ = _walk(api, concern.id, per_page=3)
    by_page = [i for n in (1, 2, 3) for i in api.get(
        f"/api/v1/concerns/{concern.id}/signatures?per_page=3&page={n}").json["items"]]
    assert by_page == by_cursor
