"""``/admin/mail``: the mail that could not be sent, and why (the admin blueprint's role gate applies)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from petitions.admin.views import bp
from petitions.mail import MAX_ATTEMPTS
from petitions.workflow import outbox


@bp.get("/mail")
def list_failed_mail() -> str:
    """How much mail waits, and every mail given up with its reason."""
    return render_template(
        "admin/list_failed_mail.html",
        outbox=outbox.state(current_user),
        shown_max=outbox.SHOWN_MAX,
        max_attempts=MAX_ATTEMPTS,
        retry_form=FlaskForm(),
    )


@bp.post("/mail/retry")
def retry_failed_mail() -> Response:
    """Try every given-up mail again from the next ``jobs run`` on."""
    if FlaskForm().validate_on_submit():
        count = outbox.retry_failed(current_user)
        flash(f"{count} mail(s) will be tried again at the next run." if count else "No mail was given up.", "success")
    else:
        flash("The form expired; please try again.", "error")
    return redirect(url_for("admin.list_failed_mail"))
