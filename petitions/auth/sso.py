"""Single sign-on with the company's OpenID provider (authorization code flow, state, nonce, PKCE).

Authlib's Flask client does the protocol: it reads the provider's
``/.well-known/openid-configuration``, sends state, nonce and a PKCE challenge, and on the way
back checks the state, exchanges the code and validates the ID token (signature against the
provider's keys, issuer, audience, expiry, nonce). ``workflow/identities.py`` then finds or
makes the person from the claims; roles never come from the provider.
"""

from __future__ import annotations

from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app, redirect, request, session, url_for
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from petitions.auth.forms import LoginForm
from petitions.auth.session_cookie import sign_in
from petitions.auth.views import bp, login_page, safe_next, sso_enabled
from petitions.security import public
from petitions.workflow import identities
from petitions.workflow.errors import ServiceError

EXTENSION = "petitions_oidc"
FAILED = "Signing in with your company account did not work ({why}). Please try again."


def init_app(app: Flask) -> None:
    """Register the provider's client when the three settings are there."""
    config = app.config
    if not (config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID") and config.get("OIDC_CLIENT_SECRET")):
        return
    oauth = OAuth(app)
    issuer = str(config["OIDC_ISSUER"]).rstrip("/")
    app.extensions[EXTENSION] = oauth.register(
        "company",
        client_id=str(config["OIDC_CLIENT_ID"]),
        client_secret=str(config["OIDC_CLIENT_SECRET"]),
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256", "timeout": 10},
    )


def _client() -> Any:
    client = current_app.extensions.get(EXTENSION)
    if client is None or not sso_enabled():
        abort(404)
    return client


def callback_url() -> str:
    """The address to register at the provider: ``BASE_URL/login/sso/callback``."""
    base_url = current_app.config.get("BASE_URL")
    if base_url:
        return str(base_url).rstrip("/") + "/login/sso/callback"
    return url_for("auth.sso_callback", _external=True)


@bp.get("/login/sso")
@public
def sso_start() -> Response:
    """Send the person to the provider."""
    client = _client()
    session["sso_next"] = safe_next(request.args.get("next"))
    try:
        return client.authorize_redirect(callback_url())  # type: ignore[no-any-return]
    except (AuthlibBaseError, RequestException, ValueError) as exc:
        current_app.logger.warning("SSO could not start: %s", type(exc).__name__)
        return Response(login_page(LoginForm(formdata=None), sso_error=FAILED.format(
            why="the company's sign-in service did not answer"))[0], 502, mimetype="text/html")


@bp.get("/login/sso/callback")
@public
def sso_callback() -> tuple[str, int] | Response:
    """The provider sends the person back here with a code; sign them in from the ID token."""
    client = _client()
    next_path = session.pop("sso_next", None)
    try:
        token = client.authorize_access_token()
    except (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError) as exc:
        why = getattr(exc, "description", None) or getattr(exc, "error", None) or type(exc).__name__
        current_app.logger.info("SSO refused: %s", why)
        return login_page(LoginForm(formdata=None), 400, FAILED.format(why=str(why)[:200]))
    claims = token.get("userinfo") if isinstance(token, dict) else None
    if not claims:
        return login_page(LoginForm(formdata=None), 400, FAILED.format(why="no ID token came back"))
    try:
        person = identities.sign_in_from_claims(dict(claims))
    except ServiceError as exc:
        return login_page(LoginForm(formdata=None), exc.status, exc.message)
    sign_in(person, "sso")
    return redirect(safe_next(next_path) or url_for("home.index"))
