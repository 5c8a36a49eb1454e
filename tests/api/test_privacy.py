"""The privacy grid: who sees a signer's name, and who sees a concern's author.

| signature visibility | other employees | committee | leadership | admin |
| public               | name            | name      | name       | name  |
| committee            | -               | name      | -          | -     |
| anonymous            | -               | -         | -          | -     |
"""

from __future__ import annotations

import pytest

SIGNERS = {  # visibility -> (signer's name, their statement)
    "public": ("Pat Openly", "Signed in the open."),
    "committee": ("Cora Confidential", "Only the committee may know me."),
    "anonymous": ("Andy Unnamed", "Nobody may know me."),
}
VIEWERS = {
    "employee": (),
    "committee": ("committee",),
    "leadership": ("leadership",),
    "admin": ("admin",),
    "leadership+admin": ("leadership", "admin"),
}
NAMED_FOR = {"public": set(VIEWERS), "committee": {"committee"}, "anonymous": set()}


@pytest.fixture()
def signed_concern(make_user, make_concern, api_as):
    """An open concern by a named author, signed once with each visibility; returns (concern, signers)."""
    concern = make_concern(author=make_user(name="Alex Author"))
    signers = {}
    for visibility, (name, statement) in SIGNERS.items():
        signer = make_user(name=name)
        response = api_as(signer).post(
            f"/api/v1/concerns/{concern.id}/signatures", json={"visibility": visibility, "statement": statement}
        )
        assert response.status_code == 201
        signers[visibility] = signer
    return concern, signers


def _by_statement(response) -> dict[str, dict]:
    """The signature rows of a 200 answer, keyed by their (unique) statement."""
    assert response.status_code == 200
    return {item["statement"]: item for item in response.json["items"]}


@pytest.mark.parametrize("viewer_kind", sorted(VIEWERS))
def test_signer_names_follow_the_visibility_table(signed_concern, make_user, api_as, viewer_kind) -> None:
    concern, _signers = signed_concern
    response = api_as(make_user(roles=VIEWERS[viewer_kind])).get(f"/api/v1/concerns/{concern.id}/signatures")
    rows = _by_statement(response)
    text = response.get_data(as_text=True)
    for visibility, (name, statement) in SIGNERS.items():
        row = rows[statement]
        assert row["visibility"] == visibility
        assert row["mine"] is False
        if viewer_kind in NAMED_FOR[visibility]:
            assert row["name"] == name, (viewer_kind, visibility)
        else:
            assert row["name"] is None, (viewer_kind, visibility)
            assert name not in text, (viewer_kind, visibility)
    assert response.json["counts"] == {"public": 2, "committee": 1, "anonymous": 1, "total": 4}
    assert response.json["total"] == 4


@pytest.mark.parametrize("visibility", sorted(SIGNERS))
def test_signers_see_their_own_row_marked_but_named_only_as_the_table_allows(
    signed_concern, api_as, visibility
) -> None:
    concern, signers = signed_concern
    rows = _by_statement(api_as(signers[visibility]).get(f"/api/v1/concerns/{concern.id}/signatures"))
    name, statement = SIGNERS[visibility]
    assert rows[statement]["mine"] is True
    assert [r["mine"] for r in rows.values()].count(True) == 1
    assert rows[statement]["name"] == (name if visibility == "public" else None)


def test_an_anonymous_signer_is_never_named_anywhere(signed_concern, make_user, api_as) -> None:
    concern, signers = signed_concern
    name = SIGNERS["anonymous"][0]
    viewers = [signers["anonymous"], *(make_user(roles=roles) for roles in VIEWERS.values())]
    for viewer in viewers:
        api = api_as(viewer)
        for path in (f"/api/v1/concerns/{concern.id}/signatures", f"/api/v1/concerns/{concern.id}", "/api/v1/concerns"):
            assert name not in api.get(path).get_data(as_text=True), path


def test_committee_views_of_confidential_names_are_audited(signed_concern, make_user, api_as, audit_actions) -> None:
    concern, _ = signed_concern
    before = audit_actions().count("signers.viewed")
    api_as(make_user()).get(f"/api/v1/concerns/{concern.id}/signatures")
    api_as(make_user(roles=("leadership",))).get(f"/api/v1/concerns/{concern.id}/signatures")
    assert audit_actions().count("signers.viewed") == before
    api_as(make_user(roles=("committee",))).get(f"/api/v1/concerns/{concern.id}/signatures")
    assert audit_actions().count("signers.viewed") == before + 1


@pytest.mark.parametrize(
    ("viewer_kind", "sees_author"), [("employee", False), ("leadership", False), ("admin", False), ("committee", True)]
)
def test_a_committee_only_author_is_hidden_from_all_but_author_and_committee(
    make_user, make_concern, api_as, viewer_kind, sees_author
) -> None:
    author = make_user(name="Quinn Quiet")
    concern = make_concern(author=author, author_visibility="committee")
    api = api_as(make_user(roles=VIEWERS[viewer_kind]))
    shown = api.get(f"/api/v1/concerns/{concern.id}")
    assert shown.json["author_visibility"] == "committee"
    assert shown.json["author"] == ({"id": author.id, "name": "Quinn Quiet"} if sees_author else None)
    if not sees_author:
        for path in (f"/api/v1/concerns/{concern.id}", f"/api/v1/concerns/{concern.id}/signatures", "/api/v1/concerns"):
            assert "Quinn Quiet" not in api.get(path).get_data(as_text=True), path


def test_a_committee_only_author_sees_themselves(make_user, make_concern, api_as) -> None:
    author = make_user(name="Quinn Quiet")
    concern = make_concern(author=author, author_visibility="committee")
    shown = api_as(author).get(f"/api/v1/concerns/{concern.id}").json
    assert shown["author"] == {"id": author.id, "name": "Quinn Quiet"}
    [own] = api_as(author).get(f"/api/v1/concerns/{concern.id}/signatures").json["items"]
    assert (own["visibility"], own["mine"]) == ("committee", True)


def test_a_named_author_is_shown_to_everyone(make_user, make_concern, api_as) -> None:
    author = make_user(name="Nora Named")
    concern = make_concern(author=author)
    for roles in VIEWERS.values():
        assert (
            api_as(make_user(roles=roles)).get(f"/api/v1/concerns/{concern.id}").json["author"]["name"] == "Nora Named"
        )


def test_signatures_page_through_by_page_and_by_cursor(signed_concern, make_user, api_as) -> None:
    concern, _ = signed_concern
    api = api_as(make_user())
    first = api.get(f"/api/v1/concerns/{concern.id}/signatures?per_page=3").json
    assert (first["total"], first["page"], first["per_page"], len(first["items"])) == (4, 1, 3, 3)
    second = api.get(f"/api/v1/concerns/{concern.id}/signatures?per_page=3&page=2").json
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    by_cursor = api.get(f"/api/v1/concerns/{concern.id}/signatures?per_page=3&cursor={first['next_cursor']}").json
    assert by_cursor["items"] == second["items"]
    # Newest day first; within the day the order is the keyed hash's, not the order of signing.
    assert sorted(i["visibility"] for i in first["items"] + second["items"]) == sorted(
        ["public", "public", "committee", "anonymous"])
    for bad in ("page=0", "per_page=101", "per_page=x"):
        response = api.get(f"/api/v1/concerns/{concern.id}/signatures?{bad}")
        assert response.status_code == 400, bad
        assert response.json["error"]["fields"], bad
