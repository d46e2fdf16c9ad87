"""Reading Australia's Consolidated List (DFAT, .xlsx): listings, names, dates, measures."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from app.services.importing.au_xlsx import COLUMNS, program_code, read_au_xlsx
from app.services.importing.errors import SourceFileError
from tests.conftest import SHARED_DIR

AU_FILE = SHARED_DIR / "data" / "au" / "australia_consolidated_list_2026-02.xlsx"


def row(reference, name, **values):
    """A sheet row: the columns in order, with the values given by column name."""
    cells = {
        "Reference": reference,
        "Name of Individual or Entity": name,
        "Type": "Individual",
        "Name Type": "Primary Name",
        "Committees": "Autonomous (Thematic - Human Rights)",
        "Control Date": datetime(2022, 3, 30),
        "Listing Information": "Thematic Sanctions Instrument 2022",
        "Targeted Financial Sanction": True,
        "Travel Ban": True,
        "Arms Embargo": False,
        "Maritime Restriction": False,
    }
    cells.update({k.replace("_", " "): v for k, v in values.items()})
    return [cells.get(column) for column in COLUMNS]


def workbook(tmp_path, rows, header=COLUMNS, name="list.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Consolidated List"
    sheet.append(list(header))
    for cells in rows:
        sheet.append(cells)
    path = tmp_path / name
    book.save(path)
    return path


def test_lettered_references_are_the_aliases_of_one_designation(tmp_path):
    path = workbook(
        tmp_path,
        [
            row(6832, "Aleksei DROGANOV"),
            row("6832a", "Aleksey DROGANOV", Name_Type="Alias", Alias_Strength="Strong"),
            row("6832b", "Алексей ДРОГАНОВ", Name_Type="Original Script"),
            row("6832c", "Lyosha", Name_Type="Alias", Alias_Strength="Weak"),
        ],
    )
    (record,) = read_au_xlsx(path).records
    assert record.ref == "6832" and record.primary_name == "Aleksei DROGANOV"
    assert [(n.full_name, n.name_type, n.quality) for n in record.names] == [
        ("Aleksei DROGANOV", "primary", "strong"),
        ("Aleksey DROGANOV", "aka", "strong"),
        ("Алексей ДРОГАНОВ", "aka", "strong"),
        ("Lyosha", "aka", "weak"),
    ]


def test_the_per_row_columns_give_the_measures_under_jurisdiction_au(tmp_path):
    path = workbook(
        tmp_path,
        [row(1, "A VESSEL", Type="Vessel", Travel_Ban=False, Maritime_Restriction=True)],
    )
    (record,) = read_au_xlsx(path).records
    assert [(m.measure_type, m.jurisdiction, m.program_code) for m in record.measures] == [
        ("asset_freeze", "AU", "AU-THEMATIC-HUMAN-RIGHTS"),
        ("maritime_restriction", "AU", "AU-THEMATIC-HUMAN-RIGHTS"),
    ]
    assert record.kind == "vessel"


def test_regimes_become_program_codes_the_en_dash_counting_as_a_hyphen():
    assert program_code("Autonomous (Thematic - Human Rights)") == "AU-THEMATIC-HUMAN-RIGHTS"
    assert program_code("Autonomous (Thematic \u2013 Corruption)") == "AU-THEMATIC-CORRUPTION"
    assert program_code("1267 Committee (ISIL & Al-Qaida)") == "AU-UNSC-1267"
    assert program_code("Autonomous (Russia)") == "AU-RUSSIA"


def test_dates_of_birth_in_all_their_forms(tmp_path):
    cell = "14/03/1974, 08/1977; Approximately 1960, Between 1963 and 1968, 16/11/1977 16/11/1974"
    path = workbook(
        tmp_path,
        [
            row(1, "ONE", Date_of_Birth=datetime(1975, 2, 28)),
            row(2, "TWO", Date_of_Birth=1963),
            row(3, "THREE", Date_of_Birth=cell),
        ],
    )
    one, two, three = read_au_xlsx(path).records
    assert [(b.earliest, b.latest) for b in one.birth_dates] == [(date(1975, 2, 28),) * 2]
    assert [(b.earliest, b.latest) for b in two.birth_dates] == [
        (date(1963, 1, 1), date(1963, 12, 31))
    ]
    assert [(b.text, b.earliest, b.latest) for b in three.birth_dates] == [
        ("14/03/1974", date(1974, 3, 14), date(1974, 3, 14)),
        ("08/1977", date(1977, 8, 1), date(1977, 8, 31)),
        ("Approximately 1960", date(1958, 1, 1), date(1962, 12, 31)),
        ("Between 1963 and 1968", date(1963, 1, 1), date(1968, 12, 31)),
        ("16/11/1977", date(1977, 11, 16), date(1977, 11, 16)),
        ("16/11/1974", date(1974, 11, 16), date(1974, 11, 16)),
    ]


def test_citizenship_addresses_imo_listing_text_and_control_date_are_kept(tmp_path):
    path = workbook(
        tmp_path,
        [
            row(
                9,
                "SHIP",
                Type="Vessel",
                Citizenship="a) Sudan b) South Sudan, Chad",
                Address="a) Port A, Russia b) Port B, Russia",
                IMO_Number=9288693,
                Listing_Information="Listed on 2 Sep. 2014 (relisted on 1 Sep. 2017)",
                Control_Date=datetime(2025, 6, 11),
            )
        ],
    )
    result = read_au_xlsx(path)
    (record,) = result.records
    assert record.citizenships == ["Sudan", "South Sudan", "Chad"]
    assert [a.address for a in record.addresses] == ["Port A, Russia", "Port B, Russia"]
    assert [(i.id_type, i.number) for i in record.identifiers] == [("IMO", "9288693")]
    assert record.listed_on == date(2014, 9, 2)
    assert (
        "Listed on 2 Sep. 2014" in record.remarks and "Control date: 2025-06-11" in record.remarks
    )
    assert result.data_date == date(2025, 6, 11)


def test_a_bad_row_is_reported_with_sheet_and_row_and_skipped(tmp_path):
    rows = [row(n, f"PERSON {n}") for n in range(1, 200)] + [row("x7", "BAD")]
    result = read_au_xlsx(workbook(tmp_path, rows))
    assert len(result.records) == 199
    assert [str(e) for e in result.errors] == [
        "list.xlsx, sheet 'Consolidated List', line 201: Reference 'x7' is not a number "
        "with an optional letter (like 6832a)"
    ]


def test_a_file_of_many_bad_rows_is_refused_as_garbled(tmp_path):
    rows = [row(n, f"PERSON {n}", Travel_Ban="perhaps") for n in range(1, 20)]
    with pytest.raises(SourceFileError, match="garbled"):
        read_au_xlsx(workbook(tmp_path, rows))


def test_another_spreadsheet_is_refused_naming_the_missing_columns(tmp_path):
    path = workbook(tmp_path, [["x", "y"]], header=("Name", "Regime"))
    with pytest.raises(SourceFileError, match="no column Reference"):
        read_au_xlsx(path)


def test_a_cut_off_download_is_refused(tmp_path):
    whole = workbook(tmp_path, [row(1, "ONE")]).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(SourceFileError, match="cut off"):
        read_au_xlsx(cut)


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(SourceFileError, match="zip bomb"):
        read_au_xlsx(bomb)


def test_the_unpacked_size_and_the_rows_are_capped(tmp_path):
    path = workbook(tmp_path, [row(n, f"PERSON {n}") for n in range(1, 30)])
    with pytest.raises(SourceFileError, match="would unpack to"):
        read_au_xlsx(path, max_uncompressed_bytes=1000)
    with pytest.raises(SourceFileError, match="more than 10 rows"):
        read_au_xlsx(path, max_rows=10)


def test_a_doctype_in_any_part_is_refused(tmp_path):
    path = workbook(tmp_path, [row(1, "ONE")])
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(evil, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "b">]>' + data.split(b"?>", 1)[-1]
            target.writestr(item, data)
    with pytest.raises(SourceFileError, match="DOCTYPE"):
        read_au_xlsx(evil)


@pytest.fixture
def real_list():
    if not AU_FILE.exists():
        pytest.skip(f"the shared Australian data is not at {AU_FILE}")
    return read_au_xlsx(AU_FILE)


def test_the_real_list_gives_one_designation_per_reference_number(real_list):
    assert (len(real_list.records), real_list.errors) == (3811, [])
    assert real_list.data_date == date(2026, 2, 24)
    thematic = [
        r
        for r in real_list.records
        if r.program_codes[0].startswith("AU-THEMATIC-")
        and not r.program_codes[0].endswith("CYBER")
    ]
    assert len(thematic) == 119
    kuznetsov = next(r for r in real_list.records if r.ref == "6856")
    assert kuznetsov.primary_name == "Artem Konstantinovich KUZNETSOV"
    assert {(m.measure_type, m.program_code) for m in kuznetsov.measures} == {
        ("asset_freeze", "AU-THEMATIC-CORRUPTION"),
        ("travel_ban", "AU-THEMATIC-CORRUPTION"),
    }
    assert [(b.earliest) for b in kuznetsov.birth_dates] == [date(1975, 2, 28)]
