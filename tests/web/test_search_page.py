"""The search page: results, explanations, no-result help, downloads, bad input."""

from __future__ import annotations

import csv
import io


def test_search_page_shows_matched_name_score_and_measures(seeded_client):
    page = seeded_client.get("/search?q=Kouznetsov+Artyom").get_data(as_text=True)
    assert "KUZNETSOV, Artem" in page
    assert "<mark>KUZNETSOV, Artyom</mark>" in page
    assert "<meter" in page
    assert "Asset freeze" in page and "Visa ban" in page
    assert "Why:" in page


def test_no_results_say_what_was_searched_and_suggest_loosening(seeded_client):
    page = seeded_client.get("/search?q=Kuznetsov+Artem&kind=vessel").get_data(as_text=True)
    assert "No designation matched" in page
    assert "kind vessel" in page
    assert "without filters" in page


def test_a_surname_alone_lists_its_namesakes_below_the_threshold(seeded_client):
    page = seeded_client.get("/search?q=Kusnezow").get_data(as_text=True)
    assert "No designation matched" in page
    assert "Other people with this name" in page
    assert "KUZNETSOV, Artem" in page


def test_other_people_with_the_name_agree_on_every_name_part_given(seeded_client):
    page = seeded_client.get("/search?q=Kuznetsov+Zebulon").get_data(as_text=True)
    assert "Other people with this name" not in page  # no Kuznetsov is a Zebulon


def test_other_people_with_the_name_are_listed_below_matches_that_fit_a_page(seeded_client):
    page = seeded_client.get("/search?q=Kuznetsov").get_data(as_text=True)
    matches, _, near = page.partition("Other people with this name")
    assert near and "partial name" in near and "partial name" not in matches
    assert "may be the person you mean" in near


def test_near_misses_stay_out_of_downloads_and_the_api(seeded_client):
    body = seeded_client.get("/search?q=Kusnezow&format=json").get_json()
    assert body["total"] == 0 and body["results"] == []
    assert seeded_client.get("/api/v1/search?q=Kusnezow").get_json()["results"] == []


def test_results_download_as_csv_from_the_same_url(seeded_client):
    response = seeded_client.get("/search?q=Kuznetsov+Artem&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["name"] == "KUZNETSOV, Artem"


def test_results_download_as_json_from_the_same_url(seeded_client):
    body = seeded_client.get("/search?q=Kuznetsov+Artem&format=json").get_json()
    assert body["results"][0]["source_refs"][0] == {"source": "ofac-sdn", "ref": "15886"}


def test_invalid_filters_are_explained_next_to_the_field(seeded_client):
    response = seeded_client.get("/search?q=Ivanov&birth_year=abc&min_score=7")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give a score between 0 and 1." in page


def test_query_is_shown_escaped(seeded_client):
    page = seeded_client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_delisted_designations_are_searched_only_on_request(seeded_client):
    page = seeded_client.get("/search?q=Kuznetsov+Artem&status=delisted").get_data(as_text=True)
    assert "No designation matched" in page


def test_a_result_shows_the_same_person_on_other_lists(seeded_client):
    page = seeded_client.get("/search?q=Kuznetsov+Artem").get_data(as_text=True)
    assert "Also listed as" in page
    assert "CA Entry ban" in page and "US Visa ban" in page


def test_search_form_filters_by_measures_across_jurisdictions(seeded_client):
    page = seeded_client.get("/search?q=Kuznetsov+Artem&has=US:visa_ban&lacks=CA:entry_ban")
    text = page.get_data(as_text=True)
    assert "without a CA entry ban" in text
    assert "No designation matched" in text
