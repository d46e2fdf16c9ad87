"""The subject page in a real browser: one person across lists, at desktop and phone width."""

from __future__ import annotations


def _open_kuznetsov(live_server, page) -> None:
    page.goto(live_server.url + "/search?q=Kuznetsov+Artem")
    page.locator("li.result h2 a").first.click()
    page.wait_for_url("**/designations/*")


def test_the_page_leads_with_the_subject_across_its_lists(live_server, page):
    _open_kuznetsov(live_server, page)
    main = page.locator("main")
    headings = [h.strip() for h in page.locator("main h2").all_inner_texts()]
    assert headings[:4] == ["Sanctioned by 4 jurisdictions", "Names", "Facts", "Listings"]
    grid = page.locator("table.grid").inner_text()
    assert "Entry ban" in grid and "Visa ban" in grid and "Travel ban" in grid
    assert page.locator("table.grid").count() == 1  # the grid once, no second measures table
    names = page.locator("table.names").inner_text()
    assert "UK Sanctions List" in names and "OFAC SDN List" in names
    listings = page.locator("section.listing h3").all_inner_texts()
    assert len(listings) == 4 and listings[0].startswith("OFAC Specially Designated Nationals")
    link = page.get_by_role("link", name="This entry on the list's site")
    assert link.get_attribute("href").endswith("id=15886")
    assert "uk-sanctions-list" not in main.inner_text()


def test_a_program_in_the_grid_opens_to_its_legal_basis(live_server, page):
    _open_kuznetsov(live_server, page)
    program = page.locator("table.grid details.program", has_text="MAGNIT:").first
    program.locator("summary").click()
    assert "Public Law 112-208" in program.inner_text()


def test_the_page_fits_a_phone_screen(live_server, page):
    page.set_viewport_size({"width": 375, "height": 800})
    _open_kuznetsov(live_server, page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert page.locator("h1").is_visible()
