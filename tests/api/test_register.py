"""``GET /decisions``: the register of published outcomes, for every employee."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.models import Concern
from petitions.workflow import responses
from tests.api.conftest import assert_invalid


@pytest.fixture()
def published(app, make_concern, make_contract):
    """Three responded concerns, one automatic, next to concerns in every other state."""
    fleet = make_contract(title="Fleet tracking")
    border = make_contract(title="Border analytics")
    items = {
        "declined": make_concern(
            state="responded", contract=border, title="Stop border analytics", outcome="uphold", stance="decline"
        ),
        "accepted": make_concern(
            state="responded",
            contract=fleet,
            title="Pause fleet tracking",
            outcome="uphold_in_part",
            stance="accept_in_part",
        ),
    }
    automatic = make_concern(state="decided", contract=fleet, title="Unanswered one", outcome="not_uphold")
    with app.app_context(), write_transaction() as session:
        responses.auto_publish(session, session.get(Concern, automatic.id), utcnow())
    items["automatic"] = automatic
    for state in ("draft", "open", "in_review", "decided", "withdrawn", "rejected"):
        make_concern(state=state, contract=border, title=f"A {state} concern")
    return items


def _titles(response) -> list[str]:
    """The concern titles of a 200 register answer, in order."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["concern"]["title"] for item in response.json["items"]]


@pytest.mark.parametrize("roles", [(), ("committee",), ("leadership",), ("admin",)])
def test_the_register_lists_only_responded_concerns_newest_first(published, make_user, api_as, roles) -> None:
    page = api_as(make_user(roles=roles)).get("/api/v1/decisions")
    assert _titles(page) == ["Unanswered one", "Pause fleet tracking", "Stop border analytics"]
    assert (page.json["total"], page.json["page"], page.json["per_page"]) == (3, 1, 20)


def test_each_entry_names_concern_contract_outcome_stance_and_timings(published, make_user, api_as) -> None:
    items = {i["concern"]["id"]: i for i in api_as(make_user()).get("/api/v1/decisions").json["items"]}
    declined = items[published["declined"].id]
    assert declined["contract"]["title"] == "Border analytics" and declined["contract"]["status"] == "reported"
    assert (declined["outcome"], declined["stance"], declined["automatic"]) == ("uphold", "decline", False)
    assert (declined["diverges"], declined["divergence"]) == (True, "diverges")
    assert declined["days_to_acknowledge"] is not None and declined["days_to_decide"] is not None
    assert declined["days_to_respond"] is not None and declined["responded_at"]
    accepted = items[published["accepted"].id]
    assert (accepted["diverges"], accepted["divergence"]) == (False, "agrees")
    automatic = items[published["automatic"].id]
    assert (automatic["stance"], automatic["automatic"], automatic["diverges"], automatic["divergence"]) == (
        None,
        True,
        None,
        "no_response",
    )


def test_register_filters(app, published, make_user, api_as) -> None:
    api = api_as(make_user())
    fleet_id = published["accepted"].contract_id
    assert _titles(api.get(f"/api/v1/decisions?contract_id={fleet_id}")) == ["Unanswered one", "Pause fleet tracking"]
    assert _titles(api.get("/api/v1/decisions?outcome=uphold")) == ["Stop border analytics"]
    assert _titles(api.get("/api/v1/decisions?stance=automatic")) == ["Unanswered one"]
    assert _titles(api.get("/api/v1/decisions?stance=accept_in_part")) == ["Pause fleet tracking"]
    assert _titles(api.get("/api/v1/decisions?q=border")) == ["Stop border analytics"]
    assert _titles(api.get("/api/v1/decisions?q=border&outcome=not_uphold")) == []
    this_year = utcnow().year
    assert len(_titles(api.get(f"/api/v1/decisions?year={this_year}"))) == 3
    with app.app_context(), write_transaction() as session:
        earlier = utcnow().replace(year=this_year - 3)
        session.execute(update(Concern).where(Concern.id == published["declined"].id).values(responded_at=earlier))
    assert _titles(api.get(f"/api/v1/decisions?year={this_year - 3}")) == ["Stop border analytics"]
    second = api.get("/api/v1/decisions?per_page=2&page=2")
    assert len(_titles(second)) == 1 and second.json["total"] == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("outcome=abstain", "outcome"),
        ("stance=maybe", "stance"),
        ("year=twenty", "year"),
        ("year=99999", "year"),
        ("contract_id=x", "contract_id"),
        ("contract_id=0", "contract_id"),
        ("per_page=101", "per_page"),
        ("page=0", "page"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_register_filters_are_400(make_user, api_as, query, field) -> None:
    assert_invalid(api_as(make_user()).get(f"/api/v1/decisions?{query}"), field)


def test_an_empty_register_is_an_empty_page(make_user, make_concern, api_as) -> None:
    make_concern(state="decided")
    page = api_as(make_user()).get("/api/v1/decisions").json
    assert page == {"items": [], "total": 0, "page": 1, "per_page": 20}
