"""Every route has an access rule: walking app.url_map, so a new route cannot forget one."""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule

# Reachable without logging in. Adding to this list is a deliberate, reviewed decision.
PUBLIC = {"home.index", "home.healthz", "auth.login", "static", "api.openapi",
          # Feed readers have no session: the key in the address is the credential (tests/web/test_feeds.py).
          "feeds.feed_decisions", "feeds.feed_concern",
          # Operators have no session: petitions/metrics.py admits a token or an allowed address, else 403/404.
          "metrics.show_metrics",
          # Getting in without a session: recovery, invitation links, single sign-on (tests/identity).
          "auth.forgot_password", "auth.set_password", "auth.sso_start", "auth.sso_callback"}
# Audience blueprints and the role each requires of everyone who reaches them.
ROLE_GATED = {"admin": "admin", "committee": "committee", "leadership": "leadership"}


def _url(rule: Rule) -> str:
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg]  # noqa: SLF001 - the converter tells us the type
        values[arg] = 1 if type(converter).__name__ in ("IntegerConverter", "NumberConverter") else "x"
    return rule.build(values)[1]


def _rules(app) -> list[tuple[Rule, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule, method))
    return found


def test_public_endpoints_are_exactly_the_reviewed_list(app) -> None:
    public = {ep for ep, view in app.view_functions.items() if getattr(view, "is_public", False)} | {"static"}
    assert public == PUBLIC


def test_every_route_refuses_a_visitor(app, client) -> None:
    checked = 0
    for rule, method in _rules(app):
        if rule.endpoint in PUBLIC:
            continue
        response = client.open(_url(rule), method=method)
        if rule.endpoint.startswith("api."):
            assert response.status_code == 401, (rule.rule, method, response.status_code)
            assert response.json["error"]["code"] == "unauthenticated"
        else:
            assert response.status_code == 302, (rule.rule, method, response.status_code)
            assert response.headers["Location"].startswith("/login"), rule.rule
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("blueprint", sorted(ROLE_GATED))
def test_audience_blueprints_refuse_other_roles(app, client, make_user, login_as, blueprint) -> None:
    login_as(make_user(roles=tuple(r for r in ("committee", "leadership", "admin") if r != ROLE_GATED[blueprint])))
    rules = [(r, m) for r, m in _rules(app) if r.endpoint.startswith(blueprint + ".")]
    assert rules
    for rule, method in rules:
        response = client.open(_url(rule), method=method)
        assert response.status_code == 403, (rule.rule, method, response.status_code)


def test_logout_is_post_only(app, client, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/logout").status_code == 405
    assert client.get("/concerns").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/concerns").status_code == 302


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/concerns/mine", "/concerns/mine"), ("//evil.example/x", "/"), ("https://evil.example/", "/"),
     ("/\\evil.example", "/"), ("javascript:alert(1)", "/")],
)
def test_next_is_followed_only_within_the_site(client, make_user, target, expected) -> None:
    user = make_user()
    response = client.post(f"/login?next={target}", data={"email": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_login_replaces_the_session(client, make_user) -> None:
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") == str(user.id)


def test_wrong_password_and_deactivated_accounts_cannot_log_in(app, client, make_user) -> None:
    from petitions.workflow import accounts

    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "wrong-password!"})
    assert response.status_code == 200 and b"Wrong email or password" in response.data
    with app.app_context():
        accounts.deactivate(user.id)
    response = client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 200 and b"Wrong email or password" in response.data


def test_a_deactivated_session_is_dropped(app, client, make_user, login_as) -> None:
    from petitions.workflow import accounts

    user = make_user()
    login_as(user)
    assert client.get("/concerns").status_code == 200
    with app.app_context():
        accounts.deactivate(user.id)
    assert client.get("/concerns").status_code == 302
