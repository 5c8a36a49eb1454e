"""Every page, for every role, fits a 390 px phone without horizontal scrolling (Debian's Chromium).

The pages are found by walking ``app.url_map`` (every HTML GET route), so a new page is checked
without anyone remembering to add it. Also: a failed form puts focus on its error summary, in view.
Screenshots go to ``PETITIONS_SCREENSHOTS`` when it is set (desktop and 390 px).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.test_browser import CHROMIUM, PASSWORD, browser  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
PHONE = {"width": 390, "height": 844}
SKIP_PREFIXES = ("api.", "feeds.", "static")
SHOTS = os.environ.get("PETITIONS_SCREENSHOTS", "")


def _login(page, base: str, email: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def _pages(app, ids: dict[str, int]) -> list[str]:
    """Every GET page address, with ids of real objects filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.startswith(SKIP_PREFIXES) or rule.endpoint == "home.healthz":
            continue
        if rule.rule.endswith((".csv", ".atom")) or rule.endpoint == "concerns.similar_concerns":
            continue  # downloads and JSON, not pages
        values = {arg: ids.get(arg, 1) for arg in rule.arguments}
        urls.append(rule.build(values)[1])
    return sorted(set(urls))


@pytest.fixture()
def world(app, make_user, make_contract, make_concern):
    """People in every role and concerns in the states their pages show."""
    people = {
        "employee": make_user(name="Erin Employee"),
        "committee": make_user(roles=("committee",), name="Cora Committee"),
        "leadership": make_user(roles=("leadership",), name="Lee Leadership"),
        "admin": make_user(roles=("admin",), name="Ada Admin"),
    }
    contract = make_contract(title="Border analytics platform with a very long name that wraps on phones",
                             counterparty="Department of Extraordinarily Long Agency Names and Acronyms")
    open_one = make_concern("open", author=people["employee"], contract=contract,
                            title="Stop the border analytics platform before renewal")
    routed = make_concern("in_review", contract=contract, title="Facial recognition at border crossings")
    make_concern("decided", contract=contract, title="Predictive policing pilot")
    make_concern("responded", contract=contract, title="Drone imagery for the agency")
    make_concern("rejected", contract=contract, title="A rejected duplicate")
    ids = {"concern_id": routed.id, "contract_id": contract.id, "user_id": people["employee"].id}
    return people, ids, open_one


def test_no_page_scrolls_sideways_at_390_px(browser, live_server, app, world) -> None:  # noqa: F811
    people, ids, _ = world
    base = f"http://127.0.0.1:{live_server}"
    urls = _pages(app, ids)
    assert len(urls) >= 25
    too_wide: list[tuple[str, str, int]] = []
    checked = 0
    for role, person in people.items():
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        _login(page, base, person.email)
        for url in urls:
            response = page.goto(base + url)
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            checked += 1
            if width > PHONE["width"]:
                too_wide.append((role, url, width))
        context.close()
    assert checked >= 4 * 20
    assert too_wide == []


def test_the_menu_folds_without_script_and_opens_by_its_link(browser, live_server, world) -> None:  # noqa: F811
    people, _, _ = world
    base = f"http://127.0.0.1:{live_server}"
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    _login(page, base, people["committee"].email)
    page.goto(f"{base}/concerns")
    assert not page.get_by_role("link", name="Contracts").is_visible()
    header_height = page.evaluate("document.querySelector('.site-header').offsetHeight")
    assert header_height < 80  # one row: the name and "Menu"
    page.get_by_role("link", name="Menu").click()
    assert page.get_by_role("link", name="Contracts").is_visible()
    context.close()


def test_a_failed_signature_focuses_the_error_summary_in_view(browser, live_server, world, make_user) -> None:  # noqa: F811
    _, _, open_one = world
    signer = make_user(name="Sam Signer")
    base = f"http://127.0.0.1:{live_server}"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _login(page, base, signer.email)
    page.goto(f"{base}/concerns/{open_one.id}")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign", exact=True).click()
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('error-summary')")
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"]
    context.close()


@pytest.mark.skipif(not SHOTS, reason="set PETITIONS_SCREENSHOTS to a folder to take screenshots")
def test_screenshots(browser, live_server, world) -> None:  # noqa: F811
    people, ids, open_one = world
    base = f"http://127.0.0.1:{live_server}"
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for size, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        for role, person in people.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            _login(page, base, person.email)
            page.goto(f"{base}/")
            page.screenshot(path=f"{SHOTS}/{size}-{role}-landing.png", full_page=True)
            if role == "employee":
                page.goto(f"{base}/concerns/{open_one.id}")
                page.screenshot(path=f"{SHOTS}/{size}-concern-author.png", full_page=True)
                page.goto(f"{base}/decisions")
                page.screenshot(path=f"{SHOTS}/{size}-register.png", full_page=True)
            if role == "committee":
                page.goto(f"{base}/concerns/{ids['concern_id']}")
                page.screenshot(path=f"{SHOTS}/{size}-concern-committee.png", full_page=True)
            context.close()
