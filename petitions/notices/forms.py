"""The notification settings form: one choice per kind of event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField
from wtforms.validators import InputRequired

from petitions.workflow.notification_settings import DELIVERY_LABELS, KINDS


class NotificationSettingsForm(FlaskForm):
    """A select per kind in ``KINDS`` (added below), named after the kind."""

    def choices(self) -> dict[str, str]:
        """The chosen delivery of every kind."""
        return {kind: str(self[kind].data) for kind in KINDS}


for _kind, _label in KINDS.items():
    setattr(
        NotificationSettingsForm,
        _kind,
        SelectField(_label, choices=[SelectChoice(v, text) for v, text in DELIVERY_LABELS.items()], validators=[InputRequired()]),
    )


def settings_form(current: Mapping[str, str], **kwargs: Any) -> NotificationSettingsForm:
    """The form, showing ``current`` (unless posted data says otherwise)."""
    return NotificationSettingsForm(data=dict(current), **kwargs)
