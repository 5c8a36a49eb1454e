"""The audience table: who is told of which event, anonymous signers never."""

from __future__ import annotations

from petitions.extensions import db
from petitions.models import Concern
from petitions.workflow import signatures
from petitions.workflow.audiences import AUDIENCES, recipients


def test_every_event_names_known_groups() -> None:
    groups = {"author", "named_signers", "committee", "reviewers", "leadership"}
    assert all(set(who) <= groups and who for who in AUDIENCES.values())


def test_routed_tells_author_named_signers_and_committee_never_anonymous(app, make_user, make_concern) -> None:
    author, public, private, hidden = make_user(), make_user(), make_user(), make_user()
    member, leader = make_user(roles=("committee",)), make_user(roles=("leadership",))
    concern = make_concern(state="open", author=author)
    with app.app_context():
        signatures.sign(public, concern.id, "public", "")
        signatures.sign(private, concern.id, "committee", "")
        signatures.sign(hidden, concern.id, "anonymous", "")
        fresh = db.session.get(Concern, concern.id)
        told = set(recipients(db.session, "routed", fresh))
        assert told == {author.id, public.id, private.id, member.id}
        assert hidden.id not in told and leader.id not in told
        decided = set(recipients(db.session, "decided", fresh))
        assert leader.id in decided and not decided & {author.id, public.id, private.id, hidden.id, member.id}
        assert recipients(db.session, "dissent", fresh, actor_id=member.id) == []
