"""A person in a real browser (Debian's Chromium, headless): raise a concern, co-sign it anonymously
with the keyboard, and see it marked as theirs without their name.

Skipped when /usr/bin/chromium is missing; `.ci/run` installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PETITIONS_CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
PASSWORD = "correct-horse-battery"


@pytest.fixture()
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _login(page, base: str, email: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def test_raise_and_sign_anonymously_with_the_keyboard(browser, live_server, make_user, make_contract, tmp_path) -> None:
    base = f"http://127.0.0.1:{live_server}"
    author = make_user(name="Avery Author")
    signer = make_user(name="Sam Signer")
    contract = make_contract(title="Border analytics platform")
    errors: list[str] = []

    page = browser.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _login(page, base, author.email)
    page.goto(f"{base}/concerns/new?contract_id={contract.id}")
    page.get_by_label("Title").fill("Do not renew the border analytics platform")
    page.get_by_label("Summary").fill("It conflicts with our values.")
    page.get_by_label("The concern in full").fill("We ask the company to stop. <script>alert(1)</script>")
    page.get_by_label("Named").check()  # nothing is preselected: the author chooses
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    assert "/concerns/new" not in page.url
    assert "1 of" in page.content()
    concern_url = page.url
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()

    _login(page, base, signer.email)
    page.goto(concern_url)
    page.get_by_label("Anonymous").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Sign", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    text = page.inner_text("main")
    assert "You signed this" in text
    assert "2 of" in text
    assert "Sam Signer" not in text  # the header names them to themselves; the concern never does
    page.screenshot(path=str(tmp_path / "signed.png"), full_page=True)
    # The stylesheet loaded and no script was blocked or failed.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert errors == []
