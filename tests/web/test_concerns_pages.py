"""The concern pages as an employee uses them: the list, raising, editing, publishing, reading."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from petitions.extensions import db
from petitions.models import Concern
from tests.helpers import texts


def _titles(html: str) -> list[str]:
    """The concern titles linked from a list page, in order."""
    return re.findall(r'<h2><a href="/concerns/\d+">([^<]+)</a></h2>', html)


def _concern(app, concern_id: int) -> Concern:
    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        db.session.expunge_all()
        return concern


def _count_concerns(app) -> int:
    with app.app_context():
        return db.session.query(Concern).count()


def _form(contract_id: int, **overrides: str) -> dict[str, str]:
    data = {
        "title": "Stop the border surveillance work",
        "summary": "We should not build this.",
        "body": "It contradicts our values.",
        "requested_action": "Do not renew.",
        "author_visibility": "named",
        "contract_id": str(contract_id),
        "action": "draft",
    }
    data.update(overrides)
    return data


# --- the list -----------------------------------------------------------------------------------


def test_list_shows_published_concerns_but_not_others_drafts(client, make_user, login_as, make_concern) -> None:
    make_concern(state="open", title="An open concern")
    make_concern(state="in_review", title="A routed concern")
    make_concern(state="draft", title="Someone else's draft")
    login_as(make_user())
    html = client.get("/concerns").get_data(as_text=True)
    assert set(_titles(html)) == {"An open concern", "A routed concern"}
    assert "Someone else&#39;s draft" not in html and "Someone else's draft" not in html
    assert "2 concerns" in html


def test_list_item_shows_contract_status_and_progress(client, make_user, login_as, make_concern, make_contract) -> None:
    contract = make_contract(title="Predictive policing pilot")
    make_concern(state="open", title="Listed", contract=contract)
    login_as(make_user())
    html = client.get("/concerns").get_data(as_text=True)
    assert "Predictive policing pilot" in html
    assert 'class="badge badge-open"' in html
    assert '<progress max="25" value="1"' in html and "1 of 25 signatures" in html


def test_search_finds_a_word_of_the_body(client, make_user, login_as, make_concern) -> None:
    make_concern(title="First", body="The contract funds an aquifer pipeline.")
    make_concern(title="Second", body="Nothing related here.")
    login_as(make_user())
    assert _titles(client.get("/concerns?q=aquifer").get_data(as_text=True)) == ["First"]
    assert _titles(client.get("/concerns?q=pipeline+aquifer").get_data(as_text=True)) == ["First"]


def test_status_and_contract_filters(client, make_user, login_as, make_concern, make_contract) -> None:
    one, two = make_contract(title="Contract One"), make_contract(title="Contract Two")
    make_concern(state="open", title="Open about one", contract=one)
    make_concern(state="in_review", title="Routed about one", contract=one)
    make_concern(state="open", title="Open about two", contract=two)
    login_as(make_user())
    assert _titles(client.get("/concerns?status=in_review").get_data(as_text=True)) == ["Routed about one"]
    assert set(_titles(client.get(f"/concerns?contract_id={one.id}").get_data(as_text=True))) == {
        "Open about one", "Routed about one"}
    html = client.get(f"/concerns?contract_id={two.id}&status=open").get_data(as_text=True)
    assert _titles(html) == ["Open about two"]
    # The chosen filters stay selected.
    assert f'<option selected value="{two.id}">' in html or f'value="{two.id}" selected' in html


def test_sorts(app, client, make_user, login_as, make_concern) -> None:
    from petitions.workflow import signatures

    now = datetime(2030, 1, 1)
    older = make_concern(title="Older, popular", published_at=now - timedelta(days=3), due_at=now + timedelta(days=40))
    make_concern(title="Newer, due soon", published_at=now - timedelta(days=1), due_at=now + timedelta(days=2))
    make_concern(title="Middle, due late", published_at=now - timedelta(days=2), due_at=now + timedelta(days=50))
    fans = [make_user(), make_user()]
    with app.app_context():
        for fan in fans:
            signatures.sign(fan, older.id, "public")
    login_as(make_user())
    assert _titles(client.get("/concerns").get_data(as_text=True)) == [
        "Newer, due soon", "Middle, due late", "Older, popular"]
    assert _titles(client.get("/concerns?sort=signatures").get_data(as_text=True))[0] == "Older, popular"
    assert _titles(client.get("/concerns?sort=due").get_data(as_text=True)) == [
        "Newer, due soon", "Older, popular", "Middle, due late"]


def test_pages_of_the_list(client, make_user, login_as, make_concern) -> None:
    for n in range(3):
        make_concern(title=f"Concern {n}")
    login_as(make_user())
    first = client.get("/concerns?per_page=2").get_data(as_text=True)
    second = client.get("/concerns?per_page=2&page=2").get_data(as_text=True)
    assert len(_titles(first)) == 2 and len(_titles(second)) == 1
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert set(_titles(first)).isdisjoint(_titles(second))


@pytest.mark.parametrize("query", ["page=0", "page=abc", "per_page=1000", "sort=bogus", "status=nonsense",
                                   "contract_id=x", "q=" + "a" * 201])
def test_a_bad_list_parameter_is_a_message_not_a_500(client, make_user, login_as, make_concern, query) -> None:
    make_concern(title="Still here")
    login_as(make_user())
    response = client.get(f"/concerns?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Bad list parameters" in html or "Bad paging parameters" in html
    assert 'role="alert"' in html


# --- raising a concern ----------------------------------------------------------------------------


def test_new_form_preselects_the_contract_and_lists_its_concerns(client, make_user, login_as, make_concern,
                                                                  make_contract) -> None:
    contract = make_contract(title="Detention logistics")
    make_concern(title="Already raised about detention", contract=contract)
    make_concern(title="About something else")
    login_as(make_user())
    html = client.get(f"/concerns/new?contract_id={contract.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{contract.id}">|<option value="{contract.id}" selected', html)
    assert "Already raised about detention" in html
    assert "About something else" not in html
    # Both submit buttons, the plain-words authorship choices, the local script (no inline JS).
    assert re.search(r'<button type="submit" name="action" value="draft"[^>]*>Save draft</button>', html)
    assert re.search(r'<button type="submit" name="action" value="publish"[^>]*>Publish</button>', html)
    assert "Everyone sees your name" in html and "Only you and the ethics committee see your name" in html
    assert '<script src="/static/js/similar.js"' in html and "<script>" not in html
    assert "Who may see that you wrote this" in texts(html, "legend")


def test_similar_json_matches_contract_or_title_and_hides_drafts(client, make_user, login_as, make_concern,
                                                                 make_contract) -> None:
    contract = make_contract()
    same_contract = make_concern(title="Unrelated words", contract=contract)
    similar_title = make_concern(title="Facial recognition for the agency")
    make_concern(state="draft", title="Facial recognition draft")
    make_concern(title="Cafeteria menu")
    login_as(make_user())
    items = client.get(f"/concerns/similar?contract_id={contract.id}&title=facial+recognition").json["items"]
    assert {i["id"] for i in items} == {same_contract.id, similar_title.id}
    assert all("author" not in i for i in items)
    assert client.get("/concerns/similar?title=").json == {"items": []}
    assert client.get("/static/js/similar.js").status_code == 200


def test_draft_edit_publish_flow(app, client, make_user, login_as, make_contract) -> None:
    author, other = make_user(), make_user()
    contract = make_contract()
    login_as(author)
    response = client.post("/concerns/new", data=_form(contract.id, title="First title"))
    assert response.status_code == 302
    concern_id = int(response.headers["Location"].rsplit("/", 1)[1])
    draft = _concern(app, concern_id)
    assert draft.status == "draft" and draft.signature_count == 0
    page = client.get(f"/concerns/{concern_id}").get_data(as_text=True)
    assert "Draft saved" in page and "only you can see it" in page
    assert f'action="/concerns/{concern_id}/publish"' in page and f'href="/concerns/{concern_id}/edit"' in page
    assert "Sign this concern" not in page

    # Nobody else sees it, in the list or by its address.
    login_as(other)
    assert client.get(f"/concerns/{concern_id}").status_code == 404
    assert client.get(f"/concerns/{concern_id}/edit").status_code == 404
    assert client.post(f"/concerns/{concern_id}/publish").status_code == 404
    assert "First title" not in client.get("/concerns").get_data(as_text=True)

    login_as(author)
    edit = client.get(f"/concerns/{concern_id}/edit").get_data(as_text=True)
    assert 'value="First title"' in edit
    response = client.post(f"/concerns/{concern_id}/edit", data=_form(contract.id, title="Better title"))
    assert response.status_code == 302
    assert _concern(app, concern_id).title == "Better title"
    assert "Better title" in client.get("/concerns/mine").get_data(as_text=True)

    response = client.post(f"/concerns/{concern_id}/publish", follow_redirects=True)
    assert "Published" in response.get_data(as_text=True)
    published = _concern(app, concern_id)
    assert published.status == "open" and published.signature_count == 1
    assert "Better title" in _titles(client.get("/concerns").get_data(as_text=True))
    # A published concern can no longer be edited: a message, not a form.
    response = client.get(f"/concerns/{concern_id}/edit", follow_redirects=True)
    assert "Only a draft can be edited" in response.get_data(as_text=True)


def test_publish_button_publishes_at_once(app, client, make_user, login_as, make_contract) -> None:
    login_as(make_user())
    response = client.post("/concerns/new", data=_form(make_contract().id, action="publish"))
    concern = _concern(app, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert concern.status == "open" and concern.signature_count == 1 and concern.count_public == 1


def test_draft_page_shows_similar_concerns_above_publish(client, make_user, login_as, make_concern,
                                                         make_contract) -> None:
    contract = make_contract()
    make_concern(title="Earlier objection to the deal", contract=contract)
    author = make_user()
    draft = make_concern(state="draft", author=author, contract=contract, title="My objection")
    login_as(author)
    html = client.get(f"/concerns/{draft.id}").get_data(as_text=True)
    assert "Earlier objection to the deal" in html
    assert html.index("Earlier objection to the deal") < html.index(f'action="/concerns/{draft.id}/publish"')


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "Title is required"), ("x" * 201, "Title must be at most 200 characters"),
     ("bad\x00title", "Title contains control characters")],
)
def test_validation_errors_are_shown_on_the_form(app, client, make_user, login_as, make_contract, title,
                                                 message) -> None:
    login_as(make_user())
    response = client.post("/concerns/new", data=_form(make_contract().id, title=title))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    # The message is tied to the field and listed in a summary that links to it.
    assert re.search(r'id="title"[^>]*aria-describedby="[^"]*title-error', html) or \
        re.search(r'aria-describedby="[^"]*title-error[^"]*"[^>]*id="title"', html)
    assert '<a href="#title">' in html
    assert _count_concerns(app) == 0


def test_missing_contract_is_a_field_error(app, client, make_user, login_as) -> None:
    login_as(make_user())
    data = _form(0)
    data["contract_id"] = ""
    response = client.post("/concerns/new", data=data)
    assert response.status_code == 400
    assert "Choose the contract this concern is about." in response.get_data(as_text=True)
    assert _count_concerns(app) == 0


def test_script_in_the_body_does_not_survive(client, make_user, login_as, make_concern) -> None:
    concern = make_concern(
        title="<script>alert('t')</script>",
        body="Hello <script>alert('b')</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)> **bold**",
    )
    login_as(make_user())
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "javascript:alert" not in html.replace("[x](javascript:alert(1))", "")
    assert "<img" not in html and "<strong>bold</strong>" in html


# --- reading and the author's actions ---------------------------------------------------------------


def test_concern_page_shows_its_parts(client, make_user, login_as, make_concern, make_contract) -> None:
    contract = make_contract(title="Cloud for the agency")
    concern = make_concern(title="Read me", summary="Short version.", body="Long *version*.",
                           requested_action="Cancel it.", contract=contract, author=make_user(name="Ada Named"))
    login_as(make_user())
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    for part in ("<h1>Read me</h1>", "Short version.", "<em>version</em>", "Cancel it.", "Ada Named",
                 f'href="/contracts/{contract.id}">Cloud for the agency</a>', "1 of 25 signatures",
                 f'href="/concerns/{concern.id}/signatures"'):
        assert part in html, part
    # No author actions for a reader.
    assert f"/concerns/{concern.id}/withdraw" not in html and f"/concerns/{concern.id}/edit" not in html


def test_committee_only_author_is_hidden_from_employees(client, make_user, login_as, make_concern) -> None:
    author = make_user(name="Ottilie Quietauthor")
    concern = make_concern(author=author, author_visibility="committee", title="Quiet concern")
    login_as(make_user())
    for url in (f"/concerns/{concern.id}", "/concerns", f"/concerns/{concern.id}/signatures",
                f"/contracts/{concern.contract_id}"):
        html = client.get(url).get_data(as_text=True)
        assert "Ottilie" not in html, url
    assert "Author known to the committee" in client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    login_as(make_user(roles=("leadership",)))
    assert "Ottilie" not in client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    login_as(make_user(roles=("committee",)))
    assert "Ottilie Quietauthor" in client.get(f"/concerns/{concern.id}").get_data(as_text=True)


def test_author_withdraws_an_open_concern(app, client, make_user, login_as, make_concern) -> None:
    author, other = make_user(), make_user()
    concern = make_concern(author=author)
    login_as(other)
    assert client.post(f"/concerns/{concern.id}/withdraw").status_code == 403
    assert _concern(app, concern.id).status == "open"

    login_as(author)
    page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert f'href="/concerns/{concern.id}/withdraw"' in page  # a link to the confirmation page
    response = client.post(f"/concerns/{concern.id}/withdraw", data={"confirmed": "yes"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "You withdrew this concern" in html and "Signing is closed" in html
    assert _concern(app, concern.id).status == "withdrawn"
    # A second withdrawal is a clear message, not an error page.
    again = client.post(f"/concerns/{concern.id}/withdraw", data={"confirmed": "yes"}, follow_redirects=True)
    assert again.status_code == 200 and "cannot withdraw" in again.get_data(as_text=True).lower()


def test_abusive_rejection_is_hidden_and_rejection_reason_shown_to_author(client, make_user, login_as,
                                                                           make_concern) -> None:
    author = make_user()
    abusive = make_concern(state="rejected", reason_code="abusive", author=author, title="Hidden one")
    login_as(make_user())
    assert client.get(f"/concerns/{abusive.id}").status_code == 404
    assert "Hidden one" not in client.get("/concerns").get_data(as_text=True)
    login_as(author)
    html = client.get(f"/concerns/{abusive.id}").get_data(as_text=True)
    assert "Rejected by the ethics committee (Abusive)" in html and "Explained." in html


def test_my_concerns_include_drafts(client, make_user, login_as, make_concern) -> None:
    author = make_user()
    make_concern(state="draft", author=author, title="My draft")
    make_concern(author=author, title="My open one")
    make_concern(title="Not mine")
    login_as(author)
    html = client.get("/concerns/mine").get_data(as_text=True)
    assert set(_titles(html)) == {"My draft", "My open one"}
    assert "Edit draft" in html


def test_unknown_concern_is_404(client, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/concerns/999999").status_code == 404
    assert client.post("/concerns/999999/sign", data={"visibility": "public"}).status_code == 404


def test_odd_search_input_is_never_a_500(client, make_user, login_as, make_concern) -> None:
    concern = make_concern(title="Odd input")
    login_as(make_user())
    for url in ("/concerns?q=a%00b", "/concerns?q=%22%27%3B--%20OR%20*", "/concerns/similar?title=%00&contract_id=%00",
                "/concerns/new?contract_id=%00&title=x", f"/concerns/{concern.id}/signatures?per_page=%00"):
        assert client.get(url).status_code in (200, 400), url
