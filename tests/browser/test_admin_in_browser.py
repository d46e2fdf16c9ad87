"""Staff in a real browser: sign in, enter, find, edit, conflict, delist, public history."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.services import accounts
from app.services.audit import CLI

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(live_server):
    """Two editor accounts on the live server; returns their emails."""
    emails = ["ed@example.org", "other@example.org"]
    with live_server.app.app_context():
        for email in emails:
            accounts.create_user(db.session, email, PASSWORD, "editor", 12, CLI)
    return emails


def _sign_in(page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(url + "/admin/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    # Wait for the answer: the next goto must not cancel this sign-in in flight.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def _save(page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    if page.get_by_role("heading", name="Possible duplicates").count():
        page.get_by_role("button", name="Save anyway").click()
    page.wait_for_url(re.compile(r".*/admin/designations/\d+/edit$"))


def _second_editor(browser, url: str, email: str):
    """Another editor, signed in in a browser context of their own."""
    context = browser.new_context()
    other = context.new_page()
    _sign_in(other, url, email)
    other.wait_for_url("**/admin/")
    return context, other


def _create(page, url: str) -> int:
    page.goto(url + "/admin/designations/new")
    page.get_by_label("Primary name").fill("QUARTERMAINE, Bartholomew")
    page.locator("#names-0-full_name").fill("Bartolomeo Quartermain")
    page.get_by_role("button", name="Add another name").click()
    page.locator("#names-1-full_name").fill("Варфоломей Квотермейн")
    page.locator("#nationalities-0-country").fill("RU")
    page.locator("#birth_dates-0-text").fill("circa 1960")
    page.locator("#measures-0-start_date").fill("2024-03-01")
    page.locator("#measures-0-program").select_option("GLOMAG")
    page.get_by_role("button", name="Add another measure").click()
    page.locator("#measures-1-measure_type").select_option("visa_ban")
    page.locator("#measures-1-program").select_option("GLOMAG")
    page.locator("#measures-1-start_date").fill("2024-03-01")
    _save(page)
    return int(page.url.split("/")[-2])


def test_staff_enter_edit_resolve_a_conflict_and_delist(live_server, browser, page, staff):
    url = live_server.url
    _sign_in(page, url, staff[0])
    page.wait_for_url("**/admin/")
    designation_id = _create(page, url)

    page.goto(url + "/search?q=Bartolomeo+Quatermain")  # a misspelled alias
    assert "QUARTERMAINE, Bartholomew" in page.locator("li.result").first.inner_text()

    edit_url = f"{url}/admin/designations/{designation_id}/edit"
    page.goto(edit_url)
    page.get_by_label("Remarks").fill("Entered from the browser test.")
    _save(page)
    assert "Saved." in page.inner_text("main")

    other_context, other = _second_editor(browser, url, staff[1])
    page.goto(edit_url)
    other.goto(edit_url)
    page.get_by_label("Remarks").fill("First editor's remarks.")
    _save(page)
    other.get_by_label("Remarks").fill("Second editor's remarks.")
    other.get_by_role("button", name="Save", exact=True).click()
    assert "Someone else saved this designation" in other.inner_text("main")
    assert "First editor's remarks." in other.locator("table.conflict").inner_text()
    assert other.get_by_label("Remarks").input_value() == "Second editor's remarks."
    other.get_by_role("button", name="Save merged version").click()
    other.wait_for_url(edit_url)
    other_context.close()

    page.goto(f"{url}/admin/designations/{designation_id}/delist")
    page.get_by_label("Delisted on").fill("2025-06-30")
    page.get_by_label("Reason").fill("Removed after review.")
    page.get_by_label("Reference").fill("90 FR 28000")
    page.get_by_role("button", name="Delist").click()
    page.wait_for_url(edit_url)

    page.goto(f"{url}/designations/{designation_id}")
    main = page.inner_text("main")
    assert "Delisted on 2025-06-30" in main and "90 FR 28000" in main
    history = page.locator("ol.history").inner_text()
    assert "Created" in history and "Edited (Remarks)" in history and "Delisted" in history
    assert staff[0] not in main


def test_repeated_wrong_passwords_lock_the_account_for_a_while(live_server, page, staff):
    for _ in range(live_server.app.config["LOGIN_LOCKOUT_ATTEMPTS"]):
        _sign_in(page, live_server.url, staff[0], "wrong password")
    _sign_in(page, live_server.url, staff[0])
    assert "/admin/login" in page.url
    assert "Wrong email or password" in page.inner_text("main")


def test_markup_typed_into_a_field_is_shown_as_text(live_server, page, staff):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _sign_in(page, live_server.url, staff[0])
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/designations/new")
    nasty = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    page.get_by_label("Primary name").fill(nasty)
    page.get_by_label("Remarks").fill("'; DROP TABLE designations; --")
    _save(page)
    designation_id = int(page.url.split("/")[-2])
    page.goto(f"{live_server.url}/designations/{designation_id}")
    assert page.locator("h1").inner_text() == nasty
    assert dialogs == []


def test_a_conflict_never_reverts_what_the_other_editor_changed(live_server, browser, page, staff):
    """Two editors open X; the first changes Remarks and saves; the second changes only the
    date of birth, gets the conflict page and saves the merged version: both changes stay."""
    url = live_server.url
    _sign_in(page, url, staff[0])
    page.wait_for_url("**/admin/")
    designation_id = _create(page, url)
    edit_url = f"{url}/admin/designations/{designation_id}/edit"
    page.goto(edit_url)
    page.get_by_label("Remarks").fill("Original remarks.")
    _save(page)

    other_context, other = _second_editor(browser, url, staff[1])
    page.goto(edit_url)
    other.goto(edit_url)
    page.get_by_label("Remarks").fill("Remarks the first editor wrote.")
    _save(page)
    other.locator("#birth_dates-0-text").fill("12 Mar 1961")
    other.get_by_role("button", name="Save", exact=True).click()
    assert "Someone else saved this designation" in other.inner_text("main")
    assert "No field was changed by both of you" in other.inner_text("main")
    assert other.get_by_label("Remarks").input_value() == "Remarks the first editor wrote."
    other.get_by_role("button", name="Save merged version").click()
    other.wait_for_url(edit_url)
    other_context.close()

    page.goto(edit_url)
    assert page.get_by_label("Remarks").input_value() == "Remarks the first editor wrote."
    assert page.locator("#birth_dates-0-text").input_value() == "12 Mar 1961"
