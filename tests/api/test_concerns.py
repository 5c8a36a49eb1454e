"""Raising, reading, editing, publishing and withdrawing concerns through the API."""

from __future__ import annotations

import pytest

from tests.api.conftest import concern_body


def test_create_saves_a_draft_by_default(make_user, make_contract, api_as) -> None:
    author = make_user(name="Grace Hopper")
    contract = make_contract(title="Harbor drones", counterparty="Coast Agency")
    response = api_as(author).post("/api/v1/concerns", json=concern_body(contract.id))
    assert response.status_code == 201
    concern = response.json
    assert concern["status"] == "draft"
    assert concern["signature_count"] == 0
    assert concern["review_threshold"] is None
    assert concern["published_at"] is None
    assert concern["author"] == {"id": author.id, "name": "Grace Hopper"}
    assert concern["author_visibility"] == "named"
    assert concern["contract"] == {
        "id": contract.id,
        "title": "Harbor drones",
        "counterparty": "Coast Agency",
        "status": "reported",
    }
    assert "<strong>family</strong>" in concern["body_html"]
    assert concern["decision"] is None and concern["response"] is None and concern["rejection"] is None
    assert concern["signed_by_me"] is False
    assert concern["created_at"].endswith("Z")


@pytest.mark.parametrize(
    ("author_visibility", "signature_visibility"), [("named", "public"), ("committee", "committee")]
)
def test_create_and_publish_signs_for_the_author(
    make_user, make_contract, api_as, author_visibility, signature_visibility
) -> None:
    api = api_as(make_user())
    body = concern_body(make_contract().id, publish=True, author_visibility=author_visibility)
    concern = api.post("/api/v1/concerns", json=body).json
    assert concern["status"] == "open"
    assert concern["signature_count"] == 1
    assert concern["review_threshold"] == 25
    assert concern["published_at"] and concern["due_at"]
    assert concern["signed_by_me"] is True
    assert concern["counts"][signature_visibility] == 1 and concern["counts"]["total"] == 1
    [own] = api.get(f"/api/v1/concerns/{concern['id']}/signatures").json["items"]
    assert own["visibility"] == signature_visibility
    assert own["mine"] is True


def test_unknown_fields_are_ignored_never_applied(make_user, make_contract, api_as) -> None:
    author, other = make_user(), make_user()
    body = concern_body(
        make_contract().id, status="in_review", signature_count=99, author_id=other.id, review_threshold=1, id=12345
    )
    concern = api_as(author).post("/api/v1/concerns", json=body).json
    assert concern["status"] == "draft"
    assert concern["signature_count"] == 0
    assert concern["author"]["id"] == author.id
    assert concern["id"] != 12345
    assert concern["review_threshold"] is None


def test_a_draft_is_visible_only_to_its_author(make_user, make_concern, api_as) -> None:
    author = make_user()
    draft = make_concern(state="draft", author=author)
    assert api_as(author).get(f"/api/v1/concerns/{draft.id}").status_code == 200
    for viewer in (make_user(), make_user(roles=("committee",)), make_user(roles=("leadership", "admin"))):
        response = api_as(viewer).get(f"/api/v1/concerns/{draft.id}")
        assert response.status_code == 404
        assert response.json["error"]["code"] == "not_found"
        assert api_as(viewer).get(f"/api/v1/concerns/{draft.id}/signatures").status_code == 404


def test_a_missing_concern_is_404(make_user, api_as) -> None:
    response = api_as(make_user()).get("/api/v1/concerns/424242")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_author_edits_a_draft_and_only_sent_fields_change(make_user, make_concern, make_contract, api_as) -> None:
    author = make_user()
    draft = make_concern(state="draft", author=author, title="Old title")
    other_contract = make_contract(title="Second contract")
    response = api_as(author).patch(
        f"/api/v1/concerns/{draft.id}", json={"title": "New title", "contract_id": other_contract.id, "status": "open"}
    )
    assert response.status_code == 200
    assert response.json["title"] == "New title"
    assert response.json["contract"]["title"] == "Second contract"
    assert response.json["summary"] == draft.summary
    assert response.json["status"] == "draft"


