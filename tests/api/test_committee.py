"""The committee's endpoints one by one: happy paths, roles, states and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern, Invitation, Notification
from tests.api.conftest import assert_invalid

NOT_COMMITTEE = {"employee": (), "leadership": ("leadership",), "admin": ("admin",)}


def _path(concern_id: int, tail: str = "") -> str:
    """``/api/v1/concerns/{id}`` plus ``tail``."""
    return f"/api/v1/concerns/{concern_id}{tail}"


@pytest.fixture()
def member(make_user):
    """A committee member."""
    return make_user(roles=("committee",), name="Mina Member")


# --- the queue --------------------------------------------------------------------------------


def test_the_queue_lists_routed_concerns_due_first_with_their_clock(app, member, make_concern, api_as) -> None:
    later = make_concern(state="in_review", title="Later")
    sooner = make_concern(state="in_review", title="Sooner")
    make_concern(state="open", title="Not routed")
    with app.app_context(), write_transaction() as session:
        due = session.get(Concern, later.id).due_at
        session.execute(update(Concern).where(Concern.id == sooner.id).values(due_at=due - timedelta(days=30)))
    api = api_as(member)
    assert api.post(_path(later.id, "/acknowledge")).status_code == 200
    page = api.get("/api/v1/committee/queue").json
    assert [i["concern"]["title"] for i in page["items"]] == ["Sooner", "Later"]
    assert (page["total"], page["page"], page["per_page"]) == (2, 1, 20)
    first, second = page["items"]
    assert (first["overdue"], first["acknowledged"]) == (True, False)
    assert (second["overdue"], second["acknowledged"]) == (False, True)
    assert second["due_at"] > first["due_at"]
    assert api.get("/api/v1/committee/queue?per_page=1&page=2").json["items"][0]["concern"]["title"] == "Later"
    assert_invalid(api.get("/api/v1/committee/queue?per_page=0"), "per_page")


@pytest.mark.parametrize("kind", sorted(NOT_COMMITTEE))
def test_the_queue_is_for_the_committee(make_user, api_as, kind) -> None:
    response = api_as(make_user(roles=NOT_COMMITTEE[kind])).get("/api/v1/committee/queue")
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"


# --- transitions ------------------------------------------------------------------------------


def test_refer_sends_an_open_concern_to_review_once(member, make_concern, api_as) -> None:
    concern = make_concern(state="open")
    api = api_as(member)
    referred = api.post(_path(concern.id, "/refer"))
    assert referred.status_code == 200
    assert referred.json["status"] == "in_review" and referred.json["routed_at"]
    assert api.post(_path(concern.id, "/refer")).status_code == 409


@pytest.mark.parametrize("tail", ["/refer", "/acknowledge", "/restore"])
@pytest.mark.parametrize("kind", sorted(NOT_COMMITTEE))
def test_committee_transitions_refuse_everyone_else(make_user, make_concern, api_as, tail, kind) -> None:
    concern = make_concern(state={"/refer": "open", "/acknowledge": "in_review", "/restore": "rejected"}[tail])
    response = api_as(make_user(roles=NOT_COMMITTEE[kind])).post(_path(concern.id, tail))
    assert response.status_code == 403, (tail, kind)
    assert response.json["error"]["code"] == "forbidden"


def test_transitions_on_what_the_caller_cannot_see_are_404(member, make_concern, api_as) -> None:
    draft = make_concern(state="draft")
    api = api_as(member)
    for tail in ("/refer", "/acknowledge", "/restore", "/notes"):
        assert api.post(_path(draft.id, tail), json={"body": "x"}).status_code == 404, tail
    assert api.post(_path(2**31 - 1, "/refer")).status_code == 404


def test_acknowledge_names_a_lead_reviewer_and_only_once(app, member, make_user, make_concern, api_as) -> None:
    concern = make_concern(state="in_review")
    lead = make_user(roles=("committee",))
    api = api_as(member)
    assert_invalid(api.post(_path(concern.id, "/acknowledge"), json={"lead_reviewer_id": "7"}), "lead_reviewer_id")
    not_member = api.post(_path(concern.id, "/acknowledge"), json={"lead_reviewer_id": make_user().id})
    assert_invalid(not_member, "lead_reviewer_id")
    acked = api.post(_path(concern.id, "/acknowledge"), json={"lead_reviewer_id": lead.id, "unknown": 1})
    assert acked.status_code == 200 and acked.json["status"] == "in_review"
    with app.app_context():
        assert db.session.get(Concern, concern.id).lead_reviewer_id == lead.id
    second = api_as(lead).post(_path(concern.id, "/acknowledge"))
    assert second.status_code == 409 and "already acknowledged" in second.json["error"]["message"]


def test_acknowledge_is_only_for_a_concern_in_review(member, make_concern, api_as) -> None:
    assert api_as(member).post(_path(make_concern(state="open").id, "/acknowledge")).status_code == 409


def test_recusal_needs_a_reason_and_is_final(member, make_concern, api_as) -> None:
    concern = make_concern(state="in_review")
    api = api_as(member)
    assert_invalid(api.post(_path(concern.id, "/recuse"), json={}), "reason")
    assert_invalid(api.post(_path(concern.id, "/recuse"), json={"reason": "   "}), "reason")
    assert api.post(_path(concern.id, "/recuse"), json={"reason": "I advised on it."}).status_code == 200
    for tail, body in (("/recuse", {"reason": "Again."}), ("/acknowledge", None), ("/reject", None)):
        body = body or {"reason_code": "other", "explanation": "x"}
        assert api.post(_path(concern.id, tail), json=body).status_code == 403, tail
    assert api.get(_path(concern.id, "/ballots")).status_code == 403


def test_reject_shows_the_reason_to_author_and_committee_only(member, make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(state="open", author=author)
    rejected = api_as(member).post(
        _path(concern.id, "/reject"), json={"reason_code": "out_of_scope", "explanation": "Not a contract matter."}
    )
    assert rejected.status_code == 200 and rejected.json["status"] == "rejected"
    assert rejected.json["rejection"] == {"reason_code": "out_of_scope", "explanation": "Not a contract matter."}
    assert api_as(author).get(_path(concern.id)).json["rejection"]["reason_code"] == "out_of_scope"
    assert api_as(make_user()).get(_path(concern.id)).json["rejection"] is None


def test_reject_validates_its_input(member, make_concern, api_as) -> None:
    concern = make_concern(state="open")
    api = api_as(member)
    assert_invalid(api.post(_path(concern.id, "/reject"), json={}), "reason_code", "explanation")
    assert_invalid(
        api.post(_path(concern.id, "/reject"), json={"reason_code": "rude", "explanation": "x"}), "reason_code"
    )
    missing = api.post(_path(concern.id, "/reject"), json={"reason_code": "duplicate", "explanation": "Same."})
    assert_invalid(missing, "duplicate_of_id")
    itself = {"reason_code": "duplicate", "explanation": "Same.", "duplicate_of_id": concern.id}
    assert_invalid(api.post(_path(concern.id, "/reject"), json=itself), "duplicate_of_id")
    assert api.get(_path(concern.id)).json["status"] == "open"


def test_a_duplicate_points_at_the_original(member, make_concern, api_as) -> None:
    original, copy = make_concern(state="open"), make_concern(state="open")
    body = {"reason_code": "duplicate", "explanation": "Same concern.", "duplicate_of_id": original.id}
    rejected = api_as(member).post(_path(copy.id, "/reject"), json=body)
    assert rejected.status_code == 200
    assert f"#{original.id}" in rejected.json["rejection"]["explanation"]


def test_an_abusive_concern_disappears_for_employees_until_restored(member, make_user, make_concern, api_as) -> None:
    author, reader = make_user(), make_user()
    concern = make_concern(state="in_review", author=author)
    api = api_as(member)
    assert (
        api.post(_path(concern.id, "/reject"), json={"reason_code": "abusive", "explanation": "Slur."}).status_code
        == 200
    )
    assert api_as(reader).get(_path(concern.id)).status_code == 404
    assert api_as(author).get(_path(concern.id)).status_code == 200
    restored = api.post(_path(concern.id, "/restore"))
    assert restored.status_code == 200 and restored.json["status"] == "in_review" and restored.json["rejection"] is None
    assert api_as(reader).get(_path(concern.id)).status_code == 200
    assert api.post(_path(concern.id, "/restore")).status_code == 409


# --- notes and invitations --------------------------------------------------------------------


def test_notes_form_a_private_thread_oldest_first(member, make_user, make_concern, api_as) -> None:
    concern = make_concern(state="in_review")
    other = make_user(roles=("committee",), name="Olli Other")
    first = api_as(member).post(_path(concern.id, "/notes"), json={"body": "First."})
    assert first.status_code == 201
    assert first.json["author"] == {"id": member.id, "name": "Mina Member"} and first.json["body"] == "First."
    api_as(other).post(_path(concern.id, "/notes"), json={"body": "Second."})
    thread = api_as(member).get(_path(concern.id, "/notes")).json
    assert [n["body"] for n in thread["items"]] == ["First.", "Second."] and thread["total"] == 2
    assert_invalid(api_as(member).post(_path(concern.id, "/notes"), json={"body": ""}), "body")
    assert_invalid(api_as(member).post(_path(concern.id, "/notes"), json={"body": "a\x00b"}), "body")
    for kind, roles in NOT_COMMITTEE.items():
        assert api_as(make_user(roles=roles)).get(_path(concern.id, "/notes")).status_code == 403, kind


def test_the_committee_invites_a_perspective_and_the_invitee_is_told(
    app, member, make_user, make_concern, api_as
) -> None:
    concern = make_concern(state="in_review")
    owner = make_user(name="Owen Owner")
    api = api_as(member)
    invited = api.post(_path(concern.id, "/invitations"), json={"user_id": owner.id, "message": "Your view?"})
    assert invited.status_code == 201
    assert invited.json["user"] == {"id": owner.id, "name": "Owen Owner"} and invited.json["answered_at"] is None
    assert api.post(_path(concern.id, "/invitations"), json={"user_id": owner.id}).status_code == 409
    assert_invalid(api.post(_path(concern.id, "/invitations"), json={"user_id": 2**31 - 1}), "user_id")
    assert_invalid(api.post(_path(concern.id, "/invitations"), json={}), "user_id")
    assert api_as(make_user()).post(_path(concern.id, "/invitations"), json={"user_id": owner.id}).status_code == 403
    answered = api_as(owner).post(
        _path(concern.id, "/perspectives"), json={"stance": "for_contract", "body": "It is lawful."}
    )
    assert answered.json["invited"] is True
    with app.app_context():
        assert db.session.scalar(select(Invitation.answered_at)) is not None
        assert db.session.scalar(select(Notification.user_id).where(Notification.kind == "invited")) == owner.id


# --- perspectives and breakdowns --------------------------------------------------------------


def test_perspectives_close_with_the_review(make_user, make_concern, api_as) -> None:
    concern = make_concern(state="decided")
    api = api_as(make_user())
    closed = api.post(_path(concern.id, "/perspectives"), json={"stance": "other", "body": "Late."})
    assert closed.status_code == 409 and closed.json["error"]["code"] == "conflict"
    assert api.get(_path(concern.id, "/perspectives")).json["items"] == []


def test_perspective_input_is_checked(make_user, make_concern, api_as) -> None:
    concern = make_concern(state="open")
    api = api_as(make_user())
    assert_invalid(api.post(_path(concern.id, "/perspectives"), json={"stance": "meh", "body": 5}), "stance", "body")
    assert_invalid(api.post(_path(concern.id, "/perspectives"), json={"stance": "other", "body": " "}), "body")
    assert_invalid(
        api.post(_path(concern.id, "/perspectives"), json={"stance": "other", "body": "x", "visibility": "anonymous"}),
        "visibility",
    )
    assert_invalid(api.post(_path(concern.id, "/perspectives"), json={"stance": "other", "body": "x" * 5001}), "body")
    assert api.post(_path(concern.id, "/perspectives"), data="stance=other").status_code == 400
    assert api.get(_path(make_concern(state="draft").id, "/perspectives")).status_code == 404


def test_breakdowns_are_k_anonymous_and_for_committee_and_leadership(make_user, make_concern, api_as) -> None:
    concern = make_concern(state="open")  # the author's own signature, in Engineering / Berlin
    for i in range(5):
        api_as(make_user(department="Legal", location="Paris")).post(
            _path(concern.id, "/signatures"), json={"visibility": "committee" if i % 2 else "public"}
        )
    api_as(make_user(department="Sales")).post(_path(concern.id, "/signatures"), json={"visibility": "anonymous"})
    expected = {"committee": [{"name": "Engineering", "count": 1}, {"name": "Legal", "count": 5}],
                "leadership": [{"name": "Engineering", "count": 1}, {"name": "Legal", "count": 3}]}
    for role, groups in expected.items():
        shown = api_as(make_user(roles=(role,))).get(_path(concern.id, "/breakdown?by=department"))
        assert shown.status_code == 200
        assert shown.json == {
            "by": "department",
            "groups": groups,
            "smaller_groups": 0 if role == "committee" else 2,  # Legal's 2 committee-only signers
            "anonymous": 1,
            "total": 7,
            "k": 5,
        }
    leader = api_as(make_user(roles=("leadership",)))
    assert "Sales" not in leader.get(_path(concern.id, "/breakdown?by=department")).get_data(as_text=True)
    by_location = leader.get(_path(concern.id, "/breakdown?by=location")).json
    assert by_location["groups"] == [{"name": "Berlin", "count": 1}, {"name": "Paris", "count": 3}]
    assert by_location["smaller_groups"] == 2 and "null" not in str(by_location)
    assert_invalid(leader.get(_path(concern.id, "/breakdown?by=salary")), "by")
    for roles in ((), ("admin",)):
        refused = api_as(make_user(roles=roles)).get(_path(concern.id, "/breakdown"))
        assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"


# --- voting, decision, dissent ----------------------------------------------------------------

DECISION = {"outcome": "uphold_in_part", "recommendation": "Add safeguards.", "rationale": "Mixed evidence."}


def test_a_ballot_is_cast_then_changed_and_only_while_in_review(member, make_user, make_concern, api_as) -> None:
    concern = make_concern(state="in_review")
    api = api_as(member)
    cast = api.put(_path(concern.id, "/ballot"), json={"choice": "uphold", "reason": "Values."})
    assert cast.status_code == 200
    assert (cast.json["choice"], cast.json["reason"], cast.json["mine"]) == ("uphold", "Values.", True)
    changed = api.put(_path(concern.id, "/ballot"), json={"choice": "abstain", "reason": "Thinking."})
    assert changed.json["choice"] == "abstain" and changed.json["cast_at"] == cast.json["cast_at"]
    [only] = api.get(_path(concern.id, "/ballots")).json["items"]
    assert only["choice"] == "abstain"
    assert_invalid(api.put(_path(concern.id, "/ballot"), json={"choice": "maybe"}), "choice", "reason")
    assert_invalid(api.put(_path(concern.id, "/ballot"), json={"choice": "uphold", "reason": ""}), "reason")
    opened = make_concern(state="open")
    assert api.put(_path(opened.id, "/ballot"), json={"choice": "uphold", "reason": "x"}).status_code == 409
    for kind, roles in NOT_COMMITTEE.items():
        refused = api_as(make_user(roles=roles)).put(
            _path(concern.id, "/ballot"), json={"choice": "uphold", "reason": "x"}
        )
        assert refused.status_code == 403, kind


def test_ballot_contents_are_not_in_the_audit(member, make_concern, api_as, audit_actions) -> None:
    concern = make_concern(state="in_review")
    api_as(member).put(_path(concern.id, "/ballot"), json={"choice": "not_uphold", "reason": "Secret reason."})
    assert "ballot.cast" in audit_actions()
    log = api_as(member).get(f"/api/v1/audit?concern_id={concern.id}")
    assert "Secret reason." not in log.get_data(as_text=True) and "not_uphold" not in log.get_data(as_text=True)


def test_a_decision_needs_quorum_and_valid_input(member, make_user, make_concern, api_as) -> None:
    concern = make_concern(state="in_review")
    other = make_user(roles=("committee",))
    api = api_as(member)
    assert_invalid(
        api.post(_path(concern.id, "/decision"), json={"outcome": "abstain"}), "outcome", "recommendation", "rationale"
    )
    assert api.post(_path(concern.id, "/decision"), json=DECISION).status_code == 409
    api.put(_path(concern.id, "/ballot"), json={"choice": "uphold_in_part", "reason": "Partly."})
    api_as(other).put(_path(concern.id, "/ballot"), json={"choice": "abstain", "reason": "Unsure."})
    decided = api.post(_path(concern.id, "/decision"), json=DECISION)
    assert decided.status_code == 200
    decision = decided.json["decision"]
    assert (decision["outcome"], decision["recommendation"], decision["rationale"], decision["conditions"]) == (
        "uphold_in_part",
        "Add safeguards.",
        "Mixed evidence.",
        "",
    )
    assert decision["tally"]["abstain"] == 1 and decision["eligible_members"] == 2 and decision["dissents"] == []
    assert api.post(_path(concern.id, "/decision"), json=DECISION).status_code == 409
    assert api.put(_path(concern.id, "/ballot"), json={"choice": "uphold", "reason": "Late."}).status_code == 409
    after = api_as(other).get(_path(concern.id, "/ballots")).json
    assert after["decided"] is True and {b["member"]["id"] for b in after["items"]} == {member.id, other.id}
    assert (
        api_as(make_user(roles=("leadership",))).post(_path(concern.id, "/decision"), json=DECISION).status_code == 403
    )


def test_dissent_once_after_the_decision(member, make_user, make_concern, api_as) -> None:
    pending = make_concern(state="in_review")
    api = api_as(member)
    assert api.post(_path(pending.id, "/dissent"), json={"body": "No."}).status_code == 409
    concern = make_concern(state="decided")
    dissent = api.post(_path(concern.id, "/dissent"), json={"body": "I would not uphold."})
    assert dissent.status_code == 201
    assert dissent.json["member"] == {"id": member.id, "name": "Mina Member"}
    assert api.post(_path(concern.id, "/dissent"), json={"body": "Again."}).status_code == 409
    assert_invalid(api.post(_path(concern.id, "/dissent"), json={}), "body")
    assert api_as(make_user()).post(_path(concern.id, "/dissent"), json={"body": "x"}).status_code == 403
    shown = api_as(make_user(roles=("leadership",))).get(_path(concern.id)).json["decision"]["dissents"]
    assert [(d["member"]["name"], d["body"]) for d in shown] == [("Mina Member", "I would not uphold.")]


def test_the_new_operations_are_described_from_their_models(client) -> None:
    paths = client.get("/api/v1/openapi.json").json["paths"]
    acknowledge = paths["/api/v1/concerns/{concern_id}/acknowledge"]["post"]
    assert acknowledge["requestBody"]["required"] is False and "409" in acknowledge["responses"]
    assert paths["/api/v1/concerns/{concern_id}/decision"]["post"]["requestBody"]["required"] is True
    assert {"get", "post"} <= set(paths["/api/v1/concerns/{concern_id}/notes"])
    assert "put" in paths["/api/v1/concerns/{concern_id}/ballot"]
    by = {p["name"]: p for p in paths["/api/v1/concerns/{concern_id}/breakdown"]["get"]["parameters"]}["by"]
    assert by["schema"]["enum"] == ["department", "location"]
    register = {p["name"] for p in paths["/api/v1/decisions"]["get"]["parameters"]}
    assert {"contract_id", "outcome", "stance", "year", "q", "page", "per_page"} <= register
