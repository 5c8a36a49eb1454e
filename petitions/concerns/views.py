"""The employee's concern pages: list, raise, read, sign, and one's own concerns and signatures.

Each view parses its form, calls one workflow service and renders or redirects. What a viewer
may not see is a 404 (``concern_for``); what they may see but not do is a 403 or a message.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from petitions.concerns.forms import (
    AUTHORSHIP_CHOICES,
    VISIBILITY_CHOICES,
    VISIBILITY_LABELS,
    ActionForm,
    ConcernFilterForm,
    ConcernForm,
    SignForm,
)
from petitions.errors import flash_refusal, form_error, refusal_text
from petitions.heard.confirm import unconfirmed
from petitions.models import Concern
from petitions.vocabulary import Status
from petitions.workflow import (
    concerns,
    contracts,
    decisions,
    paging,
    perspectives,
    policy,
    responses,
    search,
    signature_pages,
    signatures,
)
from petitions.workflow.errors import Invalid, ServiceError
from petitions.workflow.visible import concern_for

bp = Blueprint("concerns", __name__)

NEWEST_SIGNATURES = 10
SIGNATURES_PER_PAGE = 50


def _int_or_none(raw: str | None) -> int | None:
    """A positive whole number from a query parameter, or ``None`` for anything else."""
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value > 0 else None


def _contract_choices(blank: str) -> list[SelectChoice]:
    """The contract chooser's options, with a first, empty one."""
    return [SelectChoice("", blank)] + [SelectChoice(str(cid), title) for cid, title in contracts.all_contracts(current_user)]


def _visible(concern_id: int) -> Concern:
    """The concern if the viewer may see it; otherwise ``NotFound``, a 404 page (never say which)."""
    return concern_for(current_user, concern_id)


def _refused(exc: ServiceError, concern_id: int) -> Response:
    """A refused action: 404 and 403 as pages, anything else as a message on the concern."""
    flash_refusal(exc)
    return redirect(url_for(".show_concern", concern_id=concern_id))


@bp.get("/concerns")
def list_concerns() -> tuple[str, int]:
    """Published concerns, filtered, searched, sorted and paginated."""
    form = ConcernFilterForm(formdata=request.args)
    form.contract_id.choices = _contract_choices("Any contract")
    args = request.args
    try:
        result = search.list_concerns(
            current_user, status=args.get("status", ""), contract_id=args.get("contract_id"),
            q=args.get("q", ""), sort=args.get("sort") or "newest",
            page=args.get("page"), per_page=args.get("per_page"),
        )
    except Invalid as exc:
        problems = form_error(form, exc)
        return render_template("concerns/list.html", form=form, result=None, signed=set(),
                               error=exc.message, problems=problems), 400
    signed = signatures.signed_ids(current_user, [c.id for c in result.items])
    return render_template("concerns/list.html", form=form, result=result, signed=signed,
                           error=None, problems=[]), 200


@bp.route("/concerns/new", methods=["GET", "POST"])
def new_concern() -> tuple[str, int] | Response:
    """Raise a concern: save it as a draft, or publish it at once."""
    form = ConcernForm()
    form.contract_id.choices = _contract_choices("Choose a contract")
    if request.method == "GET":
        form.contract_id.data = request.args.get("contract_id", "")
    status, error = 200, None
    if form.validate_on_submit():
        publish = request.form.get("action") == "publish"
        try:
            concern = concerns.create(current_user, form.values(), publish=publish)
        except ServiceError as exc:
            form_error(form, exc)
            status, error = exc.status, exc.message
        else:
            flash(_published_message(concern) if publish else "Draft saved. Only you can see it until you publish it.",
                  "success")
            return redirect(url_for(".show_concern", concern_id=concern.id))
    elif form.is_submitted():
        status, error = 400, "Your concern was not saved."
    similar = concerns.similar(_int_or_none(form.contract_id.data), form.title.data or "", current_user)
    return render_template("concerns/new.html", form=form, similar=similar, error=error,
                           authorship=AUTHORSHIP_CHOICES), status


def _published_message(concern: Concern) -> str:
    """What the author is told after publishing."""
    if concern.status == Status.IN_REVIEW:
        return "Published. It already reached its review threshold and went to the ethics committee."
    return (f"Published. Your own signature is counted: {concern.signature_count} of "
            f"{concern.review_threshold} needed for review.")


@bp.get("/concerns/similar")
def similar_concerns() -> Response:
    """JSON for the form's live hint: concerns about the same contract or with similar titles."""
    items = concerns.similar(
        _int_or_none(request.args.get("contract_id")), (request.args.get("title") or "")[:200], current_user,
        exclude_id=_int_or_none(request.args.get("exclude_id")),
    )
    return jsonify(items=[
        {
            "id": m.concern.id,
            "title": m.concern.title,
            "url": url_for(".show_concern", concern_id=m.concern.id),
            "status": m.concern.status,
            "status_label": Status.label_of(m.concern.status).lower(),
            "contract": m.concern.contract.title,
            "same_contract": m.same_contract,
            "signature_count": m.concern.signature_count,
        }
        for m in items
    ])


def _show(concern: Concern, sign_form: SignForm | None = None) -> str:
    """Render a concern's page for the current viewer."""
    mine = signatures.mine(current_user, concern)
    newest = signature_pages.page_of(current_user, concern, 1, NEWEST_SIGNATURES)
    similar: list[Any] = []
    if policy.can_publish(current_user, concern):
        similar = concerns.similar(concern.contract_id, concern.title, current_user, exclude_id=concern.id)
    decision = decisions.decision_for(current_user, concern)
    return render_template(
        "concerns/show.html", concern=concern, mine=mine, newest=newest, similar=similar,
        decision=decision, response=responses.response_for(current_user, concern) if decision else None,
        perspectives=perspectives.for_concern(current_user, concern),
        sign_form=sign_form or SignForm(formdata=None), action_form=ActionForm(), visibilities=VISIBILITY_CHOICES,
        visibility_labels=VISIBILITY_LABELS,
    )


