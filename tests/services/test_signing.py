"""Signing through the service: one row per signer, exact counts, routing, no link to anonymous signers."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from petitions.extensions import db
from petitions.models import AuditEvent, Concern, Notification, Signature
from petitions.workflow import signature_pages, signatures
from petitions.workflow.errors import Conflict, Invalid, NotFound


def _concern(app, concern_id: int) -> Concern:
    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        db.session.expunge(concern)
        return concern


def test_each_visibility_counts_and_a_second_signature_is_refused(app, make_user, make_concern) -> None:
    concern = make_concern(state="open")
    people = {vis: make_user() for vis in ("public", "committee", "anonymous")}
    with app.app_context():
        for vis, person in people.items():
            signatures.sign(person, concern.id, vis, "I agree.")
        for vis, person in people.items():
            other = "public" if vis != "public" else "anonymous"
            with pytest.raises(Conflict):
                signatures.sign(person, concern.id, other, "")
    after = _concern(app, concern.id)
    assert (after.signature_count, after.count_public, after.count_committee, after.count_anonymous) == (4, 2, 1, 1)


def test_anonymous_row_holds_no_identity(app, make_user, make_concern) -> None:
    concern = make_concern(state="open")
    signer = make_user(department="Legal", location="Lisbon")
    with app.app_context():
        signatures.sign(signer, concern.id, "anonymous", "My family was affected.")
        row = db.session.scalars(select(Signature).where(Signature.visibility == "anonymous")).one()
        assert row.user_id is None and row.department is None and row.location is None
        assert (row.signed_at.hour, row.signed_at.minute, row.signed_at.second) == (0, 0, 0)
        assert row.signer_hash == signatures.signer_hash(signer.id, concern.id)
        # Nothing else in the database names the signer for this concern.
        audit_rows = db.session.scalars(select(AuditEvent).where(AuditEvent.concern_id == concern.id)).all()
        assert audit_rows and all(signer.id not in (e.actor_id, e.subject_user_id) for e in audit_rows)
        assert str(signer.id) not in " ".join(e.detail for e in audit_rows)
        assert not db.session.scalars(select(Notification).where(Notification.user_id == signer.id)).all()
        # The signer still finds and withdraws their own signature.
        assert signatures.mine(signer, db.session.get(Concern, concern.id)) is not None
        assert signatures.withdraw(signer, concern.id) == 1
        with pytest.raises(NotFound):
            signatures.withdraw(signer, concern.id)


def test_the_database_refuses_a_duplicate_even_behind_the_service(app, make_user, make_concern) -> None:
    concern = make_concern(state="open")
    signer = make_user()
    with app.app_context():
        signatures.sign(signer, concern.id, "committee")
        with pytest.raises(Exception, match="(?i)unique"):
            db.session.add(Signature(concern_id=concern.id, signer_hash=signatures.signer_hash(signer.id, concern.id),
                                     visibility="anonymous"))
            db.session.commit()
        db.session.rollback()


def test_the_database_refuses_an_anonymous_row_with_a_user_id(app, make_user, make_concern) -> None:
    concern = make_concern(state="open")
    signer = make_user()
    with app.app_context():
        with pytest.raises(Exception, match="(?i)check|constraint"):
            db.session.add(Signature(concern_id=concern.id, signer_hash="x" * 64, visibility="anonymous",
                                     user_id=signer.id))
            db.session.commit()
        db.session.rollback()


def test_reaching_the_threshold_routes_in_the_same_call(app, make_user, make_concern, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 3)
    author = make_user()
    concern = make_concern(state="open", author=author)
    assert concern.review_threshold == 3
    committee = make_user(roles=("committee",))
    public_signer, anonymous_signer = make_user(), make_user()
    with app.app_context():
        first = signatures.sign(public_signer, concern.id, "public")
        assert (first.signature_count, first.status, first.routed) == (2, "open", False)
        second = signatures.sign(anonymous_signer, concern.id, "anonymous")
        assert (second.signature_count, second.status, second.routed) == (3, "in_review", True)
        routed = db.session.get(Concern, concern.id)
        assert routed.routed_at is not None and routed.due_at is not None
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "routed")))
        assert told == {author.id, public_signer.id, committee.id}
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "concern.routed"))
        # A later withdrawal does not send it back.
        signatures.withdraw(public_signer, concern.id)
        assert db.session.get(Concern, concern.id).status == "in_review"


def test_a_threshold_change_does_not_move_published_concerns(app, make_user, make_concern, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 2)
    concern = make_concern(state="open")
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 50)
    with app.app_context():
        assert signatures.sign(make_user(), concern.id, "public").status == "in_review"


@pytest.mark.parametrize("state", ["draft", "withdrawn", "closed", "rejected", "responded"])
def test_signing_outside_the_window_is_refused(app, make_user, make_concern, state) -> None:
    author = make_user()
    concern = make_concern(state=state, author=author)
    with app.app_context():
        with pytest.raises(Conflict if state != "draft" else NotFound):
            signatures.sign(make_user(), concern.id, "public")
    assert _concern(app, concern.id).signature_count == (0 if state == "draft" else 1)


@pytest.mark.parametrize("visibility", [None, "", "secret", 3])
def test_visibility_is_required_and_checked(app, make_user, make_concern, visibility) -> None:
    concern = make_concern(state="open")
    with app.app_context(), pytest.raises(Invalid) as caught:
        signatures.sign(make_user(), concern.id, visibility)
    assert "visibility" in caught.value.fields


def test_statement_limits(app, make_user, make_concern) -> None:
    concern = make_concern(state="open")
    with app.app_context():
        with pytest.raises(Invalid):
            signatures.sign(make_user(), concern.id, "public", "x" * 5001)
        with pytest.raises(Invalid):
            signatures.sign(make_user(), concern.id, "public", "nul\x00byte")
        count = db.session.execute(text("SELECT count(*) FROM signatures")).scalar()
    assert count == 1


def test_signers_page_names_only_what_the_table_allows_and_audits_committee_views(
    app, make_user, make_concern
) -> None:
    concern = make_concern(state="open", author_visibility="committee")
    pub, com, anon = make_user(name="Pat Public"), make_user(name="Casey Committee"), make_user(name="Ari Anon")
    viewers = {role: make_user(roles=(role,) if role != "employee" else ()) for role in
               ("employee", "committee", "leadership", "admin")}
    with app.app_context():
        signatures.sign(pub, concern.id, "public", "named statement")
        signatures.sign(com, concern.id, "committee", "committee statement")
        signatures.sign(anon, concern.id, "anonymous", "anonymous statement")
        fresh = db.session.get(Concern, concern.id)
        for role, viewer in viewers.items():
            names = {item.name for item in signature_pages.page_of(viewer, fresh).items} - {None}
            expected = {"Pat Public"} | ({"Casey Committee", concern.author.name} if role == "committee" else set())
            assert names == expected, role
        own = signature_pages.page_of(anon, fresh).items
        mine = [i for i in own if i.mine]
        assert len(mine) == 1 and mine[0].name is None and mine[0].visibility == "anonymous"
        views = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "signers.viewed")).all()
        assert [v.actor_id for v in views] == [viewers["committee"].id]
