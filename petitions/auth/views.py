"""Logging in and out, and one's own account (password, access tokens, notifications)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from petitions.auth.forms import LoginForm, PasswordForm, TokenForm
from petitions.errors import flash_refusal
from petitions.extensions import limiter
from petitions.security import public
from petitions.workflow import credentials, inbox
from petitions.workflow.errors import ServiceError

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else ``None`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response:
    """Email and password; the session is replaced on success."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = credentials.authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            form.password.errors = ["Wrong email or password."]
        else:
            # A fresh session at login: nothing from before survives (no session fixation).
            session.clear()
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    """POST only, with the CSRF token, so a link elsewhere cannot log you out."""
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET"])
def account() -> str:
    """One's profile, roles, tokens and password."""
    return render_template(
        "auth/account.html",
        token_form=TokenForm(),
        password_form=PasswordForm(),
        tokens=credentials.list_tokens(current_user),
        new_token=None,
    )


@bp.post("/account/tokens")
def create_token() -> str | Response:
    """A new personal access token, shown once."""
    form = TokenForm()
    try:
        token = credentials.create_token(current_user, form.label.data or "")
    except ServiceError as exc:
        flash_refusal(exc)
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        token_form=TokenForm(formdata=None),
        password_form=PasswordForm(formdata=None),
        tokens=credentials.list_tokens(current_user),
        new_token=token,
    )


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int) -> Response:
    """Revoke one of one's own tokens."""
    try:
        credentials.revoke_token(current_user, token_id)
        flash("Token revoked.", "success")
    except ServiceError as exc:
        flash_refusal(exc)
    return redirect(url_for("auth.account"))


@bp.post("/account/password")
def change_password() -> str | Response:
    """Change one's password (the current one is required when set)."""
    form = PasswordForm()
    try:
        credentials.set_password(current_user, form.current_password.data, form.new_password.data or "")
    except ServiceError as exc:
        flash_refusal(exc, form)
    else:
        flash("Password changed.", "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html", token_form=TokenForm(formdata=None), password_form=form,
        tokens=credentials.list_tokens(current_user), new_token=None,
    )


@bp.get("/notifications")
def notifications() -> str:
    """One's in-app notifications, newest first (opening the page marks them read)."""
    items = inbox.recent(current_user)
    inbox.mark_read(current_user)
    return render_template("auth/notifications.html", items=items)
