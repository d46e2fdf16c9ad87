"""The UK Sanctions List readers (CSV and ODS): one record per Unique ID."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.services.importing.errors import SourceFileError
from app.services.importing.uk_csv import read_uk_csv
from app.services.importing.uk_ods import read_uk_ods

SHARED_UK = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "uk"
HEADER = (
    "Unique ID,OFSI Group ID,Name,Regime Name,Type,Designation source,Date Designated,"
    "Sanctions Imposed\r\n"
)
GAC_ROW = (
    "GAC0001,14092,KUZNETSOV Artem Konstantinovich,Global Anti-Corruption,Individual,UK,"
    '26-04-2021,"Asset freeze, Director Disqualification Sanction, Travel Ban"\r\n'
)


def uk_csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "uk.csv"
    path.write_text(header + "".join(rows), encoding="utf-8", newline="")
    return path


def uk_row(ref: str, name: str = "PERSON Some", kind: str = "Individual", **cells: str) -> str:
    measures = cells.get("measures", "Asset freeze")
    designated = cells.get("designated", "06-07-2020")
    group = cells.get("group", "13897")
    return f'{ref},{group},{name},Global Human Rights,{kind},UK,{designated},"{measures}"\r\n'


def test_a_row_becomes_a_designation_under_its_regime(tmp_path):
    (record,) = read_uk_csv(uk_csv(tmp_path, GAC_ROW)).records
    assert (record.source, record.ref, record.kind) == (
        "uk-sanctions-list",
        "GAC0001",
        "individual",
    )
    assert record.primary_name == "KUZNETSOV Artem Konstantinovich"
    assert (record.program_codes, record.listed_on) == (["UK-GAC"], date(2021, 4, 26))
    assert (record.source_file, record.source_line) == ("uk.csv", 2)


def test_sanctions_imposed_become_uk_measures_from_the_designation_date(tmp_path):
    (record,) = read_uk_csv(uk_csv(tmp_path, GAC_ROW)).records
    assert [
        (m.measure_type, m.jurisdiction, m.program_code, m.start_date) for m in record.measures
    ] == [
        ("asset_freeze", "UK", "UK-GAC", date(2021, 4, 26)),
        ("director_disqualification", "UK", "UK-GAC", date(2021, 4, 26)),
        ("travel_ban", "UK", "UK-GAC", date(2021, 4, 26)),
    ]


def test_placeholder_measures_are_ignored(tmp_path):
    path = uk_csv(tmp_path, uk_row("GHR0001", measures="-, Asset freeze, Trust Services Sanctions"))
    (record,) = read_uk_csv(path).records
    assert [m.measure_type for m in record.measures] == ["asset_freeze", "trust_services_sanctions"]


def test_an_unknown_measure_is_kept_and_warned_about(tmp_path):
    (record,) = (
        result := read_uk_csv(uk_csv(tmp_path, uk_row("GHR0001", measures="Moon ban")))
    ).records
    assert [m.measure_type for m in record.measures] == ["moon_ban"]
    assert "'Moon ban'" in result.warnings[0]


def test_ships_are_vessels_and_the_ofsi_group_id_is_an_identifier(tmp_path):
    (record,) = read_uk_csv(uk_csv(tmp_path, uk_row("RUS0001", "RUBY CROSS", "Ship"))).records
    assert record.kind == "vessel"
    assert [(i.id_type, i.number) for i in record.identifiers] == [("OFSI Group ID", "13897")]


def test_an_empty_cell_padded_across_lines_reads_as_empty(tmp_path):
    row = 'RUS0002,"\n            ",RUBY CROSS,Russia,Ship,UK,21-07-2025,Asset freeze\r\n'
    records = read_uk_csv(uk_csv(tmp_path, row, uk_row("RUS0003"))).records
    assert (records[0].identifiers, records[1].source_line) == ([], 4)


def test_a_row_without_a_name_is_reported_with_its_line_and_skipped(tmp_path):
    rows = [uk_row(f"GHR{n:04}") for n in range(1, 200)]
    rows[10] = uk_row("GHR0011", name="")
    result = read_uk_csv(uk_csv(tmp_path, *rows))
    assert len(result.records) == 198
    assert [str(e) for e in result.errors] == ["uk.csv, line 12: GHR0011 has an empty Name"]
    assert result.skipped_refs == {"GHR0011"}


def test_a_bad_date_is_reported_and_the_row_skipped(tmp_path):
    rows = [uk_row(f"GHR{n:04}") for n in range(1, 200)] + [
        uk_row("GHR0999", designated="31-02-2020")
    ]
    result = read_uk_csv(uk_csv(tmp_path, *rows))
    assert "GHR0999" in str(result.errors[0]) and "DD-MM-YYYY" in str(result.errors[0])


def test_a_file_without_the_lists_columns_is_refused(tmp_path):
    with pytest.raises(SourceFileError, match="not a UK Sanctions List export"):
        read_uk_csv(uk_csv(tmp_path, "a,b\r\n", header="Name,Something\r\n"))


def test_a_cut_off_csv_is_refused(tmp_path):
    path = uk_csv(tmp_path, GAC_ROW)
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(SourceFileError, match="cut off"):
        read_uk_csv(path)


# --- ODS --------------------------------------------------------------------------------------

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value: str, repeat: int = 1) -> str:
    attribute = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-cell{attribute}><text:p>{value}</text:p></table:table-cell>"


def ods(tmp_path: Path, rows_xml: str, name: str = "uk.ods") -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}><office:body>'
        f'<office:spreadsheet><table:table table:name="List">{rows_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def ods_row(*values: str) -> str:
    return f"<table:table-row>{''.join(ods_cell(v) for v in values)}</table:table-row>"


HEADER_CELLS = HEADER.strip().split(",")


def test_ods_repeated_cells_and_spaces_are_expanded(tmp_path):
    row = (
        "<table:table-row>"
        + ods_cell("GHR0001")
        + ods_cell("")
        + "<table:table-cell><text:p>KARA<text:s/>Yuri"
        + '<text:s text:c="2"/>X</text:p></table:table-cell>'
        + ods_cell("Global Human Rights")
        + ods_cell("Individual")
        + ods_cell("UK")
        + ods_cell("29-09-2020")
        + ods_cell("Asset freeze")
        + '<table:table-cell table:number-columns-repeated="16376"/>'
        + "</table:table-row>"
        + '<table:table-row table:number-rows-repeated="1048000">'
        + "<table:table-cell/></table:table-row>"
    )
    (record,) = read_uk_ods(ods(tmp_path, ods_row(*HEADER_CELLS) + row)).records
    assert record.primary_name == "KARA Yuri X"  # names are tidied to single spaces
    assert record.identifiers == []  # the repeated empty cell kept the columns in place
    assert record.source_line == 2


def test_ods_rows_after_repeated_rows_keep_their_row_numbers(tmp_path):
    empty = '<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
    row = ods_row("GHR0001", "1", "A B", "Global Human Rights", "Individual", "UK", "", "")
    (record,) = read_uk_ods(ods(tmp_path, ods_row(*HEADER_CELLS) + empty + row)).records
    assert record.source_line == 5


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "uk.ods"
    path.write_bytes(b"Unique ID,Name\r\n")
    with pytest.raises(SourceFileError, match="not a zip"):
        read_uk_ods(path)


def test_a_truncated_ods_is_refused(tmp_path):
    path = ods(tmp_path, ods_row(*HEADER_CELLS) + ods_row(*GAC_ROW.split(",")[:7]))
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(SourceFileError):
        read_uk_ods(path)


def test_an_ods_with_garbled_xml_is_refused(tmp_path):
    path = tmp_path / "uk.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document-content><table:table>")
    with pytest.raises(SourceFileError, match="not well-formed"):
        read_uk_ods(path)


def test_a_zip_without_content_is_refused(tmp_path):
    path = tmp_path / "uk.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.txt", "hello")
    with pytest.raises(SourceFileError, match="no content.xml"):
        read_uk_ods(path)


# --- the real export ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_exports():
    csv_path = SHARED_UK / "uk_sanctions_list_2025-08-11.csv"
    if not csv_path.exists():
        pytest.skip(f"the shared UK data is not at {SHARED_UK}")
    return read_uk_csv(csv_path), read_uk_ods(csv_path.with_suffix(".ods"))


def _without_position(record):
    return dataclasses.replace(record, source_file=None, source_line=None)


def test_the_csv_and_ods_of_one_export_give_identical_records(real_exports):
    from_csv, from_ods = real_exports
    assert len(from_csv.records) == len(from_ods.records) == 5300
    assert [_without_position(r) for r in from_csv.records] == [
        _without_position(r) for r in from_ods.records
    ]


def test_the_real_export_has_217_magnitsky_style_designations(real_exports):
    from_csv, _ = real_exports
    codes = [r.program_codes[0] for r in from_csv.records]
    assert (codes.count("UK-GHR"), codes.count("UK-GAC")) == (152, 65)


def test_the_real_exports_two_nameless_rows_are_skipped(real_exports):
    from_csv, _ = real_exports
    assert from_csv.skipped_refs == {"BEL0174", "RUS1467"}
    assert not from_csv.warnings  # every measure of the export is known
