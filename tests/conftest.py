"""Shared fixtures: an app on a throwaway database (SQLite, or PostgreSQL when
``PETITIONS_TEST_DATABASE_URL`` is set), clients, and factories.

Factories return *detached* model objects whose columns are loaded, so tests can read
``user.id`` or ``concern.status`` without an app context. Never keep an app context pushed
while making client requests: Flask would reuse it, and with it ``g`` and the logged-in user.
Use ``with app.app_context():`` around direct database checks instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from petitions import create_app
from petitions.extensions import db
from petitions.models import Concern, Contract, User
from tests.mailserver import mail_server  # noqa: F401  (a real SMTP server on loopback, for any test)

PASSWORD = "correct-horse-battery"
PG_URL = os.environ.get("PETITIONS_TEST_DATABASE_URL", "")


def _base_config(database_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SIGNATURE_KEY": "test-signature-key",
        "AUDIT_KEY": "test-audit-key",
        "AUDIT_DIGEST_MAIL": False,  # tests/privacy turns the daily digest on where it is tested
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_COST": 64, "PASSWORD_HASH_PARALLELISM": 1,
        "REVIEW_THRESHOLD": 25,
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database for this run: a new PostgreSQL schema, or a SQLite file."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def migrate_up(app: Flask) -> None:
    """Create the schema exactly as production does: through the migrations."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The application under test, its schema built by the migrations once per run."""
    anchors = tmp_path_factory.mktemp("instance") / "audit-anchors.log"
    application = create_app({**_base_config(database_url), "AUDIT_ANCHOR_FILE": str(anchors)})
    migrate_up(application)
    yield application
    with application.app_context():
        db.engine.dispose()


def wipe(app: Flask) -> None:
    """Empty every table and reset the audit head, so each test starts clean.

    The head gets a new database id: an emptied log is a new database as far as the anchors
    outside it are concerned.
    """
    with app.app_context():
        session = db.session
        names = [t for t in db.metadata.sorted_tables[::-1] if t.name != "audit_head"]
        if db.engine.dialect.name == "postgresql":
            joined = ", ".join(f'"{t.name}"' for t in names)
            session.execute(text(f"TRUNCATE {joined} RESTART IDENTITY CASCADE"))
        else:
            # concerns and decisions/responses refer to each other: check keys at commit.
            session.execute(text("PRAGMA defer_foreign_keys = ON"))
            for table in names:
                session.execute(table.delete())
        session.execute(
            text("UPDATE audit_head SET last_id = 0, last_hash = :h, database_id = :d, digest_on = NULL WHERE id = 1"),
            {"h": "0" * 64, "d": uuid.uuid4().hex},
        )
        session.commit()
        db.session.remove()


@pytest.fixture(autouse=True)
def _clean(request: pytest.FixtureRequest) -> Iterator[None]:
    """Wipe the database after every test that used it."""
    yield
    if "app" in request.fixturenames:
        wipe(request.getfixturevalue("app"))


@pytest.fixture()
def live_server(app: Flask) -> Iterator[int]:
    """The app behind a real threaded HTTP server on 127.0.0.1; yields its port."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A browser-like client (CSRF off; see tests/web/test_csrf.py for the suite with it on)."""
    return app.test_client()


def _detach(app: Flask, obj: Any) -> Any:
    """Load every column (and a user's roles) and detach, for use outside a context."""
    db.session.refresh(obj)
    if isinstance(obj, User):
        list(obj.grants)
    if isinstance(obj, Concern):
        obj.contract  # noqa: B018 - load for later reads
        obj.author  # noqa: B018
        db.session.expunge(obj.author)
        db.session.expunge(obj.contract)
    db.session.expunge(obj)
    return obj


@pytest.fixture()
def make_user(app: Flask) -> Callable[..., User]:
    """``make_user(roles=("committee",), department="Legal")`` -> a detached ``User``."""
    counter = iter(range(1, 10_000))

    def factory(roles: tuple[str, ...] | list[str] = (), **fields: Any) -> User:
        from petitions.workflow import accounts

        n = next(counter)
        fields.setdefault("email", f"person{n}-{uuid.uuid4().hex[:6]}@example.com")
        fields.setdefault("name", f"Person {n}")
        fields.setdefault("password", PASSWORD)
        fields.setdefault("department", "Engineering")
        fields.setdefault("location", "Berlin")
        with app.app_context():
            user = accounts.create_user(roles=tuple(roles), **fields)
            return _detach(app, db.session.get(User, user.id))

    return factory


