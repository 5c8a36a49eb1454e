"""Saving one's notification settings; the form and the unread count for every page.

The settings section is included in the account page (``templates/notices/_settings.html``)
and finds its form through the ``notification_settings_form()`` template global, so the
account views need not know about it. A post that fails validation (only a tampered form can)
is said in a message and redirected back, so the page can always be reloaded.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.errors import flash_refusal
from petitions.notices.forms import NotificationSettingsForm, settings_form
from petitions.workflow import inbox, notification_settings
from petitions.workflow.errors import ServiceError

bp = Blueprint("notices", __name__)


@bp.app_template_global()
def notification_settings_form() -> NotificationSettingsForm:
    """The signed-in person's settings as a form (for the account page)."""
    return settings_form(notification_settings.settings_for(current_user), formdata=None)


@bp.app_template_global()
def unread_notifications() -> int:
    """How many notifications the signed-in person has not read (0 for a visitor)."""
    return inbox.unread_count(current_user) if current_user.is_authenticated else 0


@bp.post("/account/notifications")
def update_settings() -> Response:
    """Save the choice for every kind of event."""
    form = settings_form(notification_settings.settings_for(current_user))
    if not form.validate_on_submit():
        flash("Choose, for each kind of event, one of the offered ways to hear of it.", "error")
        return redirect(url_for("auth.account", _anchor="notifications-h"))
    try:
        notification_settings.update(current_user, form.choices())
    except ServiceError as exc:
        flash_refusal(exc)
    else:
        flash("Notification settings saved.", "success")
    return redirect(url_for("auth.account", _anchor="notifications-h"))
