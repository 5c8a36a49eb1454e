"""The contract registry: list, read, report or create, update."""

from __future__ import annotations

from werkzeug.wrappers import Response

from petitions.api import shapes
from petitions.api.auth import caller
from petitions.api.blueprint import ID, bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes import ContractCreate, ContractListQuery, ContractUpdate
from petitions.workflow import contracts


@bp.get("/contracts")
@operation(
    "List contracts",
    tag="contracts",
    query=ContractListQuery,
    response=shapes.ContractList,
    description="Newest first; `q` matches the title or counterparty.",
)
def list_contracts(query: ContractListQuery) -> Response:
    """A page of the registry."""
    items, total = contracts.list_contracts(
        caller(),
        q=query.q, status=query.status or "", page=query.page, per_page=query.per_page
    )
    return reply(
        shapes.ContractList(
            items=[shapes.contract(c) for c in items], total=total, page=query.page, per_page=query.per_page
        )
    )


@bp.post("/contracts")
@operation(
    "Report or create a contract",
    tag="contracts",
    body=ContractCreate,
    status=201,
    response=shapes.ContractOut,
    errors=(403,),
    description="Any employee reports a contract (status `reported`); an employee who sends another "
    "status gets 403. Leadership may set any status.",
)
def create_contract(body: ContractCreate) -> Response:
    """A new registry entry."""
    created = contracts.create_contract(caller(), body.model_dump())
    return reply(shapes.contract(created), 201)


@bp.get(f"/contracts/<{ID}:contract_id>")
@operation("Read a contract", tag="contracts", response=shapes.ContractOut, errors=(404,))
def show_contract(contract_id: int) -> Response:
    """One registry entry."""
    return reply(shapes.contract(contracts.get_contract(caller(), contract_id)))


@bp.patch(f"/contracts/<{ID}:contract_id>")
@operation(
    "Update a contract",
    tag="contracts",
    body=ContractUpdate,
    response=shapes.ContractOut,
    errors=(403, 404),
    description="Leadership only; only the fields sent change.",
)
def update_contract(contract_id: int, body: ContractUpdate) -> Response:
    """Leadership keeps an entry current."""
    updated = contracts.update_contract(caller(), contract_id, body.model_dump(exclude_unset=True))
    return reply(shapes.contract(updated))
