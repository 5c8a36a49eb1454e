"""Every response carries the headers DESIGN.md names: pages, API, errors and static files."""

import pytest


@pytest.mark.parametrize("path", ["/login", "/healthz", "/static/css/site.css", "/nowhere", "/api/v1/me", "/concerns"])
def test_security_headers_everywhere(client, path) -> None:
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")


def test_pages_are_not_cached(client, make_user, login_as) -> None:
    login_as(make_user())
    assert "no-store" in client.get("/concerns").headers["Cache-Control"]


def test_health_check_reports_database_trouble(app, client, monkeypatch) -> None:
    from sqlalchemy.orm import Session

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(Session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable"}
