"""The perspective form on the concern page; the service judges every value."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField

from petitions.committee.forms import _radio
from petitions.workflow.text import STATEMENT_MAX

# (value, label, plain-words explanation) for each radio group.
STANCE_CHOICES = [
    ("for_concern", "For the concern", "You agree with the concern."),
    ("for_contract", "For the contract", "You think the contract should go ahead."),
    ("other", "Other", "Another point of view, or both sides."),
]
PERSPECTIVE_VISIBILITY_CHOICES = [
    ("named", "Named", "Everyone who can see this concern sees your name next to your perspective."),
    (
        "committee",
        "Known to the committee only",
        "Only you and the ethics committee see your name; everyone else, leadership and admins included, "
        "sees \u201cName known to the committee\u201d.",
    ),
]


class PerspectiveForm(FlaskForm):
    """Any employee's perspective on a concern (on the concern page)."""

    stance = _radio("Your perspective is", STANCE_CHOICES)
    body = TextAreaField("Your perspective", render_kw={"maxlength": STATEMENT_MAX})
    visibility = _radio("Who may see that you wrote it", PERSPECTIVE_VISIBILITY_CHOICES)
