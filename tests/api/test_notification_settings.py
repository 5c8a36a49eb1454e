"""``GET, PUT /api/v1/me/notifications``: settings per kind of event, and what they change."""

from __future__ import annotations

from sqlalchemy import select

from petitions.extensions import db
from petitions.models import Notification, OutboxMail, User
from petitions.workflow import review
from petitions.workflow.notification_settings import KINDS


def _mail_to(app, address):
    with app.app_context():
        return db.session.scalars(select(OutboxMail).where(OutboxMail.to_addr == address)).all()


def test_everyone_starts_with_mail_at_once_and_an_unread_count(app, make_user, make_concern, api_as):
    author = make_user()
    make_concern(state="in_review", author=author)  # routing tells the author
    answer = api_as(author).get("/api/v1/me/notifications")
    assert answer.status_code == 200
    assert answer.json == {"settings": dict.fromkeys(KINDS, "mail"), "unread": 1}


def test_put_changes_only_the_kinds_sent_and_answers_all(make_user, api_as):
    api = api_as(make_user())
    answer = api.put("/api/v1/me/notifications", json={"routed": "digest", "closed": "app", "colour": "blue"})
    assert answer.status_code == 200, answer.json
    assert answer.json["settings"] == {**dict.fromkeys(KINDS, "mail"), "routed": "digest", "closed": "app"}
    again = api.put("/api/v1/me/notifications", json={"closed": "mail"})
    assert again.json["settings"] == {**dict.fromkeys(KINDS, "mail"), "routed": "digest"}
    assert api.get("/api/v1/me/notifications").json == again.json


def test_bad_choices_are_400_with_a_message_per_field(make_user, api_as):
    api = api_as(make_user())
    answer = api.put("/api/v1/me/notifications", json={"routed": "fax", "closed": 3})
    assert answer.status_code == 400
    assert set(answer.json["error"]["fields"]) == {"routed", "closed"}
    assert "Choose one of: app (In the app only), mail (Also by mail, at once)" in answer.json["error"]["fields"]["routed"]
    assert api.put("/api/v1/me/notifications", data="routed=app").status_code == 400
    assert api.get("/api/v1/me/notifications").json["settings"]["routed"] == "mail"


def test_without_a_token_it_is_401(client):
    assert client.get("/api/v1/me/notifications").status_code == 401
    assert client.put("/api/v1/me/notifications", json={"routed": "app"}).status_code == 401


def test_the_setting_decides_the_mail_not_the_notification(app, make_user, make_concern, api_as):
    member = make_user(roles=("committee",))
    app_only = make_user(email="app-only@example.com")
    daily = make_user(email="daily@example.com")
    at_once = make_user(email="at-once@example.com")
    api_as(app_only).put("/api/v1/me/notifications", json={"acknowledged": "app"})
    api_as(daily).put("/api/v1/me/notifications", json={"acknowledged": "digest"})
    concerns = {user.id: make_concern(state="in_review", author=user) for user in (app_only, daily, at_once)}
    with app.app_context():
        for concern in concerns.values():
            review.acknowledge(db.session.get(User, member.id), concern.id)
        told = {n.user_id: n for n in db.session.scalars(select(Notification).where(Notification.kind == "acknowledged"))}
    assert set(told) == {app_only.id, daily.id, at_once.id}  # everyone sees it in the app
    assert [told[app_only.id].digest, told[daily.id].digest, told[at_once.id].digest] == [False, True, False]
    # Routing (a kind left at its default) mailed all three; acknowledging mailed only the one at once.
    assert len(_mail_to(app, "app-only@example.com")) == 1
    assert len(_mail_to(app, "daily@example.com")) == 1
    assert len(_mail_to(app, "at-once@example.com")) == 2
