"""The benchmark's bulk data keeps every invariant the app relies on (bench/data.py), at a small scale:
the database accepts it (CHECKs, deferred keys), counts equal rows, the keyed hashes are the app's,
and pages and services work on it as on data made through the services."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from bench import data
from petitions.extensions import db
from petitions.models import User
from petitions.workflow import signatures
from petitions.workflow.errors import Conflict


@pytest.fixture()
def world(app):
    with app.app_context():
        built = data.build(db.engine, 60, datetime.utcnow(), states={s: 2 for s in data.STATES}, contracts=5)
        data.sign(db.engine, built, app.config["SIGNATURE_KEY"], data.spread(built, 150, 40), datetime.utcnow())
        db.session.remove()
    return built


def test_counts_equal_rows_and_every_state_is_there(app, world) -> None:
    with app.app_context():
        wrong = db.session.scalar(text(
            "SELECT count(*) FROM concerns c WHERE c.signature_count <> (SELECT count(*) FROM signatures s "
            "WHERE s.concern_id = c.id)"))
        states = dict(db.session.execute(text("SELECT status, count(*) FROM concerns GROUP BY status")).all())
        rows = db.session.scalar(text("SELECT count(*) FROM signatures"))
    assert wrong == 0 and rows == 150
    assert states == {s: 2 for s in data.STATES}


def test_the_services_agree_with_the_generated_signatures(app, world) -> None:
    big = world.big
    with app.app_context():
        signer = db.session.get(User, 1)  # the big concern's first signer (person 1)
        with pytest.raises(Conflict):
            signatures.sign(signer, big, "public")  # the same keyed hash: the database refuses it
        before = db.session.scalar(text("SELECT signature_count FROM concerns WHERE id = :c"), {"c": big})
        assert signatures.withdraw(signer, big) == before - 1
        newcomer = db.session.get(User, 60)
        assert signatures.sign(newcomer, big, "anonymous").signature_count == before


def test_pages_render_on_generated_data(app, world) -> None:
    """Through a session made the way the benchmark makes them (bench/sessions.py)."""
    from bench.sessions import USER_AGENT, browser

    cookie, _ = browser(app, world.committee[0])
    member = app.test_client(use_cookies=False)
    headers = {"Cookie": cookie, "User-Agent": USER_AGENT}
    for path in ("/concerns", "/concerns?status=open&q=contract", "/decisions", "/committee", f"/concerns/{world.big}",
                 f"/concerns/{world.big}/signatures",
                 *(f"/concerns/{ids[0]}" for state, ids in world.concerns.items() if state != "draft")):
        assert member.get(path, headers=headers).status_code == 200, path
    queue = member.get("/committee", headers=headers).get_data(as_text=True)
    assert all(f"/committee/concerns/{c}" in queue for c in world.concerns["in_review"])
