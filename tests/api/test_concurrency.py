"""Many people signing one concern at once, through a real threaded HTTP server.

Each person sends their signature twice at the same moment (a double-click): exactly one
succeeds, the other is a 409, nothing is a 5xx, and the stored count equals the rows.
"""

from __future__ import annotations

import http.client
import json
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import AuditEvent, Concern, Signature
from petitions.workflow import credentials

PEOPLE = 40


def _post(port: int, path: str, token: str, body: dict) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", path, body=json.dumps(body),
                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_forty_people_double_clicking_at_once(app, live_server, make_user, make_concern, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 20)
    concern = make_concern(state="open")
    people = [make_user() for _ in range(PEOPLE)]
    with app.app_context():
        tokens = [credentials.create_token(p, "load") for p in people]
    visibilities = ("public", "committee", "anonymous")
    jobs = [(t, visibilities[i % 3]) for i, t in enumerate(tokens)] * 2
    barrier = threading.Barrier(16)

    def sign(job: tuple[str, str]) -> int:
        token, visibility = job
        try:
            barrier.wait(timeout=0.2)
        except threading.BrokenBarrierError:
            pass
        return _post(live_server, f"/api/v1/concerns/{concern.id}/signatures", token, {"visibility": visibility})

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(sign, jobs))

    assert sorted(set(statuses)) == [201, 409], statuses
    assert statuses.count(201) == PEOPLE
    assert statuses.count(409) == PEOPLE
    with app.app_context():
        stored = db.session.get(Concern, concern.id)
        rows = db.session.scalar(select(func.count()).select_from(Signature).where(Signature.concern_id == concern.id))
        assert stored.signature_count == rows == PEOPLE + 1
        assert stored.count_public + stored.count_committee + stored.count_anonymous == rows
        assert stored.status == "in_review"
        routed = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "concern.routed"))
        assert routed == 1
