"""``/`` shows each person what is waiting for them, and the API answers the same lists."""

from __future__ import annotations


def test_a_visitor_goes_to_login_and_an_employee_sees_news_and_outcomes(
        client, make_user, make_concern, login_as) -> None:
    assert client.get("/").headers["Location"].startswith("/login")
    author = make_user()
    mine = make_concern("in_review", author=author, title="My tracked concern")
    outcome = make_concern("responded", title="An answered concern")
    other = make_concern("in_review", title="Someone else's routed concern")
    login_as(author)
    html = client.get("/").get_data(as_text=True)
    assert "What is waiting for you" in html
    assert "My tracked concern" in html and "Reached its review threshold" in html
    assert "The committee must acknowledge it by" in html
    assert "An answered concern" in html
    assert other.title not in html  # not theirs, and nothing for them to do
    assert "Concerns the committee must acknowledge" not in html
    assert mine.id and outcome.id


def test_the_committee_sees_what_to_acknowledge_and_ballots_not_cast(
        app, client, make_user, make_concern, login_as) -> None:
    from petitions.workflow import decisions, review

    member = make_user(roles=("committee",))
    make_concern("in_review", title="Waiting for acknowledgement")
    to_vote = make_concern("in_review", title="Waiting for my ballot")
    voted = make_concern("in_review", title="Already voted on")
    recused = make_concern("in_review", title="Stepped back from")
    with app.app_context():
        review.acknowledge(member, to_vote.id)
        review.acknowledge(member, voted.id)
        decisions.cast_ballot(member, voted.id, "uphold", "Because.")
        review.recuse(member, recused.id, "My team built it.")
    login_as(member)
    html = client.get("/").get_data(as_text=True)
    ack = html.split('id="ack-h"')[1].split("</section>")[0]
    ballots = html.split('id="ballots-h"')[1].split("</section>")[0]
    assert "Waiting for acknowledgement" in ack and "Waiting for my ballot" not in ack
    assert "Waiting for my ballot" in ballots and "Already voted on" not in ballots
    assert "Stepped back from" not in html


def test_leadership_sees_responses_due_and_the_api_agrees(client, make_user, make_concern, login_as, api_as) -> None:
    leader = make_user(roles=("leadership",))
    due = make_concern("decided", title="Awaiting our response")
    login_as(leader)
    html = client.get("/").get_data(as_text=True)
    assert "Responses leadership owes (1)" in html and "Awaiting our response" in html
    body = api_as(leader).get("/api/v1/waiting").json
    assert [i["id"] for i in body["responses_due"]] == [due.id]
    assert body["responses_due"][0]["next"]["step"] == "respond"
    assert body["to_acknowledge"] == [] and body["ballots_to_cast"] == []
    employee = api_as(make_user()).get("/api/v1/waiting").json
    assert employee["responses_due"] == []
