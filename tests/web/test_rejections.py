"""A rejected concern tells every employee why (the code), links a duplicate's original, and its author can
ask the committee to reconsider."""

from __future__ import annotations

from sqlalchemy import select

from petitions.extensions import db
from petitions.models import AuditEvent, Concern


def test_employees_see_the_reason_code_and_the_original_not_the_explanation(
        client, make_user, make_concern, login_as, api_as) -> None:
    original = make_concern("open", title="The original concern")
    rejected = make_concern("rejected", reason_code="duplicate", duplicate_of=original.id)
    reader = make_user()
    login_as(reader)
    html = client.get(f"/concerns/{rejected.id}").get_data(as_text=True)
    assert "The ethics committee rejected this concern: duplicate." in html
    assert f'href="/concerns/{original.id}">concern #{original.id}</a>' in html
    assert "Explained." not in html  # the explanation is for the author and the committee
    body = api_as(reader).get(f"/api/v1/concerns/{rejected.id}").json
    assert body["rejection_reason"] == "duplicate" and body["duplicate_of_id"] == original.id
    assert body["rejection"] is None
    open_one = api_as(reader).get(f"/api/v1/concerns/{original.id}").json
    assert open_one["rejection_reason"] is None and open_one["duplicate_of_id"] is None


def test_the_author_asks_to_reconsider_and_it_leads_the_moderation_list(
        app, client, make_user, make_concern, login_as) -> None:
    author = make_user()
    older = make_concern("rejected", title="Rejected earlier")
    rejected = make_concern("rejected", author=author, author_visibility="committee", title="Please look again")
    newest = make_concern("rejected", title="Rejected last")
    login_as(author)
    page = client.get(f"/concerns/{rejected.id}").get_data(as_text=True)
    assert "Ask the committee to reconsider" in page
    blank = client.post(f"/concerns/{rejected.id}/reconsider", data={"reason": "  "})
    assert blank.status_code == 400 and "is required" in blank.get_data(as_text=True)
    sent = client.post(f"/concerns/{rejected.id}/reconsider", data={"reason": "It is about a different contract."})
    assert sent.status_code == 302
    page = client.get(f"/concerns/{rejected.id}").get_data(as_text=True)
    assert "You asked the committee to reconsider on" in page and "Ask the committee to reconsider" not in page
    again = client.post(f"/concerns/{rejected.id}/reconsider", data={"reason": "Again."}, follow_redirects=True)
    assert again.status_code == 409
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "concern.reconsider_requested"))
        assert event is not None and event.actor_id is None  # a committee-only author is never named

    login_as(make_user(roles=("committee",)))
    moderation = client.get("/committee/moderation").get_data(as_text=True)
    assert moderation.index("Please look again") < moderation.index("Rejected last") < moderation.index(
        "Rejected earlier")
    assert "It is about a different contract." in moderation and older.id and newest.id


def test_only_the_author_may_ask_and_restoring_clears_the_request(app, make_user, make_concern, api_as) -> None:
    author = make_user()
    rejected = make_concern("rejected", author=author)
    assert api_as(make_user()).post(f"/api/v1/concerns/{rejected.id}/reconsider",
                                    json={"reason": "Me too."}).status_code == 403
    answer = api_as(author).post(f"/api/v1/concerns/{rejected.id}/reconsider", json={"reason": "Look again."})
    assert answer.status_code == 200 and "reconsider" not in answer.json["actions"]
    assert api_as(author).post(f"/api/v1/concerns/{rejected.id}/reconsider",
                               json={"reason": "Again."}).status_code == 409
    member = make_user(roles=("committee",))
    assert api_as(member).post(f"/api/v1/concerns/{rejected.id}/restore", json={}).status_code == 200
    with app.app_context():
        concern = db.session.get(Concern, rejected.id)
        assert concern.reconsider_requested_at is None and concern.reconsider_reason is None
    open_one = make_concern("open", author=author)
    assert api_as(author).post(f"/api/v1/concerns/{open_one.id}/reconsider",
                               json={"reason": "x"}).status_code == 409
