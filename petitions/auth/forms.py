"""Forms for logging in and managing one's own account."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from petitions.workflow.text import EMAIL_MAX


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=EMAIL_MAX)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])


class TokenForm(FlaskForm):
    """A label for a new personal access token."""

    label = StringField("What is this token for?", validators=[Length(max=100)])


class PasswordForm(FlaskForm):
    """Change one's password."""

    current_password = PasswordField("Current password", validators=[Length(max=1000)])
    new_password = PasswordField("New password (at least 10 characters)", validators=[DataRequired(), Length(max=1000)])


class ForgotForm(FlaskForm):
    """The address to mail a reset link to."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=EMAIL_MAX)])


class SetPasswordForm(FlaskForm):
    """Choose a password through an invitation or reset link."""

    new_password = PasswordField("New password (at least 10 characters)",
                                 validators=[DataRequired(), Length(max=1000)])
