"""Per-address limits: the login forms and bad bearer tokens, counted in a shared store (Redis),
and the client's own address behind a proxy (ProxyFix), so one address's attacker does not
stop everyone behind the same proxy.

These build apps of their own with limits on (the suite runs with them off), on the test
database, with a key prefix of their own in the shared Redis; they never flush it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from flask import Flask

from petitions import create_app
from petitions.extensions import db, limiter
from petitions.workflow import credentials
from tests.conftest import PASSWORD, _base_config

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture()
def limited(app: Flask, database_url: str) -> Iterator[Callable[..., Flask]]:
    """``limited(**config)``: an app with small per-address limits on."""
    made: list[Flask] = []
    prefix = f"petitions-test-{uuid.uuid4().hex[:12]}"

    def factory(**extra: Any) -> Flask:
        config = {**_base_config(database_url), "AUDIT_ANCHOR_FILE": app.config["AUDIT_ANCHOR_FILE"],
                  "RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute", "BAD_BEARER_RATE_LIMIT": "3 per minute",
                  "RATELIMIT_KEY_PREFIX": prefix, **extra}
        made.append(create_app(config))
        return made[-1]

    try:
        yield factory
    finally:
        limiter.enabled = False
        for each in made:
            with each.app_context():
                db.engine.dispose()
        if _redis_up():  # only our own keys, never a flush
            store = redis.Redis.from_url(REDIS_URL)
            for key in store.scan_iter(f"*{prefix}*"):
                store.delete(key)


def _post_login(client, email, address=None):
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post("/login", data={"email": email, "password": "wrong-password"}, headers=headers).status_code


def test_the_login_forms_share_one_allowance_per_address(limited, make_user) -> None:
    app = limited()
    person = make_user()
    client = app.test_client()
    assert [_post_login(client, person.email) for _ in range(2)] == [200, 200]
    forgot = client.post("/password/forgot", data={"email": person.email})
    assert forgot.status_code == 200
    assert _post_login(client, make_user().email) == 429


def test_behind_a_proxy_each_client_address_has_its_own_allowance(limited, make_user) -> None:
    person, colleague = make_user(), make_user()
    trusting = limited(PROXY_HOPS=1).test_client()
    assert [_post_login(trusting, person.email, "10.0.0.1") for _ in range(4)] == [200, 200, 200, 429]
    assert _post_login(trusting, colleague.email, "10.0.0.2") == 200  # someone else behind the proxy


def test_without_proxy_hops_everyone_behind_the_proxy_is_one_address(limited, make_user) -> None:
    person, colleague = make_user(), make_user()
    naive = limited().test_client()
    assert [_post_login(naive, person.email, "10.0.0.1") for _ in range(3)] == [200, 200, 200]
    assert _post_login(naive, colleague.email, "10.0.0.2") == 429  # forged or not, the header is ignored


def test_bad_bearer_tokens_are_limited_per_address_however_many_different_ones(limited, make_user) -> None:
    app = limited(PROXY_HOPS=1)
    person = make_user()
    with app.app_context():
        good = credentials.create_token(person, "good")
    client = app.test_client()

    def call(token, address="10.0.0.9"):
        return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}", "X-Forwarded-For": address})

    answers = [call(f"pt_guess{n}").status_code for n in range(4)]
    assert answers == [401, 401, 401, 429]
    assert call("pt_guess-more").json["error"]["code"] == "rate_limited"
    assert call(good, "10.0.0.10").status_code == 200  # another address is not held back
    assert call(good).status_code == 429  # the guessing address waits, whatever it sends next


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_with_redis_a_new_worker_sees_the_count_of_the_others(limited, make_user) -> None:
    person = make_user()
    first = limited(RATELIMIT_STORAGE_URI=REDIS_URL)
    assert [_post_login(first.test_client(), person.email) for _ in range(3)] == [200, 200, 200]
    second = limited(RATELIMIT_STORAGE_URI=REDIS_URL)  # a fresh storage connection, as another process has
    assert _post_login(second.test_client(), person.email) == 429


def test_with_memory_storage_a_new_worker_starts_from_nothing(limited, make_user) -> None:
    """Why several workers need Redis: each memory store counts alone."""
    person = make_user()
    first = limited()
    assert [_post_login(first.test_client(), person.email) for _ in range(3)] == [200, 200, 200]
    second = limited()
    assert _post_login(second.test_client(), person.email) == 200


def test_the_right_password_still_gets_in_under_the_limit(limited, make_user) -> None:
    person = make_user()
    client = limited().test_client()
    answer = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert answer.status_code == 302
