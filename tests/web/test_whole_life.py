"""One concern's whole life through the pages, and what each role sees at every step.

Raised and published by an employee, co-signed (one signer of each visibility) until it
reaches the committee, acknowledged, voted on, decided, and answered by leadership. At each
step the concern page is read as the author, another employee, a committee member, a
leadership member and an admin; committee-only and anonymous signers must never be named to
anyone the visibility table does not allow.
"""

from __future__ import annotations

import re

from flask import Flask

from petitions.extensions import db
from petitions.models import Concern, Contract
from tests.conftest import PASSWORD

SECRET_COMMITTEE_SIGNER = "Quinn Committeesigner"
SECRET_ANONYMOUS_SIGNER = "Avery Anonsigner"


def _as(app: Flask, user) -> object:  # noqa: ANN001
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _status(app: Flask, concern_id: int) -> str:
    with app.app_context():
        return db.session.get(Concern, concern_id).status


def test_from_raising_to_a_published_response(app, make_user, make_contract, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 4)
    author = make_user(name="Rae Author")
    public = make_user(name="Pat Publicsigner")
    committee_signer = make_user(name=SECRET_COMMITTEE_SIGNER)
    anonymous = make_user(name=SECRET_ANONYMOUS_SIGNER)
    members = [make_user(roles=("committee",), name=f"Member {i}") for i in range(3)]
    leader = make_user(roles=("leadership",), name="Lee Leader")
    admin = make_user(roles=("admin",), name="Ada Admin")
    colleague = make_user(name="Cole League")
    contract = make_contract(title="Three-year agency platform", status="signed")

    clients = {name: _as(app, user) for name, user in {
        "author": author, "public": public, "committee_signer": committee_signer, "anonymous": anonymous,
        "member": members[0], "leader": leader, "admin": admin, "colleague": colleague}.items()}

    # Raised and published in one step, from the form.
    response = clients["author"].post("/concerns/new", data={
        "title": "Do not build the agency platform", "summary": "It conflicts with our values.",
        "body": "We ask the company not to proceed.", "requested_action": "Do not proceed.",
        "contract_id": str(contract.id), "author_visibility": "named", "action": "publish"})
    assert response.status_code == 302
    concern_id = int(re.search(r"/concerns/(\d+)", response.headers["Location"]).group(1))
    assert _status(app, concern_id) == "open"
    page = f"/concerns/{concern_id}"

    def seen(role: str) -> str:
        reply = clients[role].get(page)
        assert reply.status_code == 200, role
        return reply.get_data(as_text=True)

    def check_names(step: str) -> None:
        for role in ("author", "public", "colleague", "leader", "admin", "anonymous", "committee_signer"):
            html = seen(role)
            assert SECRET_ANONYMOUS_SIGNER not in html.split("</header>", 1)[1], (step, role)
            if role != "committee_signer":
                assert SECRET_COMMITTEE_SIGNER not in html, (step, role)

    # Co-signed with each visibility; the third signature reaches the threshold of 4.
    for role, visibility in (("public", "public"), ("committee_signer", "committee"), ("anonymous", "anonymous")):
        assert clients[role].post(f"{page}/sign", data={"visibility": visibility, "statement": ""}).status_code == 302
    assert _status(app, concern_id) == "in_review"
    check_names("in review")
    assert "Pat Publicsigner" in seen("colleague")

    # The committee acknowledges, votes (two of three is a quorum) and decides.
    member = clients["member"]
    workspace = member.get(f"/committee/concerns/{concern_id}").get_data(as_text=True)
    signers = workspace.split('id="signers-h"', 1)[1].split("<h2", 1)[0]
    assert SECRET_COMMITTEE_SIGNER in signers and SECRET_ANONYMOUS_SIGNER not in signers
    assert member.post(f"{page}/acknowledge", data={"ack-lead_reviewer_id": ""}).status_code == 302
    second = _as(app, members[1])
    for voter in (member, second):
        assert voter.post(f"{page}/ballot", data={"ballot-choice": "uphold", "ballot-reason": "Values."}).status_code == 302
    assert member.post(f"{page}/decision", data={
        "decision-outcome": "uphold", "decision-recommendation": "Do not proceed with the contract.",
        "decision-rationale": "It conflicts with the values statement.", "decision-conditions": "",
        "confirmed": "yes"}).status_code == 302
    assert _status(app, concern_id) == "decided"
    assert "Do not proceed with the contract." in seen("leader")
    assert "Do not proceed with the contract." not in seen("colleague")
    assert "Do not proceed with the contract." not in seen("admin")
    check_names("decided")
    briefing = clients["leader"].get(f"/leadership/concerns/{concern_id}").get_data(as_text=True)
    assert SECRET_COMMITTEE_SIGNER not in briefing and SECRET_ANONYMOUS_SIGNER not in briefing

    # Leadership responds: not pursued. Everyone now reads decision and response side by side.
    assert clients["leader"].post(f"/leadership/concerns/{concern_id}/response", data={
        "stance": "accept", "statement": "We will not proceed.", "contract_status": "not_pursued",
        "commitments-0-text": "", "commitments-0-due_on": "", "confirmed": "yes"}).status_code == 302
    assert _status(app, concern_id) == "responded"
    with app.app_context():
        assert db.session.get(Contract, contract.id).status == "not_pursued"
    for role in ("colleague", "admin", "author"):
        html = seen(role)
        assert "Do not proceed with the contract." in html and "We will not proceed." in html, role
    check_names("responded")
    register = clients["colleague"].get("/decisions").get_data(as_text=True)
    assert "Do not build the agency platform" in register
