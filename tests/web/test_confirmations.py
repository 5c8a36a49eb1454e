"""Every irreversible step asks first, on a page saying what cannot be undone (no script needed)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import Concern, Decision, Recusal, User


def _status(app, concern_id: int) -> str:
    with app.app_context():
        return db.session.get(Concern, concern_id).status


def _asks(response, button: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:300]
    assert "This cannot be undone." in html and button in html
    assert 'name="confirmed" value="yes"' in html and not re.search(r"<script(?![^>]*\ssrc=)", html)
    return html


def test_withdrawing_asks_and_keeps_nothing_but_a_link_on_the_page(app, client, make_user, make_concern,
                                                                      login_as) -> None:
    author = make_user()
    concern = make_concern("open", author=author)
    login_as(author)
    page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    main = page.split('<main', 1)[1]
    assert 'class="danger"' not in main  # the first control under a new concern is not a red button
    assert main.index("Newest signatures") < main.index("Withdraw this concern")
    html = _asks(client.get(f"/concerns/{concern.id}/withdraw"), "Yes, withdraw the concern")
    assert "cannot be reopened" in html
    _asks(client.post(f"/concerns/{concern.id}/withdraw"), "Yes, withdraw the concern")
    assert _status(app, concern.id) == "open"
    done = client.post(f"/concerns/{concern.id}/withdraw", data={"confirmed": "yes"})
    assert done.status_code == 302 and _status(app, concern.id) == "withdrawn"


def test_rejecting_repeats_the_form_and_acts_only_when_confirmed(app, client, make_user, make_concern,
                                                                  login_as) -> None:
    member = make_user(roles=("committee",))
    concern = make_concern("in_review")
    login_as(member)
    form = {"reject-reason_code": "out_of_scope", "reject-explanation": "Not about a contract <b>we</b> hold."}
    html = _asks(client.post(f"/concerns/{concern.id}/reject", data=form), "Yes, reject it")
    assert 'name="reject-explanation" value="Not about a contract &lt;b&gt;we&lt;/b&gt; hold."' in html
    assert _status(app, concern.id) == "in_review"
    assert client.post(f"/concerns/{concern.id}/reject", data={**form, "confirmed": "yes"}).status_code == 302
    assert _status(app, concern.id) == "rejected"


def test_a_blank_form_is_refused_at_once_instead_of_asked(app, client, make_user, make_concern, login_as) -> None:
    member = make_user(roles=("committee",))
    concern = make_concern("in_review")
    login_as(member)
    refused = client.post(f"/concerns/{concern.id}/recuse", data={"recuse-reason": " "})
    assert refused.status_code == 400 and "This cannot be undone." not in refused.get_data(as_text=True)


def test_recusal_decision_response_and_deactivation_each_ask(app, client, make_user, make_concern, login_as) -> None:
    member = make_user(roles=("committee",))
    concern = make_concern("in_review")
    login_as(member)
    _asks(client.post(f"/concerns/{concern.id}/recuse", data={"recuse-reason": "I built it."}), "Yes, recuse myself")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Recusal)) == 0
    client.post(f"/concerns/{concern.id}/ballot", data={"ballot-choice": "uphold", "ballot-reason": "Harm."})
    decision = {"decision-outcome": "uphold", "decision-recommendation": "Exit.", "decision-rationale": "Harm."}
    html = _asks(client.post(f"/concerns/{concern.id}/decision", data=decision), "Yes, record the decision")
    assert "cannot be changed" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 0

    decided = make_concern("decided")
    login_as(make_user(roles=("leadership",)))
    response = {"stance": "accept", "statement": "We agree.", "contract_status": ""}
    _asks(client.post(f"/leadership/concerns/{decided.id}/response", data=response), "Yes, publish the response")
    assert _status(app, decided.id) == "decided"

    person = make_user()
    login_as(make_user(roles=("admin",)))
    _asks(client.post(f"/admin/users/{person.id}/deactivate"), "Yes, deactivate the account")
    with app.app_context():
        assert db.session.get(User, person.id).active
    client.post(f"/admin/users/{person.id}/deactivate", data={"confirmed": "yes"})
    with app.app_context():
        assert not db.session.get(User, person.id).active


@pytest.mark.parametrize("path", ["/concerns/{id}/withdraw"])
def test_someone_who_may_not_take_the_step_is_refused_not_asked(client, make_user, make_concern, login_as,
                                                                 path) -> None:
    concern = make_concern("open")
    login_as(make_user())
    assert client.post(path.format(id=concern.id)).status_code == 403
