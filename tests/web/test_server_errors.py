"""A 500 rolls back what was half-done, so the error page itself still renders, and shows no details."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from petitions import create_app
from petitions.extensions import db
from petitions.models import Setting
from petitions.security import public
from tests.conftest import PASSWORD, _base_config, migrate_up


@pytest.fixture()
def breaking(tmp_path) -> Iterator[Flask]:
    app = create_app(_base_config(f"sqlite:///{tmp_path / 'errors.db'}") | {"TESTING": False})
    migrate_up(app)

    @app.get("/break")
    @public
    def break_the_session() -> str:
        """Fail half-way through a write: the session is left needing a rollback."""
        db.session.add_all([Setting(key="SAME", value="1"), Setting(key="SAME", value="2")])
        db.session.flush()
        return "unreachable"

    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_failed_write_answers_our_500_page_for_a_logged_in_person(breaking) -> None:
    from petitions.workflow import accounts

    with breaking.app_context():
        accounts.create_user(email="err@example.com", name="Erin Error", password=PASSWORD, roles=("committee",))
    client = breaking.test_client()
    assert client.post("/login", data={"email": "err@example.com", "password": PASSWORD}).status_code == 302
    page = client.get("/break")
    html = page.get_data(as_text=True)
    assert page.status_code == 500
    # The page's menu asks the database for the person's roles: that works only after the rollback.
    assert "Something went wrong on our side." in html and "Committee" in html
    assert "IntegrityError" not in html and "SAME" not in html
