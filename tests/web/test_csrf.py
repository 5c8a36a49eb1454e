"""The one suite that keeps CSRF protection on, as in production."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from petitions import create_app
from tests.conftest import PASSWORD, _base_config


@pytest.fixture()
def csrf_client(app: Flask, database_url: str):
    config = _base_config(database_url) | {"WTF_CSRF_ENABLED": True}
    return create_app(config).test_client()


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1) or match.group(2)


def test_login_without_token_is_refused(csrf_client, make_user) -> None:
    user = make_user()
    response = csrf_client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert b"form expired" in response.data
    assert csrf_client.get("/concerns").status_code == 302


def test_login_and_logout_with_token(csrf_client, make_user) -> None:
    user = make_user()
    token = _token(csrf_client.get("/login").get_data(as_text=True))
    response = csrf_client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    page = csrf_client.get("/concerns")
    assert page.status_code == 200
    # Logout without the token does nothing; with it, it logs out.
    assert csrf_client.post("/logout").status_code == 400
    assert csrf_client.get("/concerns").status_code == 200
    assert csrf_client.post("/logout", data={"csrf_token": _token(page.get_data(as_text=True))}).status_code == 302
    assert csrf_client.get("/concerns").status_code == 302


def test_signing_form_needs_the_token(csrf_client, make_user, make_concern, app) -> None:
    user = make_user()
    concern = make_concern(state="open")
    token = _token(csrf_client.get("/login").get_data(as_text=True))
    csrf_client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    response = csrf_client.post(f"/concerns/{concern.id}/sign", data={"visibility": "public"})
    assert response.status_code == 400
    from petitions.extensions import db
    from petitions.models import Concern

    with app.app_context():
        assert db.session.get(Concern, concern.id).signature_count == 1
