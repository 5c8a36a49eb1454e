"""Who may call the API: bearer tokens only, never the session cookie."""

from __future__ import annotations

import pytest

from petitions.extensions import db
from petitions.models import User
from petitions.workflow import accounts, credentials


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer pt_not-a-real-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer " + "x" * 500},
    ],
    ids=["no-header", "unknown-token", "empty-token", "basic-auth", "oversized-token"],
)
def test_requests_without_a_valid_token_are_401(client, make_concern, headers) -> None:
    concern = make_concern()
    for path in ("/api/v1/me", "/api/v1/concerns", f"/api/v1/concerns/{concern.id}"):
        response = client.get(path, headers=headers)
        assert response.status_code == 401, path
        assert response.json["error"]["code"] == "unauthenticated"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.post("/api/v1/concerns", json={}, headers=headers).status_code == 401


def test_a_valid_token_needs_the_bearer_scheme(make_user, api_as) -> None:
    api = api_as(make_user())
    token = api.headers["Authorization"].removeprefix("Bearer ")
    assert api.get("/api/v1/me", headers={"Authorization": f"bearer {token}"}).status_code == 200
    for header in (f"Token {token}", f"Basic {token}", token):
        assert api.get("/api/v1/me", headers={"Authorization": header}).status_code == 401, header


def test_a_revoked_token_stops_working(app, make_user, api_as) -> None:
    user = make_user()
    api = api_as(user)
    assert api.get("/api/v1/me").status_code == 200
    with app.app_context():
        [token] = credentials.list_tokens(db.session.get(User, user.id))
        credentials.revoke_token(user, token.id)
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"


def test_a_deactivated_users_token_fails(app, make_user, api_as) -> None:
    user = make_user()
    api = api_as(user)
    assert api.get("/api/v1/me").status_code == 200
    with app.app_context():
        accounts.deactivate(user.id)
    assert api.get("/api/v1/me").status_code == 401


def test_a_logged_in_browser_session_does_not_authenticate_the_api(client, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/concerns").status_code == 200
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert client.post("/api/v1/concerns", json={"title": "x"}).status_code == 401


def test_me_describes_the_caller(make_user, api_as) -> None:
    user = make_user(roles=("committee",), name="Ada Lovelace", department="Legal", location="Dublin")
    response = api_as(user).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json == {
        "id": user.id,
        "email": user.email,
        "name": "Ada Lovelace",
        "roles": ["employee", "committee"],
        "department": "Legal",
        "location": "Dublin",
        "feed_url": None,
    }
    assert api_as(make_user()).get("/api/v1/me").json["roles"] == ["employee"]


def test_unknown_paths_and_methods_answer_json_errors(make_user, api_as) -> None:
    api = api_as(make_user())
    missing = api.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"
    wrong_method = api.put("/api/v1/concerns")
    assert wrong_method.status_code == 405
    assert "error" in wrong_method.json


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/concerns/99999999999999999999",
        "/api/v1/contracts/2147483648",
        "/api/v1/concerns/0",
        "/api/v1/concerns/-1/signatures",
    ],
)
def test_ids_out_of_range_are_404_not_500(make_user, api_as, path) -> None:
    response = api_as(make_user()).get(path)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
