"""The search page's formats and filters refuse what they do not know (issue 10)."""

from __future__ import annotations

import csv
import io

from app.services.search_export import CSV_COLUMNS


def test_a_csv_download_without_results_still_has_its_header_row(seeded_client):
    response = seeded_client.get("/search?q=Zebulon+Quxworthy&format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [list(CSV_COLUMNS)]


def test_a_csv_download_with_results_has_one_header_then_the_rows(seeded_client):
    text = seeded_client.get("/search?q=Kuznetsov+Artem&format=csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) > 1 and rows[1][0] == "1"


def test_an_unknown_format_is_a_400_naming_the_formats(seeded_client):
    response = seeded_client.get("/search?q=Kuznetsov&format=xml")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "format must be one of html, csv, json, jsonl, not &#39;xml&#39;" in page


def test_an_unknown_format_asked_for_as_json_is_a_json_400(seeded_client):
    response = seeded_client.get(
        "/search?q=Kuznetsov&format=xml", headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "format"


def test_a_bogus_must_face_filter_is_shown_as_an_error_with_400(seeded_client):
    response = seeded_client.get("/search?q=Kuznetsov&has=bogus")
    assert response.status_code == 400
    assert "&#39;bogus&#39; is not a measure: choose one from the list" in response.get_data(
        as_text=True
    )


def test_a_bogus_must_not_face_filter_in_a_download_is_a_json_400(seeded_client):
    response = seeded_client.get("/search?q=Kuznetsov&lacks=US:nonsense&format=csv")
    assert response.status_code == 400
    assert "lacks" in response.get_json()["error"]["fields"]


def test_a_listed_measure_filter_still_works(seeded_client):
    response = seeded_client.get("/search?q=Kuznetsov+Artem&has=US:visa_ban")
    assert response.status_code == 200
    assert "KUZNETSOV, Artem" in response.get_data(as_text=True)


def test_a_download_without_a_name_is_a_json_400(seeded_client):
    response = seeded_client.get("/search?format=csv")
    assert response.status_code == 400
    assert "q" in response.get_json()["error"]["fields"]
