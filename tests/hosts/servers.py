"""Real app servers for the tests in this folder: gunicorn processes on free ports of 127.0.0.1.

Each ``Host`` is a separate gunicorn (``gunicorn_conf.py``, as in production) on the test run's
database, as a second machine would be; ``Browser`` is a cookie-keeping HTTP client that logs in
through the real form (CSRF on).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    """A port the OS says is free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def host_env(app: Any, **extra: str) -> dict[str, str]:
    """The environment of a host serving the test app's database with the test app's keys."""
    config = app.config
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PETITIONS_", "PROMETHEUS_", "GUNICORN_"))}
    env.update({
        "PETITIONS_DATABASE_URL": str(config["SQLALCHEMY_DATABASE_URI"]),
        "PETITIONS_SECRET_KEY": str(config["SECRET_KEY"]),
        "PETITIONS_SIGNATURE_KEY": str(config["SIGNATURE_KEY"]),
        "PETITIONS_AUDIT_KEY": str(config["AUDIT_KEY"]),
        "PETITIONS_AUDIT_ANCHOR_FILE": str(config["AUDIT_ANCHOR_FILE"]),
        "PETITIONS_AUDIT_DIGEST_MAIL": "false",
        "PETITIONS_PASSWORD_HASH_TIME_COST": "1",
        "PETITIONS_PASSWORD_HASH_MEMORY_COST": "64",
        "PETITIONS_PASSWORD_HASH_PARALLELISM": "1",
        "PETITIONS_REVIEW_THRESHOLD": "100000",
    })
    env.update(extra)
    return env


class Host:
    """One gunicorn serving the app on a port of its own; its stderr goes to ``log``."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.log = log
        self.env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(log.with_suffix(".metrics"))}
        Path(self.env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(exist_ok=True)
        with open(log, "ab") as err:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn_conf.py", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(workers), "wsgi:app"],
                cwd=ROOT, env=self.env, stdout=err, stderr=err)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"host exited: {log.read_text()[-2000:]}")
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("host did not answer /healthz within a minute")

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request on a new connection: status, headers (last of each name), body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def api(self, method: str, path: str, token: str, payload: Any = None) -> tuple[int, Any]:
        """A JSON API call with a bearer token."""
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        status, _, body = self.request(method, path, json.dumps(payload).encode() if payload is not None else None,
                                       headers)
        return status, json.loads(body) if body else None

    def stop(self) -> None:
        """Stop gunicorn (graceful), and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Browser:
    """A person's browser: keeps the session cookie and sends it to whichever host it talks to."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**({"Cookie": cookie} if cookie else {}), **(extra or {})}

    def _keep(self, headers: dict[str, str], raw: list[str]) -> None:
        for line in raw:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if value and "expires=thu, 01 jan 1970" not in line.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def open(self, host: Host, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """A request with the cookies; returns status, Location and the body as text."""
        from urllib.parse import urlencode

        body = urlencode(form).encode() if form is not None else None
        headers = self._headers({"Content-Type": "application/x-www-form-urlencoded"} if form is not None else None)
        conn = http.client.HTTPConnection("127.0.0.1", host.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            self._keep({}, response.headers.get_all("Set-Cookie") or [])
            return response.status, response.getheader("Location", ""), response.read().decode()
        finally:
            conn.close()

    def csrf(self, host: Host, path: str) -> str:
        """The CSRF token of the form on ``path``."""
        _, _, page = self.open(host, "GET", path)
        match = _CSRF.search(page)
        assert match, f"no CSRF token on {path}"
        return match.group(1) or match.group(2)

    def login(self, host: Host, email: str, password: str) -> int:
        """Post the login form; 302 on success, 200 (the form again) on a wrong password, 429 when limited."""
        token = self.csrf(host, "/login")
        return self.open(host, "POST", "/login", {"csrf_token": token, "email": email, "password": password})[0]

    def logout(self, host: Host) -> int:
        """Post the logout form from a page that carries it."""
        token = self.csrf(host, "/account")
        return self.open(host, "POST", "/logout", {"csrf_token": token})[0]


def unique_prefix() -> str:
    """A Redis key prefix no other test run uses (the Redis server is shared)."""
    return f"petitions-test-{uuid.uuid4().hex[:12]}"
