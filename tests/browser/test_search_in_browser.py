"""A person searching in a real browser: search, filter, open a result, download CSV."""

from __future__ import annotations

import csv
import io


def test_search_finds_a_name_written_in_cyrillic(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_label("Name").fill("Кузнецов Артём")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?**")
    first = page.locator("li.result").first
    assert "KUZNETSOV, Artem" in first.inner_text()
    assert "Asset freeze" in first.inner_text() and "Visa ban" in first.inner_text()


def test_filter_narrows_results_and_says_so_when_nothing_is_left(live_server, page):
    page.goto(live_server.url + "/search?q=Kuznetsov+Artem")
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Kind").select_option("entity")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**kind=entity**")
    assert page.locator("li.result").count() == 0
    assert "No designation matched" in page.inner_text("main")
    assert "kind entity" in page.inner_text("main")


def test_opening_a_result_shows_the_designation_page(live_server, page):
    page.goto(live_server.url + "/search?q=Kouznetsov+Artiom")
    page.locator("li.result h2 a").first.click()
    page.wait_for_url("**/designations/*")
    assert page.locator("h1").inner_text() == "KUZNETSOV, Artem"
    assert "KUZNETSOV, Artyom" in page.inner_text("main")


def test_explanation_expands_from_the_one_line_why(live_server, page):
    page.goto(live_server.url + "/search?q=Kouznetsov+Artyom")
    details = page.locator("li.result details").first
    assert not details.locator("pre").is_visible()
    details.locator("summary").click()
    assert "romanisation" in details.locator("pre").inner_text()


def test_results_download_as_csv(live_server, page):
    page.goto(live_server.url + "/search?q=Kuznetsov+Artem")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    path = download_info.value.path()
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0]["name"] == "KUZNETSOV, Artem"
    assert rows[0]["source_refs"].startswith("ofac-sdn:15886")  # then the same man on other lists


def test_search_page_is_usable_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/search?q=Kuznetsov+Artem")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375
    context.close()


def test_typing_shows_the_best_matches_as_you_type(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_label("Name").press_sequentially("Kouznetsov Artiom", delay=20)
    suggestion = page.locator("#search-suggestions li").first
    suggestion.wait_for()
    assert "KUZNETSOV, Artem" in suggestion.inner_text()


def test_search_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Name").fill("Kuznetsov Artem")
    page.get_by_role("button", name="Search", exact=True).click()
    assert "KUZNETSOV, Artem" in page.locator("li.result").first.inner_text()
    context.close()
