"""``/how-it-works`` and ``/privacy`` come from the settings and are linked from the footer and every
form that asks for a visibility; no visibility is ever preselected."""

from __future__ import annotations

import re


def test_how_it_works_reads_the_settings_in_force(app, client, make_user, login_as) -> None:
    from petitions.workflow import settings

    admin = make_user(roles=("admin",))
    with app.app_context():
        settings.update(admin, {"REVIEW_THRESHOLD": "40", "ACKNOWLEDGE_DAYS": "5"})
    login_as(make_user())
    html = client.get("/how-it-works").get_data(as_text=True)
    assert "reaches 40 sends it" in html and "within 5 days" in html and "within 14 days of the decision" in html


def test_privacy_says_what_cannot_be_protected_and_is_linked(client, make_user, make_concern, login_as) -> None:
    login_as(make_user())
    html = client.get("/privacy").get_data(as_text=True)
    assert "What cannot be protected" in html and "The words you write" in html
    assert "Small departments" in html and "both the database and the signature key" in html
    concern = make_concern("open")
    for path in ("/concerns/new", f"/concerns/{concern.id}"):
        page = client.get(path).get_data(as_text=True)
        footer = page.split('<footer', 1)[1]
        assert 'href="/privacy"' in footer and 'href="/how-it-works"' in footer
        form_part = page.split("<main", 1)[1].split("<footer", 1)[0]
        assert 'href="/privacy">Who can see what</a>' in form_part, path


def test_no_visibility_is_preselected(client, make_user, make_concern, make_contract, login_as) -> None:
    concern = make_concern("open")
    login_as(make_user())
    for path in ("/concerns/new", f"/concerns/{concern.id}"):
        html = client.get(path).get_data(as_text=True)
        radios = re.findall(r'<input type="radio" name="[^"]*visibility"[^>]*>', html)
        assert radios, path
        assert not [r for r in radios if "checked" in r], path
    contract = make_contract()
    refused = client.post("/concerns/new", data={"title": "T", "summary": "S", "body": "B",
                                                 "contract_id": str(contract.id), "action": "publish"})
    assert refused.status_code == 400
    assert "Choose who may see that you wrote this." in refused.get_data(as_text=True)
