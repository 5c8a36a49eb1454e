"""Forms for leadership's pages.

As elsewhere, the rules (required statement, allowed stances and statuses, dates) live in
``petitions.workflow.responses``; these forms render the fields and carry the CSRF token, and
the views put the service's per-field messages back on them.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, FieldList, Form, FormField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.widgets import DateInput

from petitions.vocabulary import ContractStatus, Stance
from petitions.workflow.responses import COMMITMENT_MAX, NOTE_MAX
from petitions.workflow.text import BODY_MAX

COMMITMENT_ROWS = 5
# (value, label, plain-words explanation) for the radio group macro.
STANCE_CHOICES = Stance.choices()


class CommitmentRow(Form):
    """One commitment row: a text and an optional due date (no token: it is part of a form)."""

    text = StringField("Commitment", render_kw={"maxlength": COMMITMENT_MAX})
    # A plain text field drawn as a date input, so a bad date reaches the service's message.
    due_on = StringField("Due on (optional)", widget=DateInput())


class ResponseForm(FlaskForm):
    """Leadership's response: stance, statement, contract status and commitments."""

    stance = RadioField("Leadership's stance", choices=[SelectChoice(v, label) for v, label, _ in STANCE_CHOICES],
                        validate_choice=False)
    statement = TextAreaField("Statement", render_kw={"maxlength": BODY_MAX})
    contract_status = SelectField(
        "New contract status (optional)",
        choices=[SelectChoice("", "No change")] + [SelectChoice(s.value, s.label) for s in ContractStatus],
        default="", validate_choice=False,
    )
    commitments = FieldList(FormField(CommitmentRow), min_entries=COMMITMENT_ROWS, max_entries=COMMITMENT_ROWS)

    def filled_rows(self) -> list[int]:
        """Indexes of the commitment rows with anything typed in (empty rows are ignored)."""
        return [
            index for index, row in enumerate(self.commitments)
            if (row.form.text.data or "").strip() or (row.form.due_on.data or "").strip()
        ]

    def values(self) -> dict[str, Any]:
        """The submitted values as ``responses.publish`` expects them."""
        return {
            "stance": self.stance.data,
            "statement": self.statement.data,
            "contract_status": self.contract_status.data or None,
            "commitments": [
                {"text": self.commitments[i].form.text.data, "due_on": self.commitments[i].form.due_on.data}
                for i in self.filled_rows()
            ],
        }

    def field_for(self, name: str) -> Field | None:
        """Where a service's field name goes: ``commitments.N.text`` is the N-th typed row's field."""
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "commitments" and parts[1].isdigit():
            rows = self.filled_rows()
            if int(parts[1]) < len(rows):
                row = self.commitments[rows[int(parts[1])]].form
                return row._fields.get(parts[2])
            return None
        if name == "commitments":
            return None  # about the list as a whole: the page's summary says it
        return self._fields.get(name)


class AddendumForm(FlaskForm):
    """A dated correction beside the published response."""

    body = TextAreaField("Addendum", render_kw={"maxlength": BODY_MAX})


class CommitmentDoneForm(FlaskForm):
    """Mark a commitment done, with a note."""

    note = TextAreaField("Note (optional)", render_kw={"maxlength": NOTE_MAX})
