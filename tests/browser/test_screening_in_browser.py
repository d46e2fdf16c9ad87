"""Screening a list in a real browser: upload, watch progress, download the results."""

from __future__ import annotations

import csv
import io

import pytest


@pytest.fixture(autouse=True)
def _jobs_in_tmp(live_server, tmp_path):
    live_server.app.config["SCREENING_JOB_DIR"] = str(tmp_path / "jobs")


def test_an_uploaded_list_is_screened_and_its_results_download(live_server, page, tmp_path):
    source = tmp_path / "clients.csv"
    source.write_text("name;reference\nArtem Kuznetsov;C-1\nZebulon Quxworthy;C-2\n", "utf-8")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Screen a list").click()
    page.get_by_label("CSV file of names").set_input_files(str(source))
    page.get_by_role("button", name="Screen").click()
    page.wait_for_url("**/screen/*")
    link = page.get_by_role("link", name="Download the results (CSV)")
    link.wait_for()
    main = page.inner_text("main")
    assert "Match" in main and "KUZNETSOV, Artem" in main  # the matches are on the page
    with page.expect_download() as download_info:
        link.click()
    text = download_info.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["reference"] == "C-1" and rows[0]["designation_name"] == "KUZNETSOV, Artem"
    assert rows[-1]["status"] == "no match"


def test_a_file_without_names_is_refused_on_the_page(live_server, page, tmp_path):
    source = tmp_path / "clients.csv"
    source.write_text("surname,born\nSmith,1970\n", "utf-8")
    page.goto(live_server.url + "/screen")
    page.get_by_label("CSV file of names").set_input_files(str(source))
    page.get_by_role("button", name="Screen").click()
    assert 'the columns found are "surname", "born"' in page.inner_text("main")


def test_the_result_page_filters_rows_by_status(live_server, page, tmp_path):
    source = tmp_path / "clients.csv"
    source.write_text("name\nArtem Kuznetsov\nZebulon Quxworthy\n", "utf-8")
    page.goto(live_server.url + "/screen")
    page.get_by_label("CSV file of names").set_input_files(str(source))
    page.get_by_role("button", name="Screen").click()
    page.wait_for_url("**/screen/*")
    page.get_by_role("link", name="No match").first.click()
    results = page.locator(".screening-results")
    assert "Zebulon Quxworthy" in results.inner_text()
    assert "Artem Kuznetsov" not in results.inner_text()
