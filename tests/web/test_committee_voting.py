"""Voting and the decision through the committee's pages: secret ballots, quorum, tally, dissent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from petitions.extensions import db
from petitions.models import Ballot, Concern, Decision, Dissent, Notification
from tests.helpers import contains_run, count, main, texts


def _status(app, concern_id: int) -> str:
    with app.app_context():
        return db.session.get(Concern, concern_id).status


@pytest.fixture()
def committee(make_user):
    return [make_user(roles=("committee",), name=f"Member {letter}") for letter in "ABC"]


def _vote(client, concern_id: int, choice: str, reason: str):
    return client.post(f"/concerns/{concern_id}/ballot", data={"ballot-choice": choice, "ballot-reason": reason})


DECISION = {
    "confirmed": "yes",  # the confirmation step (tests/web/test_confirmations.py)
    "decision-outcome": "uphold",
    "decision-recommendation": "Do not renew the contract.",
    "decision-rationale": "It contradicts the values we published in 2019.",
    "decision-conditions": "",
}


def test_ballots_are_hidden_from_each_other_until_the_decision(app, client, login_as, make_concern, committee) -> None:
    concern = make_concern(state="in_review")
    login_as(committee[0])
    assert _vote(client, concern.id, "uphold", "Alpha reason of A.").status_code == 302
    login_as(committee[1])
    response = _vote(client, concern.id, "not_uphold", "Bravo reason of B.")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your ballot was recorded" in page and "Bravo reason of B." in page
    assert "Alpha reason of A." not in page
    assert any(t.startswith("Member B: Do not uphold") for t in texts(page, "li")) and "Change my ballot" in page
    assert 'value="not_uphold" checked' in page
    login_as(committee[0])
    page = client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
    assert "Alpha reason of A." in page and "Bravo reason of B." not in page
    assert "2 of 3 eligible members voted; 2 needed for quorum (reached)" in page

    assert _vote(client, concern.id, "abstain", "Changed my mind.").status_code == 302
    with app.app_context():
        mine = db.session.scalar(select(Ballot).where(Ballot.member_id == committee[0].id))
        assert (mine.choice, mine.reason) == ("abstain", "Changed my mind.")
    assert count(app, Ballot) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ballot-choice": "uphold", "ballot-reason": ""}, "Reason is required."),
        ({"ballot-choice": "maybe", "ballot-reason": "Unsure."}, "Choice must be one of: Uphold"),
        ({"ballot-reason": "No choice."}, "Choice must be one of: Uphold"),
    ],
)
def test_a_ballot_needs_a_choice_and_a_reason(app, client, login_as, make_concern, committee, data, message) -> None:
    concern = make_concern(state="in_review")
    login_as(committee[0])
    response = client.post(f"/concerns/{concern.id}/ballot", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert count(app, Ballot) == 0


def test_an_early_decision_is_refused_and_changes_nothing(app, client, login_as, make_concern, committee) -> None:
    concern = make_concern(state="in_review")
    login_as(committee[0])
    _vote(client, concern.id, "uphold", "Yes.")
    response = client.post(f"/concerns/{concern.id}/decision", data=DECISION)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Quorum not reached: 1 of 3 eligible members voted; 2 are needed." in html
    assert "It contradicts the values we published in 2019." in html  # what was typed is kept
    assert _status(app, concern.id) == "in_review"
    assert count(app, Decision) == 0
    assert count(app, Notification, kind="decided") == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (DECISION | {"decision-outcome": "maybe"}, "Outcome must be one of: Upheld, Upheld in part, Not upheld."),
        (DECISION | {"decision-outcome": "abstain"}, "Outcome must be one of"),
        (DECISION | {"decision-rationale": " "}, "Rationale is required."),
        (DECISION | {"decision-recommendation": ""}, "Recommendation is required."),
    ],
)
def test_bad_decision_input_is_a_400_and_nothing_is_written(
    app, client, login_as, make_concern, committee, data, message
) -> None:
    concern = make_concern(state="in_review")
    for member in committee:
        login_as(member)
        _vote(client, concern.id, "uphold", "Yes.")
    response = client.post(f"/concerns/{concern.id}/decision", data={**data, "confirmed": "yes"})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _status(app, concern.id) == "in_review" and count(app, Decision) == 0


def test_a_recorded_decision_shows_its_tally_to_the_committee_only(
    app, client, make_user, login_as, make_concern, committee
) -> None:
    concern = make_concern(state="in_review")
    leader = make_user(roles=("leadership",))
    for member, choice in zip(committee[:2], ("uphold", "abstain"), strict=True):
        login_as(member)
        _vote(client, concern.id, choice, f"Reason of {member.name}.")
    data = DECISION | {"decision-conditions": "Review again in a year."}
    response = client.post(f"/concerns/{concern.id}/decision", data=data, follow_redirects=True)
    html = main(response.get_data(as_text=True))
    assert "The decision was recorded. Leadership was told" in html
    assert "Review again in a year." in html
    assert "Decision: Upheld" in texts(html, "h3")
    assert contains_run(texts(html, "td"), ["1", "0", "0", "1"])  # uphold, in part, not uphold, abstain
    assert "Reason of Member A." in html and "Reason of Member B." in html  # all ballots, after the decision
    assert "Record the decision" not in html and "Cast my ballot" not in html
    with app.app_context():
        concern_row = db.session.get(Concern, concern.id)
        decision = db.session.get(Decision, concern_row.decision_id)
        assert concern_row.status == "decided"
        assert decision.tally == {"uphold": 1, "uphold_in_part": 0, "not_uphold": 0, "abstain": 1}
        assert decision.eligible_members == 3 and decision.recommendation == "Do not renew the contract."
        assert decision.conditions == "Review again in a year."
    assert count(app, Notification, kind="decided", user_id=leader.id) == 1

    for viewer in (make_user(), make_user(roles=("admin",))):
        login_as(viewer)
        page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
        assert "It contradicts the values we published in 2019." not in page
        assert "Do not renew the contract." not in page and "Reason of Member A." not in page

    login_as(committee[2])
    assert _vote(client, concern.id, "uphold", "Too late.").status_code == 409
    assert count(app, Ballot) == 2


def test_a_member_attaches_one_dissent(app, client, login_as, make_concern, committee) -> None:
    concern = make_concern(state="decided")
    login_as(committee[0])
    page = client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
    assert '<label for="dissent-body">' in page
    empty = client.post(f"/concerns/{concern.id}/dissent", data={"dissent-body": ""})
    assert empty.status_code == 400 and "Dissent is required." in empty.get_data(as_text=True)
    response = client.post(
        f"/concerns/{concern.id}/dissent", data={"dissent-body": "I would not uphold."}, follow_redirects=True
    )
    html = main(response.get_data(as_text=True))
    assert "Your dissent was attached" in html and "I would not uphold." in html
    assert '<label for="dissent-body">' not in html
    again = client.post(f"/concerns/{concern.id}/dissent", data={"dissent-body": "Twice."})
    assert again.status_code == 409 and "already attached a dissent" in again.get_data(as_text=True)
    assert count(app, Dissent) == 1
