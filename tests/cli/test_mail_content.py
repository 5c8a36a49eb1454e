"""Every mail of a whole concern life names nothing: no title, no contract, no committee-only name.

Mail sits in corporate mailboxes and mail-server logs (DESIGN.md, "Notifications"). The life
below makes every kind of notification there is; then ``jobs run`` sends it all to a real SMTP
server, and both the outbox rows and the raw messages the server received are scanned.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from petitions import mail
from petitions.extensions import db
from petitions.models import Notification, OutboxMail, User
from petitions.workflow import accounts, decisions, perspectives, responses, review, signatures

FAR = "2100-01-01T00:00:00Z"
TITLE = "Quetzal tracking objection"
CONTRACT = "Harbor Surveillance Deal"
AUTHOR = "Zebulon Secretauthor"
SIGNER = "Ophelia Hiddensigner"
GRANTEE = "Ignatius Newrole"
FORBIDDEN = ("Quetzal", "tracking objection", "Harbor", "Surveillance", "Zebulon", "Secretauthor", "Ophelia",
             "Hiddensigner", "Ignatius", "Newrole", "/concerns/", "#")


def _life(app, make_user, make_contract, make_concern) -> list[int]:
    """One concern from publication to an addendum, and its siblings rejected, closed and late."""
    author = make_user(name=AUTHOR, email="zeb@example.com")
    signer = make_user(name=SIGNER, email="ophelia@example.com")
    public, anonymous, invitee = make_user(), make_user(), make_user(email="invitee@example.com")
    first, second = make_user(roles=("committee",)), make_user(roles=("committee",))
    leader, admin = make_user(roles=("leadership",)), make_user(roles=("admin",))
    grantee = make_user(name=GRANTEE, email="ignatius@example.com")
    contract = make_contract(title=CONTRACT)
    main = make_concern(author=author, contract=contract, title=TITLE, author_visibility="committee")
    other = make_concern(author=author, contract=contract, title=TITLE + " again", author_visibility="committee")
    closing = make_concern(author=author, contract=contract, title=TITLE + " closing", author_visibility="committee")
    late = make_concern(author=author, contract=contract, title=TITLE + " late", author_visibility="committee")
    with app.app_context():
        get = db.session.get
        for user, visibility in ((signer, "committee"), (public, "public"), (anonymous, "anonymous")):
            signatures.sign(get(User, user.id), main.id, visibility, "I agree.")
            signatures.sign(get(User, user.id), closing.id, visibility, "")
        review.refer(get(User, first.id), main.id)
        review.acknowledge(get(User, first.id), main.id)
        perspectives.invite(get(User, first.id), main.id, invitee.id, f"About {TITLE}, from {AUTHOR}")
        for member in (first, second):
            decisions.cast_ballot(get(User, member.id), main.id, "uphold", "Because.")
        decisions.decide(get(User, first.id), main.id, {"outcome": "uphold", "recommendation": "Stop.",
                                                        "rationale": "Reasons."})
        decisions.add_dissent(get(User, second.id), main.id, "I disagree.")
        responses.publish(get(User, leader.id), main.id, {"stance": "decline", "statement": "We stop."})
        responses.add_addendum(get(User, leader.id), main.id, "A correction.")
        review.reject(get(User, first.id), other.id, "other", "Explained.")
        review.restore(get(User, first.id), other.id)
        review.refer(get(User, first.id), late.id)
        accounts.grant_role(grantee.id, "committee", get(User, admin.id))
    return [main.id, other.id, closing.id, late.id]


def test_no_mail_of_a_whole_life_names_the_concern_or_anyone(app, cli, mail_server, make_user, make_contract,
                                                              make_concern, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://concerns.example.com")  # no digits of its own
    ids = _life(app, make_user, make_contract, make_concern)
    result = cli("jobs", "run", "--now", FAR)  # closes one, announces the late one, sends everything
    assert result.exit_code == 0, result.output

    with app.app_context():
        kinds = set(db.session.scalars(select(Notification.kind)))
        # The in-app notifications, read after login, do say which concern (so the life did happen).
        assert db.session.scalar(select(Notification.message).where(Notification.kind == "acknowledged")).count(TITLE)
        rows = db.session.scalars(select(OutboxMail)).all()
        queued = [(row.subject, row.body) for row in rows]
        assert all(row.sent_at is not None for row in rows)
    assert kinds >= {"routed", "acknowledged", "invited", "decided", "dissent", "responded", "addendum", "rejected",
                     "restored", "closed", "overdue", "role_granted"}
    assert len(mail_server.received) == len(queued) >= 20

    for subject, body in queued:
        assert subject in (mail.CONCERN_SUBJECT, mail.PLATFORM_SUBJECT), subject
        for word in FORBIDDEN:
            assert word not in subject and word not in body, (word, subject, body)
    numbers = re.compile(r"\b(" + "|".join(str(i) for i in ids) + r")\b")
    for received in mail_server.received:
        head, _, _ = received.raw.partition(b"\r\n\r\n")
        headers_without_recipient = re.sub(rb"(?im)^To: .*$", b"", head).decode()
        text = received.subject + "\n" + received.body + "\n" + headers_without_recipient
        for word in FORBIDDEN:
            assert word not in text, (word, received.rcpt_tos, text)
        assert not numbers.search(received.subject + received.body), received.body
