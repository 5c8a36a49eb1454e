"""The register's filters. The allowed values are judged by ``register.page``; this form only renders them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField, StringField

from petitions.vocabulary import Outcome, Stance
from petitions.widgets import LongSelect

OUTCOME_LABELS = {o.value: o.label for o in Outcome}
# The register speaks of a stance in the past tense.
STANCE_LABELS = {Stance.ACCEPT.value: "Accepted", Stance.ACCEPT_IN_PART.value: "Accepted in part",
                 Stance.DECLINE.value: "Declined", "automatic": "No response in time"}


class RegisterFilterForm(FlaskForm):
    """The register filters, sent with GET."""

    class Meta:
        """Filters change nothing, so they need no token."""

        csrf = False

    q = SearchField("Search", render_kw={"maxlength": 200})
    contract_id = SelectField("Contract", choices=[], validate_choice=False, widget=LongSelect())
    outcome = SelectField("Committee's outcome",
                          choices=[SelectChoice("", "Any outcome")] + [SelectChoice(o.value, o.label) for o in Outcome],
                          validate_choice=False)
    stance = SelectField("Leadership's stance",
                         choices=[SelectChoice("", "Any stance")]
                         + [SelectChoice(s, STANCE_LABELS[s]) for s in STANCE_LABELS],
                         validate_choice=False)
    year = StringField("Year published", render_kw={"inputmode": "numeric", "maxlength": 4, "size": 6})
