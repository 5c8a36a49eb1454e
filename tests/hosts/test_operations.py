"""What an operator sees from a real gunicorn with two workers: ``/metrics`` adds up every worker,
and every log line is JSON without personal data."""

from __future__ import annotations

import json
import re
from pathlib import Path

from petitions.workflow import credentials
from tests.conftest import PASSWORD
from tests.hosts.servers import Browser, Host, host_env

TOKEN = "operator-token-for-tests"


def _sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one series in the text format (0 when absent)."""
    for line in metrics.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_add_up_every_worker_and_logs_name_nobody(app, tmp_path: Path, make_user, make_concern) -> None:
    concern = make_concern()
    person = make_user(name="Ximena Quillfeather", email="ximena.quillfeather@example.com")
    with app.app_context():
        token = credentials.create_token(person, "operations")
    host = Host(host_env(app, PETITIONS_METRICS_TOKEN=json.dumps(TOKEN), PETITIONS_LOGIN_RATE_LIMIT="1000 per minute"),
                tmp_path / "host.log", workers=2)
    try:
        for _ in range(40):  # new connections: the two workers share them
            assert host.request("GET", "/healthz")[0] == 200
        assert host.api("POST", f"/api/v1/concerns/{concern.id}/signatures", token, {"visibility": "anonymous"})[0] == 201
        assert Browser().login(host, person.email, PASSWORD) == 302
        assert Browser().login(host, person.email, "a wrong one") == 200

        assert host.request("GET", "/metrics")[0] == 403  # no token: refused
        assert host.request("GET", "/metrics", headers={"Authorization": "Bearer wrong"})[0] == 403
        scrapes = []
        for _ in range(6):  # whichever worker answers, the sums are the same
            status, headers, body = host.request("GET", "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
            assert status == 200 and headers["content-type"].startswith("text/plain")
            scrapes.append(body.decode())
    finally:
        host.stop()

    for metrics in scrapes:
        assert _sample(metrics, "petitions_http_requests_total", endpoint="home.healthz", status="200") >= 41
        assert _sample(metrics, "petitions_http_requests_total", endpoint="api.sign_concern", status="201") == 1
        assert _sample(metrics, "petitions_http_request_duration_seconds_count", endpoint="api.sign_concern") == 1
        assert _sample(metrics, "petitions_signatures") == 2
        assert "petitions_outbox_backlog" in metrics and "petitions_job_runs_total" in metrics
    assert _sample(scrapes[0], "petitions_http_requests_total", endpoint="home.healthz") == _sample(
        scrapes[-1], "petitions_http_requests_total", endpoint="home.healthz")

    lines = [line for line in (tmp_path / "host.log").read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is JSON
    requests = [r for r in records if r["logger"] == "petitions.requests"]
    assert len(requests) >= 40
    signing = [r for r in requests if r["endpoint"] == "api.sign_concern"]
    assert len(signing) == 1 and "addr" not in signing[0]
    assert all("addr" in r for r in requests if r["endpoint"] == "auth.login")
    whole = "\n".join(lines)
    for personal in ("ximena", "quillfeather", "@example.com", TOKEN, token):
        assert personal not in whole.lower(), personal
