"""Similar concerns when raising one: the same contract first and labelled, then the best text matches."""

from __future__ import annotations

from sqlalchemy import update

from petitions.database import write_transaction
from petitions.models import Concern


def _boost(app, concern_id: int, count: int) -> None:
    """Give a concern many signatures (the count only: ranking must not follow it)."""
    with app.app_context(), write_transaction() as session:
        session.execute(update(Concern).where(Concern.id == concern_id).values(
            signature_count=count, count_public=count))


def test_same_contract_first_then_relevance_not_signatures(app, client, make_user, make_contract, make_concern,
                                                          login_as) -> None:
    ours = make_contract(title="Cloud hosting renewal")
    other = make_contract(title="Office supplies")
    same = make_concern("in_review", contract=ours, title="Hosting costs for the agency")
    close = make_concern("open", contract=other, title="Facial recognition for border police",
                         summary="Facial recognition at the border.")
    loose = make_concern("open", contract=other, title="Border wall lighting")
    noise = make_concern("open", contract=other, title="Stop this contract about printers")
    _boost(app, loose.id, 500)
    _boost(app, noise.id, 900)
    login_as(make_user())
    items = client.get("/concerns/similar", query_string={
        "contract_id": ours.id, "title": "Stop facial recognition at the border"}).json["items"]
    ids = [i["id"] for i in items]
    assert ids[0] == same.id and items[0]["same_contract"] is True and items[0]["status"] == "in_review"
    assert ids.index(close.id) < ids.index(loose.id)  # three shared words beat one, whatever the signatures
    assert noise.id not in ids  # "stop", "this", "contract", "about" say nothing
    assert all(i["same_contract"] is False for i in items[1:])
    page = client.get("/concerns/new", query_string={"contract_id": ours.id}).get_data(as_text=True)
    assert '<span class="badge">Same contract</span>' in page and "badge-in_review" in page


def test_similar_never_lists_what_the_viewer_may_not_see(client, make_user, make_contract, make_concern,
                                                         login_as) -> None:
    contract = make_contract()
    make_concern("draft", contract=contract, title="Secret draft about drones")
    make_concern("rejected", contract=contract, reason_code="abusive", title="Abusive drones rant")
    login_as(make_user())
    items = client.get("/concerns/similar", query_string={"contract_id": contract.id, "title": "drones"}).json
    assert items["items"] == []