@pytest.fixture()
def make_contract(app: Flask, make_user: Callable[..., User]) -> Callable[..., Contract]:
    """``make_contract(title=..., status=...)`` -> a detached ``Contract``."""

    def factory(**fields: Any) -> Contract:
        from petitions.workflow import contracts

        fields.setdefault("title", f"Contract {uuid.uuid4().hex[:6]}")
        fields.setdefault("counterparty", "Agency of Examples")
        actor = fields.pop("actor", None) or make_user(roles=("leadership",))
        with app.app_context():
            contract = contracts.create_contract(actor, fields)
            return _detach(app, db.session.get(Contract, contract.id))

    return factory


@pytest.fixture()
def make_concern(app: Flask, make_user: Callable[..., User], make_contract: Callable[..., Contract]) -> Callable[..., Concern]:
    """``make_concern(state="open", author=..., contract=..., **fields)`` -> a detached ``Concern``.

    Every state is reached through the services (a committee member and, for ``responded``,
    a leadership member are created on the way); ``closed`` is set directly.
    """

    def factory(state: str = "open", author: User | None = None, contract: Contract | None = None, **fields: Any) -> Concern:
        from petitions.database import write_transaction
        from petitions.workflow import concerns, decisions, responses, review, signatures

        author = author or make_user()
        contract = contract or make_contract()
        data = {
            "title": fields.pop("title", "Do not build the tracking system"),
            "summary": fields.pop("summary", "We object to this contract."),
            "body": fields.pop("body", "It contradicts our **stated values**."),
            "requested_action": fields.pop("requested_action", "Do not renew."),
            "contract_id": contract.id,
            "author_visibility": fields.pop("author_visibility", "named"),
        }
        outcome = fields.pop("outcome", "uphold")
        stance = fields.pop("stance", "decline")
        member = make_user(roles=("committee",)) if state in ("rejected", "decided", "responded") else None
        leader = make_user(roles=("leadership",)) if state == "responded" else None
        with app.app_context():
            concern = concerns.create(author, data, publish=state != "draft")
            concern_id = concern.id
            if state in ("in_review", "decided", "responded"):
                with write_transaction() as session:
                    signatures.route(session, concern_id)
            if state == "withdrawn":
                concerns.withdraw(author, concern_id)
            elif state == "closed":
                with write_transaction() as session:
                    session.execute(update(Concern).where(Concern.id == concern_id).values(status="closed"))
            elif state == "rejected":
                code = fields.pop("reason_code", "other")
                original = fields.pop("duplicate_of", None)
                if code == "duplicate" and original is None:
                    original = concerns.create(author, {**data, "title": "The original"}, publish=True).id
                review.reject(member, concern_id, code, "Explained.", original)
            elif state in ("decided", "responded"):
                assert member is not None
                for member_id in decisions.eligible_member_ids(db.session, concern_id):
                    voter = db.session.get(User, member_id)
                    decisions.cast_ballot(voter, concern_id, outcome, "Because.")
                decisions.decide(member, concern_id, {"outcome": outcome, "recommendation": "Recommend.",
                                                      "rationale": "Reasons."})
                if state == "responded":
                    responses.publish(leader, concern_id, {"stance": stance, "statement": "Our response."})
            if fields:
                with write_transaction() as session:
                    session.execute(update(Concern).where(Concern.id == concern_id).values(**fields))
            return _detach(app, db.session.get(Concern, concern_id))

    return factory


@pytest.fixture()
def login_as(client: FlaskClient) -> Callable[[User], FlaskClient]:
    """Log ``client`` in as ``user`` through the real login form."""

    def do_login(user: User, password: str = PASSWORD) -> FlaskClient:
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return do_login


class ApiClient:
    """A test client that sends a bearer token with every request."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return getattr(self.client, method)(path, headers=headers, **kwargs)

    def get(self, path: str, **kw: Any) -> Any:
        return self._call("get", path, **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self._call("post", path, **kw)

    def put(self, path: str, **kw: Any) -> Any:
        return self._call("put", path, **kw)

    def patch(self, path: str, **kw: Any) -> Any:
        return self._call("patch", path, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self._call("delete", path, **kw)


@pytest.fixture()
def api_as(app: Flask) -> Callable[[User], ApiClient]:
    """``api_as(user)`` -> a client authenticated with a fresh token of ``user``."""

    def factory(user: User) -> ApiClient:
        from petitions.workflow import credentials

        with app.app_context():
            token = credentials.create_token(user, "tests")
        return ApiClient(app.test_client(), token)

    return factory
