"""The contract registry pages: browse, read, report (any employee), edit (leadership)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.contracts.forms import ContractFilterForm, ContractForm
from petitions.errors import form_error
from petitions.models import Contract
from petitions.vocabulary import ContractStatus
from petitions.workflow import contracts, paging, policy, register
from petitions.workflow.errors import Invalid, ServiceError

bp = Blueprint("contracts", __name__)


def _contract_or_404(contract_id: int) -> Contract:
    """The contract, or ``NotFound`` (a 404 page)."""
    return contracts.get_contract(current_user, contract_id)


@bp.get("/contracts")
def list_contracts() -> tuple[str, int]:
    """The registry, newest first, with a text and a status filter."""
    form = ContractFilterForm(formdata=request.args)
    q, status = (request.args.get("q") or "").strip(), request.args.get("status") or ""
    try:
        page, per_page = paging.parse_paging(request.args.get("page"), request.args.get("per_page"))
        items, total = contracts.list_contracts(current_user, q=q, status=status, page=page, per_page=per_page)
    except Invalid as exc:
        problems = form_error(form, exc)
        return render_template("contracts/list.html", form=form, items=[], total=0, page=1, per_page=20,
                               error=exc.message, problems=problems), 400
    return render_template("contracts/list.html", form=form, items=items, total=total, page=page,
                           per_page=per_page, error=None, problems=[]), 200


@bp.get("/contracts/<int:contract_id>")
def show_contract(contract_id: int) -> str:
    """A contract's facts, every concern about it the viewer may see, and every published outcome."""
    contract = _contract_or_404(contract_id)
    published, _total, _page, _per_page = register.page(current_user, {"contract_id": contract_id, "per_page": 100})
    return render_template("contracts/show.html", contract=contract, published=published,
                           concerns=contracts.concerns_about(current_user, contract_id))


@bp.route("/contracts/new", methods=["GET", "POST"])
def new_contract() -> tuple[str, int] | Response:
    """Report a contract (status ``reported``); leadership may also choose the status."""
    form = ContractForm()
    if not policy.can_manage_contracts(current_user):
        del form.status  # an employee's report is always "reported"; a sent status is ignored
    status, error = 200, None
    if form.validate_on_submit():
        try:
            contract = contracts.create_contract(current_user, form.values())
        except ServiceError as exc:
            form_error(form, exc)
            status, error = exc.status, exc.message
        else:
            flash("Contract added to the registry." if contract.status != ContractStatus.REPORTED else
                  "Thank you: the contract is in the registry as reported; leadership will keep it current.",
                  "success")
            return redirect(url_for(".show_contract", contract_id=contract.id))
    return render_template("contracts/form.html", form=form, contract=None, error=error), status


@bp.route("/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
def edit_contract(contract_id: int) -> tuple[str, int] | Response:
    """Leadership keeps an entry current; everyone else gets a 403."""
    contract = _contract_or_404(contract_id)
    if not policy.can_manage_contracts(current_user):
        abort(403)
    form = ContractForm(obj=contract)
    status, error = 200, None
    if form.validate_on_submit():
        try:
            contracts.update_contract(current_user, contract_id, form.values())
        except ServiceError as exc:
            form_error(form, exc)
            status, error = exc.status, exc.message
        else:
            flash("Contract updated.", "success")
            return redirect(url_for(".show_contract", contract_id=contract_id))
    return render_template("contracts/form.html", form=form, contract=contract, error=error), status
