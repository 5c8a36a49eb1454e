"""No silent caps: a list the service bounds says so when it reaches the bound."""

from __future__ import annotations

from petitions.workflow import paging, review


def test_the_queue_is_paged_in_the_database_past_the_old_bound(make_user, make_concern, api_as, monkeypatch) -> None:
    """The queue has no cap: every routed concern is reachable, due first, page by page."""
    member = make_user(roles=("committee",))
    made = [make_concern(state="in_review") for _ in range(3)]
    monkeypatch.setattr(review, "QUEUE_MAX", 2)  # the home page's bound no longer limits the queue
    api = api_as(member)
    first = api.get("/api/v1/committee/queue?per_page=2").json
    second = api.get("/api/v1/committee/queue?per_page=2&page=2").json
    assert first["total"] == second["total"] == 3 and first["capped"] is False
    seen = [i["concern"]["id"] for i in first["items"] + second["items"]]
    assert sorted(seen) == sorted(c.id for c in made) and len(set(seen)) == 3


def test_page_list_pages_and_flags_the_bound() -> None:
    page = paging.page_list(list(range(10)), 2, 3, cap=10)
    assert page.items == [3, 4, 5] and page.total == 10 and page.capped
    assert not paging.page_list(list(range(9)), 1, 3, cap=10).capped
