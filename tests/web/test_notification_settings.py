"""The account page's notification settings, and the unread count in the navigation."""

from __future__ import annotations

import re

from petitions.workflow.notification_settings import KINDS


def _badge(html: str) -> str | None:
    found = re.search(r'Notifications <strong class="unread">\((\d+)<span class="visually-hidden"> unread</span>\)</strong>', html)
    return found[1] if found else None


def test_the_account_page_offers_a_choice_per_kind_and_saves_it(client, login_as, make_user):
    login_as(make_user())
    page = client.get("/account").get_data(as_text=True)
    assert 'id="notifications-h"' in page
    for kind, label in KINDS.items():
        assert re.search(f'<select [^>]*id="{kind}" name="{kind}"', page) and f'<label for="{kind}">{label}</label>' in page
    assert page.count('<option selected value="mail">') == len(KINDS)

    saved = client.post("/account/notifications", data={**dict.fromkeys(KINDS, "mail"), "routed": "digest",
                                                         "closed": "app"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/account#notifications-h")
    page = client.get("/account").get_data(as_text=True)
    assert "Notification settings saved." in page
    assert re.search(r'<select [^>]*name="routed"[^>]*>.*?<option selected value="digest">', page, re.S)
    assert re.search(r'<select [^>]*name="closed"[^>]*>.*?<option selected value="app">', page, re.S)


def test_a_tampered_choice_is_a_message_and_changes_nothing(client, login_as, make_user):
    login_as(make_user())
    posted = client.post("/account/notifications", data={**dict.fromkeys(KINDS, "app"), "routed": "pigeon"})
    assert posted.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "Choose, for each kind of event, one of the offered ways to hear of it." in page
    assert page.count('<option selected value="mail">') == len(KINDS)


def test_the_navigation_shows_the_unread_count_until_read(client, login_as, make_user, make_concern):
    author = make_user()
    login_as(author)
    assert _badge(client.get("/concerns").get_data(as_text=True)) is None
    make_concern(state="in_review", author=author)
    make_concern(state="in_review", author=author)
    assert _badge(client.get("/concerns").get_data(as_text=True)) == "2"
    client.get("/notifications")  # reading them
    assert _badge(client.get("/concerns").get_data(as_text=True)) is None


def test_a_visitor_sees_no_count(client):
    page = client.get("/login").get_data(as_text=True)
    assert "unread" not in page
