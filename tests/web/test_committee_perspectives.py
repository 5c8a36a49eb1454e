"""Perspectives from the concern page (any employee) and invitations from the committee's workspace."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from petitions.extensions import db
from petitions.models import Invitation, Notification, Perspective
from tests.helpers import count, main, texts


def _perspectives(html: str) -> str:
    """The perspectives section of a concern page."""
    return html[html.index('id="perspectives-h"') : html.index("</section>", html.index('id="perspectives-h"'))]


def _listed(html: str) -> str:
    """The list of perspectives on a concern page (without the form's explanations)."""
    section = _perspectives(html)
    return section[section.index('<ul class="perspectives">') : section.index("</ul>")]


def _add(
    client,
    concern_id: int,
    stance: str = "for_contract",
    body: str = "The contract funds our team.",
    visibility: str = "named",
):
    return client.post(
        f"/concerns/{concern_id}/perspectives",
        data={"perspective-stance": stance, "perspective-body": body, "perspective-visibility": visibility},
    )


def test_the_concern_page_has_a_perspective_form_for_every_employee(client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="open")
    login_as(make_user())
    section = _perspectives(client.get(f"/concerns/{concern.id}").get_data(as_text=True))
    assert "No perspectives yet." in section
    assert "Your perspective is" in texts(section, "legend")
    assert "Who may see that you wrote it" in texts(section, "legend")
    for value in ("for_concern", "for_contract", "other"):
        assert f'name="perspective-stance" id="perspective-stance-{value}" value="{value}"' in section
    assert '<label for="perspective-body">Your perspective</label>' in section
    assert 'maxlength="5000"' in section and "The words themselves may identify you" in section
    assert 'value="named" checked' not in section  # no preselected visibility (tests/web/test_info_pages.py)
    assert "Only you and the ethics committee see your name" in section
    assert '<button type="submit">Add my perspective</button>' in section


def test_an_employee_adds_a_named_perspective(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="in_review")
    writer = make_user(name="Owen Owner")
    login_as(writer)
    response = _add(client, concern.id)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/concerns/{concern.id}#perspectives-h"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your perspective was added to the record." in html
    section = _perspectives(html)
    assert "For the contract" in section and "Owen Owner" in section and "The contract funds our team." in section
    assert "(yours)" in section
    login_as(make_user())
    assert "Owen Owner" in _perspectives(client.get(f"/concerns/{concern.id}").get_data(as_text=True))


def test_a_committee_only_perspective_hides_its_author_from_all_but_reviewers(
    app, client, make_user, login_as, make_concern
) -> None:
    concern = make_concern(state="open")
    login_as(make_user(name="Hidden Writer"))
    assert (
        _add(client, concern.id, stance="for_concern", body="I was affected.", visibility="committee").status_code
        == 302
    )
    for viewer in (make_user(), make_user(roles=("leadership",)), make_user(roles=("admin",))):
        login_as(viewer)
        html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
        assert "Hidden Writer" not in html
        assert "Name known to the committee" in _listed(html) and "I was affected." in _listed(html)
    login_as(make_user(roles=("committee",)))
    section = _listed(client.get(f"/concerns/{concern.id}").get_data(as_text=True))
    assert "Hidden Writer" in section and "Name known to the committee" not in section


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stance": "for_concern", "body": "", "visibility": "named"}, "Perspective is required."),
        ({"stance": "against", "body": "Hmm.", "visibility": "named"}, "Stance must be one of"),
        ({"stance": "other", "body": "Hmm.", "visibility": "anonymous"}, "Visibility must be one of"),
        ({"stance": "other", "body": "x" * 5001, "visibility": "named"}, "at most 5,000 characters"),
    ],
)
def test_bad_perspective_input_is_a_400_with_the_form_kept(
    app, client, make_user, login_as, make_concern, data, message
) -> None:
    concern = make_concern(state="open")
    login_as(make_user())
    response = _add(client, concern.id, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert "Your perspective was not added." in html
    assert count(app, Perspective) == 0


def test_perspectives_close_with_the_review(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="decided")
    login_as(make_user())
    section = _perspectives(client.get(f"/concerns/{concern.id}").get_data(as_text=True))
    assert "Perspectives are closed: this concern is decided." in section and "<form" not in section
    response = _add(client, concern.id)
    assert response.status_code == 302
    assert "Perspectives are closed" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert count(app, Perspective) == 0


def test_an_abusive_concern_takes_no_perspectives_from_employees(
    app, client, make_user, login_as, make_concern
) -> None:
    concern = make_concern(state="rejected", reason_code="abusive")
    login_as(make_user())
    assert _add(client, concern.id).status_code == 404
    assert _add(client, concern.id, body="").status_code == 404
    assert count(app, Perspective) == 0


def test_the_committee_invites_a_perspective_and_the_invitee_is_told(
    app, client, make_user, login_as, make_concern
) -> None:
    concern = make_concern(state="in_review")
    member = make_user(roles=("committee",))
    owner = make_user(name="Olga Contract-Owner", department="Sales")
    login_as(member)
    page = client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
    assert f'value="{owner.id}">Olga Contract-Owner (Sales)' in page
    missing = client.post(f"/concerns/{concern.id}/invitations", data={"invite-user_id": ""})
    assert missing.status_code == 400 and "Choose the person to invite." in missing.get_data(as_text=True)
    response = client.post(
        f"/concerns/{concern.id}/invitations",
        data={"invite-user_id": str(owner.id), "invite-message": "You own the contract; please explain it."},
        follow_redirects=True,
    )
    html = main(response.get_data(as_text=True))
    assert "Olga Contract-Owner was invited and told." in html and "no answer yet" in html
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.kind == "invited")).all()
        assert [n.user_id for n in told] == [owner.id]
        assert "please explain it" in told[0].message
    again = client.post(f"/concerns/{concern.id}/invitations", data={"invite-user_id": str(owner.id)})
    assert again.status_code == 409 and "already invited" in again.get_data(as_text=True)
    assert count(app, Invitation) == 1

    login_as(owner)
    _add(client, concern.id, body="It is a logistics contract.")
    section = _perspectives(client.get(f"/concerns/{concern.id}").get_data(as_text=True))
    assert "invited by the committee" in section and "Olga Contract-Owner" in section
    login_as(member)
    assert "answered " in client.get(f"/committee/concerns/{concern.id}").get_data(as_text=True)
