"""Data dates on the pages, in the API and on downloads; stale lists flagged."""

from __future__ import annotations


def test_the_lists_endpoint_gives_one_entry_per_list(seeded_client):
    body = seeded_client.get("/api/v1/lists").get_json()
    by_source = {entry["source"]: entry for entry in body["lists"]}
    assert set(by_source) == {
        "ofac-sdn",
        "uk-sanctions-list",
        "ca-sema-jvcfoa",
        "au-dfat-consolidated",
    }
    ofac = by_source["ofac-sdn"]
    assert (ofac["jurisdiction"], ofac["data_date"], ofac["stale"]) == ("US", "2024-05-03", True)
    assert ofac["name"] and ofac["last_update"]
    assert body["stale_after_days"] == 7


def test_search_and_screening_responses_carry_the_lists_dates(seeded_client):
    search = seeded_client.get("/api/v1/search?q=Kuznetsov+Artem").get_json()
    assert {entry["source"] for entry in search["lists"]} >= {"ofac-sdn", "au-dfat-consolidated"}
    screen = seeded_client.post("/api/v1/screen", json={"names": [{"name": "Droganov"}]})
    assert any(entry["data_date"] == "2025-08-11" for entry in screen.get_json()["lists"])


def test_the_home_search_and_detail_pages_show_the_dates_and_flag_stale_ones(seeded_client):
    home = seeded_client.get("/").get_data(as_text=True)
    assert "data of 2024-05-03" in home and "stale: check the publisher" in home
    results = seeded_client.get("/search?q=Kuznetsov+Artem").get_data(as_text=True)
    assert "Lists searched, data as of:" in results
    assert "Australian Consolidated List" in results


def test_a_download_names_the_lists_dates_in_its_headers(seeded_client):
    response = seeded_client.get("/export.csv")
    response.close()  # served from the built export file
    assert "ofac-sdn=2024-05-03;stale" in response.headers["X-List-Dates"]
    assert '/api/v1/lists>; rel="describedby"' in response.headers["Link"]


def test_the_detail_page_shows_the_date_of_the_list_behind_the_listing(seeded_client):
    hit = seeded_client.get("/api/v1/search?q=Aleksei+Droganov").get_json()["results"][0]
    page = seeded_client.get(f"/designations/{hit['id']}").get_data(as_text=True)
    assert "The list behind this listing" in page and "data of " in page


def test_the_designation_json_carries_the_dates_of_its_lists(seeded_client):
    hit = seeded_client.get("/api/v1/search?q=Aleksei+Droganov").get_json()["results"][0]
    body = seeded_client.get(f"/api/v1/designations/{hit['id']}").get_json()
    sources = {s["source"] for s in body["source_refs"]}
    assert {entry["source"] for entry in body["lists"]} == sources
