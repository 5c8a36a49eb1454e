"""Both limiters answer 429: login per address (a page), the API per token (the JSON error shape).

The suite runs with limits off, so these tests build an app of their own with small limits on a
scratch database, and turn the (shared) limiter off again afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from petitions import create_app
from petitions.extensions import db, limiter
from tests.conftest import PASSWORD, _base_config, migrate_up


@pytest.fixture()
def limited(tmp_path) -> Iterator[Flask]:
    config = _base_config(f"sqlite:///{tmp_path / 'limits.db'}") | {
        "RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "2 per minute", "API_RATE_LIMIT": "3 per minute",
    }
    app = create_app(config)
    migrate_up(app)
    try:
        yield app
    finally:
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            db.engine.dispose()


def _person(app: Flask, email: str) -> tuple[str, str]:
    from petitions.workflow import accounts, credentials

    with app.app_context():
        user = accounts.create_user(email=email, name="Rate Tester", password=PASSWORD)
        return user.email, credentials.create_token(user, "limits")


def test_too_many_logins_from_one_address_get_a_429(limited) -> None:
    email, _ = _person(limited, "login@example.com")
    client = limited.test_client()
    answers = [client.post("/login", data={"email": email, "password": "wrong-password"}).status_code
               for _ in range(3)]
    assert answers == [200, 200, 429]
    assert "Too many requests" in client.post("/login", data={"email": email, "password": PASSWORD}).get_data(
        as_text=True
    )


def test_too_many_api_calls_with_one_token_get_a_429(limited) -> None:
    _, token = _person(limited, "api@example.com")
    _, other = _person(limited, "other@example.com")
    client = limited.test_client()
    answers = [client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 429 and refused.json["error"]["code"] == "rate_limited"
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200
