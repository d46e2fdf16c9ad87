"""The certificate page in a real browser: issued from the results page, printed clean."""

from __future__ import annotations


def test_a_printed_certificate_shows_the_statement_without_the_site_navigation(
    live_server, page, tmp_path
):
    live_server.app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "certificate-key.pem")
    page.goto(live_server.url + "/search?q=Zebulon+Quxworthy")
    with page.expect_navigation():
        page.get_by_role("button", name="Certificate of this search").click()
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.get_by_role("link", name="Download the JSON document").is_visible()
    assert "matched nothing" in page.locator(".certificate-statement").inner_text()
    assert page.locator("#certificate-digest").is_visible()
