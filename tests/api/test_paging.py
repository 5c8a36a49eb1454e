"""No silent caps: a list the service bounds says so when it reaches the bound."""

from __future__ import annotations

from petitions.workflow import paging, review


def test_a_bounded_queue_says_it_is_capped(make_user, make_concern, api_as, monkeypatch) -> None:
    member = make_user(roles=("committee",))
    for _ in range(3):
        make_concern(state="in_review")
    api = api_as(member)
    whole = api.get("/api/v1/committee/queue").json
    assert whole["total"] == 3 and whole["capped"] is False
    monkeypatch.setattr(review, "QUEUE_MAX", 2)
    capped = api.get("/api/v1/committee/queue").json
    assert capped["total"] == 2 and capped["capped"] is True and len(capped["items"]) == 2


def test_page_list_pages_and_flags_the_bound() -> None:
    page = paging.page_list(list(range(10)), 2, 3, cap=10)
    assert page.items == [3, 4, 5] and page.total == 10 and page.capped
    assert not paging.page_list(list(range(9)), 1, 3, cap=10).capped
