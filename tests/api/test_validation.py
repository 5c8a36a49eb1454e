"""Bad input is a 400 with per-field messages, never a 500, and nothing is saved."""

from __future__ import annotations

import json

import pytest

from petitions.workflow.text import BODY_MAX, STATEMENT_MAX, SUMMARY_MAX, TITLE_MAX
from tests.api.conftest import assert_invalid, concern_body

BAD_CONCERNS = [
    ({"title": 5}, "title"),
    ({"title": None}, "title"),
    ({"title": ""}, "title"),
    ({"title": "x" * (TITLE_MAX + 1)}, "title"),
    ({"summary": "x" * (SUMMARY_MAX + 1)}, "summary"),
    ({"body": "x" * (BODY_MAX + 1)}, "body"),
    ({"title": "Null\x00byte"}, "title"),
    ({"body": "Bell\x07character"}, "body"),
    ({"summary": ["a", "list"]}, "summary"),
    ({"publish": "yes"}, "publish"),
    ({"publish": 1}, "publish"),
    ({"contract_id": "abc"}, "contract_id"),
    ({"contract_id": "1"}, "contract_id"),
    ({"contract_id": 1.5}, "contract_id"),
    ({"contract_id": True}, "contract_id"),
    ({"contract_id": 424242}, "contract_id"),
    ({"contract_id": 10**30}, "contract_id"),
    ({"contract_id": None}, "contract_id"),
    ({"author_visibility": "anonymous"}, "author_visibility"),
    ({"requested_action": {"nested": "object"}}, "requested_action"),
]


@pytest.mark.parametrize(
    ("overrides", "field"), BAD_CONCERNS, ids=[f"{f}-{i}" for i, (_, f) in enumerate(BAD_CONCERNS)]
)
def test_bad_concern_fields_are_400(make_user, make_contract, api_as, concern_count, overrides, field) -> None:
    response = api_as(make_user()).post("/api/v1/concerns", json=concern_body(make_contract().id, **overrides))
    assert_invalid(response, field)
    assert concern_count() == 0


def test_missing_required_fields_are_each_named(make_user, api_as) -> None:
    response = api_as(make_user()).post("/api/v1/concerns", json={})
    assert_invalid(response, "title", "summary", "body", "contract_id")
    assert response.json["error"]["fields"]["title"] == "Title is required."


def test_a_too_long_title_says_the_limit(make_user, make_contract, api_as) -> None:
    body = concern_body(make_contract().id, title="x" * (TITLE_MAX + 1))
    message = api_as(make_user()).post("/api/v1/concerns", json=body).json["error"]["fields"]["title"]
    assert str(TITLE_MAX) in message


def test_newlines_and_tabs_are_fine(make_user, make_contract, api_as) -> None:
    body = concern_body(make_contract().id, body="Line one\n\tindented\nline three")
    response = api_as(make_user()).post("/api/v1/concerns", json=body)
    assert response.status_code == 201
    assert response.json["body"] == "Line one\n\tindented\nline three"


def test_text_at_the_limits_is_accepted(make_user, make_contract, api_as) -> None:
    body = concern_body(make_contract().id, title="t" * TITLE_MAX, summary="s" * SUMMARY_MAX, body="b" * BODY_MAX)
    assert api_as(make_user()).post("/api/v1/concerns", json=body).status_code == 201


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ('{"title": "unterminated', "application/json"),
        ("", "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('"just a string"', "application/json"),
        ("null", "application/json"),
        (b'{"title": "\xff\xfe"}', "application/json"),
    ],
    ids=["malformed", "empty", "array", "string", "null", "not-utf8"],
)
def test_bodies_that_are_not_a_json_object_are_400(make_user, api_as, concern_count, data, content_type) -> None:
    response = api_as(make_user()).post("/api/v1/concerns", data=data, headers={"Content-Type": content_type})
    assert_invalid(response)
    assert concern_count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_valid_body_with_the_wrong_content_type_is_400(
    make_user, make_contract, api_as, concern_count, content_type
) -> None:
    data = json.dumps(concern_body(make_contract().id))
    headers = {"Content-Type": content_type} if content_type else {}
    response = api_as(make_user()).post("/api/v1/concerns", data=data, headers=headers)
    assert_invalid(response)
    assert "application/json" in response.json["error"]["message"]
    assert concern_count() == 0


def test_a_body_over_the_size_limit_is_refused_not_500(make_user, make_contract, api_as) -> None:
    body = concern_body(make_contract().id, body="x" * (3 * 1024 * 1024))
    response = api_as(make_user()).post("/api/v1/concerns", json=body)
    assert response.status_code in (400, 413)
    assert response.json["error"]["code"] == "invalid"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "visibility"),
        ({"visibility": None}, "visibility"),
        ({"visibility": "secret"}, "visibility"),
        ({"visibility": "public", "statement": "x" * (STATEMENT_MAX + 1)}, "statement"),
        ({"visibility": "public", "statement": "a\x00b"}, "statement"),
        ({"visibility": "public", "statement": 7}, "statement"),
    ],
)
def test_bad_signatures_are_400_and_not_counted(make_user, make_concern, api_as, body, field) -> None:
    concern = make_concern()
    api = api_as(make_user())
    assert_invalid(api.post(f"/api/v1/concerns/{concern.id}/signatures", json=body), field)
    assert api.get(f"/api/v1/concerns/{concern.id}").json["signature_count"] == 1


def test_every_wrong_field_is_named_at_once_with_labels_not_codes(make_user, make_contract, api_as) -> None:
    """The service checks text and choices once, so a type error and a content error come back together."""
    body = concern_body(make_contract().id, title=5, summary="", author_visibility="anonymous")
    error = api_as(make_user()).post("/api/v1/concerns", json=body).json["error"]
    assert error["fields"] == {
        "title": "Title must be text.",
        "summary": "Summary is required.",
        "author_visibility": "Authorship must be one of: Named, Known to the committee only.",
    }