def test_editing_a_published_concern_is_409_for_its_author(make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(state="open", author=author, title="Kept")
    response = api_as(author).patch(f"/api/v1/concerns/{concern.id}", json={"title": "Changed"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert api_as(author).get(f"/api/v1/concerns/{concern.id}").json["title"] == "Kept"


def test_editing_someone_elses_concern_is_403_or_404(make_user, make_concern, api_as) -> None:
    stranger = api_as(make_user())
    published = make_concern(state="open", title="Kept")
    response = stranger.patch(f"/api/v1/concerns/{published.id}", json={"title": "Hijacked"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    draft = make_concern(state="draft")
    assert stranger.patch(f"/api/v1/concerns/{draft.id}", json={"title": "Hijacked"}).status_code == 404


def test_editing_with_bad_fields_is_400_and_changes_nothing(make_user, make_concern, api_as) -> None:
    author = make_user()
    draft = make_concern(state="draft", author=author, title="Kept")
    api = api_as(author)
    response = api.patch(f"/api/v1/concerns/{draft.id}", json={"title": "", "contract_id": 999999})
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"title", "contract_id"}
    assert api.get(f"/api/v1/concerns/{draft.id}").json["title"] == "Kept"


def test_publish_opens_a_draft_once(make_user, make_concern, api_as) -> None:
    author = make_user()
    draft = make_concern(state="draft", author=author)
    api = api_as(author)
    response = api.post(f"/api/v1/concerns/{draft.id}/publish")
    assert response.status_code == 200
    assert response.json["status"] == "open"
    assert response.json["signature_count"] == 1
    again = api.post(f"/api/v1/concerns/{draft.id}/publish")
    assert again.status_code == 409
    assert again.json["error"]["code"] == "conflict"
    assert api.get(f"/api/v1/concerns/{draft.id}").json["signature_count"] == 1


def test_only_the_author_publishes_or_withdraws(make_user, make_concern, api_as) -> None:
    stranger = api_as(make_user(roles=("committee", "leadership", "admin")))
    draft = make_concern(state="draft")
    assert stranger.post(f"/api/v1/concerns/{draft.id}/publish").status_code == 404
    concern = make_concern(state="open")
    for action in ("publish", "withdraw"):
        response = stranger.post(f"/api/v1/concerns/{concern.id}/{action}")
        assert response.status_code == 403, action
        assert response.json["error"]["code"] == "forbidden"
    assert stranger.get(f"/api/v1/concerns/{concern.id}").json["status"] == "open"


def test_withdraw_closes_an_open_concern_and_it_stays_readable(make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(state="open", author=author)
    api = api_as(author)
    response = api.post(f"/api/v1/concerns/{concern.id}/withdraw")
    assert response.status_code == 200
    assert response.json["status"] == "withdrawn"
    assert response.json["due_at"] is None
    assert api_as(make_user()).get(f"/api/v1/concerns/{concern.id}").json["status"] == "withdrawn"
    again = api.post(f"/api/v1/concerns/{concern.id}/withdraw")
    assert again.status_code == 409


def test_withdrawing_a_draft_is_an_illegal_transition(make_user, make_concern, api_as) -> None:
    author = make_user()
    draft = make_concern(state="draft", author=author)
    response = api_as(author).post(f"/api/v1/concerns/{draft.id}/withdraw")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"


def test_a_rejection_is_shown_to_the_author_and_committee_only(make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(state="rejected", author=author, reason_code="out_of_scope")
    expected = {"reason_code": "out_of_scope", "explanation": "Explained."}
    for viewer in (author, make_user(roles=("committee",))):
        assert api_as(viewer).get(f"/api/v1/concerns/{concern.id}").json["rejection"] == expected
    for viewer in (make_user(), make_user(roles=("leadership", "admin"))):
        shown = api_as(viewer).get(f"/api/v1/concerns/{concern.id}").json
        assert shown["status"] == "rejected"
        assert shown["rejection"] is None


def test_an_abusive_concern_is_hidden_from_everyone_but_author_and_committee(make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(state="rejected", author=author, reason_code="abusive")
    assert api_as(author).get(f"/api/v1/concerns/{concern.id}").status_code == 200
    assert api_as(make_user(roles=("committee",))).get(f"/api/v1/concerns/{concern.id}").status_code == 200
    other = api_as(make_user(roles=("leadership",)))
    assert other.get(f"/api/v1/concerns/{concern.id}").status_code == 404
    assert other.get("/api/v1/concerns").json["total"] == 0
