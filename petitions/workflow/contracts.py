"""The contract registry: anyone reports a contract; leadership creates and keeps entries current."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select

from petitions.clock import utcnow
from petitions.database import write_transaction
from petitions.extensions import db
from petitions.models import Concern, Contract, User
from petitions.vocabulary import ContractStatus
from petitions.workflow import audit, policy
from petitions.workflow.errors import Forbidden, Invalid, NotFound
from petitions.workflow.paging import paginate
from petitions.workflow.text import COUNTERPARTY_MAX, DESCRIPTION_MAX, TITLE_MAX, FieldErrors

FIELDS = ("title", "counterparty", "description", "value", "currency", "starts_on", "ends_on", "owner_id", "status")


def get_contract(viewer: User, contract_id: int) -> Contract:
    """A contract by id, or ``NotFound`` (every employee may read the registry)."""
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise NotFound("No such contract.")
    return contract


def list_contracts(viewer: User, *, q: str = "", status: str = "", page: int = 1, per_page: int = 20) -> tuple[list[Contract], int]:
    """The registry, newest first, filtered by status and a title/counterparty match."""
    errors = FieldErrors()
    q = errors.search("q", q)
    if status:
        status = errors.choice("status", status, ContractStatus, label="Status")
    if errors.errors:
        raise Invalid("Bad list parameters.", errors.errors)
    query = select(Contract)
    if status:
        query = query.where(Contract.status == status)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(func.lower(Contract.title).like(like) | func.lower(Contract.counterparty).like(like))
    found = paginate(query.order_by(Contract.id.desc()), page, per_page)
    return found.items, found.total


def all_contracts(viewer: User) -> list[tuple[int, str]]:
    """(id, title) for choosers, by title."""
    return [(row.id, row.title) for row in db.session.execute(select(Contract.id, Contract.title).order_by(Contract.title))]


def concerns_about(viewer: User, contract_id: int) -> list[Concern]:
    """Every concern about a contract that the viewer may see in a list."""
    from petitions.workflow.search import listable

    query = listable(viewer).where(Concern.contract_id == contract_id).order_by(Concern.id.desc()).limit(200)
    return list(db.session.scalars(query))


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate the fields present in ``data``; unknown keys are ignored."""
    errors = FieldErrors()
    out: dict[str, Any] = {}
    present = [f for f in FIELDS if f in data] if partial else list(FIELDS)
    for field in present:
        raw = data.get(field)
        if field in ("title", "counterparty"):
            out[field] = errors.text(field, raw, max_len=TITLE_MAX if field == "title" else COUNTERPARTY_MAX, required=True)
        elif field == "description":
            out[field] = errors.text(field, raw, max_len=DESCRIPTION_MAX)
        elif field == "value":
            out[field] = _decimal(errors, raw)
        elif field == "currency":
            text = errors.text(field, raw, max_len=3).upper()
            if text and (len(text) != 3 or not text.isalpha()):
                errors.add(field, "Currency must be a three-letter code such as USD.")
            out[field] = text or None
        elif field in ("starts_on", "ends_on"):
            out[field] = _date(errors, field, raw)
        elif field == "owner_id":
            out[field] = _owner(errors, raw)
        elif field == "status" and raw not in (None, ""):
            out[field] = errors.choice(field, raw, ContractStatus)
    if out.get("starts_on") and out.get("ends_on") and out["ends_on"] < out["starts_on"]:
        errors.add("ends_on", "The end date is before the start date.")
    errors.raise_if_any()
    return out


def _decimal(errors: FieldErrors, raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        errors.add("value", "Value must be a decimal number written as text, such as \"1250000.00\".")
        return None
    try:
        value = Decimal(str(raw).replace(",", "").strip())
    except InvalidOperation:
        errors.add("value", "Value must be a decimal number, such as 1250000.00.")
        return None
    if not value.is_finite() or value < 0 or value >= Decimal("1e16"):
        errors.add("value", "Value must be a non-negative amount below 10^16.")
        return None
    return value.quantize(Decimal("0.01"))


def _date(errors: FieldErrors, field: str, raw: Any) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        errors.add(field, "Use a date in the form YYYY-MM-DD.")
        return None


def _owner(errors: FieldErrors, raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    try:
        owner_id = int(raw)
    except (TypeError, ValueError):
        errors.add("owner_id", "Owner must be a person's id.")
        return None
    if isinstance(raw, bool) or db.session.get(User, owner_id) is None:
        errors.add("owner_id", "No such person.")
        return None
    return owner_id


def create_contract(actor: User, data: dict[str, Any]) -> Contract:
    """Report (any employee, always ``reported``) or create (leadership, any status)."""
    values = _clean(data, partial=False)
    status = values.pop("status", None) or "reported"
    if status != ContractStatus.REPORTED and not policy.can_manage_contracts(actor):
        raise Forbidden("Only leadership sets a contract's status; report it and leadership will update it.")
    with write_transaction() as session:
        contract = Contract(**values, status=status, reported_by_id=actor.id)
        session.add(contract)
        session.flush()
        audit.record(session, "contract.created", actor_id=actor.id, detail={"contract_id": contract.id, "status": status})
    return contract


def update_contract(actor: User, contract_id: int, data: dict[str, Any]) -> Contract:
    """Leadership edits an entry; only the fields sent change."""
    if not policy.can_manage_contracts(actor):
        raise Forbidden("Only leadership edits contracts.")
    get_contract(actor, contract_id)
    values = _clean(data, partial=True)
    with write_transaction() as session:
        contract = get_contract(actor, contract_id)
        changed = {k: v for k, v in values.items() if getattr(contract, k) != v}
        for key, value in changed.items():
            setattr(contract, key, value)
        if changed:
            contract.updated_at = utcnow()
            audit.record(session, "contract.updated", actor_id=actor.id,
                         detail={"contract_id": contract.id, "fields": sorted(changed)})
    return contract
