"""Forms for the committee's pages.

As with the concern forms, the rules (required, lengths, allowed choices) live in the
workflow services, which answer with per-field messages that the views put back on these
fields; no validator here repeats a rule, and choice fields accept any value for the service
to judge. Every form on the workspace has its own prefix (``note-body``, ``ballot-reason``),
so two forms on one page never share an element id.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectChoice, SelectField, TextAreaField

from petitions.vocabulary import BallotChoice, RejectionCode
from petitions.widgets import LongSelect
from petitions.workflow.text import BODY_MAX, STATEMENT_MAX

# (value, label, plain-words explanation) for each radio group.
REASON_CHOICES = RejectionCode.choices()
BALLOT_CHOICES = BallotChoice.choices()
OUTCOME_CHOICES = BALLOT_CHOICES[:3]


def _radio(label: str, choices: list[tuple[str, str, str]]) -> RadioField:
    """A radio field whose value the service judges."""
    return RadioField(label, choices=[SelectChoice(v, text) for v, text, _ in choices], validate_choice=False)


class AcknowledgeForm(FlaskForm):
    """Acknowledge a routed concern, optionally naming a lead reviewer."""

    lead_reviewer_id = SelectField("Lead reviewer (optional)", choices=[], validate_choice=False, widget=LongSelect())


class RecuseForm(FlaskForm):
    """Step back from a concern, stating the conflict."""

    reason = TextAreaField("Your conflict of interest", render_kw={"maxlength": STATEMENT_MAX})


class RejectForm(FlaskForm):
    """Moderation: reject with a coded reason and an explanation the author sees."""

    reason_code = _radio("Reason", REASON_CHOICES)
    duplicate_of_id = IntegerField(
        "Number of the concern this duplicates (for a duplicate)", render_kw={"min": 1, "inputmode": "numeric"}
    )
    explanation = TextAreaField("Explanation for the author", render_kw={"maxlength": STATEMENT_MAX})


class NoteForm(FlaskForm):
    """A private note in the committee's thread."""

    body = TextAreaField("Note", render_kw={"maxlength": STATEMENT_MAX})


class InviteForm(FlaskForm):
    """Invite a named person to add their perspective."""

    user_id = SelectField("Person to invite", choices=[], validate_choice=False, widget=LongSelect())
    message = TextAreaField("Message to them (optional)", render_kw={"maxlength": 2000})


class BallotForm(FlaskForm):
    """Cast or change one's ballot."""

    choice = _radio("Your vote", BALLOT_CHOICES)
    reason = TextAreaField("Your reason", render_kw={"maxlength": STATEMENT_MAX})


class DecisionForm(FlaskForm):
    """Record the committee's decision."""

    outcome = _radio("Outcome", OUTCOME_CHOICES)
    recommendation = TextAreaField("Recommendation to leadership", render_kw={"maxlength": BODY_MAX})
    rationale = TextAreaField("Rationale", render_kw={"maxlength": BODY_MAX})
    conditions = TextAreaField("Conditions (optional)", render_kw={"maxlength": BODY_MAX})


class DissentForm(FlaskForm):
    """A member's dissent from the decision."""

    body = TextAreaField("Your dissent", render_kw={"maxlength": BODY_MAX})


# The workspace's forms by key; the key is also each form's prefix.
WORKSPACE_FORMS: dict[str, type[FlaskForm]] = {
    "ack": AcknowledgeForm,
    "recuse": RecuseForm,
    "reject": RejectForm,
    "note": NoteForm,
    "invite": InviteForm,
    "ballot": BallotForm,
    "decision": DecisionForm,
    "dissent": DissentForm,
}
