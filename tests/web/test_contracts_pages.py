"""The contract registry pages: anyone reports a contract, leadership keeps entries current."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from petitions.extensions import db
from petitions.models import Contract
from tests.helpers import text_of, texts


def _contract(app, contract_id: int) -> Contract:
    with app.app_context():
        contract = db.session.get(Contract, contract_id)
        db.session.expunge_all()
        return contract


def _all_contracts(app) -> list[Contract]:
    with app.app_context():
        rows = list(db.session.query(Contract).order_by(Contract.id))
        db.session.expunge_all()
        return rows


def _listed(html: str) -> list[str]:
    return re.findall(r'<td><a href="/contracts/\d+">([^<]+)</a></td>', html)


def test_list_filters_by_text_and_status(client, make_user, login_as, make_contract) -> None:
    make_contract(title="Border analytics", counterparty="Agency A", status="active")
    make_contract(title="Cafeteria supplies", counterparty="Food Co", status="signed")
    make_contract(title="Drone imaging", counterparty="Border Patrol", status="reported")
    login_as(make_user())
    assert set(_listed(client.get("/contracts").get_data(as_text=True))) == {
        "Border analytics", "Cafeteria supplies", "Drone imaging"}
    assert set(_listed(client.get("/contracts?q=border").get_data(as_text=True))) == {
        "Border analytics", "Drone imaging"}
    assert _listed(client.get("/contracts?status=signed").get_data(as_text=True)) == ["Cafeteria supplies"]
    assert _listed(client.get("/contracts?q=border&status=active").get_data(as_text=True)) == ["Border analytics"]


def test_list_is_paginated(client, make_user, login_as, make_contract) -> None:
    for n in range(3):
        make_contract(title=f"Paged contract {n}")
    login_as(make_user())
    first = client.get("/contracts?per_page=2").get_data(as_text=True)
    second = client.get("/contracts?per_page=2&page=2").get_data(as_text=True)
    assert len(_listed(first)) == 2 and len(_listed(second)) == 1 and "Page 1 of 2" in first


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=500", "status=bogus", "q=a%00b", "q=" + "a" * 201])
def test_a_bad_list_parameter_is_a_message(client, make_user, login_as, query) -> None:
    login_as(make_user())
    response = client.get(f"/contracts?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)


def test_contract_page_lists_its_concerns_and_offers_to_raise_one(client, make_user, login_as, make_contract,
                                                                  make_concern) -> None:
    contract = make_contract(title="Detention centre IT", counterparty="Ministry", value="1250000.50",
                             currency="usd", starts_on="2026-01-01", ends_on="2028-12-31")
    make_concern(contract=contract, title="Concern about detention IT")
    make_concern(contract=contract, state="draft", title="A draft about it")
    make_concern(title="About another contract")
    login_as(make_user())
    html = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert texts(html, "h1") == ["Detention centre IT"] and "Ministry" in text_of(html)
    assert "1,250,000.50 USD" in html and "2026-01-01 to 2028-12-31" in html
    assert "Concern about detention IT" in html
    assert "A draft about it" not in html and "About another contract" not in html
    assert f'href="/concerns/new?contract_id={contract.id}">Raise a concern about this contract</a>' in html
    assert f"/contracts/{contract.id}/edit" not in html  # employees get no edit link
    assert client.get("/contracts/999999").status_code == 404


def test_an_employee_reports_a_contract_as_reported(app, client, make_user, login_as) -> None:
    login_as(make_user())
    form = client.get("/contracts/new").get_data(as_text=True)
    assert 'name="status"' not in form and 'type="date"' in form
    response = client.post("/contracts/new", data={
        "title": "Sentiment monitoring", "counterparty": "Interior Ministry", "value": "300000",
        "currency": "eur", "starts_on": "2026-03-01", "ends_on": "", "owner_id": "",
        "status": "active",  # not offered to an employee; ignored
    })
    assert response.status_code == 302
    [contract] = _all_contracts(app)
    assert contract.status == "reported" and contract.value == Decimal("300000.00") and contract.currency == "EUR"
    assert contract.starts_on == date(2026, 3, 1) and contract.ends_on is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sentiment monitoring" in page and "reported" in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "", "Title is required"),
    ("value", "lots", "Value must be a decimal number"),
    ("starts_on", "2026-13-40", "Use a date in the form YYYY-MM-DD"),
    ("ends_on", "2020-01-01", "The end date is before the start date"),
    ("owner_id", "999999", "No such person"),
    ("currency", "EURO", "Currency must be"),
])
def test_report_form_shows_field_errors(app, client, make_user, login_as, field, value, message) -> None:
    login_as(make_user())
    data = {"title": "A contract", "counterparty": "Someone", "starts_on": "2025-01-01"}
    data[field] = value
    response = client.post("/contracts/new", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and f'id="{field}-error"' in html and f'<a href="#{field}">' in html
    assert _all_contracts(app) == []


def test_an_employee_cannot_edit_a_contract(app, client, make_user, login_as, make_contract) -> None:
    contract = make_contract(title="Untouched")
    login_as(make_user(roles=("committee",)))
    assert client.get(f"/contracts/{contract.id}/edit").status_code == 403
    assert client.post(f"/contracts/{contract.id}/edit", data={"title": "Changed", "counterparty": "X"}).status_code == 403
    assert _contract(app, contract.id).title == "Untouched"


def test_leadership_creates_with_a_status_and_edits(app, client, make_user, login_as, make_contract) -> None:
    owner = make_user(name="Olga Owner")
    login_as(make_user(roles=("leadership",)))
    form = client.get("/contracts/new").get_data(as_text=True)
    assert '<select' in form and 'name="status"' in form
    response = client.post("/contracts/new", data={"title": "Analytics deal", "counterparty": "Agency",
                                                   "status": "negotiating"})
    [created] = _all_contracts(app)
    assert response.status_code == 302 and created.status == "negotiating"

    contract = make_contract(title="Old title", status="proposed")
    html = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert f'href="/contracts/{contract.id}/edit"' in html
    edit = client.get(f"/contracts/{contract.id}/edit").get_data(as_text=True)
    assert 'value="Old title"' in edit
    response = client.post(f"/contracts/{contract.id}/edit", data={
        "title": "New title", "counterparty": "Agency of Examples", "description": "Three years.",
        "value": "1,000,000.00", "currency": "USD", "starts_on": "2026-01-01", "ends_on": "2029-01-01",
        "owner_id": str(owner.id), "status": "signed",
    }, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Contract updated." in page and "Olga Owner" in page and "1,000,000.00 USD" in page
    after = _contract(app, contract.id)
    assert (after.title, after.status, after.value, after.owner_id, after.ends_on) == (
        "New title", "signed", Decimal("1000000.00"), owner.id, date(2029, 1, 1))
    # A bad edit shows the message and changes nothing.
    response = client.post(f"/contracts/{contract.id}/edit", data={"title": "", "counterparty": "X",
                                                                   "status": "cancelled"})
    assert response.status_code == 400 and "Title is required" in response.get_data(as_text=True)
    assert _contract(app, contract.id).status == "signed"


def test_contract_page_lists_every_published_outcome(client, make_user, make_contract, make_concern, login_as) -> None:
    contract = make_contract(title="Border analytics")
    make_concern(state="responded", contract=contract, outcome="uphold", stance="decline", title="Stop the analytics")
    make_concern(state="decided", contract=contract, title="Still awaiting leadership")
    login_as(make_user())
    html = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    published = html.split("Published outcomes", 1)[1].split("Concerns about this contract", 1)[0]
    assert "Stop the analytics" in published
    assert "Still awaiting leadership" not in published
    assert "Declined" in published or "declined" in published.lower()
