"""The register's filters. The allowed values are judged by ``register.page``; this form only renders them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField, StringField

from petitions.workflow.outcomes import STANCES
from petitions.workflow.voting import OUTCOMES

OUTCOME_LABELS = {"uphold": "Upheld", "uphold_in_part": "Upheld in part", "not_uphold": "Not upheld"}
STANCE_LABELS = {"accept": "Accepted", "accept_in_part": "Accepted in part", "decline": "Declined",
                 "automatic": "No response in time"}


class RegisterFilterForm(FlaskForm):
    """The register filters, sent with GET."""

    class Meta:
        """Filters change nothing, so they need no token."""

        csrf = False

    q = SearchField("Search", render_kw={"maxlength": 200})
    contract_id = SelectField("Contract", choices=[], validate_choice=False)
    outcome = SelectField("Committee's outcome",
                          choices=[SelectChoice("", "Any outcome")] + [SelectChoice(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
                          validate_choice=False)
    stance = SelectField("Leadership's stance",
                         choices=[SelectChoice("", "Any stance")]
                         + [SelectChoice(s, STANCE_LABELS[s]) for s in (*STANCES, "automatic")],
                         validate_choice=False)
    year = StringField("Year published", render_kw={"inputmode": "numeric", "maxlength": 4, "size": 6})