@bp.get("/concerns/<int:concern_id>")
def show_concern(concern_id: int) -> str:
    """A concern, its support, the sign form and the author's actions."""
    return _show(_visible(concern_id))


@bp.route("/concerns/<int:concern_id>/edit", methods=["GET", "POST"])
def edit_concern(concern_id: int) -> tuple[str, int] | Response:
    """The author edits their draft."""
    concern = _visible(concern_id)
    if not policy.can_edit(current_user, concern):
        if not policy.is_author(current_user, concern):
            abort(403)
        flash(f"Only a draft can be edited; this concern is {Status.label_of(concern.status).lower()}.", "error")
        return redirect(url_for(".show_concern", concern_id=concern_id))
    form = ConcernForm(obj=concern)
    form.contract_id.choices = _contract_choices("Choose a contract")
    status, error = 200, None
    if form.validate_on_submit():
        try:
            concerns.update_draft(current_user, concern_id, form.values())
        except ServiceError as exc:
            if not exc.fields:
                return _refused(exc, concern_id)
            form_error(form, exc)
            status, error = exc.status, exc.message
        else:
            flash("Draft saved.", "success")
            return redirect(url_for(".show_concern", concern_id=concern_id))
    return render_template("concerns/edit.html", form=form, concern=concern, error=error,
                           authorship=AUTHORSHIP_CHOICES), status


@bp.post("/concerns/<int:concern_id>/publish")
def publish_concern(concern_id: int) -> Response:
    """The author publishes their draft (their own signature is recorded)."""
    _visible(concern_id)
    try:
        concern = concerns.publish(current_user, concern_id)
    except ServiceError as exc:
        return _refused(exc, concern_id)
    flash(_published_message(concern), "success")
    return redirect(url_for(".show_concern", concern_id=concern_id))


@bp.route("/concerns/<int:concern_id>/withdraw", methods=["GET", "POST"])
def withdraw_concern(concern_id: int) -> tuple[str, int] | Response:
    """The author withdraws an open concern, after confirming; it stays readable."""
    _visible(concern_id)
    if (page := unconfirmed("withdraw", url_for(".show_concern", concern_id=concern_id),
                            concern_id=concern_id)) is not None:
        return page
    try:
        concerns.withdraw(current_user, concern_id)
    except ServiceError as exc:
        return _refused(exc, concern_id)
    flash("You withdrew this concern. It stays readable, but nobody can sign it any more.", "success")
    return redirect(url_for(".show_concern", concern_id=concern_id))


@bp.post("/concerns/<int:concern_id>/sign")
def sign_concern(concern_id: int) -> tuple[str, int] | Response:
    """Co-sign a concern with the chosen visibility and an optional statement."""
    concern = _visible(concern_id)
    form = SignForm()
    try:
        result = signatures.sign(current_user, concern_id, form.visibility.data, form.statement.data or "")
    except Invalid as exc:
        form_error(form, exc)
        return _show(concern, sign_form=form), 400
    except ServiceError as exc:
        return _refused(exc, concern_id)
    message = f"You signed this concern ({VISIBILITY_LABELS[str(form.visibility.data)]})."
    if result.routed:
        message += " Your signature reached the review threshold: the concern went to the ethics committee."
    flash(message, "success")
    return redirect(url_for(".show_concern", concern_id=concern_id))


@bp.post("/concerns/<int:concern_id>/signature/withdraw")
def withdraw_signature(concern_id: int) -> Response:
    """Withdraw one's own signature while signing is still possible."""
    _visible(concern_id)
    try:
        signatures.withdraw(current_user, concern_id)
    except ServiceError as exc:
        if exc.status == 404:  # the concern is visible: this is "you have not signed"
            flash(exc.message, "error")
            return redirect(url_for(".show_concern", concern_id=concern_id))
        return _refused(exc, concern_id)
    flash("Your signature was withdrawn.", "success")
    return redirect(url_for(".show_concern", concern_id=concern_id))


@bp.get("/concerns/<int:concern_id>/signatures")
def list_signatures(concern_id: int) -> tuple[str, int]:
    """Every signature, newest first, with names only where the visibility table allows."""
    concern = _visible(concern_id)
    try:
        page, per_page = paging.parse_paging(request.args.get("page"), request.args.get("per_page"),
                                             SIGNATURES_PER_PAGE)
        result = signature_pages.page_of(current_user, concern, page, per_page, request.args.get("cursor") or None)
    except Invalid as exc:
        return render_template("concerns/signatures.html", concern=concern, result=None,
                               error=refusal_text(exc)), 400
    return render_template("concerns/signatures.html", concern=concern, result=result, error=None), 200


@bp.get("/concerns/mine")
def my_concerns() -> str:
    """The concerns one wrote, drafts included."""
    return render_template("concerns/mine.html", items=concerns.mine(current_user))


@bp.get("/signatures/mine")
def my_signatures() -> str:
    """The concerns one signed, each with the visibility chosen (anonymous included)."""
    rows: list[tuple[Concern, Any]] = signatures.my_signatures(current_user)
    return render_template("concerns/my_signatures.html", rows=rows, visibility_labels=VISIBILITY_LABELS)
