"""Batch screening service: reading liberal CSV input, per-row errors, matches per row."""

from __future__ import annotations

import csv
import io

import pytest

from app.extensions import db
from app.runners import screening_settings
from app.services import screening


def _layout(text: str | bytes) -> screening.CsvLayout:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return screening.inspect_csv(io.BytesIO(data))


def _rows(data: bytes) -> list[screening.ScreeningRow]:
    stream = io.BytesIO(data)
    layout = screening.inspect_csv(stream)
    return list(screening.read_rows(screening.open_text(stream, layout.encoding), layout, 300))


@pytest.mark.parametrize("header", ["name", "Full_Name", "NAME", "full name"])
def test_the_name_column_may_be_spelled_several_ways(header):
    assert _layout(f"{header},dob\nA B,1970\n").roles["name"] == 0


def test_optional_columns_are_recognised_by_their_usual_names():
    layout = _layout("Ref,Name,Date of Birth,Nationality\n")
    assert layout.roles == {"reference": 0, "name": 1, "birth_date": 2, "country": 3}


def test_a_file_without_a_name_column_is_refused_listing_its_columns():
    with pytest.raises(screening.ScreeningFileError, match='"surname", "born"'):
        _layout("surname,born\nSmith,1970\n")


def test_semicolons_are_read_as_the_delimiter():
    rows = _rows(b"name;country\nSMITH, John;UK\n")
    assert (rows[0].name, rows[0].country) == ("SMITH, John", "UK")


def test_a_single_column_file_keeps_commas_inside_names():
    assert _rows(b"name\nSMITH, John\n")[0].name == "SMITH, John"


def test_utf8_with_a_bom_is_read():
    assert _rows("\ufeffname\nКузнецов Артём\n".encode())[0].name == "Кузнецов Артём"


def test_windows_1252_is_read_when_the_file_is_not_utf8():
    assert _rows("name\nJosé Müller\n".encode("cp1252"))[0].name == "José Müller"


def test_a_line_that_is_not_utf8_in_a_utf8_file_is_an_error_on_that_row():
    rows = _rows("name\nZoë Smith\n".encode() + b"Bad \xff\xfe\n" + b"Ann Lee\n")
    assert [row.error is None for row in rows] == [True, False, True]
    assert "not valid UTF-8" in rows[1].error


def test_a_bad_date_is_an_error_on_its_row_and_the_next_row_is_read():
    rows = _rows(b"name,dob\nA Person,31/02/1970\nB Person,1970-02-28\n")
    assert "dob: '31/02/1970' is not a date" in rows[0].error
    assert rows[1].error is None and rows[1].birth_date.isoformat() == "1970-02-28"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1975", (None, 1975)),
        ("28.02.1975", ("1975-02-28", None)),
        ("28 Feb 1975", ("1975-02-28", None)),
    ],
)
def test_birth_dates_are_read_in_the_usual_forms(text, expected):
    birth_date, year = screening.parse_birth(text)
    assert (birth_date.isoformat() if birth_date else None, year) == expected


def test_an_empty_name_is_an_error_and_blank_lines_are_skipped():
    rows = _rows(b"name,ref\n,R1\n,\nA Person,R3\n")
    assert [row.line for row in rows] == [2, 4]
    assert rows[0].error == "name: empty"


def test_a_row_with_more_fields_than_the_header_is_an_error():
    rows = _rows(b"name,ref\nSMITH, John,R1\n")
    assert "3 fields but the header has 2" in rows[0].error


def test_listed_names_match_with_details_and_unknown_names_do_not(seeded_app):
    rows = _rows(b"name,dob\nArtem Kuznetsov,1975\nZebulon Quxworthy,\n,\n")
    screener = screening.Screener(db.session, screening_settings())
    listed, unknown = screener.screen_rows(rows)
    assert listed.status == screening.MATCH
    best = listed.matches[0]
    assert best.designation.name == "KUZNETSOV, Artem"
    assert {"asset_freeze", "visa_ban"} <= {m["type"] for m in best.designation.measures}
    assert unknown.status == screening.NO_MATCH and unknown.matches == []


def test_matches_per_row_are_capped_by_the_setting(seeded_app):
    seeded_app.config["SCREENING_MAX_MATCHES_PER_ROW"] = 2
    rows = _rows(b"name\nIvanovich\n")
    screened = screening.Screener(db.session, screening_settings(0.0)).screen_rows(rows)
    assert len(screened[0].matches) == 2


def test_output_has_one_row_per_match_after_the_input_columns(seeded_app):
    stream = io.BytesIO(b"name,status\nArtem Kuznetsov,new\nBad,\n")
    layout = screening.inspect_csv(stream)
    rows = screening.read_rows(screening.open_text(stream, layout.encoding), layout, 300)
    out = io.StringIO()
    chunks = screening.screen_in_session(db.session, rows, screening_settings(), 10)
    summary = screening.write_results(chunks, layout, out, lambda i: f"/designations/{i}")
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("name,input_status,line,status,message,score,designation_id")
    assert lines[1].startswith("Artem Kuznetsov,new,2,match,,1.0000,")
    assert summary.rows == 2


def test_json_items_report_what_is_wrong_in_place():
    assert screening.row_from_json(3, {"name": " "}, 300).error == (
        "names[3].name: is required and must not be empty"
    )
    assert screening.row_from_json(0, {"name": "A", "birth_date": "soon"}, 300).error.startswith(
        "names[0].birth_date"
    )
    assert screening.row_from_json(1, "A", 300).error == "names[1]: must be an object with a name"


def test_a_match_carries_the_measures_and_jurisdictions_of_every_list_of_the_subject(seeded_app):
    (screened,) = screening.Screener(db.session, screening_settings()).screen_rows(
        _rows(b"name\nArtem Kuznetsov\n")
    )
    details = screened.matches[0].designation
    assert details.jurisdictions == ["AU", "CA", "UK", "US"]
    assert {s["source"] for s in details.source_refs} == {
        "ofac-sdn",
        "uk-sanctions-list",
        "ca-sema-jvcfoa",
        "au-dfat-consolidated",
    }
    assert ("CA", "entry_ban") in {(m["jurisdiction"], m["type"]) for m in details.measures}
    assert len(screened.matches) == len({m.designation.subject_id for m in screened.matches})


def test_the_output_csv_has_a_jurisdictions_column_and_can_start_with_a_bom(seeded_app):
    stream = io.BytesIO(b"name\nArtem Kuznetsov\n")
    layout = screening.inspect_csv(stream)
    rows = screening.read_rows(screening.open_text(stream, layout.encoding), layout, 300)
    out = io.StringIO()
    chunks = screening.screen_in_session(db.session, rows, screening_settings(), 10)
    screening.write_results(chunks, layout, out, str, excel_bom=True)
    text = out.getvalue()
    assert text.startswith("\ufeffname,line,status")
    header, first = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[:2]
    assert first[header.index("jurisdictions")] == "AU; CA; UK; US"


def test_a_windows_1252_file_is_read_as_decode_text_reads_it():
    data = "name\nJosé Müller\n".encode("cp1252")
    assert screening.detect_encoding(io.BytesIO(data)) == "cp1252"
