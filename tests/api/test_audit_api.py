"""``GET /audit``: the audit log for the committee and admins, newest first, per concern."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_invalid


def test_the_committee_reads_a_concerns_history_newest_first(make_user, make_concern, api_as) -> None:
    member = make_user(roles=("committee",))
    concern = make_concern(state="open")
    make_concern(state="open")  # another concern's history stays out of the filtered log
    api = api_as(member)
    api.post(f"/api/v1/concerns/{concern.id}/refer")
    api.post(f"/api/v1/concerns/{concern.id}/acknowledge", json={"lead_reviewer_id": member.id})
    log = api.get(f"/api/v1/audit?concern_id={concern.id}")
    assert log.status_code == 200
    items = log.json["items"]
    assert [e["action"] for e in items][:2] == ["concern.acknowledged", "concern.referred"]
    assert {e["concern_id"] for e in items} == {concern.id}
    assert log.json["total"] == len(items) and (log.json["page"], log.json["per_page"]) == (1, 20)
    acked = items[0]
    assert acked["actor_id"] == member.id and acked["detail"] == {"lead_reviewer_id": member.id}
    assert set(acked) == {"id", "at", "actor_id", "action", "concern_id", "subject_user_id", "detail"}
    assert items[0]["id"] > items[1]["id"] and acked["at"].endswith("Z")


def test_the_whole_log_pages_through(make_user, make_concern, api_as) -> None:
    make_concern(state="in_review")
    api = api_as(make_user(roles=("admin",)))
    everything = api.get("/api/v1/audit?per_page=100").json
    assert everything["total"] == len(everything["items"]) >= 3
    first = api.get("/api/v1/audit?per_page=2").json
    second = api.get("/api/v1/audit?per_page=2&page=2").json
    assert [e["id"] for e in first["items"] + second["items"]] == [e["id"] for e in everything["items"][:4]]
    assert api.get("/api/v1/audit?concern_id=123456").json["items"] == []


@pytest.mark.parametrize("roles", [(), ("leadership",)])
def test_the_log_is_not_for_employees_or_leadership(make_user, make_concern, api_as, roles) -> None:
    concern = make_concern(state="open")
    for path in ("/api/v1/audit", f"/api/v1/audit?concern_id={concern.id}"):
        refused = api_as(make_user(roles=roles)).get(path)
        assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize("query", ["concern_id=x", "concern_id=0", "page=0", "per_page=500"])
def test_bad_audit_queries_are_400(make_user, api_as, query) -> None:
    field = query.split("=")[0]
    assert_invalid(api_as(make_user(roles=("committee",))).get(f"/api/v1/audit?{query}"), field)


def test_a_committee_only_perspective_is_not_tied_to_its_writer_in_the_log(make_user, make_concern, api_as) -> None:
    writer = make_user(name="Wren Writer")
    concern = make_concern(state="open")
    added = api_as(writer).post(
        f"/api/v1/concerns/{concern.id}/perspectives",
        json={"stance": "for_concern", "body": "Quietly.", "visibility": "committee"},
    )
    assert added.status_code == 201
    log = api_as(make_user(roles=("admin",))).get(f"/api/v1/audit?concern_id={concern.id}").json["items"]
    [event] = [e for e in log if e["action"] == "perspective.added"]
    assert event["actor_id"] is None and event["detail"] == {"stance": "for_concern", "visibility": "committee"}
