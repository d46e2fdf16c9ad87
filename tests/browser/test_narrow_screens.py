"""Every page fits a 375 px phone screen: nothing is wider than the viewport (issue 10).

Each page is opened in Chromium at 375 px (the search page with its filters open, the
admin pages signed in) and measured: the document may not scroll sideways, and no
visible element may end beyond the right edge, not even inside a scrolling box.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Designation, SourceRef, User
from app.services import accounts
from app.services.audit import CLI

WIDTH = 375
PASSWORD = "correct horse battery staple"
# Set to a folder to keep a screenshot of every page measured (for looking at them).
SCREENSHOT_DIR = os.environ.get("NARROW_SCREENSHOT_DIR")

# Visible elements whose right edge is past the viewport, described for the failure message.
MEASURE = """(width) => {
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (element.closest('.skip-link')) continue;  // off-screen on purpose until focused
    if (box.right > width + 0.5) {
      const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
        + (element.className && typeof element.className === 'string'
           ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
      const text = (element.innerText || '').slice(0, 40);
      wide.push(`${name} ends at ${Math.round(box.right)} px: ${text}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10)};
}"""


def _designation_id(app, source: str, ref: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Designation.id)
            .join(SourceRef)
            .where(SourceRef.source == source, SourceRef.ref == ref)
        )


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _assert_fits(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        height = page.evaluate("document.documentElement.scrollHeight")
        for part in range(min(4, -(-height // 1000))):  # readable slices of the page
            clip = {"x": 0, "y": part * 1000, "width": WIDTH, "height": 1000}
            path = Path(SCREENSHOT_DIR) / f"{name}-{part}.png"
            page.screenshot(path=str(path), full_page=True, clip=clip)
    measured = page.evaluate(MEASURE, WIDTH)
    assert measured["scrollWidth"] <= WIDTH and not measured["wide"], (name, measured)


def _sign_in(page, url: str) -> None:
    page.goto(url + "/admin/login")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


PUBLIC_PAGES = {
    "home": "/",
    "about": "/about",
    "browse": "/designations",
    "search": "/search?q=Kuznetsov",
    "no-match": "/search?q=Zebulon+Quxworthy&kind=vessel",
    "compare": "/compare",
    "screen": "/screen",
    "sign-in": "/admin/login",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_a_public_page_fits_375_px(live_server, narrow, name):
    narrow.goto(live_server.url + PUBLIC_PAGES[name])
    _assert_fits(narrow, name)


def test_the_search_page_fits_375_px_with_its_filters_open(live_server, narrow):
    narrow.goto(live_server.url + "/search?q=Kuznetsov+Artem")
    narrow.locator("details.more-filters summary").click()
    _assert_fits(narrow, "search-filters")


def test_a_detail_page_listed_by_several_jurisdictions_fits_375_px(live_server, narrow):
    designation_id = _designation_id(live_server.app, "ofac-sdn", "15886")
    narrow.goto(f"{live_server.url}/designations/{designation_id}")
    assert narrow.get_by_role("heading", name="Sanctioned by").count() == 1
    _assert_fits(narrow, "detail")


@pytest.fixture
def admin_page(live_server, narrow):
    with live_server.app.app_context():
        accounts.create_user(db.session, "admin@example.org", PASSWORD, "admin", 12, CLI)
    _sign_in(narrow, live_server.url)
    return narrow


ADMIN_PAGES = {
    "admin-home": "/admin/",
    "admin-find": "/admin/designations?q=Kuznetsov",
    "admin-new": "/admin/designations/new",
    "admin-imports": "/admin/imports",
    "admin-links": "/admin/links",
    "admin-audit": "/admin/audit",
    "admin-users": "/admin/users",
    "admin-new-user": "/admin/users/new",
    "admin-account": "/admin/account/password",
    "admin-tokens": "/admin/account",
    "admin-screenings": "/admin/screenings?all=1",
    "admin-monitored-lists": "/admin/monitored-lists",
    "admin-new-monitored-list": "/admin/monitored-lists/new",
    "admin-lists": "/admin/lists",
    "admin-jobs": "/admin/jobs",
}


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_an_admin_page_fits_375_px(live_server, admin_page, name):
    admin_page.goto(live_server.url + ADMIN_PAGES[name])
    _assert_fits(admin_page, name)


@pytest.mark.parametrize("name", ["edit", "delist"])
def test_the_forms_of_a_record_fit_375_px(live_server, admin_page, name):
    designation_id = _designation_id(live_server.app, "ofac-sdn", "15886")
    admin_page.goto(f"{live_server.url}/admin/designations/{designation_id}/{name}")
    _assert_fits(admin_page, f"admin-{name}")


def test_an_account_and_an_audit_entry_fit_375_px(live_server, admin_page):
    with live_server.app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "admin@example.org"))
        entry_id = db.session.scalar(select(func.max(AuditEntry.id)))
    admin_page.goto(f"{live_server.url}/admin/users/{user_id}")
    _assert_fits(admin_page, "admin-user")
    admin_page.goto(f"{live_server.url}/admin/audit/{entry_id}")
    _assert_fits(admin_page, "admin-audit-entry")


def test_a_screening_result_page_fits_375_px(live_server, narrow, tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name,reference\nArtem Kuznetsov,A-1\nZebulon Quxworthy,A-2\n", "utf-8")
    narrow.goto(live_server.url + "/screen")
    narrow.locator("input[type=file]").set_input_files(str(names))
    with narrow.expect_navigation():
        narrow.get_by_role("button", name="Screen").click()
    narrow.get_by_text("Done:").wait_for()
    _assert_fits(narrow, "screen-result")


@pytest.mark.parametrize(
    ("name", "search"),
    [
        ("certificate-no-match", "/search?q=Zebulon+Quxworthy"),
        ("certificate", "/search?q=Kuznetsov+Artem"),
    ],
)
def test_a_certificate_page_fits_375_px(live_server, narrow, tmp_path, name, search):
    live_server.app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "certificate-key.pem")
    narrow.goto(live_server.url + search)
    with narrow.expect_navigation():
        narrow.get_by_role("button", name="Certificate of this search").click()
    assert narrow.get_by_role("heading", name="Certificate of search").count() == 1
    _assert_fits(narrow, name)


def test_a_stored_screening_run_and_its_review_fit_375_px(live_server, admin_page, tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name,reference\nArtem Kuznetsov,A-1\nZebulon Quxworthy,A-2\n", "utf-8")
    admin_page.goto(live_server.url + "/screen")
    admin_page.locator("input[type=file]").set_input_files(str(names))
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Screen").click()
    admin_page.get_by_text("Done:").wait_for()
    admin_page.goto(live_server.url + "/admin/screenings")
    with admin_page.expect_navigation():
        admin_page.locator("table.screening-runs a").first.click()
    assert admin_page.get_by_role("button", name="Record the decision").count() >= 1
    _assert_fits(admin_page, "admin-screening-run")
    admin_page.get_by_label("Decision").first.select_option("true_match")
    admin_page.get_by_label("Reason (required)").first.fill("Born 1990: not the listed person")
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Record the decision").first.click()
    assert admin_page.get_by_text("Born 1990: not the listed person").count() >= 1
    _assert_fits(admin_page, "admin-screening-run-decided")
