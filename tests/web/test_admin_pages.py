"""The admin pages: the role gate, accounts, the HR import, roles, deactivation and settings."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from petitions.extensions import db
from petitions.models import AuditEvent, Concern, Notification, Setting, User
from petitions.workflow import accounts, concerns, signatures
from tests.conftest import PASSWORD


def _admin_urls(app: Flask, user_id: int) -> list[tuple[str, str]]:
    """Every (method, url) of the admin blueprint, found by walking the URL map."""
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("admin."):
                continue
            args: dict[str, Any] = {"user_id": user_id} if "user_id" in rule.arguments else {}
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                urls.append((method, url_for(rule.endpoint, **args)))
    return urls


def _user_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User)) or 0


def _upload(text: str, name: str = "hr.csv") -> dict[str, Any]:
    return {"file": (io.BytesIO(text.encode()), name)}


@pytest.mark.parametrize("roles", [(), ("committee",), ("leadership",), ("committee", "leadership")])
def test_every_admin_page_is_403_for_non_admins(app, client, make_user, login_as, roles):
    target = make_user()
    login_as(make_user(roles=roles))
    urls = _admin_urls(app, target.id)
    assert len(urls) >= 8  # list, create, import x2, profile, grant, revoke, deactivate, settings x2
    before = _user_count(app)
    for method, url in urls:
        response = client.open(url, method=method, data={"email": "x@example.com", "name": "X", "role": "admin"})
        assert response.status_code == 403, (method, url)
    assert _user_count(app) == before
    with app.app_context():
        assert not db.session.get(User, target.id).has_role("admin")


def test_admin_pages_need_a_login(app, client, make_user):
    target = make_user()
    for method, url in _admin_urls(app, target.id):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], (method, url)


def test_people_list_shows_roles_state_and_searches(client, make_user, login_as):
    admin = make_user(roles=("admin",), name="Ada Admin")
    make_user(roles=("committee",), name="Carla Committee", email="carla@example.com")
    gone = make_user(name="Gus Gone")
    login_as(admin)
    client.post(f"/admin/users/{gone.id}/deactivate", data={"confirmed": "yes"})
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Carla Committee" in page and "carla@example.com" in page
    assert re.search(r"Carla Committee.*?committee, employee", page, re.S)
    assert re.search(r"Gus Gone.*?deactivated", page, re.S)
    found = client.get("/admin/users?q=CARLA").get_data(as_text=True)
    assert "Carla Committee" in found and "Gus Gone" not in found
    assert "1 person" in found


def test_people_list_is_paginated(app, client, make_user, login_as):
    login_as(make_user(roles=("admin",), name="Ada Admin"))
    rows = "".join(f"p{n:03d}@example.com,Zed {n:03d},Sales,Austin\n" for n in range(60))
    with app.app_context():
        accounts.import_csv(io.StringIO("email,name,department,location\n" + rows))
    first = client.get("/admin/users").get_data(as_text=True)
    assert "Zed 000" in first and "Zed 048" in first and "Zed 049" not in first
    assert "Page 1 of 2" in first
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "Zed 049" in second and "Zed 059" in second and "Zed 000" not in second
    assert client.get("/admin/users?page=nonsense").status_code == 200


def test_create_account_with_roles(app, client, make_user, login_as):
    admin = make_user(roles=("admin",))
    member = make_user(roles=("committee",))
    login_as(admin)
    response = client.post(
        "/admin/users",
        data={
            "email": "New.Person@Example.com",
            "name": "New Person",
            "department": "Legal",
            "location": "Lisbon",
            "password": "a-long-enough-password",
            "role_committee": "y",
            "role_admin": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new.person@example.com"))
        assert user is not None and user.roles == {"employee", "committee", "admin"}
        assert (user.department, user.location) == ("Legal", "Lisbon")
        assert response.headers["Location"].endswith(f"/admin/users/{user.id}")
        created = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.created")).all()
        assert [e.actor_id for e in created if e.subject_user_id == user.id] == [admin.id]
        told = db.session.scalars(select(Notification.message).where(Notification.user_id == member.id)).all()
        assert any("New Person" in m and "committee" in m for m in told)
    # The new account logs in with the password given.
    client.post("/logout")
    assert (
        client.post(
            "/login", data={"email": "new.person@example.com", "password": "a-long-enough-password"}
        ).status_code
        == 302
    )


def test_create_account_duplicate_email_is_a_form_error(app, client, make_user, login_as):
    login_as(make_user(roles=("admin",)))
    make_user(email="taken@example.com")
    before = _user_count(app)
    response = client.post("/admin/users", data={"email": "TAKEN@example.com", "name": "Someone Else"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Already in use." in page and 'aria-invalid="true"' in page
    assert _user_count(app) == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "not-an-email", "name": "X"}, "Email is not valid"),
        ({"email": "short@example.com", "name": "X", "password": "short"}, "at least 10 characters"),
        ({"email": "", "name": "X"}, "Email is required."),
    ],
)
def test_create_account_bad_input_is_shown_not_500(app, client, make_user, login_as, data, message):
    login_as(make_user(roles=("admin",)))
    before = _user_count(app)
    response = client.post("/admin/users", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _user_count(app) == before


def test_import_creates_then_updates_without_duplicates(app, client, make_user, login_as):
    login_as(make_user(roles=("admin",)))
    csv_text = (
        "email,name,department,location\nann@example.com,Ann A,Sales,Austin\nbob@example.com,Bob B,Legal,Berlin\n"
    )
    response = client.post("/admin/users/import", data=_upload(csv_text), follow_redirects=True)
    assert "2 created, 0 updated" in response.get_data(as_text=True)
    before = _user_count(app)
    again = "email,name,department,location\nANN@example.com,Ann Anders,Support,Remote\nbob@example.com,Bob B,Legal,Berlin\n"
    response = client.post("/admin/users/import", data=_upload(again), follow_redirects=True)
    assert "0 created, 1 updated" in response.get_data(as_text=True)
    assert _user_count(app) == before
    with app.app_context():
        ann = db.session.scalar(select(User).where(User.email == "ann@example.com"))
        assert (ann.name, ann.department, ann.location, ann.password_hash) == ("Ann Anders", "Support", "Remote", None)
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "users.imported")) == 2


@pytest.mark.parametrize(
    "csv_text, message",
    [
        ("mail,name,department,location\nann@example.com,Ann,Sales,Austin\n", "header row must be exactly"),
        ("email,name,department,location\nann@example.com,Ann,Sales,Austin\nnot-an-email,Bob,Legal,Berlin\n", "line 3"),
        ("email,name,department,location\nann@example.com,,Sales,Austin\n", "line 2"),
    ],
)
def test_import_bad_file_imports_nothing(app, client, make_user, login_as, csv_text, message):
    login_as(make_user(roles=("admin",)))
    before = _user_count(app)
    response = client.post("/admin/users/import", data=_upload(csv_text))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert _user_count(app) == before
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ann@example.com")) is None


def test_import_without_a_file_or_with_bad_encoding(client, make_user, login_as):
    login_as(make_user(roles=("admin",)))
    assert "Choose a CSV file." in client.post("/admin/users/import", data={}).get_data(as_text=True)
    bad = {"file": (io.BytesIO(b"email,name,department,location\n\xff\xfe,x,y,z\n"), "hr.csv")}
    response = client.post("/admin/users/import", data=bad)
    assert response.status_code == 400 and "UTF-8" in response.get_data(as_text=True)


def test_grant_role_shows_is_audited_and_tells_the_committee(app, client, make_user, login_as):
    admin = make_user(roles=("admin",))
    members = [make_user(roles=("committee",)), make_user(roles=("committee",))]
    person = make_user(name="Quiet Person")
    login_as(admin)
    response = client.post(f"/admin/users/{person.id}/roles/grant", data={"role": "committee"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Revoke committee" in page and "The committee has been told" in page
    with app.app_context():
        assert db.session.get(User, person.id).has_role("committee")
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "role.granted", AuditEvent.subject_user_id == person.id)
        )
        assert event is not None and event.actor_id == admin.id and '"committee"' in event.detail
        for member in members:
            told = db.session.scalars(
                select(Notification.message).where(
                    Notification.user_id == member.id, Notification.kind == "role_granted"
                )
            ).all()
            assert [m for m in told if "Quiet Person" in m] == [
                f"Quiet Person ({person.email}) was granted the committee role by {admin.name}."
            ]
    # Granting a held role again is a no-op: no second audit row.
    client.post(f"/admin/users/{person.id}/roles/grant", data={"role": "committee"})
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).where(AuditEvent.action == "role.granted", AuditEvent.subject_user_id == person.id)
            )
            == 1
        )


def test_revoke_role(app, client, make_user, login_as):
    admin = make_user(roles=("admin",))
    person = make_user(roles=("leadership",))
    login_as(admin)
    page = client.post(
        f"/admin/users/{person.id}/roles/revoke", data={"role": "leadership"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Grant leadership" in page
    with app.app_context():
        assert not db.session.get(User, person.id).has_role("leadership")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role.revoked"))
        assert event is not None and event.actor_id == admin.id and event.subject_user_id == person.id


def test_unknown_role_and_unknown_user(app, client, make_user, login_as):
    login_as(make_user(roles=("admin",)))
    person = make_user()
    page = client.post(
        f"/admin/users/{person.id}/roles/grant", data={"role": "superuser"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Choose one of" in page
    with app.app_context():
        assert db.session.get(User, person.id).roles == {"employee"}
    assert client.get("/admin/users/999999").status_code == 404
    assert client.post("/admin/users/999999/roles/grant", data={"role": "admin"}).status_code == 404


def test_deactivated_user_cannot_log_in_and_signatures_stay(app, client, make_user, make_concern, login_as):
    admin = make_user(roles=("admin",))
    person = make_user()
    concern = make_concern()
    with app.app_context():
        signatures.sign(db.session.get(User, person.id), concern.id, "public", "I agree.")
    login_as(admin)
    page = client.post(f"/admin/users/{person.id}/deactivate", data={"confirmed": "yes"},
                       follow_redirects=True).get_data(as_text=True)
    assert "can no longer log in" in page
    client.post("/logout")
    response = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 200 and "Wrong email or password" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Concern, concern.id).signature_count == 2
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivated")).actor_id == admin.id


def test_admin_cannot_deactivate_themselves(app, client, make_user, login_as):
    admin = make_user(roles=("admin",))
    login_as(admin)
    page = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert "cannot deactivate your own account" in page
    with app.app_context():
        assert db.session.get(User, admin.id).active


def test_profile_never_lists_signatures(app, client, make_user, make_concern, login_as):
    signer = make_user(name="Careful Signer")
    concern = make_concern(title="A very particular concern title")
    with app.app_context():
        signatures.sign(db.session.get(User, signer.id), concern.id, "committee", "My own words here.")
    login_as(make_user(roles=("admin",)))
    page = client.get(f"/admin/users/{signer.id}").get_data(as_text=True)
    assert "Careful Signer" in page
    assert "A very particular concern title" not in page and "My own words here." not in page


def test_settings_change_applies_to_next_concern_and_is_audited(app, client, make_user, make_contract, login_as):
    admin = make_user(roles=("admin",))
    author = make_user()
    contract = make_contract()
    login_as(admin)
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'name="REVIEW_THRESHOLD"' in page and 'value="25"' in page
    form = {
        "REVIEW_THRESHOLD": "7",
        "SIGNING_WINDOW_DAYS": "30",
        "ACKNOWLEDGE_DAYS": "7",
        "DECIDE_DAYS": "90",
        "RESPOND_DAYS": "14",
        "QUORUM_FRACTION": "0.5",
        "K_ANONYMITY": "5",
        "AUTO_PUBLISH": "y",
    }
    response = client.post("/admin/settings", data=form, follow_redirects=True)
    assert "Settings saved" in response.get_data(as_text=True)
    assert 'value="7"' in client.get("/admin/settings").get_data(as_text=True)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "setting.changed")).all()
        assert sorted(e.detail for e in events) == sorted(
            ['{"from":25,"key":"REVIEW_THRESHOLD","to":7}', '{"from":60,"key":"SIGNING_WINDOW_DAYS","to":30}']
        )
        assert all(e.actor_id == admin.id for e in events)
        concern = concerns.create(
            db.session.get(User, author.id),
            {"title": "T", "summary": "S", "body": "B", "contract_id": contract.id},
            publish=True,
        )
        fresh = db.session.get(Concern, concern.id)
        assert fresh.review_threshold == 7
        assert (fresh.due_at - fresh.published_at).days == 30
    # Unticking the checkbox turns automatic publishing off.
    client.post("/admin/settings", data={**form, "AUTO_PUBLISH": ""})
    with app.app_context():
        assert db.session.get(Setting, "AUTO_PUBLISH").value == "false"


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("REVIEW_THRESHOLD", "0", "Review threshold must be between 1 and 100000."),
        ("REVIEW_THRESHOLD", "lots", "Review threshold must be a number."),
        ("QUORUM_FRACTION", "2", "Quorum fraction must be between"),
    ],
)
def test_bad_setting_is_a_message_not_500(app, client, make_user, login_as, key, value, message):
    login_as(make_user(roles=("admin",)))
    form = {
        "REVIEW_THRESHOLD": "25",
        "SIGNING_WINDOW_DAYS": "5",
        "ACKNOWLEDGE_DAYS": "7",
        "DECIDE_DAYS": "90",
        "RESPOND_DAYS": "14",
        "QUORUM_FRACTION": "0.5",
        "K_ANONYMITY": "5",
        "AUTO_PUBLISH": "y",
        key: value,
    }
    response = client.post("/admin/settings", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and f'id="{key}-error"' in page
    with app.app_context():
        # All or nothing: the valid change in the same form was not applied either.
        assert db.session.scalar(select(func.count()).select_from(Setting)) == 0
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "setting.changed")) == 0


def test_forms_carry_csrf_tokens(app, client, make_user, login_as, monkeypatch):
    admin = make_user(roles=("admin",))
    person = make_user()
    login_as(admin)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/admin/users/{person.id}/roles/grant", data={"role": "admin"}).status_code == 400
    assert client.post("/admin/users", data={"email": "c@example.com", "name": "C"}).status_code == 400
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        f"/admin/users/{person.id}/roles/grant", data={"role": "admin", "csrf_token": token.group(1)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, person.id).has_role("admin")
        assert db.session.scalar(select(User).where(User.email == "c@example.com")) is None
    for url in ("/admin/users", "/admin/users/import", "/admin/settings", f"/admin/users/{person.id}"):
        html = client.get(url).get_data(as_text=True)
        forms = re.findall(r'<form method="post".*?</form>', html, re.S)
        assert forms, url
        assert all("csrf_token" in f and "<button" in f for f in forms), url
