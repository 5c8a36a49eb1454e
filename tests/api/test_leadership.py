"""Leadership's endpoints: the inbox, the response, addenda and commitments; and the concern's
``decision`` and ``response`` as each role sees them, single and in lists.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from petitions.clock import moved, utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Commitment, Concern, Contract, Response
from petitions.workflow import responses
from tests.api.conftest import assert_invalid

OTHERS = {"employee": (), "committee": ("committee",), "admin": ("admin",)}
ANSWER = {"stance": "accept", "statement": "We will not renew."}


def _path(concern_id: int, tail: str = "") -> str:
    """``/api/v1/concerns/{id}`` plus ``tail``."""
    return f"/api/v1/concerns/{concern_id}{tail}"


@pytest.fixture()
def leader(make_user):
    """A leadership member."""
    return make_user(roles=("leadership",), name="Lee Leader")


def test_the_inbox_lists_decided_concerns_nearest_deadline_first(app, leader, make_concern, api_as) -> None:
    make_concern(state="decided", title="Later")
    sooner = make_concern(state="decided", title="Sooner")
    make_concern(state="in_review")
    make_concern(state="responded")
    with app.app_context(), write_transaction() as session:
        session.execute(update(Concern).where(Concern.id == sooner.id).values(due_at=utcnow() - timedelta(days=1)))
    page = api_as(leader).get("/api/v1/leadership/inbox").json
    assert [i["concern"]["title"] for i in page["items"]] == ["Sooner", "Later"]
    assert [i["overdue"] for i in page["items"]] == [True, False]
    assert all(i["due_at"] and i["concern"]["decision"]["outcome"] == "uphold" for i in page["items"])
    assert (page["total"], page["page"], page["per_page"]) == (2, 1, 20)
    assert_invalid(api_as(leader).get("/api/v1/leadership/inbox?page=x"), "page")


@pytest.mark.parametrize("kind", sorted(OTHERS))
def test_the_inbox_and_the_response_are_for_leadership(make_user, make_concern, api_as, kind) -> None:
    concern = make_concern(state="decided")
    api = api_as(make_user(roles=OTHERS[kind]))
    assert api.get("/api/v1/leadership/inbox").status_code == 403
    refused = api.post(_path(concern.id, "/response"), json=ANSWER)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"


def test_publishing_a_response_moves_the_contract_and_tracks_commitments(app, leader, make_concern, api_as) -> None:
    concern = make_concern(state="decided", outcome="uphold")
    body = {
        **ANSWER,
        "stance": "accept_in_part",
        "contract_status": "suspended",
        "commitments": [{"text": "Audit the vendor.", "due_on": "2000-01-01"}, {"text": "Report back."}],
        "ignored": "never applied",
    }
    with moved(datetime(1999, 12, 1, 9)):  # answered back then; the commitment is overdue today
        published = api_as(leader).post(_path(concern.id, "/response"), json=body)
    assert published.status_code == 200, published.get_data(as_text=True)
    shown = api_as(leader).get(_path(concern.id)).json
    assert shown["status"] == "responded" and shown["contract"]["status"] == "suspended"
    answer = shown["response"]
    assert (answer["stance"], answer["automatic"], answer["statement"]) == (
        "accept_in_part",
        False,
        ANSWER["statement"],
    )
    assert (answer["contract_status_before"], answer["contract_status_after"]) == ("reported", "suspended")
    assert answer["divergence"] == "partly_diverges" and answer["addenda"] == []
    assert [(c["text"], c["due_on"], c["overdue"]) for c in answer["commitments"]] == [
        ("Audit the vendor.", "2000-01-01", True),
        ("Report back.", None, False),
    ]
    again = api_as(leader).post(_path(concern.id, "/response"), json=ANSWER)
    assert again.status_code == 409


def test_a_response_needs_a_decided_concern(leader, make_concern, api_as) -> None:
    concern = make_concern(state="in_review")
    refused = api_as(leader).post(_path(concern.id, "/response"), json=ANSWER)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "conflict"
    assert api_as(leader).post(_path(make_concern(state="draft").id, "/response"), json=ANSWER).status_code == 404


def test_response_input_is_checked_and_nothing_is_written(app, leader, make_concern, api_as) -> None:
    concern = make_concern(state="decided")
    api = api_as(leader)
    assert_invalid(api.post(_path(concern.id, "/response"), json={}), "stance", "statement")
    assert_invalid(api.post(_path(concern.id, "/response"), json={**ANSWER, "stance": "ignore"}), "stance")
    assert_invalid(api.post(_path(concern.id, "/response"), json={**ANSWER, "statement": " "}), "statement")
    assert_invalid(
        api.post(_path(concern.id, "/response"), json={**ANSWER, "contract_status": "gone"}), "contract_status"
    )
    bad_date = {**ANSWER, "commitments": [{"text": "x", "due_on": "31/01/2027"}]}
    assert_invalid(api.post(_path(concern.id, "/response"), json=bad_date), "commitments.0.due_on")
    no_text = {**ANSWER, "commitments": [{"due_on": "2027-01-31"}]}
    assert_invalid(api.post(_path(concern.id, "/response"), json=no_text), "commitments.0.text")
    assert_invalid(
        api.post(_path(concern.id, "/response"), json={**ANSWER, "commitments": [{"text": "x"}] * 21}), "commitments"
    )
    assert_invalid(
        api.post(_path(concern.id, "/response"), json={**ANSWER, "commitments": "all of them"}), "commitments"
    )
    assert api.post(_path(concern.id, "/response"), data="stance=accept").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0
        assert db.session.get(Concern, concern.id).status == "decided"


def test_addenda_follow_the_published_response(leader, make_user, make_concern, api_as) -> None:
    decided = make_concern(state="decided")
    api = api_as(leader)
    assert api.post(_path(decided.id, "/response/addenda"), json={"body": "Too early."}).status_code == 409
    concern = make_concern(state="responded")
    added = api.post(_path(concern.id, "/response/addenda"), json={"body": "Correction: the date is June."})
    assert (
        added.status_code == 201 and added.json["body"] == "Correction: the date is June." and added.json["created_at"]
    )
    assert_invalid(api.post(_path(concern.id, "/response/addenda"), json={"body": ""}), "body")
    refused = api_as(make_user(roles=("committee",))).post(_path(concern.id, "/response/addenda"), json={"body": "x"})
    assert refused.status_code == 403
    shown = api_as(make_user()).get(_path(concern.id)).json["response"]
    assert [a["body"] for a in shown["addenda"]] == ["Correction: the date is June."]


def test_commitments_are_marked_done_once(app, leader, make_user, make_concern, api_as) -> None:
    concern = make_concern(state="decided")
    api = api_as(leader)
    body = {**ANSWER, "commitments": [{"text": "Publish the audit.", "due_on": "2031-01-01"}, {"text": "Second."}]}
    first, second = api.post(_path(concern.id, "/response"), json=body).json["response"]["commitments"]
    assert api_as(make_user()).post(f"/api/v1/commitments/{first['id']}/done").status_code == 403
    done = api.post(f"/api/v1/commitments/{first['id']}/done", json={"note": "Published on the intranet."})
    assert done.status_code == 200
    assert (
        done.json["done_at"]
        and done.json["done_note"] == "Published on the intranet."
        and done.json["overdue"] is False
    )
    assert api.post(f"/api/v1/commitments/{first['id']}/done").status_code == 409
    assert api.post(f"/api/v1/commitments/{second['id']}/done").status_code == 200  # the body may be left out
    assert api.post("/api/v1/commitments/99999/done").status_code == 404
    assert_invalid(api.post(f"/api/v1/commitments/{second['id']}/done", json={"note": 5}), "note")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Commitment).where(Commitment.done_at.is_(None))) == 0
    shown = api_as(make_user()).get(_path(concern.id)).json["response"]["commitments"]
    assert [c["done_note"] for c in shown] == ["Published on the intranet.", ""]


def test_an_automatic_publication_says_leadership_did_not_answer(app, make_user, make_concern, api_as) -> None:
    concern = make_concern(state="decided")
    with app.app_context(), write_transaction() as session:
        assert responses.auto_publish(session, session.get(Concern, concern.id), utcnow())
    answer = api_as(make_user()).get(_path(concern.id)).json["response"]
    assert (answer["stance"], answer["automatic"], answer["divergence"]) == (None, True, "no_response")
    assert answer["statement"] == responses.AUTOMATIC_STATEMENT


@pytest.mark.parametrize(
    ("roles", "sees_when_decided"),
    [((), False), (("admin",), False), (("committee",), True), (("leadership",), True)],
)
def test_decision_and_response_per_role_in_a_concern_and_in_lists(
    make_user, make_concern, api_as, roles, sees_when_decided
) -> None:
    decided = make_concern(state="decided", title="Decided one")
    responded = make_concern(state="responded", title="Responded one", stance="accept")
    api = api_as(make_user(roles=roles))
    shown = api.get(_path(decided.id)).json
    assert (shown["decision"] is not None) is sees_when_decided and shown["response"] is None
    listed = {c["title"]: c for c in api.get("/api/v1/concerns").json["items"]}
    assert (listed["Decided one"]["decision"] is not None) is sees_when_decided
    for item in (api.get(_path(responded.id)).json, listed["Responded one"]):
        assert item["decision"]["outcome"] == "uphold" and item["decision"]["rationale"] == "Reasons."
        assert item["response"]["stance"] == "accept" and item["response"]["divergence"] == "agrees"


def test_the_contract_status_change_is_kept_with_the_response(app, leader, make_concern, api_as) -> None:
    concern = make_concern(state="decided")
    api_as(leader).post(_path(concern.id, "/response"), json={**ANSWER, "contract_status": "cancelled"})
    with app.app_context():
        assert db.session.get(Contract, concern.contract_id).status == "cancelled"
