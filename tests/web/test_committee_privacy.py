"""The core promise on the committee's pages: committee-only signers are named to reviewers only,
each view is audited, breakdowns are k-anonymous, and the forms carry CSRF tokens."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from petitions import create_app
from petitions.extensions import db
from petitions.models import AuditEvent, CommitteeNote
from tests.conftest import PASSWORD, _base_config
from tests.helpers import table_rows


def _signers_viewed(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "signers.viewed")
        )


def _signers(html: str) -> str:
    """The signers section of the workspace (the invite form also lists people)."""
    return html[html.index('id="signers-h"') : html.index('id="breakdown-h"')]


@pytest.fixture()
def signed(app, make_user, make_concern):
    """An in-review concern signed by a committee-only, a public and an anonymous signer."""
    from petitions.workflow import signatures

    concern = make_concern(state="in_review", author=make_user(name="Named Author"))
    with app.app_context():
        signatures.sign(make_user(name="Quiet Signer"), concern.id, "committee", "I work on this team.")
        signatures.sign(make_user(name="Open Signer"), concern.id, "public")
        signatures.sign(make_user(name="Ghost Signer"), concern.id, "anonymous")
    return concern


def test_a_reviewer_sees_committee_only_names_and_each_view_is_audited(
    app, client, make_user, login_as, signed
) -> None:
    member = make_user(roles=("committee",))
    login_as(member)
    assert _signers_viewed(app) == 0
    signers = _signers(client.get(f"/committee/concerns/{signed.id}").get_data(as_text=True))
    assert "Quiet Signer" in signers and "Open Signer" in signers and "Ghost Signer" not in signers
    assert "Anonymous" in signers and "each time this list shows them" in signers.lower()
    assert _signers_viewed(app) == 1
    client.get(f"/committee/concerns/{signed.id}")
    assert _signers_viewed(app) == 2
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "signers.viewed")).all()
        assert {(r.actor_id, r.concern_id) for r in rows} == {(member.id, signed.id)}
        assert all("Quiet Signer" not in r.detail for r in rows)


@pytest.mark.parametrize("roles", [(), ("leadership",), ("admin",), ("leadership", "admin")])
def test_committee_only_names_never_reach_other_roles(app, client, make_user, login_as, signed, roles) -> None:
    login_as(make_user(roles=roles))
    pages = [
        f"/concerns/{signed.id}",
        f"/concerns/{signed.id}/signatures",
        "/concerns",
        "/signatures/mine",
        f"/committee/concerns/{signed.id}",
        "/committee",
        "/committee/moderation",
    ]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert "Quiet Signer" not in html and "Ghost Signer" not in html, url
    assert "Open Signer" in client.get(f"/concerns/{signed.id}").get_data(as_text=True)
    assert _signers_viewed(app) == 0


def test_signers_are_paginated_on_the_workspace(app, client, make_user, login_as, make_concern) -> None:
    from petitions.workflow import signatures

    concern = make_concern(state="in_review")
    with app.app_context():
        for n in range(51):
            signatures.sign(make_user(name=f"Signer {n:02d}"), concern.id, "committee")
    login_as(make_user(roles=("committee",)))
    first = _signers(client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True))
    assert "Page 1 of 2" in first
    assert f'href="/committee/concerns/{concern.id}?page=2"' in first
    second = _signers(client.get(f"/committee/concerns/{concern.id}?page=2").get_data(as_text=True))
    import re

    on_first, on_second = set(re.findall(r"Signer \d\d", first)), set(re.findall(r"Signer \d\d", second))
    assert on_first.isdisjoint(on_second)  # the order is by day and keyed hash, not signing order
    assert on_first | on_second == {f"Signer {n:02d}" for n in range(51)}
    bad = client.get(f"/committee/concerns/{concern.id}?page=0")
    assert bad.status_code == 400 and "page must be a whole number from 1." in bad.get_data(as_text=True)


def test_the_committee_reads_the_whole_breakdown(app, client, make_user, login_as, make_concern) -> None:
    from petitions.workflow import signatures

    concern = make_concern(state="in_review")  # the author: Engineering, Berlin
    with app.app_context():
        for department, how_many in (("Legal", 6), ("Engineering", 2), ("Sales", 2)):
            for _ in range(how_many):
                signatures.sign(make_user(department=department), concern.id, "committee")
        signatures.sign(make_user(department="Legal"), concern.id, "anonymous")
    login_as(make_user(roles=("committee",)))
    html = client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
    section = html[html.index('id="breakdown-h"') : html.index('id="invite-h"')]
    by_department = section[section.index("<caption>By department</caption>") : section.index("<caption>By location")]
    departments = table_rows(by_department)
    # The committee may see committee-only names, so it reads whole counts, small groups included.
    assert ["Legal", "6"] in departments and ["anonymous", "1"] in departments
    assert ["Engineering", "3"] in departments and ["Sales", "2"] in departments
    assert "in smaller groups" not in by_department and "hidden" not in by_department
    assert ["Berlin", "11"] in table_rows(section)


def test_the_workspace_forms_work_with_csrf_on(app: Flask, database_url: str, make_user, make_concern) -> None:
    concern = make_concern(state="in_review")
    member = make_user(roles=("committee",))
    client = create_app(_base_config(database_url) | {"WTF_CSRF_ENABLED": True}).test_client()

    def token(html: str, name: str = "csrf_token") -> str:
        match = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', html)
        assert match, f"no {name} in the page"
        return match.group(1)

    login = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": member.email, "password": PASSWORD, "csrf_token": token(login)})
    page = client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
    for prefix in ("ack", "recuse", "reject", "note", "invite", "ballot", "decision"):
        token(page, f"{prefix}-csrf_token")
    refused = client.post(f"/concerns/{concern.id}/notes", data={"note-body": "Without a token."})
    assert refused.status_code == 400
    accepted = client.post(
        f"/concerns/{concern.id}/notes",
        data={"note-body": "With a token.", "note-csrf_token": token(page, "note-csrf_token")},
    )
    assert accepted.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(CommitteeNote.body)).all() == ["With a token."]
