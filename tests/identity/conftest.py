"""A real OpenID provider on loopback (npm ``oidc-provider`` under Node.js, ``tests/oidc``),
an app that knows it, and a browser-like walk through the sign-in.

``npm install`` runs once when ``tests/oidc/node_modules`` is missing (from the npm registry).
Without Node.js on the machine the SSO tests are skipped, saying so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from petitions import create_app
from petitions.extensions import db
from tests.conftest import _base_config

OIDC_DIR = Path(__file__).resolve().parent.parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "petitions-tests", "a-client-secret-for-tests"
APP_ROOT = "http://localhost"
CALLBACK = APP_ROOT + "/login/sso/callback"
ADA = {"sub": "ada-1", "email": "ada@example.com", "email_verified": True, "name": "Ada Lovelace",
       "department": "Legal", "location": "Berlin"}


class Provider:
    """The running provider: its issuer URL, and the account it signs in (``claims``)."""

    def __init__(self, issuer: str, account_file: Path) -> None:
        self.issuer = issuer
        self.account_file = account_file
        self.claims(ADA)

    def claims(self, claims: dict[str, Any], mode: str | None = None) -> None:
        """Who the next sign-in is, and how the provider should misbehave (see provider.mjs)."""
        self.account_file.write_text(json.dumps({**claims, "_mode": mode}))


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """``node tests/oidc/provider.mjs`` on a free loopback port, for the whole run."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js is not installed: the single sign-on tests need it to run the OpenID provider")
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=OIDC_DIR, check=True,  # noqa: S603
                       timeout=300, capture_output=True)
    account_file = tmp_path_factory.mktemp("oidc") / "account.json"
    account_file.write_text(json.dumps(ADA))
    env = {"PATH": str(Path(node).parent), "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
           "REDIRECT_URIS": CALLBACK, "ACCOUNT_FILE": str(account_file), "PORT": "0"}
    process = subprocess.Popen([node, "provider.mjs"], cwd=OIDC_DIR, env=env, stdout=subprocess.PIPE,  # noqa: S603
                               stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("issuer "), f"the provider did not start: {line!r}"
        yield Provider(line.split(" ", 1)[1], account_file)
    finally:
        process.terminate()
        process.wait(timeout=10)


def sso_config(provider: Provider, **extra: Any) -> dict[str, Any]:
    """The three settings that connect a company's provider."""
    return {"OIDC_ISSUER": provider.issuer, "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_NAME": "Example Corp", **extra}


@pytest.fixture()
def make_sso_app(app: Flask, database_url: str, oidc_provider: Provider) -> Iterator[Callable[..., Flask]]:
    """``make_sso_app(**config)``: an app on the test database that knows the provider."""
    oidc_provider.claims(ADA)  # each test starts with Ada, verified, and a provider that behaves
    made: list[Flask] = []

    def factory(**extra: Any) -> Flask:
        sso_app = create_app({**_base_config(database_url), "AUDIT_ANCHOR_FILE": app.config["AUDIT_ANCHOR_FILE"],
                              **sso_config(oidc_provider, **extra)})
        made.append(sso_app)
        return sso_app

    yield factory
    for sso_app in made:
        with sso_app.app_context():
            db.engine.dispose()


@pytest.fixture()
def sso_app(make_sso_app: Callable[..., Flask]) -> Flask:
    """An app with single sign-on on and password login still allowed."""
    return make_sso_app()


def walk_to_callback(client: FlaskClient, start: str = "/login/sso") -> str:
    """Start the sign-in in the app and follow the provider's redirects (a real HTTP client)
    until it sends the browser back; returns the callback path with its query."""
    answer = client.get(start)
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    location = answer.headers["Location"]
    browser = requests.Session()
    for _ in range(10):
        if location.startswith(APP_ROOT + "/"):
            return location[len(APP_ROOT):]
        reply = browser.get(location, allow_redirects=False, timeout=10)
        assert reply.status_code in (302, 303), f"{reply.status_code} {reply.text[:300]}"
        location = urljoin(location, reply.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def sso_sign_in(client: FlaskClient) -> Any:
    """The whole walk: start, provider, callback; returns the callback's answer."""
    return client.get(walk_to_callback(client))
