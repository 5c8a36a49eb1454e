"""The perspective form on the concern page; the service judges every value."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField

from petitions.committee.forms import _radio
from petitions.vocabulary import PerspectiveStance, PerspectiveVisibility
from petitions.workflow.text import STATEMENT_MAX

# (value, label, plain-words explanation) for each radio group.
STANCE_CHOICES = PerspectiveStance.choices()
PERSPECTIVE_VISIBILITY_CHOICES = PerspectiveVisibility.choices()


class PerspectiveForm(FlaskForm):
    """Any employee's perspective on a concern (on the concern page)."""

    stance = _radio("Your perspective is", STANCE_CHOICES)
    body = TextAreaField("Your perspective", render_kw={"maxlength": STATEMENT_MAX})
    visibility = _radio("Who may see that you wrote it", PERSPECTIVE_VISIBILITY_CHOICES)
