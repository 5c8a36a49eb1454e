"""The account page: tokens (shown once, revocable, one's own only), password change, notifications."""

from __future__ import annotations

from petitions.database import write_transaction
from petitions.notifications import notify
from tests.conftest import PASSWORD
from tests.helpers import main, text_of, texts


def _new_token(client) -> str:
    page = client.post("/account/tokens", data={"label": "laptop"})
    assert page.status_code == 200
    [token] = texts(page.get_data(as_text=True), "#new-token")
    return token


def test_the_account_page_shows_who_one_is(client, make_user, login_as) -> None:
    person = make_user(roles=("committee",), name="Ada Lovelace", department="Research")
    login_as(person)
    page = text_of(client.get("/account").get_data(as_text=True))
    assert "Ada Lovelace" in page and "Research" in page and "committee, employee" in page


def test_a_token_is_shown_once_works_and_can_be_revoked(client, make_user, login_as) -> None:
    person = make_user()
    login_as(person)
    token = _new_token(client)
    assert token.startswith("pt_")
    assert token not in client.get("/account").get_data(as_text=True)  # shown once
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json["id"] == person.id
    rows = texts(client.get("/account").get_data(as_text=True), "td")
    assert "laptop" in rows and "active" in rows
    from petitions.workflow import credentials

    with client.application.app_context():
        [stored] = credentials.list_tokens(person)
    revoked = client.post(f"/account/tokens/{stored.id}/revoke", follow_redirects=True)
    assert "Token revoked." in texts(revoked.get_data(as_text=True), ".flash")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_nobody_revokes_someone_elses_token(client, make_user, login_as) -> None:
    owner, other = make_user(), make_user()
    login_as(owner)
    token = _new_token(client)
    from petitions.workflow import credentials

    with client.application.app_context():
        [stored] = credentials.list_tokens(owner)
    login_as(other)
    refused = client.post(f"/account/tokens/{stored.id}/revoke")
    assert refused.status_code == 404  # someone else's token is not there for you, as in the API
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_too_long_token_label_is_refused(client, make_user, login_as) -> None:
    login_as(make_user())
    refused = client.post("/account/tokens", data={"label": "x" * 500}, follow_redirects=True)
    assert texts(refused.get_data(as_text=True), ".flash") == ["Token label must be at most 100 characters (it has 500)."]


def test_changing_the_password_needs_the_current_one(client, make_user, login_as) -> None:
    person = make_user()
    login_as(person)
    wrong = client.post("/account/password", data={"current_password": "nope", "new_password": "a-new-password"})
    assert wrong.status_code == 200 and "Wrong password." in text_of(wrong.get_data(as_text=True))
    short = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "short"})
    assert "at least 10 characters" in text_of(short.get_data(as_text=True))
    done = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "a-new-password"},
                       follow_redirects=True)
    assert "Password changed. You were signed out everywhere else." in texts(done.get_data(as_text=True), ".flash")
    client.post("/logout")
    assert client.post("/login", data={"email": person.email, "password": PASSWORD}).status_code != 302
    login_as(person, "a-new-password")


def test_notifications_are_listed_newest_first_and_marked_read(app, client, make_user, login_as) -> None:
    person = make_user()
    with app.app_context(), write_transaction() as session:
        notify(session, [person.id], kind="routed", message="first news")
    with app.app_context(), write_transaction() as session:
        notify(session, [person.id], kind="routed", message="second news")
    login_as(person)
    page = main(client.get("/notifications").get_data(as_text=True))
    assert page.index("second news") < page.index("first news")
    from petitions.workflow import inbox

    with app.app_context():
        assert inbox.unread_count(person) == 0
