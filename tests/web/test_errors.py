"""Errors people can act on: no dead end on a form's address, labels instead of codes, focus on the summary."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("path", "expected"), [
    ("/concerns/{id}/sign", "/concerns/{id}"),
    ("/concerns/{id}/signature/withdraw", "/concerns/{id}"),
    ("/concerns/{id}/reject", "/concerns/{id}"),
    ("/leadership/concerns/{id}/response", "/leadership/concerns/{id}"),
])
def test_opening_a_form_address_with_get_goes_to_its_page(client, make_user, make_concern, login_as,
                                                         path, expected) -> None:
    concern = make_concern("open")
    login_as(make_user(roles=("committee", "leadership")))
    response = client.get(path.format(id=concern.id))
    assert response.status_code == 303
    assert response.headers["Location"] == expected.format(id=concern.id)


def test_a_failed_signature_can_be_reloaded_without_a_405(client, make_user, make_concern, login_as) -> None:
    concern = make_concern("open")
    login_as(make_user())
    failed = client.post(f"/concerns/{concern.id}/sign", data={"visibility": "", "statement": ""})
    assert failed.status_code == 400 and "Your signature was not recorded." in failed.get_data(as_text=True)
    reloaded = client.get(f"/concerns/{concern.id}/sign", follow_redirects=True)
    assert reloaded.status_code == 200 and "Sign this concern" in reloaded.get_data(as_text=True)


def test_logout_and_the_api_keep_their_405(client, make_user, login_as, api_as) -> None:
    login_as(make_user())
    assert client.get("/logout").status_code == 405
    response = api_as(make_user()).get("/api/v1/concerns/1/publish")
    assert response.status_code == 405 and response.json["error"]["code"] == "invalid"


def test_messages_name_choices_by_their_labels(client, make_user, make_concern, login_as) -> None:
    concern = make_concern("open")
    login_as(make_user())
    html = client.post(f"/concerns/{concern.id}/perspectives",
                       data={"stance": "against", "body": "Hmm.", "visibility": "named"}).get_data(as_text=True)
    assert "Stance must be one of: For the concern, For the contract, Other." in html
    assert "for_concern, for_contract" not in html
    listed = client.get("/concerns?sort=loudest").get_data(as_text=True)
    assert "Newest first, Most signatures or Deadline soonest" in listed and "newest, signatures" not in listed


def test_every_page_loads_the_script_that_focuses_the_error_summary(client, make_user, login_as) -> None:
    login_as(make_user())
    html = client.get("/concerns/new").get_data(as_text=True)
    assert '<script src="/static/js/errors.js" defer></script>' in html
    script = (ROOT / "static/js/errors.js").read_text()
    assert ".error-summary" in script and ".focus(" in script and "scrollIntoView" in script
    assert client.get("/static/js/errors.js").status_code == 200
