"""Forms for the concern pages.

The forms render fields and carry the CSRF token; the rules (required, lengths, allowed
characters, allowed choices) live in the workflow services, which answer with per-field
messages that the views put back on these fields. So no validator here repeats a rule, and
choice fields accept any value for the service to judge.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SearchField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from petitions.vocabulary import AuthorVisibility, Status, Visibility
from petitions.widgets import LongSelect
from petitions.workflow.search import SORTS
from petitions.workflow.text import BODY_MAX, REQUESTED_ACTION_MAX, STATEMENT_MAX, SUMMARY_MAX, TITLE_MAX

# Plain words for each choice, taken from the visibility table in the design.
AUTHORSHIP_CHOICES = AuthorVisibility.choices()
VISIBILITY_CHOICES = Visibility.choices()
VISIBILITY_LABELS = {value: label.lower() for value, label, _ in VISIBILITY_CHOICES}
SORT_LABELS = {"newest": "Newest first", "signatures": "Most signatures", "due": "Deadline soonest"}


class ConcernForm(FlaskForm):
    """Create or edit a concern. The submit buttons are in the template (Save draft, Publish)."""

    title = StringField("Title", render_kw={"maxlength": TITLE_MAX, "autocomplete": "off"})
    summary = TextAreaField("Summary", render_kw={"maxlength": SUMMARY_MAX})
    body = TextAreaField("The concern in full", render_kw={"maxlength": BODY_MAX})
    requested_action = TextAreaField("What you ask the company to do (optional)",
                                     render_kw={"maxlength": REQUESTED_ACTION_MAX})
    author_visibility = RadioField(
        "Who may see that you wrote this", choices=[SelectChoice(v, label) for v, label, _ in AUTHORSHIP_CHOICES],
        # No preselected choice: the author decides who may see their name (the design's rule).
        validators=[InputRequired("Choose who may see that you wrote this.")], validate_choice=False,
    )
    contract_id = SelectField("Contract this concern is about", choices=[], validate_choice=False, widget=LongSelect())

    def values(self) -> dict[str, Any]:
        """The submitted values, as the concern service expects them."""
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "body": self.body.data,
            "requested_action": self.requested_action.data,
            "author_visibility": self.author_visibility.data,
            "contract_id": self.contract_id.data,
        }


class SignForm(FlaskForm):
    """Co-sign a concern: who may see the name, and an optional statement."""

    visibility = RadioField("Who may see your name", choices=[SelectChoice(v, label) for v, label, _ in VISIBILITY_CHOICES],
                            validate_choice=False)
    statement = TextAreaField("Statement (optional)", render_kw={"maxlength": STATEMENT_MAX})


class ActionForm(FlaskForm):
    """A button-only form (publish, withdraw): it carries just the CSRF token."""


class ConcernFilterForm(FlaskForm):
    """The list filters, sent with GET (so no CSRF token; nothing changes)."""

    class Meta:
        """Filters change nothing, so they need no token."""

        csrf = False

    q = SearchField("Search", render_kw={"maxlength": 200})
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(s.value, s.value.replace("_", " ")) for s in Status if s != Status.DRAFT],
        validate_choice=False,
    )
    contract_id = SelectField("Contract", choices=[], validate_choice=False, widget=LongSelect())
    sort = SelectField("Sort", choices=[SelectChoice(s, SORT_LABELS[s]) for s in SORTS], default="newest", validate_choice=False)
