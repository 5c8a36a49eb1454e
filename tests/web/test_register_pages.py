"""The published outcome as employees read it: the concern page, the register, its CSV and Atom
feed, and the transparency figures."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models import Concern
from tests.helpers import table_rows, texts

ATOM = "{http://www.w3.org/2005/Atom}"


def _register_titles(html: str) -> list[str]:
    """The concern titles in the register table, in order."""
    return re.findall(r'<td><a href="/concerns/\d+">([^<]+)</a>', html)


def _feed(data: bytes) -> ET.Element:
    """Parse our own Atom feed (trusted: the app under test wrote it)."""
    return ET.fromstring(data)  # noqa: S314 - not untrusted input


def _auto_publish(app, concern_id: int) -> None:
    """Let the response deadline pass unanswered, as the job runner does."""
    from petitions.database import write_transaction
    from petitions.workflow import responses

    with app.app_context(), write_transaction() as session:
        responses.auto_publish(session, session.get(Concern, concern_id), utcnow())


@pytest.fixture()
def published(app, make_concern, make_contract):
    """Three published outcomes (one automatic), plus a decided and an open concern that must not appear."""
    drones = make_contract(title="Drone maintenance")
    return {
        "declined": make_concern(state="responded", title="Upheld but declined", outcome="uphold", stance="decline",
                                 contract=drones),
        "accepted": make_concern(state="responded", title="Not upheld and accepted", outcome="not_uphold",
                                 stance="accept", body="The aquifer survey was fine."),
        "automatic": _automatic(app, make_concern),
        "decided": make_concern(state="decided", title="Decided, no response yet", contract=drones),
        "open": make_concern(state="open", title="Still open"),
        "drones": drones,
    }


def _automatic(app, make_concern) -> Concern:
    concern = make_concern(state="decided", title="Nobody answered", outcome="uphold_in_part")
    _auto_publish(app, concern.id)
    return concern


# --- the concern page ---------------------------------------------------------------------------


def test_an_employee_sees_the_outcome_only_once_responded(app, client, make_user, login_as, make_concern) -> None:
    from petitions.workflow import responses

    concern = make_concern(state="decided", outcome="uphold")
    login_as(make_user())
    before = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "outcome-grid" not in before and "ethics committee's decision" not in before
    assert "Awaiting leadership" not in before

    with app.app_context():
        responses.publish(make_user(roles=("leadership",)), concern.id, {"stance": "decline", "statement": "No."})
    after = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    grid = after[after.index('class="outcome-grid"'):]
    assert grid.index("The ethics committee's decision") < grid.index("Leadership's response")
    assert ("The committee upheld the concern; leadership declined. "
            "Leadership&#39;s response diverges from the committee&#39;s decision.") in after
    assert "Reasons." in after and "Recommend." in after  # rationale and recommendation
    assert "1 uphold · 0 uphold in part · 0 not uphold · 0 abstain" in after


@pytest.mark.parametrize("roles", [("committee",), ("leadership",)])
def test_committee_and_leadership_see_the_decision_awaiting_a_response(client, make_user, login_as, make_concern,
                                                                       roles) -> None:
    concern = make_concern(state="decided")
    login_as(make_user(roles=roles))
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "The ethics committee's decision" in html and "Reasons." in html
    assert f"Awaiting leadership's response (due {concern.due_at.date().isoformat()})" in html
    assert "divergence" not in html


def test_an_automatic_publication_says_so(app, client, make_user, login_as, make_concern) -> None:
    concern = make_concern(state="decided", outcome="not_uphold")
    _auto_publish(app, concern.id)
    login_as(make_user())
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "No response in time" in texts(html, "strong")
    assert "The committee did not uphold the concern; leadership did not respond in time." in html


def test_a_dissent_is_shown_without_the_members_name(app, client, make_user, login_as, make_concern) -> None:
    from petitions.models import User
    from petitions.workflow import decisions, responses

    member = make_user(roles=("committee",), name="Dora Dissenter")
    concern = make_concern(state="decided")
    with app.app_context():
        decisions.add_dissent(db.session.get(User, member.id), concern.id, "I would not have upheld it.")
        responses.publish(make_user(roles=("leadership",)), concern.id, {"stance": "accept", "statement": "Yes."})
    login_as(make_user())
    html = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "I would not have upheld it." in html and "Dora Dissenter" not in html


# --- the register -------------------------------------------------------------------------------


def test_the_register_lists_only_responded_concerns(client, make_user, login_as, published) -> None:
    login_as(make_user())
    response = client.get("/decisions")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert sorted(_register_titles(html)) == ["Nobody answered", "Not upheld and accepted", "Upheld but declined"]
    assert "3 outcomes" in html
    row = html[html.index("Upheld but declined"):]
    row = row[:row.index("</tr>")]
    assert "Drone maintenance" in row and "(reported)" in row and "Upheld" in row and "Declined" in row
    assert '<td class="diverges" data-label="Diverges">yes</td>' in row
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/decisions.csv"' in html and 'href="/decisions.atom"' in html
    assert 'href="/decisions"' in html  # the navigation link


@pytest.mark.parametrize(
    ("query", "expected"),
    [("outcome=not_uphold", ["Not upheld and accepted"]),
     ("stance=decline", ["Upheld but declined"]),
     ("stance=automatic", ["Nobody answered"]),
     ("q=aquifer", ["Not upheld and accepted"]),
     ("year=1999", []),
     (f"year={utcnow().year}", ["Not upheld and accepted", "Nobody answered", "Upheld but declined"])],
)
def test_register_filters(client, make_user, login_as, published, query, expected) -> None:
    login_as(make_user())
    assert sorted(_register_titles(client.get(f"/decisions?{query}").get_data(as_text=True))) == sorted(expected)


def test_register_contract_filter_and_paging(client, make_user, login_as, published) -> None:
    login_as(make_user())
    html = client.get(f"/decisions?contract_id={published['drones'].id}").get_data(as_text=True)
    assert _register_titles(html) == ["Upheld but declined"]
    first = client.get("/decisions?per_page=2").get_data(as_text=True)
    assert len(_register_titles(first)) == 2 and "Page 1 of 2" in first
    second = client.get("/decisions?per_page=2&page=2").get_data(as_text=True)
    assert len(_register_titles(second)) == 1
    assert set(_register_titles(first)).isdisjoint(_register_titles(second))


@pytest.mark.parametrize("query", ["outcome=maybe", "stance=shrug", "year=soon", "contract_id=x", "page=0"])
def test_a_bad_register_filter_is_a_400_with_a_message(client, make_user, login_as, published, query) -> None:
    login_as(make_user())
    response = client.get(f"/decisions?{query}")
    assert response.status_code == 400
    assert 'class="error-summary" role="alert"' in response.get_data(as_text=True)
    assert client.get(f"/decisions.csv?{query.replace('page=0', 'outcome=x')}").status_code == 400


def test_csv_export(app, client, make_user, login_as, make_concern, published) -> None:
    make_concern(state="responded", title="=HYPERLINK(\"http://evil.example\")", stance="accept_in_part")
    login_as(make_user())
    response = client.get("/decisions.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="decisions-')
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["concern_id", "concern", "contract", "contract_status"]
    assert len(rows) == 1 + 4
    by_title = {row[1]: row for row in rows[1:]}
    assert "'=HYPERLINK(\"http://evil.example\")" in by_title
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    declined = by_title["Upheld but declined"]
    assert declined[2:7] == ["Drone maintenance", "reported", "uphold", "decline", "yes"]
    assert by_title["Nobody answered"][5:7] == ["automatic", "no response"]
    filtered = list(csv.reader(io.StringIO(client.get("/decisions.csv?stance=accept").get_data(as_text=True))))
    assert [row[1] for row in filtered[1:]] == ["Not upheld and accepted"]


def test_atom_feed(client, make_user, login_as, published) -> None:
    login_as(make_user())
    response = client.get("/decisions.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = _feed(response.data)
    assert feed.tag == f"{ATOM}feed"
    for part in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{part}") is not None and feed.find(f"{ATOM}{part}").text
    entries = feed.findall(f"{ATOM}entry")
    assert sorted(e.find(f"{ATOM}title").text for e in entries) == [
        "Nobody answered", "Not upheld and accepted", "Upheld but declined"]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("http://")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/concerns/")
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 3


def test_the_feed_escapes_titles(client, make_user, login_as, make_concern) -> None:
    make_concern(state="responded", title="Fish & chips <b>contract</b>")
    login_as(make_user())
    feed = _feed(client.get("/decisions.atom").data)
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "Fish & chips <b>contract</b>"


# --- figures ------------------------------------------------------------------------------------


def test_figures_show_counts_tables_and_charts(app, client, make_user, login_as, published) -> None:
    with app.app_context():
        # One more decided concern whose response deadline passed: overdue now.
        db.session.execute(db.update(Concern).where(Concern.id == published["decided"].id)
                           .values(due_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    login_as(make_user())
    response = client.get("/figures")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # 5 concerns published, 4 routed and decided, 3 responded.
    rows = table_rows(html)
    for label, count in (("Raised (published)", 5), ("Routed to the committee", 4), ("Decided", 4),
                         ("Responded", 3)):
        assert [label, str(count)] in rows
    assert ["Declined", "1"] in rows
    assert '<tr><th scope="row">No response in time</th><td>1</td></tr>' in html
    assert '<tr><th scope="row">Upheld in part</th><td>1</td></tr>' in html
    assert '<strong class="overdue-now">1</strong>' in html
    assert html.count("<svg") == 4 and html.count('role="img"') == 4
    assert "Concerns reaching each step: Raised 5; Routed to the committee 4; Decided 4; Responded 3</title>" in html
    steps = html[html.index('<title id="chart-steps-title">'):html.index("</svg>")]
    assert re.findall(r'<rect [^>]*width="(\d+)"', steps) == ["360", "288", "288", "216"]  # scaled to the largest
    assert 'aria-labelledby="chart-steps-title"' in html and '<title id="chart-steps-title">' in html
    # No inline style or script (the one script every page loads is a file: static/js/errors.js).
    assert "style=" not in html and not re.search(r"<script(?![^>]*\ssrc=)", html)


def test_empty_register_and_figures(client, make_user, login_as, make_concern) -> None:
    make_concern(state="decided")
    login_as(make_user())
    assert "No published outcome matches." in client.get("/decisions").get_data(as_text=True)
    assert _feed(client.get("/decisions.atom").data).findall(f"{ATOM}entry") == []
    assert client.get("/decisions.csv").get_data(as_text=True).splitlines() == [",".join(
        ["concern_id", "concern", "contract", "contract_status", "outcome", "stance", "diverges", "responded_on",
         "days_to_acknowledge", "days_to_decide", "days_to_respond"])]
    html = client.get("/figures").get_data(as_text=True)
    assert "Median days each step took: To acknowledge 0.0; To decide 0.0; To respond no data</title>" in html
    assert '<tr><th scope="row">Responded</th><td>0</td></tr>' in html
