"""The ethics committee's pages: the queue, moderation, and a concern's workspace with its actions.

The whole blueprint is for committee members (``require_role``); the services add the rest:
a recused member gets ``Forbidden`` (403) on every action of that concern, and what a member
may not see is ``NotFound`` (404). Each action parses its form, calls one service and
redirects; refused input re-renders the workspace with the form as sent and the service's
messages (400 for bad input, 409 for a step not possible now).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from petitions.clock import utcnow
from petitions.committee import forms as f
from petitions.committee.pages import Panel, Workspace, load_queue, load_workspace, panel_for
from petitions.concerns.forms import ActionForm
from petitions.errors import flash_refusal, form_error
from petitions.heard.confirm import unconfirmed
from petitions.models import Concern
from petitions.security import require_role
from petitions.workflow import decisions, perspectives, review
from petitions.workflow.errors import ServiceError
from petitions.workflow.paging import parse_paging

bp = Blueprint("committee", __name__)
bp.before_request(require_role("committee"))

Page = tuple[str, int] | Response


def committee_panel() -> dict[str, object]:
    """Give every template ``committee_panel(concern)`` for the box on the concern page."""

    def panel(concern: Concern) -> Panel | None:
        return panel_for(current_user, concern, utcnow())

    return {"committee_panel": panel}


def _fresh_forms(ws: Workspace) -> dict[str, FlaskForm]:
    """Each workspace form, empty (the ballot form shows one's own ballot to change it)."""
    forms: dict[str, FlaskForm] = {key: cls(formdata=None, prefix=key) for key, cls in f.WORKSPACE_FORMS.items()}
    mine = ws.my_ballot
    if mine is not None and ws.decision is None:
        forms["ballot"] = f.BallotForm(
            formdata=None, prefix="ballot", data={"choice": mine.choice, "reason": mine.reason}
        )
    return forms


def _workspace(
    concern_id: int,
    status: int = 200,
    failed: str | None = None,
    form: FlaskForm | None = None,
    error: str | None = None,
) -> Page:
    """Render the workspace; ``form`` (under the key ``failed``) is shown as sent, with ``error``."""
    page, _ = parse_paging(request.args.get("page"), None, 1)
    ws = load_workspace(current_user, concern_id, page)
    forms = _fresh_forms(ws)
    if failed is not None and form is not None:
        forms[failed] = form
    forms["ack"].lead_reviewer_id.choices = [SelectChoice("", "No lead reviewer")] + [  # type: ignore[attr-defined]
        SelectChoice(str(u.id), u.name) for u in ws.members
    ]
    forms["invite"].user_id.choices = [SelectChoice("", "Choose a person")] + [  # type: ignore[attr-defined]
        SelectChoice(str(u.id), f"{u.name} ({u.department or 'no department'})") for u in ws.people
    ]
    html = render_template(
        "committee/show_workspace.html",
        ws=ws,
        concern=ws.concern,
        forms=forms,
        failed=failed,
        error=error,
        action_form=ActionForm(),
        choices=f,
        now=utcnow(),
    )
    return html, status


def _refused(exc: ServiceError, concern_id: int, key: str, form: FlaskForm) -> Page:
    """403 and 404 as pages; anything else re-renders the workspace with the form and message."""
    form_error(form, exc)
    return _workspace(concern_id, exc.status, key, form, exc.message)


def _done(concern_id: int, message: str) -> Response:
    """Flash ``message`` and go back to the workspace."""
    flash(message, "success")
    return redirect(url_for(".show_workspace", concern_id=concern_id))


@bp.get("/committee")
def show_queue() -> str:
    """Routed concerns, due first, and open concerns the committee may refer early."""
    page, _ = parse_paging(request.args.get("page"), None)  # a bad page is a 400 (errors.service_error)
    return render_template(
        "committee/show_queue.html", queue=load_queue(current_user, page), action_form=ActionForm(), now=utcnow()
    )


@bp.get("/committee/moderation")
def show_moderation() -> str:
    """Rejected concerns (abusive ones included), each with a Restore button for appeals."""
    return render_template(
        "committee/show_moderation.html", items=review.moderation_list(current_user), action_form=ActionForm()
    )


@bp.get("/committee/concerns/<int:concern_id>")
def show_workspace(concern_id: int) -> Page:
    """A concern's committee workspace: actions, notes, signers, breakdowns, votes, decision."""
    return _workspace(concern_id)


@bp.post("/concerns/<int:concern_id>/refer")
def refer_concern(concern_id: int) -> Response:
    """Take an open concern into review before it reaches the threshold."""
    try:
        review.refer(current_user, concern_id)
    except ServiceError as exc:
        flash_refusal(exc)
        return redirect(url_for(".show_queue"))
    return _done(concern_id, "Referred to the committee. It is now in review; acknowledge it when you take it up.")


@bp.post("/concerns/<int:concern_id>/acknowledge")
def acknowledge_concern(concern_id: int) -> Page:
    """Acknowledge a routed concern, optionally naming a lead reviewer; the author is told."""
    form = f.AcknowledgeForm(prefix="ack")
    try:
        review.acknowledge(current_user, concern_id, form.lead_reviewer_id.data)
    except ServiceError as exc:
        return _refused(exc, concern_id, "ack", form)
    return _done(concern_id, "Acknowledged. The author was told.")


@bp.post("/concerns/<int:concern_id>/recuse")
def recuse_self(concern_id: int) -> Page:
    """Step back from this concern for good, with the conflict stated."""
    form = f.RecuseForm(prefix="recuse")
    if (page := unconfirmed("recuse", url_for(".show_workspace", concern_id=concern_id),
                                concern_id=concern_id)) is not None:
        return page
    try:
        review.recuse(current_user, concern_id, form.reason.data)
    except ServiceError as exc:
        return _refused(exc, concern_id, "recuse", form)
    flash("You recused yourself from this concern. Its committee material is closed to you.", "success")
    return redirect(url_for(".show_queue"))


@bp.post("/concerns/<int:concern_id>/reject")
def reject_concern(concern_id: int) -> Page:
    """Moderation: reject with a coded reason and an explanation the author sees."""
    form = f.RejectForm(prefix="reject")
    if (page := unconfirmed("reject", url_for(".show_workspace", concern_id=concern_id),
                                concern_id=concern_id)) is not None:
        return page
    duplicate_of = form.duplicate_of_id.raw_data[0] if form.duplicate_of_id.raw_data else None
    try:
        review.reject(current_user, concern_id, form.reason_code.data, form.explanation.data, duplicate_of)
    except ServiceError as exc:
        return _refused(exc, concern_id, "reject", form)
    return _done(concern_id, "Rejected. The author was told and sees your explanation.")


@bp.post("/concerns/<int:concern_id>/restore")
def restore_concern(concern_id: int) -> Response:
    """On appeal: return a rejected concern to the state it was rejected from."""
    try:
        review.restore(current_user, concern_id)
    except ServiceError as exc:
        flash_refusal(exc)
        return redirect(url_for(".show_moderation"))
    return _done(concern_id, "Restored. The author was told.")


@bp.post("/concerns/<int:concern_id>/notes")
def add_note(concern_id: int) -> Page:
    """Add a private note to the committee's thread."""
    form = f.NoteForm(prefix="note")
    try:
        review.add_note(current_user, concern_id, form.body.data)
    except ServiceError as exc:
        return _refused(exc, concern_id, "note", form)
    return _done(concern_id, "Note added.")


@bp.post("/concerns/<int:concern_id>/invitations")
def invite_person(concern_id: int) -> Page:
    """Invite a named person to add their perspective; they are told."""
    form = f.InviteForm(prefix="invite")
    try:
        invitation = perspectives.invite(current_user, concern_id, form.user_id.data, form.message.data)
    except ServiceError as exc:
        return _refused(exc, concern_id, "invite", form)
    return _done(concern_id, f"{invitation.user.name} was invited and told.")


@bp.post("/concerns/<int:concern_id>/ballot")
def cast_ballot(concern_id: int) -> Page:
    """Cast or change one's ballot while the concern is in review."""
    form = f.BallotForm(prefix="ballot")
    try:
        decisions.cast_ballot(current_user, concern_id, form.choice.data, form.reason.data)
    except ServiceError as exc:
        return _refused(exc, concern_id, "ballot", form)
    return _done(concern_id, "Your ballot was recorded. Nobody else sees it until the decision.")


@bp.post("/concerns/<int:concern_id>/decision")
def decide_concern(concern_id: int) -> Page:
    """Record the committee's decision once the vote reached quorum."""
    form = f.DecisionForm(prefix="decision")
    if (page := unconfirmed("decide", url_for(".show_workspace", concern_id=concern_id),
                                concern_id=concern_id)) is not None:
        return page
    data = {name: form[name].data for name in ("outcome", "recommendation", "rationale", "conditions")}
    try:
        decisions.decide(current_user, concern_id, data)
    except ServiceError as exc:
        return _refused(exc, concern_id, "decision", form)
    return _done(concern_id, "The decision was recorded. Leadership was told; a response is due.")


@bp.post("/concerns/<int:concern_id>/dissent")
def add_dissent(concern_id: int) -> Page:
    """Attach one's dissent to the decision."""
    form = f.DissentForm(prefix="dissent")
    try:
        decisions.add_dissent(current_user, concern_id, form.body.data)
    except ServiceError as exc:
        return _refused(exc, concern_id, "dissent", form)
    return _done(concern_id, "Your dissent was attached to the decision.")
