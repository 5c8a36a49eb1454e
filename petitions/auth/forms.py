"""Forms for logging in and managing one's own account."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from petitions.workflow.credentials import PASSWORD_MIN, TOKEN_LABEL_MAX
from petitions.workflow.text import EMAIL_MAX


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=EMAIL_MAX)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])


class TokenForm(FlaskForm):
    """A label for a new personal access token."""

    label = StringField("What is this token for?", render_kw={"maxlength": TOKEN_LABEL_MAX})


class PasswordForm(FlaskForm):
    """Change one's password."""

    # No validators: ``credentials.set_password`` checks both once and its messages land here.
    current_password = PasswordField("Current password")
    new_password = PasswordField(f"New password (at least {PASSWORD_MIN} characters)")


class ForgotForm(FlaskForm):
    """The address to mail a reset link to."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=EMAIL_MAX)])


class SetPasswordForm(FlaskForm):
    """Choose a password through an invitation or reset link."""

    # No validators: ``links.redeem`` checks it once and its messages land here.
    new_password = PasswordField(f"New password (at least {PASSWORD_MIN} characters)")
