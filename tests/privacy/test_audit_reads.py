"""Attacks on the audit log's reads: who can learn a committee-only author, a recused
member's concern, a decision before it is published, or a draft's existence from it."""

from __future__ import annotations

import json

from sqlalchemy import or_, select, update

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import AuditEvent, Concern
from petitions.workflow import signatures


def _whole_log(api, **query) -> list[dict]:
    """Every page of the log as this reader gets it."""
    items, page = [], 1
    while True:
        params = "&".join(f"{k}={v}" for k, v in {**query, "per_page": 100, "page": page}.items())
        answer = api.get(f"/api/v1/audit?{params}")
        assert answer.status_code == 200, answer.json
        items += answer.json["items"]
        if len(items) >= answer.json["total"]:
            return items
        page += 1


def _names(items: list[dict], user_id: int, concern_id: int) -> list[dict]:
    """Events of the concern that carry ``user_id``: as actor, subject or a value in the detail."""
    return [e for e in items if e["concern_id"] == concern_id and (
        user_id in (e["actor_id"], e["subject_user_id"]) or user_id in e["detail"].values())]


def test_a_committee_only_author_is_not_in_the_log_for_an_admin_or_a_recused_member(
    app, make_user, make_concern, api_as
) -> None:
    author = make_user(roles=("committee",), name="Quiet Author")  # a member can refer their own concern
    concern = make_concern(state="open", author=author, author_visibility="committee")
    assert api_as(author).post(f"/api/v1/concerns/{concern.id}/refer").status_code == 200
    recused = make_user(roles=("committee",))
    assert api_as(recused).post(f"/api/v1/concerns/{concern.id}/recuse", json={"reason": "My team."}).status_code == 200
    admin = make_user(roles=("admin",))
    for reader in (admin, recused, make_user(roles=("committee",))):
        log = _whole_log(api_as(reader))
        assert _names(log, author.id, concern.id) == []
    with app.app_context():  # and the stored rows themselves never held it
        rows = db.session.scalars(select(AuditEvent).where(
            AuditEvent.concern_id == concern.id,
            or_(AuditEvent.actor_id == author.id, AuditEvent.subject_user_id == author.id))).all()
        assert rows == []


def test_draft_events_carry_no_actor_and_named_publication_does(app, make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(state="open", author=author)
    log = _whole_log(api_as(make_user(roles=("committee",))), concern_id=concern.id)
    actors = {e["action"]: e["actor_id"] for e in log}
    assert actors["concern.drafted"] is None and actors["concern.published"] == author.id


def test_an_anonymous_signer_is_never_in_the_log(app, make_user, make_concern) -> None:
    concern = make_concern(state="open")
    signer = make_user()
    with app.app_context():
        with write_transaction() as session:  # the anonymous signature is the one that routes it
            session.execute(update(Concern).where(Concern.id == concern.id).values(review_threshold=2))
        signatures.sign(signer, concern.id, "anonymous")
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.concern_id == concern.id)).all()
        assert "concern.routed" in actions
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action != "user.created")).all()
        assert [e for e in rows if signer.id in (e.actor_id, e.subject_user_id)] == []
        assert [e for e in rows if signer.id in json.loads(e.detail).values()] == []


def test_a_recused_member_reads_nothing_of_that_concern(make_user, make_concern, api_as) -> None:
    concern = make_concern(state="in_review")
    other = make_concern(state="in_review")
    member = make_user(roles=("committee",))
    api = api_as(member)
    assert api.post(f"/api/v1/concerns/{concern.id}/recuse", json={"reason": "Conflict."}).status_code == 200
    assert _whole_log(api, concern_id=concern.id) == []
    everything = _whole_log(api)
    assert all(e["concern_id"] != concern.id for e in everything)
    assert any(e["concern_id"] == other.id for e in everything)  # the rest of the log stays readable


def test_an_admin_reads_no_outcome_or_tally_before_publication(make_user, make_concern, api_as) -> None:
    concern = make_concern(state="decided", outcome="not_uphold")
    admin, member = make_user(roles=("admin",)), make_user(roles=("committee",))

    def decided(reader) -> dict:
        [event] = [e for e in _whole_log(api_as(reader), concern_id=concern.id) if e["action"] == "concern.decided"]
        return event["detail"]

    assert decided(admin) == {}
    assert decided(member)["outcome"] == "not_uphold" and "tally" in decided(member)
    leader = make_user(roles=("leadership",))
    assert api_as(leader).post(f"/api/v1/concerns/{concern.id}/response",
                               json={"stance": "accept", "statement": "Agreed."}).status_code in (200, 201)
    assert decided(admin)["outcome"] == "not_uphold"  # published: now everyone's


def test_an_admin_reads_no_event_of_a_draft_or_an_abusive_concern(make_user, make_concern, api_as) -> None:
    draft = make_concern(state="draft")
    abusive = make_concern(state="rejected", reason_code="abusive")
    plain = make_concern(state="rejected", reason_code="out_of_scope")
    admin = make_user(roles=("admin",))
    seen = {e["concern_id"] for e in _whole_log(api_as(admin))}
    assert draft.id not in seen and abusive.id not in seen and plain.id in seen
    assert _whole_log(api_as(admin), concern_id=abusive.id) == []
    [rejected] = [e for e in _whole_log(api_as(admin), concern_id=plain.id) if e["action"] == "concern.rejected"]
    assert rejected["detail"] == {}  # the reason is for the author and the committee
    member_sees = {e["concern_id"] for e in _whole_log(api_as(make_user(roles=("committee",))))}
    assert abusive.id in member_sees and draft.id not in member_sees


def test_the_author_of_a_draft_who_is_an_admin_reads_its_events(make_user, make_concern, api_as) -> None:
    author = make_user(roles=("admin",))
    draft = make_concern(state="draft", author=author)
    assert [e["action"] for e in _whole_log(api_as(author), concern_id=draft.id)] == ["concern.drafted"]


def _at(api, concern_id: int, action: str) -> str:
    [event] = [e for e in _whole_log(api, concern_id=concern_id) if e["action"] == action]
    return event["at"]


def test_times_a_non_public_signer_caused_are_days_in_the_log(app, make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(state="open", author=author, author_visibility="committee")
    writer = make_user()
    added = api_as(writer).post(f"/api/v1/concerns/{concern.id}/perspectives",
                                json={"stance": "for_concern", "body": "Quietly.", "visibility": "committee"})
    assert added.status_code == 201
    with app.app_context():
        with write_transaction() as session:
            session.execute(update(Concern).where(Concern.id == concern.id).values(review_threshold=2))
        signatures.sign(make_user(), concern.id, "anonymous")  # reaches the threshold: routed
    admin, member = api_as(make_user(roles=("admin",))), api_as(make_user(roles=("committee",)))
    for action in ("concern.published", "perspective.added", "concern.routed"):
        assert _at(admin, concern.id, action).endswith("T00:00:00Z"), action
    assert _at(member, concern.id, "concern.routed").endswith("T00:00:00Z")  # nobody may see an anonymous signer
    exact = [_at(member, concern.id, a) for a in ("concern.published", "perspective.added")]
    assert not any(at.endswith("T00:00:00Z") for at in exact)  # reviewers see these people, and their times
