"""The concern list: drafts only in ``mine``, search, sort, filters and paging."""

from __future__ import annotations

import pytest


def _titles(response) -> list[str]:
    """The titles of a 200 list answer, in order."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["title"] for item in response.json["items"]]


def test_drafts_appear_only_in_the_authors_own_list(make_user, make_concern, api_as) -> None:
    author = make_user()
    make_concern(state="draft", author=author, title="Private draft")
    make_concern(state="open", author=author, title="My open one")
    make_concern(state="open", title="Someone else's")
    api = api_as(author)
    assert sorted(_titles(api.get("/api/v1/concerns"))) == ["My open one", "Someone else's"]
    assert sorted(_titles(api.get("/api/v1/concerns?mine=1"))) == ["My open one", "Private draft"]
    stranger = api_as(make_user(roles=("committee",)))
    assert "Private draft" not in _titles(stranger.get("/api/v1/concerns"))
    assert _titles(stranger.get("/api/v1/concerns?mine=1")) == []


def test_list_items_have_the_concern_shape_and_signed_by_me(make_user, make_concern, api_as) -> None:
    author = make_user()
    make_concern(state="open", author=author)
    mine = api_as(author).get("/api/v1/concerns").json["items"][0]
    assert mine["signed_by_me"] is True
    assert {"id", "title", "status", "author", "contract", "counts", "signature_count", "body_html"} <= set(mine)
    assert api_as(make_user()).get("/api/v1/concerns").json["items"][0]["signed_by_me"] is False


def test_search_finds_a_word_in_the_body(make_user, make_concern, api_as) -> None:
    make_concern(title="First", body="The zeppelin programme must stop.")
    make_concern(title="Second", body="Nothing to see.")
    api = api_as(make_user())
    assert _titles(api.get("/api/v1/concerns?q=zeppelin")) == ["First"]
    assert _titles(api.get("/api/v1/concerns?q=nonexistentword")) == []


def test_search_finds_by_the_contracts_title(make_user, make_contract, make_concern, api_as) -> None:
    make_concern(title="About the vessel", contract=make_contract(title="Icebreaker fleet charter"))
    make_concern(title="Unrelated", contract=make_contract(title="Office supplies"))
    assert _titles(api_as(make_user()).get("/api/v1/concerns?q=icebreaker")) == ["About the vessel"]


def test_sort_by_signatures_puts_the_most_signed_first(make_user, make_concern, api_as) -> None:
    few = make_concern(title="Few")
    many = make_concern(title="Many")
    make_concern(title="Just the author")
    for _ in range(2):
        api_as(make_user()).post(f"/api/v1/concerns/{many.id}/signatures", json={"visibility": "anonymous"})
    api_as(make_user()).post(f"/api/v1/concerns/{few.id}/signatures", json={"visibility": "public"})
    response = api_as(make_user()).get("/api/v1/concerns?sort=signatures")
    assert _titles(response) == ["Many", "Few", "Just the author"]
    assert [i["signature_count"] for i in response.json["items"]] == [3, 2, 1]


def test_default_sort_is_newest_first(make_user, make_concern, api_as) -> None:
    for title in ("Oldest", "Middle", "Newest"):
        make_concern(title=title)
    assert _titles(api_as(make_user()).get("/api/v1/concerns")) == ["Newest", "Middle", "Oldest"]


def test_sort_due_puts_the_nearest_deadline_first(make_user, make_concern, api_as) -> None:
    from datetime import datetime

    make_concern(title="Later", due_at=datetime(2031, 1, 1))
    make_concern(title="Sooner", due_at=datetime(2030, 1, 1))
    assert _titles(api_as(make_user()).get("/api/v1/concerns?sort=due")) == ["Sooner", "Later"]


def test_filters_by_status_and_contract(make_user, make_contract, make_concern, api_as) -> None:
    contract = make_contract()
    make_concern(state="open", title="Open here", contract=contract)
    make_concern(state="withdrawn", title="Withdrawn here", contract=contract)
    make_concern(state="open", title="Open elsewhere")
    api = api_as(make_user())
    assert _titles(api.get("/api/v1/concerns?status=withdrawn")) == ["Withdrawn here"]
    assert sorted(_titles(api.get(f"/api/v1/concerns?contract_id={contract.id}"))) == ["Open here", "Withdrawn here"]
    assert _titles(api.get(f"/api/v1/concerns?contract_id={contract.id}&status=open")) == ["Open here"]


def test_pagination_shape(make_user, make_concern, api_as) -> None:
    for n in range(3):
        make_concern(title=f"Concern {n}")
    api = api_as(make_user())
    first = api.get("/api/v1/concerns?per_page=2").json
    assert set(first) == {"items", "total", "page", "per_page"}
    assert (first["total"], first["page"], first["per_page"], len(first["items"])) == (3, 1, 2, 2)
    second = api.get("/api/v1/concerns?per_page=2&page=2").json
    assert (second["total"], second["page"], len(second["items"])) == (3, 2, 1)
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    default = api.get("/api/v1/concerns").json
    assert default["per_page"] == 20 and default["page"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=x", "page"),
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=x", "per_page"),
        ("sort=oldest", "sort"),
        ("status=pending", "status"),
        ("contract_id=abc", "contract_id"),
        ("mine=maybe", "mine"),
        ("q=" + "a" * 201, "q"),
    ],
)
def test_bad_list_parameters_are_400(make_user, api_as, query, field) -> None:
    response = api_as(make_user()).get(f"/api/v1/concerns?{query}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"
    assert field in response.json["error"]["fields"]


def test_committee_only_authors_are_hidden_in_lists(make_user, make_concern, api_as) -> None:
    author = make_user(name="Quiet Author")
    make_concern(author=author, author_visibility="committee")
    assert api_as(make_user()).get("/api/v1/concerns").json["items"][0]["author"] is None
    shown = api_as(make_user(roles=("committee",))).get("/api/v1/concerns").json["items"][0]["author"]
    assert shown == {"id": author.id, "name": "Quiet Author"}
