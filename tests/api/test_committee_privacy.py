"""The issue's "done means", through the API: a concern walks from review to leadership's response,
with what each role sees checked at every step, and committee-only signers kept to the committee.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import Ballot, Concern, Decision

CONFIDENTIAL = "Cora Confidential"
ANONYMOUS = "Andy Unnamed"
QUIET = "Quinn Quietvoice"


def _path(concern_id: int, tail: str = "") -> str:
    """``/api/v1/concerns/{id}`` plus ``tail``."""
    return f"/api/v1/concerns/{concern_id}{tail}"


def _shown(api, concern_id: int) -> dict:
    """The concern as ``api``'s user sees it."""
    response = api.get(_path(concern_id))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


@pytest.fixture()
def cast(make_user, make_concern, make_contract, api_as):
    """Everyone in the story, with an in-review concern signed confidentially and anonymously."""
    people = {
        "author": make_user(name="Alex Author"),
        "chair": make_user(roles=("committee",), name="Chair Member"),
        "second": make_user(roles=("committee",), name="Second Member"),
        "recuser": make_user(roles=("committee",), name="Recusing Member"),
        "leader": make_user(roles=("leadership",), name="Lee Leader"),
        "admin": make_user(roles=("admin",), name="Ada Admin"),
        "employee": make_user(name="Emma Employee"),
        "quiet": make_user(name=QUIET),
    }
    contract = make_contract(title="Border analytics", actor=people["leader"])
    concern = make_concern(state="in_review", author=people["author"], contract=contract)
    apis = {role: api_as(user) for role, user in people.items()}
    for name, visibility in ((CONFIDENTIAL, "committee"), (ANONYMOUS, "anonymous")):
        signed = api_as(make_user(name=name)).post(_path(concern.id, "/signatures"), json={"visibility": visibility})
        assert signed.status_code == 201
    return concern, people, apis


