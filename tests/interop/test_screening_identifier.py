"""Screening's id_number column: holders of the number are matches, listed first."""

from __future__ import annotations

import io

from flask import Flask

from app.extensions import db
from app.runners import screening_settings
from app.services import screening


def _screen_csv(text: str) -> list[screening.ScreenedRow]:
    layout = screening.inspect_csv(io.BytesIO(text.encode("utf-8")))
    rows = screening.read_rows(io.StringIO(text), layout, 300)
    settings = screening_settings()
    return [
        row
        for chunk in screening.screen_in_session(db.session, rows, settings, 10)
        for row in chunk
    ]


def test_a_passport_column_is_read_as_the_id_number(seeded_app: Flask):
    layout = screening.inspect_csv(io.BytesIO(b"name,passport\nX,1\n"))
    assert layout.roles["id_number"] == 1


def test_a_row_with_only_a_passport_number_matches_its_holder(seeded_app: Flask):
    [row] = _screen_csv("name,id_number\n,db 000-9084\n")
    assert row.status == screening.MATCH
    first = row.matches[0]
    assert first.designation.name == "GERTLER, Dan"
    assert first.matched_name == "identification number Passport DB0009084"
    assert first.score == 1.0


def test_the_numbers_holder_comes_before_the_names_matches(seeded_app: Flask):
    [row] = _screen_csv("name,id_number\nEmmerson Mnangagwa,DB0009084\n")
    names = [m.designation.name for m in row.matches]
    assert names[0] == "GERTLER, Dan"
    assert "MNANGAGWA, Emmerson Dambudzo" in names[1:]


def test_a_row_without_name_or_number_is_an_error(seeded_app: Flask):
    [row] = _screen_csv("name,id_number,reference\n,,r1\n")
    assert row.status == screening.ERROR


def test_the_json_api_takes_an_id_number(seeded_client):
    response = seeded_client.post("/api/v1/screen", json={"names": [{"id_number": "AD005831"}]})
    assert response.status_code == 200
    [result] = response.get_json()["results"]
    assert result["status"] == "match"
    assert result["matches"][0]["name"] == "MNANGAGWA, Emmerson Dambudzo"
    assert result["matches"][0]["matched_name_quality"] == "identifier"
