"""Leadership's pages: the inbox, the briefing (counts, never hidden names), publishing a response,
addenda and commitments, all through the browser-facing routes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.routing import Rule

from petitions.clock import moved, utcnow
from petitions.extensions import db
from petitions.models import Addendum, Commitment, Concern, Contract, Notification, Response, User
from tests.helpers import text_of, texts

HIDDEN_NAMES = ("Zelda Secretauthor", "Quentin Committeeonly", "Ursula Anonsigner", "Veronica Hiddenview")


def _response_form(**overrides: str) -> dict[str, str]:
    """A complete, valid response form as the page posts it."""
    data = {
        "stance": "decline",
        "statement": "We will **not** proceed as the committee recommends.",
        "contract_status": "not_pursued",
        "commitments-0-text": "Publish the impact review",
        "commitments-0-due_on": "2030-03-31",
        "commitments-1-text": "",
        "commitments-1-due_on": "",
        "confirmed": "yes",  # the confirmation step (tests/web/test_confirmations.py)
    }
    data.update(overrides)
    return data


def _state(app, concern_id: int) -> tuple[str, str, int]:
    """(concern status, contract status, number of responses) straight from the database."""
    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        contract = db.session.get(Contract, concern.contract_id)
        return concern.status, contract.status, db.session.scalar(select(func.count()).select_from(Response))


def _url(rule: Rule) -> str:
    """A concrete URL for ``rule`` (1 for every number)."""
    return rule.build({arg: 1 for arg in rule.arguments})[1]


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("roles", [(), ("committee",), ("committee", "admin")])
def test_every_leadership_route_refuses_other_roles(app, client, make_user, login_as, roles) -> None:
    login_as(make_user(roles=roles))
    rules = [(r, m) for r in app.url_map.iter_rules() if r.endpoint.startswith("leadership.")
             for m in sorted(r.methods - {"HEAD", "OPTIONS"})]
    assert len(rules) >= 5
    for rule, method in rules:
        assert client.open(_url(rule), method=method).status_code == 403, (rule.rule, method)


def test_a_committee_member_cannot_publish_a_response(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="decided")
    login_as(make_user(roles=("committee",)))
    assert client.post(f"/leadership/concerns/{concern.id}/response", data=_response_form()).status_code == 403
    assert _state(app, concern.id) == ("decided", "reported", 0)


def test_navigation_shows_leadership_only_to_leadership(client, make_user, login_as) -> None:
    login_as(make_user())
    assert 'href="/leadership"' not in client.get("/concerns").get_data(as_text=True)
    login_as(make_user(roles=("leadership",)))
    assert 'href="/leadership"' in client.get("/concerns").get_data(as_text=True)


# --- the inbox ----------------------------------------------------------------------------------


def test_inbox_orders_by_deadline_and_flags_overdue(client, make_user, login_as, make_concern) -> None:
    now = utcnow()
    make_concern(state="decided", title="Due later", due_at=now + timedelta(days=10))
    make_concern(state="decided", title="Already late", due_at=now - timedelta(days=2))
    make_concern(state="decided", title="Due soon", due_at=now + timedelta(days=1))
    make_concern(state="in_review", title="Still in review")
    make_concern(state="responded", title="Answered already")
    login_as(make_user(roles=("leadership",)))
    html = client.get("/leadership").get_data(as_text=True)
    titles = re.findall(r'<a href="/leadership/concerns/\d+">([^<]+)</a>', html)
    assert titles == ["Already late", "Due soon", "Due later"]
    rows = re.findall(r'<tr class="inbox-item( overdue)?">.*?</tr>', html, re.S)
    assert rows == [" overdue", "", ""]
    assert html.count(">Overdue<") == 1


# --- publishing ---------------------------------------------------------------------------------


def test_publishing_through_the_page(app, client, make_user, login_as, make_concern) -> None:
    from petitions.workflow import signatures

    author = make_user()
    concern = make_concern(state="decided", author=author)
    public, confidential, anonymous = make_user(), make_user(), make_user()
    with app.app_context():
        signatures.sign(public, concern.id, "public")
        signatures.sign(confidential, concern.id, "committee")
        signatures.sign(anonymous, concern.id, "anonymous")
    login_as(make_user(roles=("leadership",)))
    form = client.get(f"/leadership/concerns/{concern.id}").get_data(as_text=True)
    assert 'name="stance"' in form and 'name="commitments-4-text"' in form and 'type="date"' in form
    assert "<legend>Leadership&#39;s stance</legend>" in form

    response = client.post(f"/leadership/concerns/{concern.id}/response", data=_response_form())
    assert response.status_code == 302
    assert _state(app, concern.id) == ("responded", "not_pursued", 1)
    with app.app_context():
        published = db.session.scalar(select(Response))
        assert published.stance == "decline" and published.contract_status_before == "reported"
        assert [(c.text, c.due_on.isoformat()) for c in published.commitments] == [
            ("Publish the impact review", "2030-03-31")]
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "responded")))
    assert {author.id, public.id, confidential.id} <= told
    assert anonymous.id not in told

    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>not</strong>" in html  # the statement is rendered as Markdown
    assert "changed from reported to not pursued" in text_of(html) and "not pursued" in texts(html, "strong")
    assert "leadership declined. Leadership&#39;s response diverges" in html
    assert 'name="stance"' not in html and "Add an addendum" in html


def test_the_briefing_never_names_hidden_people(app, client, make_user, login_as, make_concern) -> None:
    from petitions.workflow import decisions, perspectives, signatures

    author = make_user(name="Zelda Secretauthor", department="Engineering")
    concern = make_concern(state="in_review", author=author, author_visibility="committee")
    member = make_user(roles=("committee",))
    people = [make_user(name="Quentin Committeeonly", department="Legal", location="Lisbon"),
              *[make_user(department="Engineering") for _ in range(5)],
              *[make_user(department="Legal", location="Lisbon") for _ in range(2)],
              *[make_user(department="Finance", location="Lisbon") for _ in range(2)]]
    anonymous = make_user(name="Ursula Anonsigner", department="Sales")
    with app.app_context():
        for index, person in enumerate(people):
            signatures.sign(person, concern.id, "committee" if index % 2 == 0 else "public")
        signatures.sign(anonymous, concern.id, "anonymous")
        perspectives.add(make_user(name="Veronica Hiddenview"), concern.id, "for_contract", "I see it otherwise.",
                         "committee")
        perspectives.add(make_user(name="Walter Openview"), concern.id, "for_concern", "I agree.", "named")
        decisions.cast_ballot(db.session.get(User, member.id), concern.id, "uphold", "Because.")
        decisions.decide(db.session.get(User, member.id), concern.id,
                         {"outcome": "uphold", "recommendation": "Stop.", "rationale": "Reasons."})
    login_as(make_user(roles=("leadership",)))
    url = f"/leadership/concerns/{concern.id}"
    pages = {"inbox": client.get("/leadership"), "briefing": client.get(url),
             "refused": client.post(f"{url}/response", data=_response_form(statement=""))}
    client.post(f"{url}/response", data=_response_form())
    pages["answered"] = client.get(url)
    pages["addendum refused"] = client.post(f"{url}/addenda", data={"body": ""})
    for name, page in pages.items():
        html = page.get_data(as_text=True)
        assert page.status_code in (200, 400), name
        for hidden in HIDDEN_NAMES:
            assert hidden not in html, (name, hidden)
    briefing = pages["briefing"].get_data(as_text=True)
    assert "Walter Openview" in briefing  # named perspectives keep their name
    # 11 signers + the author: each group shows its public signers; no department and location holds
    # k=5 committee-only signers, so all 6 of them are one unnamed line.
    assert "<tr><td>Engineering</td><td>3</td></tr>" in briefing
    assert "<tr><td>Legal</td><td>1</td></tr>" in briefing
    assert "<tr><td>Finance</td><td>1</td></tr>" in briefing
    assert "<tr><td>in smaller groups</td><td>6</td></tr>" in briefing
    assert "<tr><td>anonymous</td><td>1</td></tr>" in briefing
    assert "<td>5</td><td>6</td><td>1</td><td>12</td>" in briefing  # public, committee, anonymous, total


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [({"statement": ""}, 400, "Statement is required."),
     ({"stance": ""}, 400, "Stance must be one of"),
     ({"stance": "shrug"}, 400, "Stance must be one of"),
     ({"contract_status": "paused"}, 400, "Contract status must be one of"),
     ({"commitments-1-due_on": "next week"}, 400, "Commitment 2 is required."),
     ({"commitments-0-due_on": "31/03/2030"}, 400, "use a date like")],
)
def test_bad_input_shows_the_message_and_changes_nothing(app, client, make_user, login_as, make_concern,
                                                          overrides, status, message) -> None:
    concern = make_concern(state="decided")
    login_as(make_user(roles=("leadership",)))
    response = client.post(f"/leadership/concerns/{concern.id}/response", data=_response_form(**overrides))
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert message in html and 'role="alert"' in html
    assert 'name="stance"' in html  # the form is shown again
    assert _state(app, concern.id) == ("decided", "reported", 0)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Commitment)) == 0


def test_the_typed_values_come_back_after_an_error(client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="decided")
    login_as(make_user(roles=("leadership",)))
    html = client.post(f"/leadership/concerns/{concern.id}/response",
                       data=_response_form(statement="", stance="accept_in_part")).get_data(as_text=True)
    assert 'value="accept_in_part" checked' in html
    assert 'value="Publish the impact review"' in html
    assert '<option selected value="not_pursued">' in html


def test_only_a_decided_concern_can_be_answered(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="in_review")
    login_as(make_user(roles=("leadership",)))
    response = client.post(f"/leadership/concerns/{concern.id}/response", data=_response_form())
    assert response.status_code == 409
    assert "Only a decided concern can be answered" in response.get_data(as_text=True)
    assert _state(app, concern.id) == ("in_review", "reported", 0)


def test_a_second_response_is_refused(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="responded", stance="accept")
    login_as(make_user(roles=("leadership",)))
    response = client.post(f"/leadership/concerns/{concern.id}/response", data=_response_form())
    assert response.status_code == 409
    assert "Only a decided concern can be answered; this one is responded." in response.get_data(as_text=True)
    assert _state(app, concern.id) == ("responded", "reported", 1)
    with app.app_context():
        assert db.session.scalar(select(Response.stance)) == "accept"


def test_a_missing_concern_is_a_404(client, make_user, login_as) -> None:
    login_as(make_user(roles=("leadership",)))
    assert client.get("/leadership/concerns/999").status_code == 404
    assert client.post("/leadership/concerns/999/response", data=_response_form()).status_code == 404


# --- addenda and commitments --------------------------------------------------------------------


def test_an_addendum_appears_beside_the_unchanged_original(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="responded")
    login_as(make_user(roles=("leadership",)))
    url = f"/leadership/concerns/{concern.id}"
    refused = client.post(f"{url}/addenda", data={"body": "  "})
    assert refused.status_code == 400 and "Addendum is required." in refused.get_data(as_text=True)
    assert client.post(f"{url}/addenda", data={"body": "Correction: the review is due in *May*."}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Response.statement)) == "Our response."
        assert db.session.scalar(select(func.count()).select_from(Addendum)) == 1
    login_as(make_user())
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    original, addendum = html.find("Our response."), html.find("Correction: the review is due in <em>May</em>.")
    assert 0 < original < addendum
    assert f"Addendum of {utcnow().date().isoformat()}" in html


def test_an_addendum_before_any_response_is_refused(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="decided")
    login_as(make_user(roles=("leadership",)))
    response = client.post(f"/leadership/concerns/{concern.id}/addenda", data={"body": "Too early."})
    assert response.status_code == 409 and "no published response" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Addendum)) == 0


def test_commitments_overdue_and_marked_done(app, client, make_user, login_as, make_concern) -> None:
    from petitions.workflow import responses

    leader = make_user(roles=("leadership",))
    concern = make_concern(state="decided", title="With commitments")
    yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
    # Published ten days ago (a due date must come after the day of the response).
    with app.app_context(), moved(utcnow() - timedelta(days=10)):
        responses.publish(leader, concern.id, {"stance": "accept", "statement": "Yes.", "commitments": [
            {"text": "Late audit", "due_on": yesterday}, {"text": "Future training", "due_on": "2031-01-15"}]})
        late_id, future_id = db.session.scalars(select(Commitment.id).order_by(Commitment.id)).all()
    login_as(leader)
    inbox = client.get("/leadership").get_data(as_text=True)
    rows = re.findall(r'<tr class="commitment( overdue)?">\s*<td>([^<]+)</td>', inbox)
    assert rows == [(" overdue", "Late audit"), ("", "Future training")]
    page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert f"Overdue: was due {yesterday}" in page and "Due 2031-01-15" in page

    done = client.post(f"/leadership/commitments/{late_id}/done", data={"note": "Audit published."},
                       follow_redirects=True)
    assert "Commitment marked done." in done.get_data(as_text=True)
    assert "Late audit" not in done.get_data(as_text=True)
    with app.app_context():
        commitment = db.session.get(Commitment, late_id)
        assert commitment.done_at is not None and commitment.done_note == "Audit published."
        assert commitment.done_by_id == leader.id
    again = client.post(f"/leadership/commitments/{late_id}/done", data={}, follow_redirects=True)
    assert "already marked done" in again.get_data(as_text=True)
    assert client.post("/leadership/commitments/999/done", data={}).status_code == 404

    login_as(make_user())
    page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert f"Done {utcnow().date().isoformat()}" in page and "Audit published." in page
    assert "Due 2031-01-15" in page and "Overdue" not in page
    with app.app_context():
        assert db.session.get(Commitment, future_id).done_at is None
