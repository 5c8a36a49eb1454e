"""Forms for the contract registry pages.

As with concerns, the rules live in ``petitions.workflow.contracts``; these forms render the
fields and carry the CSRF token, and the views put the service's field messages back on them.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.widgets import DateInput

from petitions.vocabulary import ContractStatus
from petitions.workflow.text import COUNTERPARTY_MAX, DESCRIPTION_MAX, TITLE_MAX

STATUS_CHOICES = [SelectChoice(s.value, s.label) for s in ContractStatus]


class ContractForm(FlaskForm):
    """Report (any employee) or create and edit (leadership) a contract."""

    title = StringField("Title", render_kw={"maxlength": TITLE_MAX})
    counterparty = StringField("Counterparty", render_kw={"maxlength": COUNTERPARTY_MAX})
    description = TextAreaField("Description (optional)", render_kw={"maxlength": DESCRIPTION_MAX})
    value = StringField("Value (optional)", render_kw={"inputmode": "decimal"})
    currency = StringField("Currency (optional)", render_kw={"maxlength": 3, "autocomplete": "off"})
    # Plain text fields drawn as date inputs, so a bad date reaches the service's message.
    starts_on = StringField("Term starts (optional)", widget=DateInput())
    ends_on = StringField("Term ends (optional)", widget=DateInput())
    owner_id = StringField("Owner's person id (optional)", render_kw={"inputmode": "numeric"})
    status = SelectField("Status", choices=STATUS_CHOICES, default="reported", validate_choice=False)

    def values(self) -> dict[str, Any]:
        """The submitted values as the contract service expects them (status only if shown)."""
        data = {
            name: self[name].data
            for name in ("title", "counterparty", "description", "value", "currency", "starts_on", "ends_on",
                         "owner_id")
        }
        if "status" in self:
            data["status"] = self.status.data
        return data


class ContractFilterForm(FlaskForm):
    """The registry filters, sent with GET."""

    class Meta:
        """Filters change nothing, so they need no token."""

        csrf = False

    q = SearchField("Search title or counterparty", render_kw={"maxlength": 200})
    status = SelectField("Status", choices=[SelectChoice("", "Any status"), *STATUS_CHOICES], validate_choice=False)
