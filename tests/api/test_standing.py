"""``GET /api/v1/concerns/{id}`` carries ``timeline``, ``next`` and the caller's ``actions``."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _get(api, concern_id: int) -> dict:
    response = api.get(f"/api/v1/concerns/{concern_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def test_an_open_concern_is_owed_signatures_until_its_window_ends(make_user, make_concern, api_as) -> None:
    concern = make_concern("open")
    reader = make_user()
    body = _get(api_as(reader), concern.id)
    assert [s["step"] for s in body["timeline"]] == ["published"]
    assert all(set(s) == {"step", "on"} and DAY.match(s["on"]) for s in body["timeline"])
    assert body["next"] == {"step": "sign", "by": "signers", "due_on": concern.due_at.date().isoformat(),
                            "overdue": False, "needed": 24}
    assert body["next"]["due_on"] == (concern.published_at + timedelta(days=60)).date().isoformat()
    assert body["actions"][:2] == ["sign", "add_perspective"]


def test_each_step_moves_next_to_whoever_owes_it(app, make_user, make_concern, api_as) -> None:
    member = make_user(roles=("committee",))
    concern = make_concern("in_review")
    api = api_as(member)
    body = _get(api, concern.id)
    assert [s["step"] for s in body["timeline"]] == ["published", "routed"]
    assert body["next"]["step"] == "acknowledge" and body["next"]["by"] == "committee"
    assert body["next"]["due_on"] == (concern.routed_at + timedelta(days=7)).date().isoformat()
    assert "acknowledge" in body["actions"]
    assert api.post(f"/api/v1/concerns/{concern.id}/acknowledge", json={}).status_code == 200
    body = _get(api, concern.id)
    assert [s["step"] for s in body["timeline"]][-1] == "acknowledged"
    assert body["next"]["step"] == "decide"
    assert body["next"]["due_on"] == (date.today() + timedelta(days=90)).isoformat()
    assert "vote" in body["actions"]


def test_decided_is_owed_by_leadership_and_responded_owes_nothing(make_user, make_concern, api_as) -> None:
    decided = make_concern("decided")
    leader = make_user(roles=("leadership",))
    body = _get(api_as(leader), decided.id)
    assert body["next"]["step"] == "respond" and body["next"]["by"] == "leadership"
    assert "respond" in body["actions"]
    # An employee sees the step was taken (the status says so) but not the decision itself.
    employee_view = _get(api_as(make_user()), decided.id)
    assert employee_view["decision"] is None and employee_view["next"]["step"] == "respond"
    assert "respond" not in employee_view["actions"]
    responded = make_concern("responded")
    body = _get(api_as(make_user()), responded.id)
    assert body["next"] is None
    assert [s["step"] for s in body["timeline"]] == ["published", "routed", "acknowledged", "decided", "responded"]


def test_a_passed_deadline_is_overdue(make_user, make_concern, api_as) -> None:
    concern = make_concern("in_review", due_at=datetime(2020, 1, 8, 9, 0))
    body = _get(api_as(make_user()), concern.id)
    assert body["next"] == {"step": "acknowledge", "by": "committee", "due_on": "2020-01-08", "overdue": True,
                            "needed": None}


def test_rejection_and_restoration_are_steps_and_names_never_appear(make_user, make_concern, api_as) -> None:
    author = make_user(name="Quiet Author")
    concern = make_concern("rejected", author=author, author_visibility="committee")
    member = make_user(roles=("committee",))
    api = api_as(member)
    assert api.post(f"/api/v1/concerns/{concern.id}/restore", json={}).status_code == 200
    body = _get(api_as(make_user()), concern.id)
    assert [s["step"] for s in body["timeline"]] == ["published", "rejected", "restored"]
    assert "Quiet Author" not in str(body["timeline"]) + str(body["next"])
    assert body["author"] is None


def test_the_operation_is_documented_with_its_new_fields(client) -> None:
    spec = client.get("/api/v1/openapi.json").json
    schema = spec["paths"]["/api/v1/concerns/{concern_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    name = schema["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = spec["components"]["schemas"][name]["properties"]
    assert {"timeline", "next", "actions"} <= set(properties)
