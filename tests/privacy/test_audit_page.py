"""The audit page leaks no more than the API: attacks through ``/audit`` as an admin, a recused
member, an employee and leadership; bad query arguments are a 404, never a 500."""

from __future__ import annotations

import pytest


def test_the_page_never_names_a_committee_only_author_or_a_recused_concern(
    make_user, make_concern, login_as, api_as
) -> None:
    author = make_user(roles=("committee",), name="Zephyrine Quill")
    hidden = make_concern(state="open", author=author, author_visibility="committee", title="Quiet one")
    api_as(author).post(f"/api/v1/concerns/{hidden.id}/refer")
    recused = make_user(roles=("committee",), name="Rex Recused")
    assert api_as(recused).post(f"/api/v1/concerns/{hidden.id}/recuse", json={"reason": "Mine."}).status_code == 200
    for reader in (make_user(roles=("admin",)), recused):
        client = login_as(reader)
        page = client.get(f"/audit?concern_id={hidden.id}")
        assert page.status_code == 200 and "Zephyrine" not in page.get_data(as_text=True), reader.name
        rows = client.get("/audit").get_data(as_text=True).split("<tr>")  # her account's own rows name her
        assert [r for r in rows if f"concern_id={hidden.id}" in r and "Zephyrine" in r] == [], reader.name
    page = login_as(recused).get("/audit").get_data(as_text=True)
    assert f"concern_id={hidden.id}" not in page  # nothing of the concern they recused from
    member_page = login_as(make_user(roles=("committee",))).get(f"/audit?concern_id={hidden.id}").get_data(as_text=True)
    assert "concern.referred" in member_page and "Zephyrine" not in member_page  # the referral names no one


@pytest.mark.parametrize("roles", [(), ("leadership",)])
def test_employees_and_leadership_are_refused(make_user, login_as, roles) -> None:
    assert login_as(make_user(roles=roles)).get("/audit").status_code == 403


@pytest.mark.parametrize("query", ["concern_id=9223372036854775808", "concern_id=-1", "page=0", "page=x",
                                   "concern_id=%0A1"])
def test_bad_arguments_are_404(make_user, login_as, query) -> None:
    assert login_as(make_user(roles=("admin",))).get(f"/audit?{query}").status_code == 404
