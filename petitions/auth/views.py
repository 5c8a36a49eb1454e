"""Logging in and out, and one's own account (password, access tokens, notifications).

Sessions on the account page: ``session_views.py``; "Forgot your password?" and invitation
links: ``recovery_views.py``; single sign-on: ``sso.py``. All register on this blueprint.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.auth import limits
from petitions.auth.forms import LoginForm, PasswordForm, TokenForm
from petitions.auth.session_cookie import current_sid, sign_in, sign_out
from petitions.errors import flash_refusal
from petitions.security import public
from petitions.workflow import credentials, inbox, sessions, throttle
from petitions.workflow.errors import ServiceError

bp = Blueprint("auth", __name__)

WAIT_MESSAGE = "Too many failed logins for this address. Wait {seconds} seconds, then try again."


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else ``None`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def sso_enabled() -> bool:
    """Whether single sign-on is configured."""
    config = current_app.config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID") and config.get("OIDC_CLIENT_SECRET"))


def password_login() -> bool:
    """Whether the password form is offered (it may be turned off once SSO is on)."""
    return bool(current_app.config["PASSWORD_LOGIN"]) or not sso_enabled()


def login_page(form: LoginForm, status: int = 200, sso_error: str | None = None) -> tuple[str, int]:
    """The login page: the SSO button when configured, the password form when allowed."""
    html = render_template("auth/login.html", form=form, sso=sso_enabled(), password_login=password_login(),
                           sso_name=current_app.config["OIDC_NAME"], sso_error=sso_error,
                           next=safe_next(request.args.get("next")))
    return html, status


@bp.route("/login", methods=["GET", "POST"])
@public
@limits.login_form_limit
def login() -> tuple[str, int] | Response:
    """Email and password; a new server session on success."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if request.method == "POST" and not password_login():
        return login_page(form, 403, "Password login is turned off here; sign in with your company account.")
    if form.validate_on_submit():
        email = form.email.data or ""
        wait = throttle.begin(email)
        if wait:
            form.password.errors = [WAIT_MESSAGE.format(seconds=wait)]
            page, _ = login_page(form)
            return Response(page, 429, {"Retry-After": str(wait)}, mimetype="text/html")
        user = credentials.authenticate(email, form.password.data or "")
        if user is None:
            form.password.errors = ["Wrong email or password."]
        else:
            throttle.succeeded(email)
            sign_in(user, "password")
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    return login_page(form)


@bp.post("/logout")
def logout() -> Response:
    """POST only, with the CSRF token, so a link elsewhere cannot log you out. Ends the session."""
    sign_out()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def account_page(status: int = 200, **forms: Any) -> tuple[str, int]:
    """The account page, with fresh forms wherever the caller passed none."""
    html = render_template(
        "auth/account.html",
        token_form=forms.get("token_form") or TokenForm(formdata=None),
        password_form=forms.get("password_form") or PasswordForm(formdata=None),
        tokens=credentials.list_tokens(current_user),
        new_token=forms.get("new_token"),
        login_sessions=sessions.list_live(current_user),
        this_session=sessions.digest(current_sid() or ""),
    )
    return html, status


@bp.route("/account", methods=["GET"])
def account() -> tuple[str, int]:
    """One's profile, roles, sessions, tokens and password."""
    return account_page()


@bp.post("/account/tokens")
def create_token() -> tuple[str, int] | Response:
    """A new personal access token, shown once."""
    form = TokenForm()
    try:
        token = credentials.create_token(current_user, form.label.data or "")
    except ServiceError as exc:
        flash_refusal(exc)
        return redirect(url_for("auth.account"))
    return account_page(new_token=token)


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
def change_password() -> tuple[str, int] | Response:
    """Change one's password (the current one is required when set); other sessions end."""
    form = PasswordForm()
    try:
        credentials.set_password(current_user, form.current_password.data, form.new_password.data or "",
                                 keep_sid=current_sid())
    except ServiceError as exc:
        flash_refusal(exc, form)
    else:
        flash("Password changed. You were signed out everywhere else.", "success")
        return redirect(url_for("auth.account"))
    return account_page(password_form=form)


@bp.get("/notifications")
def notifications() -> str:
    """One's in-app notifications, newest first (opening the page marks them read)."""
    items = inbox.recent(current_user)
    inbox.mark_read(current_user)
    return render_template("auth/notifications.html", items=items)
