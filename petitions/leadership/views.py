"""Leadership's pages: the inbox of decided concerns, the briefing and response form, addenda, commitments.

Each view parses its form, calls one workflow service and renders or redirects. Signers reach
these pages only as counts (``responses.briefing``): leadership never sees a committee-only or
anonymous signer's name, as the visibility table in the design requires.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.clock import utcnow
from petitions.errors import flash_refusal, form_error
from petitions.heard.confirm import unconfirmed
from petitions.leadership.forms import STANCE_CHOICES, AddendumForm, CommitmentDoneForm, ResponseForm
from petitions.security import require_role
from petitions.workflow import responses
from petitions.workflow.errors import ServiceError

bp = Blueprint("leadership", __name__, url_prefix="/leadership")
bp.before_request(require_role("leadership"))


def _show(concern_id: int, form: ResponseForm | None = None, addendum_form: AddendumForm | None = None,
          error: str | None = None, problems: list[str] | None = None, status: int = 200) -> tuple[str, int]:
    """Render the briefing and the response (or addendum) form; 404 for what the viewer may not see."""
    brief = responses.briefing(current_user, concern_id)
    return render_template(
        "leadership/show_concern.html", brief=brief, concern=brief.concern,
        form=form or ResponseForm(formdata=None), addendum_form=addendum_form or AddendumForm(formdata=None),
        stances=STANCE_CHOICES, error=error, problems=problems or [], now=utcnow(),
    ), status


@bp.get("")
def show_inbox() -> str:
    """Decided concerns by response deadline, and the commitments still open."""
    return render_template(
        "leadership/show_inbox.html", items=responses.inbox(current_user), commitments=responses.open_commitments(current_user),
        done_form=CommitmentDoneForm(formdata=None), now=utcnow(), is_overdue=responses.is_overdue,
    )


@bp.get("/concerns/<int:concern_id>")
def show_concern(concern_id: int) -> tuple[str, int]:
    """The concern, its perspectives, the decision, support as counts, and the response form."""
    return _show(concern_id)


@bp.post("/concerns/<int:concern_id>/response")
def publish_response(concern_id: int) -> tuple[str, int] | Response:
    """Publish leadership's response (and the contract's new status) in one service call."""
    form = ResponseForm()
    if (page := unconfirmed("respond", url_for(".show_concern", concern_id=concern_id),
                                concern_id=concern_id)) is not None:
        return page
    try:
        responses.publish(current_user, concern_id, form.values())
    except ServiceError as exc:
        problems = form_error(form, exc)
        return _show(concern_id, form=form, error=exc.message, problems=problems, status=exc.status)
    flash("Leadership's response is published beside the committee's decision.", "success")
    return redirect(url_for(".show_concern", concern_id=concern_id))


@bp.post("/concerns/<int:concern_id>/addenda")
def add_addendum(concern_id: int) -> tuple[str, int] | Response:
    """A dated correction beside the published response; the original is never edited."""
    form = AddendumForm()
    try:
        responses.add_addendum(current_user, concern_id, form.body.data)
    except ServiceError as exc:
        problems = form_error(form, exc)
        return _show(concern_id, addendum_form=form, error=exc.message, problems=problems, status=exc.status)
    flash("The addendum is published beside the original response.", "success")
    return redirect(url_for(".show_concern", concern_id=concern_id))


@bp.post("/commitments/<int:commitment_id>/done")
def mark_commitment_done(commitment_id: int) -> Response:
    """Mark a commitment done with a note; a refusal is a message on the inbox."""
    form = CommitmentDoneForm()
    try:
        responses.mark_commitment_done(current_user, commitment_id, form.note.data or "")
    except ServiceError as exc:
        flash_refusal(exc)
    else:
        flash("Commitment marked done.", "success")
    return redirect(url_for(".show_inbox"))
