"""The ethics committee's pages: the queue, moderation, acknowledgement, recusal, notes, access."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models import CommitteeNote, Concern, Notification, Recusal
from tests.helpers import count, main, table_rows, text_of, texts


def _concern(app, concern_id: int) -> Concern:
    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        db.session.expunge_all()
        return concern


@pytest.fixture()
def committee(make_user):
    return [make_user(roles=("committee",), name=f"Member {letter}") for letter in "ABC"]


# --- access -------------------------------------------------------------------------------------


def _committee_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("committee."):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


@pytest.mark.parametrize("roles", [(), ("leadership",), ("admin",), ("leadership", "admin")])
def test_every_committee_page_and_action_refuses_other_roles(
    app, client, make_user, login_as, make_concern, roles
) -> None:
    concern = make_concern(state="in_review")
    login_as(make_user(roles=roles))
    checked = 0
    for rule, method in _committee_rules(app):
        url = rule.build({"concern_id": concern.id} if "concern_id" in rule.arguments else {})[1]
        response = client.open(url, method=method)
        assert response.status_code == 403, (rule.rule, method, response.status_code)
        checked += 1
    assert checked >= 13
    assert _concern(app, concern.id).status == "in_review"


def test_nav_links_to_the_committee_for_members_only(client, make_user, login_as, committee) -> None:
    login_as(committee[0])
    assert 'href="/committee">Committee</a>' in client.get("/concerns").get_data(as_text=True)
    login_as(make_user(roles=("leadership", "admin")))
    assert 'href="/committee">Committee</a>' not in client.get("/concerns").get_data(as_text=True)


def test_a_concern_the_committee_may_not_see_is_a_404(client, login_as, make_concern, committee) -> None:
    draft = make_concern(state="draft")
    login_as(committee[0])
    assert client.get(f"/committee/concerns/{draft.id}").status_code == 404
    assert client.get("/committee/concerns/999999").status_code == 404
    assert client.post(f"/concerns/{draft.id}/notes", data={"note-body": "x"}).status_code == 404


# --- the queue ----------------------------------------------------------------------------------


def test_queue_lists_routed_concerns_due_first_with_deadlines_and_overdue(
    client, login_as, make_concern, committee
) -> None:
    now = utcnow()
    later = make_concern(state="in_review", title="Due later", due_at=now + timedelta(days=5))
    late = make_concern(state="in_review", title="Already late", due_at=now - timedelta(days=1))
    make_concern(state="open", title="Still collecting")
    login_as(committee[0])
    html = main(client.get("/committee").get_data(as_text=True))
    queue = html[html.index('id="queue-h"') : html.index('id="referable-h"')]
    assert queue.index("Already late") < queue.index("Due later")
    late_row = queue[queue.index("Already late") : queue.index("Due later")]
    assert "Overdue" in late_row and "acknowledge by" in late_row and "Not yet" in late_row
    assert "Overdue" not in queue[queue.index("Due later") :]
    assert f'href="/committee/concerns/{late.id}"' in queue and f'href="/committee/concerns/{later.id}"' in queue
    [late_cells] = [row for row in table_rows(queue) if row and row[0].startswith("Already late")]
    assert late_cells[-1] == "1"  # signatures: the author's own
    referable = html[html.index('id="referable-h"') :]
    assert "Still collecting" in referable and "Already late" not in referable
    assert "<button" in referable and "/refer" in referable
    assert 'href="/committee/moderation"' in html


def test_refer_an_open_concern_early(app, client, login_as, make_concern, committee) -> None:
    concern = make_concern(state="open")
    login_as(committee[0])
    response = client.post(f"/concerns/{concern.id}/refer")
    assert response.status_code == 302 and response.headers["Location"] == f"/committee/concerns/{concern.id}"
    assert _concern(app, concern.id).status == "in_review"
    again = client.post(f"/concerns/{concern.id}/refer", follow_redirects=True)
    assert again.status_code == 200 and "Cannot refer a concern that is in review" in text_of(again.get_data(as_text=True))


# --- acknowledgement ----------------------------------------------------------------------------


def test_acknowledge_with_a_lead_reviewer_tells_the_author(
    app, client, make_user, login_as, make_concern, committee
) -> None:
    author = make_user(name="Ada Author")
    concern = make_concern(state="in_review", author=author)
    login_as(committee[0])
    page = client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
    assert '<label for="ack-lead_reviewer_id">' in page and f'value="{committee[1].id}">Member B' in page
    response = client.post(
        f"/concerns/{concern.id}/acknowledge",
        data={"ack-lead_reviewer_id": str(committee[1].id)},
        follow_redirects=True,
    )
    html = main(response.get_data(as_text=True))
    assert "Acknowledged. The author was told." in html
    facts = dict(zip(texts(html, "dt"), texts(html, "dd"), strict=False))
    assert facts["Lead reviewer"] == "Member B" and "decide by" in html
    saved = _concern(app, concern.id)
    assert saved.acknowledged_at is not None and saved.lead_reviewer_id == committee[1].id
    assert count(app, Notification, kind="acknowledged", user_id=author.id) == 1

    second = client.post(f"/concerns/{concern.id}/acknowledge", data={"ack-lead_reviewer_id": ""})
    assert second.status_code == 409 and "already acknowledged" in second.get_data(as_text=True)
    assert _concern(app, concern.id).lead_reviewer_id == committee[1].id


def test_a_lead_reviewer_must_be_an_eligible_member(app, client, make_user, login_as, make_concern, committee) -> None:
    concern = make_concern(state="in_review")
    login_as(committee[0])
    response = client.post(f"/concerns/{concern.id}/acknowledge", data={"ack-lead_reviewer_id": str(make_user().id)})
    assert response.status_code == 400
    assert "Choose a committee member who is not recused." in response.get_data(as_text=True)
    assert _concern(app, concern.id).acknowledged_at is None


def test_the_concern_page_shows_reviewers_a_committee_panel(
    client, make_user, login_as, make_concern, committee
) -> None:
    concern = make_concern(state="in_review")
    login_as(committee[0])
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert 'id="committee-panel-h"' in html and f'href="/committee/concerns/{concern.id}"' in html
    assert "Acknowledge by" in html
    login_as(make_user(roles=("leadership", "admin")))
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert 'id="committee-panel-h"' not in html and "/committee/concerns/" not in html


# --- recusal ------------------------------------------------------------------------------------


def _valid_actions(concern_id: int, lead_id: int) -> list[tuple[str, dict[str, str]]]:
    return [
        (f"/concerns/{concern_id}/acknowledge", {"ack-lead_reviewer_id": str(lead_id)}),
        (f"/concerns/{concern_id}/recuse", {"recuse-reason": "Again."}),
        (f"/concerns/{concern_id}/reject", {"reject-reason_code": "other", "reject-explanation": "No."}),
        (f"/concerns/{concern_id}/restore", {}),
        (f"/concerns/{concern_id}/notes", {"note-body": "Sneaky note."}),
        (f"/concerns/{concern_id}/invitations", {"invite-user_id": str(lead_id)}),
        (f"/concerns/{concern_id}/ballot", {"ballot-choice": "uphold", "ballot-reason": "Yes."}),
        (
            f"/concerns/{concern_id}/decision",
            {"decision-outcome": "uphold", "decision-recommendation": "r", "decision-rationale": "r"},
        ),
        (f"/concerns/{concern_id}/dissent", {"dissent-body": "No."}),
        (f"/concerns/{concern_id}/refer", {}),
        # Bad input from a recused member is still a 403, not a form with messages.
        (f"/concerns/{concern_id}/notes", {"note-body": ""}),
        (f"/concerns/{concern_id}/ballot", {"ballot-choice": "maybe"}),
    ]


def test_recusal_is_final_and_closes_the_concern_to_the_member(
    app, client, make_user, login_as, make_concern, committee
) -> None:
    from petitions.workflow import review, signatures

    concern = make_concern(state="in_review")
    with app.app_context():
        review.add_note(committee[1], concern.id, "Private thoughts of B.")
        signatures.sign(make_user(name="Quiet Signer"), concern.id, "committee")
    member = committee[0]
    login_as(member)
    workspace = client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
    assert "Private thoughts of B." in workspace and "Quiet Signer" in workspace
    assert "Recusal is final" in workspace

    refused = client.post(f"/concerns/{concern.id}/recuse", data={"recuse-reason": "  "})
    assert refused.status_code == 400 and "Reason is required." in refused.get_data(as_text=True)
    assert count(app, Recusal) == 0

    response = client.post(
        f"/concerns/{concern.id}/recuse",
        data={"recuse-reason": "My partner works for the counterparty.", "confirmed": "yes"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "You recused yourself" in response.get_data(as_text=True)
    assert "Private thoughts of B." not in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(Recusal))
        assert (row.user_id, row.reason) == (member.id, "My partner works for the counterparty.")

    page = client.get(f"/committee/concerns/{concern.id}")
    assert page.status_code == 403
    assert "Private thoughts of B." not in page.get_data(as_text=True)
    assert "Quiet Signer" not in page.get_data(as_text=True)
    for url, data in _valid_actions(concern.id, committee[1].id):
        assert client.post(url, data=data).status_code == 403, url
    concern_page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "Quiet Signer" not in concern_page and 'id="committee-panel-h"' not in concern_page
    assert f"/committee/concerns/{concern.id}" not in client.get("/committee").get_data(as_text=True)
    assert count(app, CommitteeNote) == 1
    assert _concern(app, concern.id).acknowledged_at is None

    login_as(committee[1])
    assert client.get(f"/committee/concerns/{concern.id}").status_code == 200


# --- notes --------------------------------------------------------------------------------------


def test_notes_are_for_reviewers_only(app, client, make_user, login_as, make_concern, committee) -> None:
    concern = make_concern(state="in_review")
    login_as(committee[0])
    response = client.post(
        f"/concerns/{concern.id}/notes", data={"note-body": "Check the contract annex."}, follow_redirects=True
    )
    assert response.status_code == 200 and "Note added." in response.get_data(as_text=True)
    login_as(committee[1])
    html = client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
    assert "Check the contract annex." in html and "Member A" in html

    empty = client.post(f"/concerns/{concern.id}/notes", data={"note-body": ""})
    assert empty.status_code == 400 and "Note is required." in empty.get_data(as_text=True)
    assert count(app, CommitteeNote) == 1

    for roles in ((), ("leadership",), ("admin",)):
        login_as(make_user(roles=roles))
        assert client.get("/committee").status_code == 403
        page = client.get(f"/committee/concerns/{concern.id}")
        assert page.status_code == 403 and "Check the contract annex." not in page.get_data(as_text=True)
        assert "Check the contract annex." not in client.get(f"/concerns/{concern.id}").get_data(as_text=True)


# --- moderation ---------------------------------------------------------------------------------


def test_rejecting_as_abusive_hides_it_and_the_author_sees_why(
    app, client, make_user, login_as, make_concern, committee
) -> None:
    author = make_user()
    concern = make_concern(state="open", author=author, title="Abusive words")
    reader = make_user()
    login_as(committee[0])
    response = client.post(
        f"/concerns/{concern.id}/reject",
        data={"reject-reason_code": "abusive", "reject-explanation": "It attacks a named colleague.",
              "confirmed": "yes"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Rejected. The author was told" in response.get_data(as_text=True)
    assert _concern(app, concern.id).status == "rejected"
    assert count(app, Notification, kind="rejected", user_id=author.id) == 1
    moderation = main(client.get("/committee/moderation").get_data(as_text=True))
    assert "Abusive words" in moderation and "It attacks a named colleague." in moderation
    assert f'action="/concerns/{concern.id}/restore"' in moderation

    for viewer in (reader, make_user(roles=("leadership", "admin"))):
        login_as(viewer)
        assert client.get(f"/concerns/{concern.id}").status_code == 404
        assert "Abusive words" not in client.get("/concerns").get_data(as_text=True)
    login_as(author)
    own = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "Rejected by the ethics committee (Abusive)" in own and "It attacks a named colleague." in own

    login_as(committee[1])
    workspace = main(client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True))
    assert "Rejected (Abusive)" in workspace and "Restore this concern" in workspace
    assert "Reject this concern" not in workspace and "Record the decision" not in workspace
    restored = client.post(f"/concerns/{concern.id}/restore", follow_redirects=True)
    assert restored.status_code == 200 and "Restored." in restored.get_data(as_text=True)
    assert _concern(app, concern.id).status == "open"
    assert "Abusive words" not in main(client.get("/committee/moderation").get_data(as_text=True))
    again = client.post(f"/concerns/{concern.id}/restore", follow_redirects=True)
    assert "Cannot restore a concern that is open" in again.get_data(as_text=True)
    login_as(reader)
    assert client.get(f"/concerns/{concern.id}").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reject-reason_code": "other", "reject-explanation": ""}, "Explanation is required."),
        (
            {"reject-reason_code": "spam", "reject-explanation": "Spam."},
            "Reason must be one of: Duplicate, Out of scope",
        ),
        (
            {"reject-reason_code": "duplicate", "reject-explanation": "Same.", "reject-duplicate_of_id": ""},
            "Give the number of the concern this one duplicates.",
        ),
        (
            {"reject-reason_code": "duplicate", "reject-explanation": "Same.", "reject-duplicate_of_id": "999999"},
            "No such published concern.",
        ),
    ],
)
def test_a_rejection_needs_a_reason_and_an_explanation(
    app, client, login_as, make_concern, committee, data, message
) -> None:
    concern = make_concern(state="in_review")
    login_as(committee[0])
    response = client.post(f"/concerns/{concern.id}/reject", data={**data, "confirmed": "yes"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert 'class="error-summary"' in html
    assert _concern(app, concern.id).status == "in_review"


def test_a_duplicate_names_its_original(app, client, login_as, make_concern, committee) -> None:
    original = make_concern(state="open")
    concern = make_concern(state="in_review")
    login_as(committee[0])
    response = client.post(
        f"/concerns/{concern.id}/reject",
        data={
            "reject-reason_code": "duplicate",
            "reject-explanation": "Same as before.",
            "reject-duplicate_of_id": str(original.id),
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302
    saved = _concern(app, concern.id)
    assert saved.rejection_reason_code == "duplicate" and f"#{original.id}" in saved.rejection_explanation
