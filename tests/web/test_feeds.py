"""Following without a session: personal feed keys, shown and revocable, reading only what their owner may see."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import AuditEvent, FeedKey, Notification


def _key_from(html: str) -> str:
    match = re.search(r"/feeds/([A-Za-z0-9_-]+)/decisions\.atom", html)
    assert match, "no feed address on the page"
    return match[1]


def _anonymous(app):
    return app.test_client()


def test_the_account_page_makes_shows_and_revokes_a_key(app, client, make_user, make_concern, login_as) -> None:
    person = make_user()
    outcome = make_concern("responded", title="A published outcome")
    login_as(person)
    assert "Make my feed address" in client.get("/account").get_data(as_text=True)
    client.post("/account/feed-key")
    key = _key_from(client.get("/account").get_data(as_text=True))
    page = client.get(f"/concerns/{outcome.id}").get_data(as_text=True)
    assert f"/feeds/{key}/concerns/{outcome.id}.atom" in page and "Follow it in a feed reader" in page
    reader = _anonymous(app)  # a feed reader: no cookie at all
    feed = reader.get(f"/feeds/{key}/decisions.atom")
    assert feed.status_code == 200 and feed.content_type.startswith("application/atom+xml")
    assert "A published outcome" in feed.get_data(as_text=True)
    concern_feed = reader.get(f"/feeds/{key}/concerns/{outcome.id}.atom")
    assert concern_feed.status_code == 200
    text = concern_feed.get_data(as_text=True)
    assert "The outcome was published" in text and "T00:00:00Z" in text
    assert not re.search(r"T(?!00:00:00)\d\d:\d\d:\d\dZ</updated>", text.split("<entry>", 1)[1])
    client.post("/account/feed-key/revoke")
    assert reader.get(f"/feeds/{key}/decisions.atom").status_code == 404
    assert reader.get(f"/feeds/{key}/concerns/{outcome.id}.atom").status_code == 404
    assert "Make my feed address" in client.get("/account").get_data(as_text=True)


def test_a_new_key_replaces_the_old_and_bad_keys_are_404(app, client, make_user, login_as) -> None:
    login_as(make_user())
    client.post("/account/feed-key")
    old = _key_from(client.get("/account").get_data(as_text=True))
    client.post("/account/feed-key")
    new = _key_from(client.get("/account").get_data(as_text=True))
    reader = _anonymous(app)
    assert old != new
    assert reader.get(f"/feeds/{old}/decisions.atom").status_code == 404
    assert reader.get(f"/feeds/{new}/decisions.atom").status_code == 200
    assert reader.get("/feeds/not-a-key/decisions.atom").status_code == 404
    assert reader.get(f"/feeds/{'x' * 100}/decisions.atom").status_code == 404


def test_a_key_reads_only_concerns_its_owner_may_see(app, make_user, make_concern, api_as) -> None:
    person = make_user()
    someone = make_user()
    draft = make_concern("draft", author=someone)
    abusive = make_concern("rejected", author=someone, reason_code="abusive")
    own_draft = make_concern("draft", author=person)
    api = api_as(person)
    feed_url = api.post("/api/v1/me/feed-key").json["feed_url"]
    key = _key_from(feed_url)
    reader = _anonymous(app)
    assert reader.get(f"/feeds/{key}/concerns/{draft.id}.atom").status_code == 404
    assert reader.get(f"/feeds/{key}/concerns/{abusive.id}.atom").status_code == 404
    assert reader.get(f"/feeds/{key}/concerns/{own_draft.id}.atom").status_code == 200
    assert reader.get(f"/feeds/{key}/concerns/999999.atom").status_code == 404


def test_me_answers_the_feed_url_and_the_api_revokes_it(app, make_user, api_as) -> None:
    api = api_as(make_user())
    assert api.get("/api/v1/me").json["feed_url"] is None
    made = api.post("/api/v1/me/feed-key").json["feed_url"]
    assert made.endswith("/decisions.atom") and api.get("/api/v1/me").json["feed_url"] == made
    assert api.delete("/api/v1/me/feed-key").status_code == 204
    assert api.get("/api/v1/me").json["feed_url"] is None
    assert api.delete("/api/v1/me/feed-key").status_code == 404
    assert app.test_client().get(made.split("localhost", 1)[1]).status_code == 404


def test_a_deactivated_owner_s_key_reads_nothing(app, make_user, api_as) -> None:
    from petitions.workflow import accounts

    person = make_user()
    key = _key_from(api_as(person).post("/api/v1/me/feed-key").json["feed_url"])
    with app.app_context():
        accounts.deactivate(person.id)
    assert app.test_client().get(f"/feeds/{key}/decisions.atom").status_code == 404


def test_following_stores_nothing(app, make_user, make_concern, api_as) -> None:
    person = make_user()
    concern = make_concern("in_review")
    key = _key_from(api_as(person).post("/api/v1/me/feed-key").json["feed_url"])

    def counts() -> tuple[int, ...]:
        with app.app_context():
            return tuple(db.session.scalar(select(func.count()).select_from(m)) or 0
                         for m in (AuditEvent, Notification, FeedKey))

    before = counts()
    reader = _anonymous(app)
    for _ in range(3):
        assert reader.get(f"/feeds/{key}/concerns/{concern.id}.atom").status_code == 200
        assert reader.get(f"/feeds/{key}/decisions.atom").status_code == 200
    assert counts() == before
    assert "Set-Cookie" not in reader.get(f"/feeds/{key}/decisions.atom").headers
