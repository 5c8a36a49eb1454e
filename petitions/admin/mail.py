"""``/admin/mail``: the mail that could not be sent, and why (the admin blueprint's role gate applies)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

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
    )
