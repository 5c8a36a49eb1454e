"""``/admin/invitations``: invite one person, or everyone without a password yet (such as an HR
import); each gets a mail with a single-use link that expires (the admin blueprint's gate applies)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from petitions.admin.views import bp
from petitions.errors import flash_refusal
from petitions.workflow import invitations
from petitions.workflow.errors import NotFound, ServiceError

SHOWN_MAX = 200


@bp.get("/invitations")
def list_invitations() -> str:
    """Who has no password and no working invitation yet, with one button to invite them all."""
    waiting = invitations.pending(current_user)
    return render_template("admin/invitations.html", waiting=waiting[:SHOWN_MAX], total=len(waiting),
                           form=FlaskForm(formdata=None))


@bp.post("/invitations")
def invite_pending() -> Response:
    """Invite every person still waiting."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    count = invitations.invite_pending(current_user)
    flash(f"Invited {count} {'person' if count == 1 else 'people'}." if count else "Nobody was waiting.", "success")
    return redirect(url_for("admin.list_invitations"))


@bp.post("/users/<int:user_id>/invite")
def invite_user(user_id: int) -> Response:
    """Mail one person a link to choose a password."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        person = invitations.invite(current_user, user_id)
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash_refusal(exc)
    else:
        flash(f"An invitation is on its way to {person.email}.", "success")
    return redirect(url_for("admin.show_user", user_id=user_id))
