"""The contract registry through the API: anyone reports, leadership keeps it current."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_invalid


def test_an_employee_reports_a_contract(make_user, api_as) -> None:
    response = api_as(make_user()).post(
        "/api/v1/contracts",
        json={
            "title": "Predictive policing pilot",
            "counterparty": "City Police",
            "description": "Two-year pilot.",
            "value": "1250000.5",
            "currency": "usd",
            "starts_on": "2027-01-01",
            "ends_on": "2028-12-31",
        },
    )
    assert response.status_code == 201
    contract = response.json
    assert contract["status"] == "reported"
    assert contract["value"] == "1250000.50"
    assert contract["currency"] == "USD"
    assert (contract["starts_on"], contract["ends_on"]) == ("2027-01-01", "2028-12-31")
    assert contract["owner"] is None


def test_an_employee_who_sends_another_status_gets_403(make_user, api_as) -> None:
    api = api_as(make_user())
    response = api.post("/api/v1/contracts", json={"title": "T", "counterparty": "C", "status": "active"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert api.get("/api/v1/contracts").json["total"] == 0
    explicit = api.post("/api/v1/contracts", json={"title": "T", "counterparty": "C", "status": "reported"})
    assert explicit.status_code == 201


def test_leadership_sets_the_status_and_an_owner(make_user, api_as) -> None:
    owner = make_user(name="Owen Owner")
    response = api_as(make_user(roles=("leadership",))).post(
        "/api/v1/contracts",
        json={"title": "Cloud hosting", "counterparty": "Ministry", "status": "negotiating", "owner_id": owner.id},
    )
    assert response.status_code == 201
    assert response.json["status"] == "negotiating"
    assert response.json["owner"] == {"id": owner.id, "name": "Owen Owner"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"counterparty": "C"}, "title"),
        ({"title": "T"}, "counterparty"),
        ({"title": 3, "counterparty": "C"}, "title"),
        ({"title": "T", "counterparty": "C", "value": 12.5}, "value"),
        ({"title": "T", "counterparty": "C", "value": "lots"}, "value"),
        ({"title": "T", "counterparty": "C", "starts_on": "01/02/2027"}, "starts_on"),
        ({"title": "T", "counterparty": "C", "starts_on": "2027-02-30"}, "starts_on"),
        ({"title": "T", "counterparty": "C", "starts_on": "2027-06-01", "ends_on": "2027-01-01"}, "ends_on"),
        ({"title": "T", "counterparty": "C", "owner_id": 999999}, "owner_id"),
        ({"title": "T", "counterparty": "C", "owner_id": "1"}, "owner_id"),
        ({"title": "T", "counterparty": "C", "currency": "EURO"}, "currency"),
        ({"title": "T", "counterparty": "C", "status": "frozen"}, "status"),
        ({"title": "T\x00", "counterparty": "C"}, "title"),
    ],
)
def test_bad_contract_fields_are_400(make_user, api_as, body, field) -> None:
    api = api_as(make_user(roles=("leadership",)))
    assert_invalid(api.post("/api/v1/contracts", json=body), field)
    assert api.get("/api/v1/contracts").json["total"] == 0


def test_list_filters_by_q_and_status_and_pages(make_user, make_contract, api_as) -> None:
    make_contract(title="Border sensors", counterparty="Customs")
    make_contract(title="Payroll software", counterparty="Acme", status="active")
    make_contract(title="Canteen", counterparty="Border Foods")
    api = api_as(make_user())
    assert {c["title"] for c in api.get("/api/v1/contracts?q=border").json["items"]} == {"Border sensors", "Canteen"}
    assert [c["title"] for c in api.get("/api/v1/contracts?status=active").json["items"]] == ["Payroll software"]
    page = api.get("/api/v1/contracts?per_page=2&page=2").json
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (3, 2, 2, 1)
    for bad in ("per_page=0", "page=x", "status=frozen", "per_page=101"):
        assert api.get(f"/api/v1/contracts?{bad}").status_code == 400, bad


def test_read_a_contract_or_404(make_user, make_contract, api_as) -> None:
    contract = make_contract(title="Satellite imagery", counterparty="Space Agency")
    api = api_as(make_user())
    shown = api.get(f"/api/v1/contracts/{contract.id}")
    assert shown.status_code == 200
    assert (shown.json["id"], shown.json["title"], shown.json["counterparty"]) == (
        contract.id,
        "Satellite imagery",
        "Space Agency",
    )
    missing = api.get("/api/v1/contracts/999999")
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"


def test_leadership_updates_only_the_fields_sent(make_user, make_contract, api_as) -> None:
    contract = make_contract(title="Old", counterparty="Same party")
    api = api_as(make_user(roles=("leadership",)))
    response = api.patch(f"/api/v1/contracts/{contract.id}", json={"status": "signed", "title": "New", "id": 7})
    assert response.status_code == 200
    assert (response.json["id"], response.json["status"], response.json["title"]) == (contract.id, "signed", "New")
    assert response.json["counterparty"] == "Same party"
    assert api.patch("/api/v1/contracts/999999", json={"title": "x"}).status_code == 404
    assert_invalid(api.patch(f"/api/v1/contracts/{contract.id}", json={"title": ""}), "title")


@pytest.mark.parametrize("roles", [(), ("committee",), ("admin",)])
def test_only_leadership_updates_a_contract(make_user, make_contract, api_as, roles) -> None:
    contract = make_contract(title="Kept")
    api = api_as(make_user(roles=roles))
    response = api.patch(f"/api/v1/contracts/{contract.id}", json={"title": "Changed", "status": "cancelled"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert api.get(f"/api/v1/contracts/{contract.id}").json["title"] == "Kept"
