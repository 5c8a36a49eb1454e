"""Signing, withdrawing a signature, and routing at the review threshold."""

from __future__ import annotations

from sqlalchemy import select

from petitions.extensions import db
from petitions.models import User
from petitions.workflow import settings
from tests.api.conftest import concern_body


def _sign(api, concern_id: int, visibility: str = "public", statement: str = ""):
    """POST a signature and return the response."""
    return api.post(
        f"/api/v1/concerns/{concern_id}/signatures", json={"visibility": visibility, "statement": statement}
    )


def test_signing_answers_201_with_the_concern_and_the_signature(make_user, make_concern, api_as) -> None:
    concern = make_concern()
    signer = make_user(name="Signer Sam")
    response = _sign(api_as(signer), concern.id, "public", "I agree.")
    assert response.status_code == 201
    assert response.json["concern"]["id"] == concern.id
    assert response.json["concern"]["signature_count"] == 2
    assert response.json["concern"]["counts"] == {"public": 2, "committee": 0, "anonymous": 0, "total": 2}
    assert response.json["concern"]["signed_by_me"] is True
    signature = response.json["signature"]
    assert signature["name"] == "Signer Sam"
    assert signature["visibility"] == "public"
    assert signature["statement"] == "I agree."
    assert signature["mine"] is True
    assert len(signature["signed_on"]) == 10


def test_an_anonymous_signature_is_never_named_even_in_its_own_echo(make_user, make_concern, api_as) -> None:
    concern = make_concern()
    api = api_as(make_user(name="Hidden Person"))
    response = _sign(api, concern.id, "anonymous")
    assert response.json["signature"]["name"] is None
    assert response.json["signature"]["mine"] is True
    assert "Hidden Person" not in response.get_data(as_text=True)
    assert api.get(f"/api/v1/concerns/{concern.id}").json["signed_by_me"] is True
    assert api.get("/api/v1/concerns").json["items"][0]["signed_by_me"] is True


def test_signing_twice_is_409_and_the_count_is_unchanged(make_user, make_concern, api_as) -> None:
    concern = make_concern()
    api = api_as(make_user())
    assert _sign(api, concern.id, "anonymous").status_code == 201
    for visibility in ("anonymous", "public", "committee"):
        again = _sign(api, concern.id, visibility)
        assert again.status_code == 409
        assert again.json["error"]["code"] == "conflict"
    assert api.get(f"/api/v1/concerns/{concern.id}").json["signature_count"] == 2


def test_the_author_cannot_sign_again(make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(author=author)
    assert _sign(api_as(author), concern.id).status_code == 409


def test_withdrawing_a_signature_decrements_the_count(make_user, make_concern, api_as) -> None:
    concern = make_concern()
    api = api_as(make_user())
    _sign(api, concern.id, "committee")
    response = api.delete(f"/api/v1/concerns/{concern.id}/signatures/mine")
    assert response.status_code == 204
    assert response.get_data() == b""
    shown = api.get(f"/api/v1/concerns/{concern.id}").json
    assert shown["signature_count"] == 1
    assert shown["counts"]["committee"] == 0
    assert shown["signed_by_me"] is False
    assert _sign(api, concern.id, "public").status_code == 201


def test_withdrawing_an_anonymous_signature_works_for_its_signer(make_user, make_concern, api_as) -> None:
    concern = make_concern()
    api = api_as(make_user())
    _sign(api, concern.id, "anonymous")
    assert api.delete(f"/api/v1/concerns/{concern.id}/signatures/mine").status_code == 204
    assert api.get(f"/api/v1/concerns/{concern.id}").json["counts"]["anonymous"] == 0


def test_withdrawing_without_a_signature_is_404(make_user, make_concern, api_as) -> None:
    concern = make_concern()
    response = api_as(make_user()).delete(f"/api/v1/concerns/{concern.id}/signatures/mine")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_signing_a_withdrawn_concern_is_409(make_user, make_concern, api_as) -> None:
    concern = make_concern(state="withdrawn")
    response = _sign(api_as(make_user()), concern.id)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert api_as(make_user()).get(f"/api/v1/concerns/{concern.id}").json["signature_count"] == 1


def test_signing_a_draft_is_404(make_user, make_concern, api_as) -> None:
    draft = make_concern(state="draft")
    assert _sign(api_as(make_user()), draft.id).status_code == 404


def test_signatures_cannot_be_withdrawn_once_signing_closed(make_user, make_concern, api_as) -> None:
    author = make_user()
    concern = make_concern(state="closed", author=author)
    response = api_as(author).delete(f"/api/v1/concerns/{concern.id}/signatures/mine")
    assert response.status_code == 409
    assert api_as(author).get(f"/api/v1/concerns/{concern.id}").json["signature_count"] == 1


def test_signing_is_possible_in_review(make_user, make_concern, api_as) -> None:
    concern = make_concern(state="in_review")
    assert _sign(api_as(make_user()), concern.id).status_code == 201


def test_reaching_the_threshold_routes_in_the_same_request(make_user, make_concern, api_as, monkeypatch, app) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 3)
    concern = make_concern()
    first = _sign(api_as(make_user()), concern.id).json["concern"]
    assert (first["status"], first["signature_count"], first["review_threshold"]) == ("open", 2, 3)
    api = api_as(make_user())
    second = _sign(api, concern.id, "anonymous").json["concern"]
    assert second["status"] == "in_review"
    assert second["signature_count"] == 3
    assert second["counts"] == {"public": 2, "committee": 0, "anonymous": 1, "total": 3}
    assert api.get(f"/api/v1/concerns/{concern.id}").json["routed_at"] is not None


def test_withdrawing_after_routing_does_not_send_it_back(make_user, make_concern, api_as, monkeypatch, app) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 2)
    concern = make_concern()
    api = api_as(make_user())
    assert _sign(api, concern.id).json["concern"]["status"] == "in_review"
    assert api.delete(f"/api/v1/concerns/{concern.id}/signatures/mine").status_code == 204
    shown = api.get(f"/api/v1/concerns/{concern.id}").json
    assert (shown["status"], shown["signature_count"]) == ("in_review", 1)


def test_the_threshold_is_fixed_when_the_concern_is_published(make_user, make_contract, api_as, app) -> None:
    admin = make_user(roles=("admin",))
    with app.app_context():
        settings.update(db.session.scalar(select(User).where(User.id == admin.id)), {"REVIEW_THRESHOLD": 3})
    author_api = api_as(make_user())
    concern = author_api.post("/api/v1/concerns", json=concern_body(make_contract().id, publish=True)).json
    assert concern["review_threshold"] == 3
    with app.app_context():
        settings.update(db.session.scalar(select(User).where(User.id == admin.id)), {"REVIEW_THRESHOLD": 2})
    after_one = _sign(api_as(make_user()), concern["id"]).json["concern"]
    assert (after_one["status"], after_one["review_threshold"]) == ("open", 3)
    assert _sign(api_as(make_user()), concern["id"]).json["concern"]["status"] == "in_review"


def test_a_threshold_of_one_routes_on_publication(make_user, make_contract, api_as, monkeypatch, app) -> None:
    monkeypatch.setitem(app.config, "REVIEW_THRESHOLD", 1)
    body = concern_body(make_contract().id, publish=True)
    assert api_as(make_user()).post("/api/v1/concerns", json=body).json["status"] == "in_review"
