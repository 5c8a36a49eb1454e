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


def test_access_log_lines_of_signing_requests_do_not_name_the_client() -> None:
    import logging

    from petitions.security import HideSignerAddresses

    def line(message: str) -> str:
        record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s - - [28/Nov/2026 10:00:00] %s",
                                   ("10.1.2.3", message), None)
        HideSignerAddresses().filter(record)
        return record.getMessage()

    assert "10.1.2.3" not in line('"POST /concerns/7/sign HTTP/1.1" 302 -')
    assert "10.1.2.3" not in line('"POST /api/v1/concerns/7/signatures HTTP/1.1" 201 -')
    assert "10.1.2.3" not in line('"DELETE /api/v1/concerns/7/signatures/mine HTTP/1.1" 204 -')
    assert "10.1.2.3" not in line('"POST /concerns/7/signature/withdraw HTTP/1.1" 302 -')
    assert "10.1.2.3" in line('"GET /concerns/7 HTTP/1.1" 200 -')
