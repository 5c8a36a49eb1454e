"""The issue's "done means", walked through the pages in one go: from routing to a recorded decision."""

from __future__ import annotations

from sqlalchemy import select

from petitions.extensions import db
from petitions.models import Concern, Decision, Notification
from tests.helpers import contains_run, main, texts


def test_a_concern_walks_from_review_to_a_decision(app, client, make_user, login_as, make_concern) -> None:
    a, b, c = (make_user(roles=("committee",), name=f"Member {x}") for x in "ABC")
    author = make_user(name="Ada Author")
    employee = make_user(name="Eve Employee")
    owner = make_user(name="Olga Owner")
    concern = make_concern(state="in_review", author=author, title="Stop the tracking contract")
    workspace = f"/committee/concerns/{concern.id}"

    # Routed: it is in the queue, and member A acknowledges it, naming B to lead.
    login_as(a)
    assert "Stop the tracking contract" in client.get("/committee").get_data(as_text=True)
    assert (
        client.post(f"/concerns/{concern.id}/acknowledge", data={"ack-lead_reviewer_id": str(b.id)}).status_code == 302
    )

    # C has a conflict and recuses; from then on the concern's committee material is closed to C.
    login_as(c)
    assert client.post(f"/concerns/{concern.id}/recuse", data={"recuse-reason": "I negotiated it.", "confirmed": "yes"}).status_code == 302
    assert client.get(workspace).status_code == 403

    # Notes, an employee's perspective, and an invitation.
    login_as(b)
    client.post(f"/concerns/{concern.id}/notes", data={"note-body": "Read the annex first."})
    client.post(f"/concerns/{concern.id}/invitations", data={"invite-user_id": str(owner.id)})
    login_as(employee)
    client.post(
        f"/concerns/{concern.id}/perspectives",
        data={
            "perspective-stance": "for_concern",
            "perspective-body": "My family was affected.",
            "perspective-visibility": "committee",
        },
    )
    assert "Read the annex first." not in client.get(f"/concerns/{concern.id}").get_data(as_text=True)

    # Ballots: A votes, an early decision is refused, B votes, the decision is recorded.
    login_as(a)
    client.post(f"/concerns/{concern.id}/ballot", data={"ballot-choice": "uphold", "ballot-reason": "A's reason."})
    early = client.post(
        f"/concerns/{concern.id}/decision",
        data={"decision-outcome": "uphold", "decision-recommendation": "Exit.", "decision-rationale": "Harm."},
    )
    assert early.status_code == 409 and "Quorum not reached: 1 of 2 eligible members voted" in early.get_data(
        as_text=True
    )
    login_as(b)
    page = main(client.get(workspace).get_data(as_text=True))
    assert "A&#39;s reason." not in page and "Eve Employee" in page and "Read the annex first." in page
    client.post(f"/concerns/{concern.id}/ballot", data={"ballot-choice": "uphold_in_part", "ballot-reason": "B's."})
    decided = client.post(
        f"/concerns/{concern.id}/decision",
        data={
            "decision-outcome": "uphold_in_part",
            "decision-recommendation": "Exit at renewal.",
            "decision-rationale": "Harm to people we serve.",
            "confirmed": "yes",
        },
        follow_redirects=True,
    )
    html = main(decided.get_data(as_text=True))
    assert "Decision: Upheld in part" in texts(html, "h3") and contains_run(texts(html, "td"), ["1", "1", "0", "0"])
    assert "A&#39;s reason." in html

    with app.app_context():
        saved = db.session.get(Concern, concern.id)
        assert (saved.status, saved.lead_reviewer_id) == ("decided", b.id)
        assert db.session.get(Decision, saved.decision_id).eligible_members == 2
        told = {(n.user_id, n.kind) for n in db.session.scalars(select(Notification))}
        assert (author.id, "acknowledged") in told and (owner.id, "invited") in told

    # Employees see no decision content until leadership's response is published.
    login_as(employee)
    page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "Harm to people we serve." not in page and "Exit at renewal." not in page
    login_as(c)
    assert client.get(workspace).status_code == 403
