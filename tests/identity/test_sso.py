"""Single sign-on against a real OpenID provider on loopback: the happy path and every refusal.

Each refusal is a provider (or a browser) doing something wrong in a way the client must notice:
a changed ``state``, an ID token with another nonce, an expired one, one signed with a stranger's
key, an address the provider has not verified. The provider misbehaves for real (provider.mjs
``_mode``): the token crosses HTTP and the client checks it with the provider's published keys.
"""

from __future__ import annotations

from sqlalchemy import select

from petitions.extensions import db
from petitions.models import AuditEvent, LoginSession, User
from tests.helpers import text_of
from tests.identity.conftest import ADA, sso_sign_in, walk_to_callback


def _person(app, email=ADA["email"]):
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == email))
        if person is not None:
            list(person.grants)
            db.session.expunge(person)
        return person


def _page(answer) -> str:
    return text_of(answer.get_data(as_text=True))


def test_the_login_page_offers_the_company_account(sso_app) -> None:
    page = _page(sso_app.test_client().get("/login"))
    assert "Sign in with Example Corp" in page and "Forgot your password?" in page


def test_a_first_sign_in_creates_the_account_from_the_claims(sso_app, oidc_provider) -> None:
    client = sso_app.test_client()
    answer = sso_sign_in(client)
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    person = _person(sso_app)
    assert (person.name, person.department, person.location, person.password_hash) == \
        ("Ada Lovelace", "Legal", "Berlin", None)
    account = client.get("/account")
    assert account.status_code == 200 and "company account" in _page(account)
    with sso_app.app_context():
        assert db.session.scalar(select(LoginSession.method).where(LoginSession.user_id == person.id)) == "sso"


def test_a_changed_claim_updates_the_person_and_roles_never_come_from_the_provider(sso_app, oidc_provider) -> None:
    assert sso_sign_in(sso_app.test_client()).status_code == 302
    oidc_provider.claims({**ADA, "department": "Finance", "name": "Ada King", "roles": ["admin", "committee"]})
    client = sso_app.test_client()
    assert sso_sign_in(client).status_code == 302
    person = _person(sso_app)
    assert (person.name, person.department) == ("Ada King", "Finance")
    assert person.roles == frozenset({"employee"})
    assert client.get("/admin/users").status_code == 403
    with sso_app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_user_id == person.id)).all()
    assert actions == ["user.created", "user.updated"]


def test_an_existing_account_signs_in_by_its_verified_email(sso_app, make_user) -> None:
    before = make_user(email=ADA["email"], name="Ada", department="Ops")
    assert sso_sign_in(sso_app.test_client()).status_code == 302
    after = _person(sso_app)
    assert after.id == before.id and after.department == "Legal" and after.password_hash == before.password_hash


def test_a_wrong_state_is_refused(sso_app) -> None:
    client = sso_app.test_client()
    path = walk_to_callback(client)
    forged = path.replace("state=", "state=x")
    answer = client.get(forged)
    assert answer.status_code == 400 and "did not work" in _page(answer)
    assert _person(sso_app) is None and client.get("/account").status_code == 302


def test_a_callback_without_a_started_sign_in_is_refused(sso_app) -> None:
    path = walk_to_callback(sso_app.test_client())
    stranger = sso_app.test_client()  # another browser: it never started this sign-in
    assert stranger.get(path).status_code == 400
    assert _person(sso_app) is None


def test_an_id_token_with_another_nonce_is_refused(sso_app, oidc_provider) -> None:
    oidc_provider.claims(ADA, mode="badnonce")
    answer = sso_sign_in(sso_app.test_client())
    assert answer.status_code == 400 and "did not work" in _page(answer)
    assert _person(sso_app) is None


def test_an_expired_id_token_is_refused(sso_app, oidc_provider) -> None:
    oidc_provider.claims(ADA, mode="expired")
    answer = sso_sign_in(sso_app.test_client())
    assert answer.status_code == 400 and _person(sso_app) is None


def test_an_id_token_signed_with_another_key_is_refused(sso_app, oidc_provider) -> None:
    oidc_provider.claims(ADA, mode="badsig")
    answer = sso_sign_in(sso_app.test_client())
    assert answer.status_code == 400 and _person(sso_app) is None


def test_an_unverified_email_is_refused(sso_app, oidc_provider) -> None:
    oidc_provider.claims({**ADA, "email_verified": False})
    client = sso_app.test_client()
    answer = sso_sign_in(client)
    assert answer.status_code == 403 and "no verified email address" in _page(answer)
    assert _person(sso_app) is None and client.get("/account").status_code == 302


def test_a_deactivated_account_stays_out(sso_app, make_user) -> None:
    from petitions.workflow import accounts

    person = make_user(email=ADA["email"])
    with sso_app.app_context():
        accounts.deactivate(person.id)
    answer = sso_sign_in(sso_app.test_client())
    assert answer.status_code == 403 and "deactivated" in _page(answer)


def test_with_password_login_off_only_the_company_account_gets_in(make_sso_app, make_user) -> None:
    app = make_sso_app(PASSWORD_LOGIN=False)
    person = make_user(email="bob@example.com")
    client = app.test_client()
    page = _page(client.get("/login"))
    assert "Sign in with Example Corp" in page and "Password" not in page
    refused = client.post("/login", data={"email": person.email, "password": "correct-horse-battery"})
    assert refused.status_code == 403 and client.get("/account").status_code == 302
    assert sso_sign_in(client).status_code == 302
    assert client.get("/account").status_code == 200


def test_sso_pages_are_not_there_without_the_settings(client) -> None:
    assert client.get("/login/sso").status_code == 404
    assert "Sign in with" not in _page(client.get("/login"))