def _decision_count(app, concern_id: int) -> int:
    """Decision rows for the concern, read straight from the database."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Decision).where(Decision.concern_id == concern_id))


def test_a_concern_walks_from_review_to_response_and_each_role_sees_what_it_may(app, cast, audit_actions) -> None:
    concern, people, api = cast
    cid = concern.id

    # Before anything: nobody sees a decision or a response.
    for role in api:
        shown = _shown(api[role], cid)
        assert (shown["status"], shown["decision"], shown["response"]) == ("in_review", None, None), role

    # Acknowledgement, once, with a lead reviewer.
    acked = api["chair"].post(_path(cid, "/acknowledge"), json={"lead_reviewer_id": people["second"].id})
    assert acked.status_code == 200 and acked.json["id"] == cid
    again = api["second"].post(_path(cid, "/acknowledge"))
    assert again.status_code == 409 and again.json["error"]["code"] == "conflict"
    [item] = api["chair"].get("/api/v1/committee/queue").json["items"]
    assert item["acknowledged"] is True and item["concern"]["id"] == cid

    # A recusal, then 403 on every committee action of this concern, and no confidential names.
    recused = api["recuser"].post(_path(cid, "/recuse"), json={"reason": "My partner works for the counterparty."})
    assert recused.status_code == 200
    for method, tail, body in (
        ("get", "/notes", None),
        ("post", "/notes", {"body": "x"}),
        ("put", "/ballot", {"choice": "uphold", "reason": "x"}),
        ("get", "/ballots", None),
        ("post", "/decision", {"outcome": "uphold", "recommendation": "r", "rationale": "r"}),
        ("post", "/invitations", {"user_id": people["employee"].id}),
    ):
        kwargs = {"json": body} if body is not None else {}
        refused = getattr(api["recuser"], method)(_path(cid, tail), **kwargs)
        assert refused.status_code == 403, (method, tail, refused.status_code)
        assert refused.json["error"]["code"] == "forbidden"
    viewed = audit_actions().count("signers.viewed")
    signers = api["recuser"].get(_path(cid, "/signatures"))
    assert CONFIDENTIAL not in signers.get_data(as_text=True)
    assert audit_actions().count("signers.viewed") == viewed
    assert api["recuser"].get("/api/v1/committee/queue").json["items"] == []

    # Private notes, for the committee only.
    assert api["chair"].post(_path(cid, "/notes"), json={"body": "Ask the contract owner."}).status_code == 201
    assert [n["body"] for n in api["second"].get(_path(cid, "/notes")).json["items"]] == ["Ask the contract owner."]
    for role in ("employee", "leader", "admin", "author"):
        assert api[role].get(_path(cid, "/notes")).status_code == 403, role

    # Perspectives: an employee adds one in the open, another only for the committee.
    named = api["employee"].post(
        _path(cid, "/perspectives"), json={"stance": "for_contract", "body": "The contract funds my team."}
    )
    assert named.status_code == 201 and named.json["author_name"] == "Emma Employee"
    quiet = api["quiet"].post(
        _path(cid, "/perspectives"),
        json={"stance": "for_concern", "body": "I was affected.", "visibility": "committee"},
    )
    assert quiet.status_code == 201 and quiet.json["author_name"] == QUIET and quiet.json["mine"] is True
    for role, sees in (("employee", False), ("leader", False), ("admin", False), ("recuser", False), ("chair", True)):
        listed = api[role].get(_path(cid, "/perspectives"))
        by_body = {p["body"]: p for p in listed.json["items"]}
        assert by_body["The contract funds my team."]["author_name"] == "Emma Employee"
        assert by_body["I was affected."]["author_name"] == (QUIET if sees else None), role
        assert (QUIET in listed.get_data(as_text=True)) is sees, role

    # Ballots hidden from each other before the decision; an early decision refused.
    assert api["chair"].put(_path(cid, "/ballot"), json={"choice": "uphold", "reason": "Values."}).status_code == 200
    mine = api["chair"].get(_path(cid, "/ballots")).json
    assert [b["member"]["name"] for b in mine["items"]] == ["Chair Member"]
    assert mine["decided"] is False and mine["quorum"] == {"eligible": 2, "cast": 1, "needed": 2}
    assert api["second"].get(_path(cid, "/ballots")).json["items"] == []
    decision = {"outcome": "uphold", "recommendation": "Do not renew.", "rationale": "It harms people."}
    early = api["chair"].post(_path(cid, "/decision"), json=decision)
    assert early.status_code == 409 and "Quorum not reached" in early.json["error"]["message"]
    assert _decision_count(app, cid) == 0 and "concern.decided" not in audit_actions()
    assert _shown(api["chair"], cid)["status"] == "in_review"
    assert (
        api["second"].put(_path(cid, "/ballot"), json={"choice": "not_uphold", "reason": "Legal."}).status_code == 200
    )
    seconds = api["second"].get(_path(cid, "/ballots")).json["items"]
    assert [(b["choice"], b["reason"]) for b in seconds] == [("not_uphold", "Legal.")]
    assert "Values." not in api["second"].get(_path(cid, "/ballots")).get_data(as_text=True)

    # The decision is recorded; the committee and leadership see it at once, no one else.
    decided = api["chair"].post(_path(cid, "/decision"), json={**decision, "conditions": "Review yearly."})
    assert decided.status_code == 200, decided.get_data(as_text=True)
    assert decided.json["status"] == "decided"
    assert decided.json["decision"]["tally"] == {"uphold": 1, "uphold_in_part": 0, "not_uphold": 1, "abstain": 0}
    assert decided.json["decision"]["eligible_members"] == 2
    assert len(api["second"].get(_path(cid, "/ballots")).json["items"]) == 2
    assert api["second"].post(_path(cid, "/dissent"), json={"body": "I disagree."}).status_code == 201
    for role, sees in (
        ("chair", True),
        ("second", True),
        ("leader", True),
        ("employee", False),
        ("author", False),
        ("admin", False),
        ("quiet", False),
    ):
        shown = _shown(api[role], cid)
        assert (shown["decision"] is not None) is sees, role
        assert shown["response"] is None, role
    assert _shown(api["leader"], cid)["decision"]["dissents"][0]["body"] == "I disagree."

    # Leadership's inbox, then its response: now every employee sees both, side by side.
    [waiting] = api["leader"].get("/api/v1/leadership/inbox").json["items"]
    assert waiting["concern"]["id"] == cid and waiting["due_at"] and waiting["overdue"] is False
    assert api["employee"].get("/api/v1/decisions").json["items"] == []
    answered = api["leader"].post(
        _path(cid, "/response"),
        json={
            "stance": "decline",
            "statement": "We will proceed.",
            "contract_status": "signed",
            "commitments": [{"text": "Publish an impact review.", "due_on": "2099-01-31"}],
        },
    )
    assert answered.status_code == 200, answered.get_data(as_text=True)
    for role in api:
        shown = _shown(api[role], cid)
        assert shown["status"] == "responded", role
        assert shown["decision"]["outcome"] == "uphold", role
        assert shown["response"]["stance"] == "decline" and shown["response"]["divergence"] == "diverges", role
    assert api["leader"].get("/api/v1/leadership/inbox").json["items"] == []
    [published] = api["employee"].get("/api/v1/decisions").json["items"]
    assert published["concern"]["id"] == cid and published["diverges"] is True
    assert published["contract"]["status"] == "signed"


VIEWERS = {"employee": (), "leadership": ("leadership",), "admin": ("admin",), "committee": ("committee",)}


@pytest.mark.parametrize("kind", sorted(VIEWERS))
def test_committee_only_signers_are_named_to_the_committee_alone_and_each_view_is_audited(
    cast, make_user, api_as, audit_actions, kind
) -> None:
    concern, _people, _apis = cast
    viewer = api_as(make_user(roles=VIEWERS[kind]))
    before = audit_actions().count("signers.viewed")
    response = viewer.get(_path(concern.id, "/signatures"))
    rows = {r["visibility"]: r for r in response.json["items"]}
    assert rows["committee"]["name"] == (CONFIDENTIAL if kind == "committee" else None)
    assert rows["anonymous"]["name"] is None
    assert ANONYMOUS not in response.get_data(as_text=True)
    assert audit_actions().count("signers.viewed") == before + (kind == "committee")
    if kind != "committee":
        assert CONFIDENTIAL not in response.get_data(as_text=True)


def test_each_committee_view_of_signers_is_readable_in_the_audit_by_committee_and_admin(cast, app) -> None:
    concern, people, api = cast
    for _ in range(2):
        api["chair"].get(_path(concern.id, "/signatures"))
    for role in ("chair", "admin"):
        log = api[role].get(f"/api/v1/audit?concern_id={concern.id}")
        assert log.status_code == 200
        viewed = [e for e in log.json["items"] if e["action"] == "signers.viewed"]
        assert len(viewed) == 2, role
        assert all(e["actor_id"] == people["chair"].id and e["detail"]["committee_names_shown"] == 1 for e in viewed)
        assert CONFIDENTIAL not in log.get_data(as_text=True) and ANONYMOUS not in log.get_data(as_text=True)
    for role in ("employee", "leader", "author"):
        refused = api[role].get(f"/api/v1/audit?concern_id={concern.id}")
        assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden", role


def test_the_audit_never_carries_an_anonymous_signers_id(cast, app, make_user, api_as) -> None:
    concern, _people, api = cast
    hidden = make_user(name="Hidden Signer")
    assert api_as(hidden).post(_path(concern.id, "/signatures"), json={"visibility": "anonymous"}).status_code == 201
    assert api_as(hidden).delete(_path(concern.id, "/signatures/mine")).status_code == 204
    items = api["admin"].get(f"/api/v1/audit?concern_id={concern.id}&per_page=100").json["items"]
    assert items  # the concern's own history is there, but nothing links the anonymous signer to it
    assert all(hidden.id not in (e["actor_id"], e["subject_user_id"]) for e in items)
    assert str(hidden.id) not in {str(v) for e in items for v in e["detail"].values()}


def test_ballots_and_decision_stay_unwritten_when_quorum_fails(app, cast) -> None:
    concern, _people, api = cast
    api["chair"].put(_path(concern.id, "/ballot"), json={"choice": "abstain", "reason": "Conflicted."})
    refused = api["chair"].post(
        _path(concern.id, "/decision"), json={"outcome": "uphold", "recommendation": "r", "rationale": "r"}
    )
    assert refused.status_code == 409
    assert "1 of 3 eligible members voted; 2 are needed" in refused.json["error"]["message"]
    with app.app_context():
        assert db.session.get(Concern, concern.id).status == "in_review"
        assert db.session.get(Concern, concern.id).decision_id is None
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
