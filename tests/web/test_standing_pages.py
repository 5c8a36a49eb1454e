"""The concern page opens with where the concern stands, in words, and what the reader can do now."""

from __future__ import annotations

from datetime import timedelta

from petitions.heard.words import long_day


def _page(client, concern_id: int) -> str:
    response = client.get(f"/concerns/{concern_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_employee_reads_the_window_and_can_sign(client, make_user, make_concern, login_as) -> None:
    concern = make_concern("open")
    login_as(make_user())
    html = _page(client, concern.id)
    assert f"Signing is open until {long_day(concern.due_at)}: 24 more signatures are needed" in html
    assert 'href="#sign-h">Sign it</a>' in html
    assert html.index("standing-next") < html.index("<h2>Summary</h2>")


def test_the_committee_is_told_to_acknowledge_and_employees_see_the_same_deadline(
        client, make_user, make_concern, login_as) -> None:
    concern = make_concern("in_review")
    sentence = f"The committee must acknowledge this concern by {long_day(concern.routed_at + timedelta(days=7))}."
    login_as(make_user())
    html = _page(client, concern.id)
    assert sentence in html
    assert "Acknowledge it in the committee workspace" not in html
    login_as(make_user(roles=("committee",)))
    html = _page(client, concern.id)
    assert sentence in html and "Acknowledge it in the committee workspace" in html
    assert "Reached its review threshold" in html


def test_leadership_is_told_its_deadline_and_overdue_is_said(client, make_user, make_concern, login_as) -> None:
    concern = make_concern("decided")
    login_as(make_user(roles=("leadership",)))
    html = _page(client, concern.id)
    assert f"Leadership must respond to the committee's decision by {long_day(concern.due_at)}." in html
    assert "Publish leadership" in html
    late = make_concern("in_review", due_at=concern.published_at - timedelta(days=30))
    html = _page(client, late.id)
    assert "it is overdue" in html
