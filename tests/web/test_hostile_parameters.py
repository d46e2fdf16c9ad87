"""Hostile query values get a clear 400 or form error, never a 500 (issue 10)."""

from __future__ import annotations

import io

import pytest

from tests.hostile import server_errors

NOT_A_SCORE = ["sNaN", "nan", "NaN", "inf", "-Infinity", "1e999999", "9" * 5000, "2"]
PARAMETERS = ["page", "min_score", "birth_year", "limit", "offset", "threshold", "has", "lacks",
              "status", "kind", "sort", "format", "program", "birth_date"]  # fmt: skip


@pytest.mark.parametrize("value", NOT_A_SCORE)
def test_a_minimum_score_that_is_not_a_number_from_0_to_1_is_a_form_error(seeded_client, value):
    response = seeded_client.get("/search", query_string={"q": "Kuznetsov", "min_score": value})
    assert response.status_code == 400
    assert "Give a score between 0 and 1." in response.get_data(as_text=True)


@pytest.mark.parametrize("value", NOT_A_SCORE)
def test_screening_refuses_a_minimum_score_that_is_not_a_number_from_0_to_1(seeded_app, value):
    data = {"file": (io.BytesIO(b"name\nArtem Kuznetsov\n"), "names.csv"), "min_score": value}
    response = seeded_app.test_client().post("/screen", data=data)
    assert response.status_code == 400
    assert "Give a score between 0 and 1." in response.get_data(as_text=True)


def test_a_minimum_score_of_minus_zero_reads_as_zero(seeded_client):
    response = seeded_client.get("/search?q=Kuznetsov&min_score=-0&format=json")
    assert response.status_code == 200
    assert response.get_json()["threshold"] == 0


@pytest.mark.parametrize(
    "path",
    ["/", "/search?q=kuznetsov", "/designations", "/compare", "/screen", "/export.csv",
     "/api/v1/search?q=kuznetsov", "/api/v1/compare?a=x&b=y"],
)  # fmt: skip
def test_no_hostile_query_parameter_answers_500(seeded_client, path):
    assert server_errors(seeded_client, path, PARAMETERS) == []


@pytest.mark.parametrize(
    "path", ["/designations/{}", "/designations/{}.json", "/api/v1/designations/{}"]
)
def test_an_id_beyond_64_bits_in_a_url_is_not_found(seeded_client, path):
    assert seeded_client.get(path.format(2**64)).status_code == 404
