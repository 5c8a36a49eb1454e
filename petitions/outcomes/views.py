"""The published register (page, CSV, Atom) and the transparency figures, for every employee.

Only ``responded`` concerns appear: the register service (``workflow.register``) decides that,
and these views parse the filters, call it once and render.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask import Blueprint, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.clock import utcnow
from petitions.errors import form_error, refusal_text
from petitions.models import Commitment
from petitions.outcomes.charts import bar_chart
from petitions.outcomes.forms import OUTCOME_LABELS, STANCE_LABELS, RegisterFilterForm
from petitions.workflow import contracts, outcomes, register, responses
from petitions.workflow.errors import Invalid
from petitions.workflow.register import Outcome

bp = Blueprint("outcomes", __name__)

FEED_SIZE = 50
FILTERS = ("contract_id", "outcome", "stance", "year", "q")
DIVERGENCE_LABELS = {"agrees": "no", "partly_diverges": "partly", "diverges": "yes", "no_response": "no response"}
CSV_HEADER = ["concern_id", "concern", "contract", "contract_status", "outcome", "stance", "diverges",
              "responded_on", "days_to_acknowledge", "days_to_decide", "days_to_respond"]
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def divergence_sentence(outcome: str, stance: str | None) -> str:
    """The plain sentence comparing leadership's stance with the committee's outcome."""
    return outcomes.describe(outcome, stance)


def divergence_label(outcome: str, stance: str | None) -> str:
    """``yes``, ``partly``, ``no`` or ``no response``: does the stance depart from the outcome."""
    return DIVERGENCE_LABELS[outcomes.divergence(outcome, stance)]


def commitment_overdue(commitment: Commitment) -> bool:
    """A commitment past its due date and not done."""
    return responses.is_overdue(commitment)


def outcome_label(outcome: str) -> str:
    """An outcome's label (``Upheld in part``)."""
    return OUTCOME_LABELS.get(outcome, outcome)


def stance_label(stance: str | None, automatic: bool = False) -> str:
    """A stance in words; an automatic publication is "No response in time"."""
    return STANCE_LABELS["automatic" if automatic or stance is None else stance]


def _filters() -> dict[str, str]:
    """The register filters from the query string (paging is added by the page view)."""
    return {name: request.args.get(name, "") for name in FILTERS}


def _filter_form() -> RegisterFilterForm:
    """The filter form, filled from the query string, with the contract chooser's options."""
    form = RegisterFilterForm(formdata=request.args)
    form.contract_id.choices = [("", "Any contract")] + [(str(cid), title) for cid, title in contracts.all_contracts(current_user)]
    return form


def _error_page(exc: Invalid) -> tuple[str, int]:
    """A bad filter on the export or the feed: say which, as a 400 page."""
    return render_template("errors/error.html", code=400, message=refusal_text(exc)), 400


@bp.get("/decisions")
def list_decisions() -> tuple[str, int]:
    """The register: every published outcome, filtered, searched and paginated."""
    form = _filter_form()
    try:
        items, total, page, per_page = register.page(
            current_user,
            {**_filters(), "page": request.args.get("page"), "per_page": request.args.get("per_page")})
    except Invalid as exc:
        problems = form_error(form, exc)
        return render_template("outcomes/list_decisions.html", form=form, items=[], total=0, page=1, per_page=20,
                               error=exc.message, problems=problems, filters=_filters()), 400
    return render_template("outcomes/list_decisions.html", form=form, items=items, total=total, page=page,
                           per_page=per_page, error=None, problems=[], filters=_filters()), 200


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_row(item: Outcome) -> list[str]:
    """One outcome as CSV cells."""
    cells = [item.concern_id, item.title, item.contract_title, item.contract_status, item.outcome,
             "automatic" if item.automatic else item.stance, DIVERGENCE_LABELS[item.divergence],
             item.responded_at.date().isoformat(), item.days_to_acknowledge, item.days_to_decide,
             item.days_to_respond]
    return [safe_cell(cell) for cell in cells]


def _csv_text(items: Iterable[Outcome]) -> str:
    """The header, then one line per outcome."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_row(item) for item in items)
    return buffer.getvalue()


@bp.get("/decisions.csv")
def export_decisions() -> Response | tuple[str, int]:
    """The register as CSV, with the page's filters.

    The rows are read in full before answering: a streamed body would outlive the request's
    database session (Flask-SQLAlchemy closes it when the view returns), and PostgreSQL's
    server-side cursor with it.
    """
    try:
        items = list(register.every(current_user, _filters()))
    except Invalid as exc:
        return _error_page(exc)
    filename = f"decisions-{utcnow().date().isoformat()}.csv"
    return Response(_csv_text(items), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def atom_time(value: datetime) -> str:
    """A naive UTC time as RFC 3339, as Atom requires."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


@bp.get("/decisions.atom")
def feed_decisions() -> Response | tuple[str, int]:
    """The newest published outcomes as an Atom 1.0 feed."""
    try:
        items, _total, _page, _per_page = register.page(current_user, {**_filters(), "page": 1, "per_page": FEED_SIZE})
    except Invalid as exc:
        return _error_page(exc)
    updated = items[0].responded_at if items else utcnow()
    body = render_template("outcomes/feed.xml", items=items, updated=atom_time(updated), atom_time=atom_time)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@bp.get("/figures")
def show_figures() -> str:
    """Transparency figures as tables and server-drawn bar charts."""
    figures = register.figures(current_user)
    counts, medians = figures["counts"], figures["median_days"]
    charts = [
        bar_chart("steps", "Concerns reaching each step", [
            ("Raised", counts["raised"]), ("Routed to the committee", counts["routed"]),
            ("Decided", counts["decided"]), ("Responded", counts["responded"])]),
        bar_chart("days", "Median days each step took", [
            ("To acknowledge", medians["acknowledge"]), ("To decide", medians["decide"]),
            ("To respond", medians["respond"])]),
        bar_chart("outcomes", "Committee outcomes", [(OUTCOME_LABELS[o], n) for o, n in figures["outcomes"].items()]),
        bar_chart("stances", "Leadership stances", [(STANCE_LABELS[s], n) for s, n in figures["stances"].items()]),
    ]
    return render_template("outcomes/show_figures.html", figures=figures, charts=charts)

