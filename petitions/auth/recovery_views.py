""""Forgot your password?" and the links that set one (invitations and resets).

The forgot page answers the same page after the same time whatever the address: the service
does its work (or none, for an unknown address), then the view waits until
``RECOVERY_ANSWER_SECONDS`` have passed since the request began.
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from petitions.auth import limits
from petitions.auth.forms import ForgotForm, SetPasswordForm
from petitions.auth.session_cookie import sign_in
from petitions.auth.views import bp
from petitions.errors import form_error
from petitions.security import public
from petitions.workflow import invitations, links
from petitions.workflow.errors import NotFound, ServiceError

SENT = ("If that address has an account here, a mail with a link to choose a new password is on its way. "
        "The link works once, for an hour.")


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limits.login_form_limit
def forgot_password() -> str:
    """Ask for a reset link; the answer tells nothing about the address."""
    form = ForgotForm()
    sent = False
    if form.validate_on_submit():
        started = time.monotonic()
        invitations.request_reset(form.email.data or "")
        floor = float(current_app.config["RECOVERY_ANSWER_SECONDS"])
        time.sleep(max(0.0, floor - (time.monotonic() - started)))
        sent = True
    return render_template("auth/forgot.html", form=form, sent=sent, message=SENT)


@bp.route(links.LINK_PATH + "<token>", methods=["GET", "POST"])
@public
@limits.login_form_limit
def set_password(token: str) -> tuple[str, int] | Response:
    """Choose a password through a link; signs the person in with a fresh session."""
    link = links.find(token)
    if link is None:
        return render_template("auth/link_gone.html", message=links.GONE), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            person = links.redeem(token, form.new_password.data or "")
        except NotFound:
            return render_template("auth/link_gone.html", message=links.GONE), 404
        except ServiceError as exc:
            form_error(form, exc)
        else:
            sign_in(person, "link")
            flash("Your password is set, and you are signed in.", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/set_password.html", form=form, purpose=link.purpose), 200
