"""Signing from the pages, and who sees a signer's name: the product's core promise."""

from __future__ import annotations

import re

import pytest

from petitions.extensions import db
from petitions.models import Concern, Signature
from tests.helpers import main, table_rows, texts


def _concern(app, concern_id: int) -> Concern:
    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        db.session.expunge_all()
        return concern


def _sign(client, concern_id: int, visibility: str, statement: str = "") -> str:
    response = client.post(f"/concerns/{concern_id}/sign", data={"visibility": visibility, "statement": statement},
                           follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_sign_form_explains_each_visibility(client, make_user, login_as, make_concern) -> None:
    concern = make_concern()
    login_as(make_user())
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "Who may see your name" in texts(html, "legend")
    for value in ("public", "committee", "anonymous"):
        assert f'<input type="radio" name="visibility" id="visibility-{value}" value="{value}"' in html
        assert f'<label for="visibility-{value}">' in html
    assert "Everyone sees your name" in html
    assert "Only ethics committee members see your name" in html
    assert "Nobody sees your name" in html
    assert "The words themselves may identify you" in html
    assert '<label for="statement">' in html


@pytest.mark.parametrize(("visibility", "label", "column"), [
    ("public", "public", "count_public"),
    ("committee", "committee only", "count_committee"),
    ("anonymous", "anonymous", "count_anonymous"),
])
def test_signing_with_each_visibility(app, client, make_user, login_as, make_concern, visibility, label,
                                      column) -> None:
    concern = make_concern()
    login_as(make_user())
    html = _sign(client, concern.id, visibility, statement="I was there.")
    assert f"You signed this concern ({label})" in html
    assert f"You signed this ({label})." in html
    assert "Sign this concern" not in html and "Withdraw my signature" in html
    assert "2 of 25 signatures" in html and "I was there." in html
    after = _concern(app, concern.id)
    assert after.signature_count == 2 and getattr(after, column) == (2 if column == "count_public" else 1)


def test_signing_needs_a_visibility(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern()
    login_as(make_user())
    response = client.post(f"/concerns/{concern.id}/sign", data={"statement": "Hello"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose who may see your name" in html and 'id="visibility-error"' in html
    assert "Hello" in html  # the statement is kept
    assert _concern(app, concern.id).signature_count == 1


def test_a_statement_with_a_nul_byte_is_refused(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern()
    login_as(make_user())
    response = client.post(f"/concerns/{concern.id}/sign", data={"visibility": "public", "statement": "a\x00b"})
    assert response.status_code == 400
    assert "Statement contains control characters" in response.get_data(as_text=True)
    assert _concern(app, concern.id).signature_count == 1


def test_double_signing_is_a_message_and_the_count_stays(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern()
    login_as(make_user())
    _sign(client, concern.id, "anonymous")
    html = _sign(client, concern.id, "public")
    assert "You have already signed this concern." in html
    after = _concern(app, concern.id)
    assert after.signature_count == 2 and after.count_public == 1 and after.count_anonymous == 1


def test_withdrawing_a_signature(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern()
    login_as(make_user())
    _sign(client, concern.id, "anonymous")
    response = client.post(f"/concerns/{concern.id}/signature/withdraw", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Your signature was withdrawn." in html
    assert "Sign this concern" in html and "1 of 25 signatures" in html
    assert _concern(app, concern.id).signature_count == 1
    again = client.post(f"/concerns/{concern.id}/signature/withdraw", follow_redirects=True)
    assert "You have not signed this concern." in again.get_data(as_text=True)


def test_signing_a_withdrawn_concern_is_refused(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="withdrawn")
    login_as(make_user())
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "Sign this concern" not in html and "Signing is closed" in html
    html = _sign(client, concern.id, "public")
    assert "Signing is closed" in html
    assert _concern(app, concern.id).signature_count == 1


def test_you_signed_is_shown_in_the_list_for_anonymous_signatures_too(client, make_user, login_as,
                                                                      make_concern) -> None:
    signed = make_concern(title="Signed anonymously")
    make_concern(title="Not signed")
    login_as(make_user())
    _sign(client, signed.id, "anonymous")
    html = client.get("/concerns").get_data(as_text=True)
    cards = dict(re.findall(r'<a href="/concerns/\d+">([^<]+)</a></h2>(.*?)</li>', html, re.S))
    assert "You signed this" in cards["Signed anonymously"]
    assert "You signed this" not in cards["Not signed"]


def test_my_signatures_lists_each_with_its_visibility(client, make_user, login_as, make_concern) -> None:
    one, two = make_concern(title="Signed openly"), make_concern(title="Signed anonymously")
    make_concern(title="Never signed")
    login_as(make_user())
    _sign(client, one.id, "public")
    _sign(client, two.id, "anonymous")
    html = client.get("/signatures/mine").get_data(as_text=True)
    rows = {row[0]: row[1:] for row in table_rows(html) if row and not row[0].startswith("Concern")}
    assert set(rows) == {"Signed openly", "Signed anonymously"}
    assert "public" in rows["Signed openly"] and "anonymous" in rows["Signed anonymously"]


def test_reaching_the_threshold_routes_in_the_same_request(app, client, make_user, login_as, make_concern,
                                                           monkeypatch) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 3)
    concern = make_concern()  # published now, so its threshold is 3
    login_as(make_user())
    assert "Signature reached" not in _sign(client, concern.id, "public")
    assert _concern(app, concern.id).status == "open"
    login_as(make_user())
    html = _sign(client, concern.id, "anonymous")
    assert "reached the review threshold" in html
    assert 'class="badge badge-in_review"' in html and "3 of 3 signatures" in html
    assert _concern(app, concern.id).status == "in_review"
    # Signing stays possible while in review.
    login_as(make_user())
    _sign(client, concern.id, "public")
    assert _concern(app, concern.id).signature_count == 4


def _signatures_of(app, concern_id: int) -> list[Signature]:
    with app.app_context():
        rows = list(db.session.query(Signature).filter_by(concern_id=concern_id))
        db.session.expunge_all()
        return rows


def test_a_committee_signers_name_is_shown_only_to_the_committee(app, client, make_user, login_as,
                                                                 make_concern) -> None:
    concern = make_concern(title="Confidential support")
    signer = make_user(name="Cordelia Hushwell")
    login_as(signer)
    _sign(client, concern.id, "committee", statement="Speaking as someone affected.")
    pages = (f"/concerns/{concern.id}", f"/concerns/{concern.id}/signatures", "/concerns",
             f"/contracts/{concern.contract_id}")
    for roles in ((), ("leadership",), ("admin",)):
        login_as(make_user(roles=roles))
        for url in pages:
            html = client.get(url).get_data(as_text=True)
            assert "Hushwell" not in html and "Cordelia" not in html, (roles, url)
        # The statement is shown, without the name.
        page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
        assert "Speaking as someone affected." in page
        assert "Name visible to the ethics committee only" in page
    login_as(make_user(roles=("committee",)))
    assert "Cordelia Hushwell" in client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "Cordelia Hushwell" in client.get(f"/concerns/{concern.id}/signatures").get_data(as_text=True)


def test_an_anonymous_signers_name_appears_on_no_page(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(title="Anonymous support")
    signer = make_user(name="Anselm Nobodyknows", roles=("committee",))
    login_as(signer)
    _sign(client, concern.id, "anonymous", statement="My words.")
    pages = (f"/concerns/{concern.id}", f"/concerns/{concern.id}/signatures", "/concerns", "/concerns/mine",
             "/signatures/mine", f"/contracts/{concern.contract_id}", "/contracts")
    # Not even for the signer (apart from the page header, which always names who is logged in).
    for url in pages:
        assert "Nobodyknows" not in main(client.get(url).get_data(as_text=True)), url
    own = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "(your signature)" in own and "You signed this (anonymous)" in own
    for roles in ((), ("committee",), ("leadership",), ("admin",)):
        login_as(make_user(roles=roles))
        for url in pages:
            assert "Nobodyknows" not in client.get(url).get_data(as_text=True), (roles, url)
    assert [s.user_id for s in _signatures_of(app, concern.id) if s.visibility == "anonymous"] == [None]


def test_signature_list_is_paginated_and_rejects_a_bad_page(app, client, make_user, login_as,
                                                           make_concern) -> None:
    from petitions.workflow import signatures

    concern = make_concern()
    people = [make_user(name=f"Public Signer {n}") for n in range(3)]
    with app.app_context():
        for person in people:
            signatures.sign(person, concern.id, "public")
    login_as(make_user())
    import html as html_module
    import re

    seen: list[str] = []
    url: str | None = f"/concerns/{concern.id}/signatures?per_page=2"
    while url:  # follow the "Older" link (a cursor) to the end
        page = client.get(url).get_data(as_text=True)
        seen += re.findall(r"Public Signer \d", page)
        older = re.search(r'<a rel="next" href="([^"]+)">Older</a>', page)
        url = html_module.unescape(older.group(1)) if older else None
    assert sorted(seen) == ["Public Signer 0", "Public Signer 1", "Public Signer 2"]
    numbered = client.get(f"/concerns/{concern.id}/signatures?per_page=2&page=2").get_data(as_text=True)
    assert len(re.findall(r"Public Signer \d", numbered)) >= 1
    response = client.get(f"/concerns/{concern.id}/signatures?cursor=not-a-cursor")
    assert response.status_code == 400 and "not one this list gave out" in response.get_data(as_text=True)
    response = client.get(f"/concerns/{concern.id}/signatures?page=0")
    assert response.status_code == 400 and "page must be a whole number from 1" in response.get_data(as_text=True)


def test_page_forms_carry_the_csrf_token(app, database_url, make_user, make_concern) -> None:
    """With CSRF on, as in production, the sign and withdraw forms work from the page itself."""
    from petitions import create_app
    from tests.conftest import PASSWORD, _base_config

    browser = create_app(_base_config(database_url) | {"WTF_CSRF_ENABLED": True}).test_client()
    user = make_user()
    concern = make_concern()

    def token(html: str) -> str:
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', html)
        assert match
        return match.group(1) or match.group(2)

    login_page = browser.get("/login").get_data(as_text=True)
    browser.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token(login_page)})
    page = browser.get(f"/concerns/{concern.id}").get_data(as_text=True)
    sign_form = page[page.index(f'action="/concerns/{concern.id}/sign"'):]
    response = browser.post(f"/concerns/{concern.id}/sign",
                            data={"visibility": "public", "csrf_token": token(sign_form)})
    assert response.status_code == 302 and _concern(app, concern.id).signature_count == 2
    page = browser.get(f"/concerns/{concern.id}").get_data(as_text=True)
    withdraw_form = page[page.index(f'action="/concerns/{concern.id}/signature/withdraw"'):]
    assert browser.post(f"/concerns/{concern.id}/signature/withdraw").status_code == 400
    response = browser.post(f"/concerns/{concern.id}/signature/withdraw", data={"csrf_token": token(withdraw_form)})
    assert response.status_code == 302 and _concern(app, concern.id).signature_count == 1
