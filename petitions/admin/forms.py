"""Forms for the admin pages. Services do the real validation; these only shape the input."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField

from petitions.vocabulary import GRANTABLE_ROLES
from petitions.workflow.text import EMAIL_MAX, NAME_MAX


class CreateUserForm(FlaskForm):
    """A new account: who they are, an optional password and extra roles."""

    # No validators: ``accounts.create_user`` checks every field once and its messages land here.
    email = EmailField("Email", render_kw={"maxlength": EMAIL_MAX})
    name = StringField("Full name", render_kw={"maxlength": NAME_MAX})
    department = StringField("Department", render_kw={"maxlength": NAME_MAX})
    location = StringField("Location", render_kw={"maxlength": NAME_MAX})
    password = PasswordField("Password (optional, at least 10 characters)")
    role_committee = BooleanField("Committee: reads committee-only signers, reviews concerns")
    role_leadership = BooleanField("Leadership: publishes responses, keeps the contract registry")
    role_admin = BooleanField("Admin: accounts, roles and settings")

    def roles(self) -> list[str]:
        """The ticked roles."""
        return [role for role in GRANTABLE_ROLES if self[f"role_{role}"].data]


class ImportForm(FlaskForm):
    """An HR export to import."""

    file = FileField(
        "CSV file with the header row email,name,department,location", validators=[FileRequired("Choose a CSV file.")]
    )


class RoleForm(FlaskForm):
    """Grant or revoke one role (the button says which)."""

    role = HiddenField()  # ``accounts.grant_role`` / ``revoke_role`` refuse anything else


class ConfirmForm(FlaskForm):
    """A POST that needs nothing but its CSRF token (deactivation)."""


class SettingsForm(FlaskForm):
    """The policy settings. Values go to the settings service as typed, which checks them."""

    REVIEW_THRESHOLD = StringField(
        "Review threshold (signatures that route a concern to the committee)", render_kw={"inputmode": "numeric"}
    )
    SIGNING_WINDOW_DAYS = StringField("Signing window (days)", render_kw={"inputmode": "numeric"})
    ACKNOWLEDGE_DAYS = StringField(
        "Committee acknowledges a routed concern within (days)", render_kw={"inputmode": "numeric"}
    )
    DECIDE_DAYS = StringField("Committee decides within (days after acknowledging)", render_kw={"inputmode": "numeric"})
    RESPOND_DAYS = StringField(
        "Leadership responds within (days after the decision)", render_kw={"inputmode": "numeric"}
    )
    QUORUM_FRACTION = StringField("Quorum (fraction of eligible members, e.g. 0.5)", render_kw={"inputmode": "decimal"})
    K_ANONYMITY = StringField("Smallest group shown in breakdowns (k)", render_kw={"inputmode": "numeric"})
    AUTO_PUBLISH = BooleanField("Publish the decision automatically when leadership does not respond in time")
