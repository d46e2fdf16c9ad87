"""ODS repeat counts are capped: a few bytes may not ask for gigabytes (issue 10).

Each hostile file is the 3 KB attack of the issue: one header row and one data row
whose row, cell or space count is huge. Real exports end with huge repeats of empty
rows and cells, which must stay cheap.
"""

from __future__ import annotations

import tracemalloc

import pytest

from app.services.importing.errors import SourceFileError
from app.services.importing.ods_table import OdsLimits, read_first_sheet
from app.services.importing.uk_list import COLUMNS
from tests.builders import ods_cell as cell
from tests.builders import ods_row as row
from tests.builders import write_ods

HEADER = list(COLUMNS)
DATA = [
    "GAC0001",
    "14092",
    "KUZNETSOV Artem",
    "Global Anti-Corruption",
    "Individual",
    "UK",
    "26-04-2021",
    "Asset freeze",
]


def header_row() -> str:
    return row([cell(name) for name in HEADER])


def data_row(repeat: int = 1) -> str:
    return row([cell(value) for value in DATA], repeat)


def peak_allocated_mb(read, path) -> float:
    """The most memory Python held at once while ``read(path)`` ran."""
    tracemalloc.start()
    try:
        read(path)
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def test_a_data_row_repeated_200_million_times_is_refused_naming_the_row(tmp_path):
    path = write_ods(tmp_path / "uk.ods", header_row(), data_row(repeat=200_000_000))
    assert path.stat().st_size < 3000
    with pytest.raises(
        SourceFileError, match=r"uk\.ods: row 2 asks for 200,000,000 copies of a row"
    ):
        read_first_sheet(path)


def test_a_cell_repeated_across_millions_of_columns_is_refused_naming_row_and_column(tmp_path):
    cells = [cell(value) for value in DATA[:2]] + [cell("KUZNETSOV", repeat=2_000_000_000)]
    path = write_ods(tmp_path / "uk.ods", header_row(), row(cells))
    with pytest.raises(
        SourceFileError, match=r"row 2, column 3 asks for 2,000,000,000 copies of a cell"
    ):
        read_first_sheet(path)


def test_two_billion_spaces_in_one_text_s_are_refused(tmp_path):
    spaced = 'KUZNETSOV<text:s text:c="2000000000"/>Artem'
    cells = [cell(value) for value in DATA[:2]] + [cell(inner=spaced)] + [cell(v) for v in DATA[3:]]
    path = write_ods(tmp_path / "uk.ods", header_row(), row(cells))
    with pytest.raises(SourceFileError, match=r"row 2, column 3 asks for 2,000,000,000 spaces"):
        read_first_sheet(path)


def test_a_value_after_billions_of_empty_cells_is_refused(tmp_path):
    cells = [cell(DATA[0]), cell(repeat=2_000_000_000), cell("late")]
    path = write_ods(tmp_path / "uk.ods", header_row(), row(cells))
    with pytest.raises(
        SourceFileError, match=r"row 2, column 2,000,000,002 asks for 2,000,000,000 empty cells"
    ):
        read_first_sheet(path)


def test_huge_trailing_empty_rows_and_cells_read_quickly_and_cheaply(tmp_path):
    trailing_cells = [cell(value) for value in DATA] + [cell(repeat=2_000_000_000)]
    path = write_ods(
        tmp_path / "uk.ods",
        header_row(),
        row(trailing_cells),
        row([cell(repeat=16_384)], repeat=1_000_000_000),
    )
    assert read_first_sheet(path) == [(1, HEADER), (2, DATA)]
    assert peak_allocated_mb(read_first_sheet, path) < 5


def test_small_repeats_of_values_are_still_read(tmp_path):
    path = write_ods(
        tmp_path / "uk.ods",
        row([cell("a"), cell("b", repeat=3), cell(inner='x<text:s text:c="2"/>y')], repeat=2),
    )
    expected = ["a", "b", "b", "b", "x  y"]
    assert read_first_sheet(path) == [(1, expected), (2, expected)]


def test_many_rows_each_repeated_within_the_cap_are_refused_past_the_row_limit(tmp_path):
    # 300 rows of 1,000 copies each: 300,000 rows from a file of a few kilobytes.
    path = write_ods(tmp_path / "uk.ods", header_row(), *[data_row(repeat=1000)] * 300)
    assert path.stat().st_size < 10_000
    with pytest.raises(SourceFileError, match=r"holds more than 200,000 rows with values"):
        read_first_sheet(path)


def test_wide_rows_within_the_cap_are_refused_past_the_cell_limit(tmp_path):
    wide = row([cell("x", repeat=1000)] * 50, repeat=2)  # 100,000 cells a row element
    path = write_ods(tmp_path / "uk.ods", header_row(), *[wide] * 60)
    with pytest.raises(SourceFileError, match=r"holds more than 5,000,000 cells \(ODS_MAX_CELLS\)"):
        read_first_sheet(path)


def test_the_cap_is_a_setting(tmp_path):
    path = write_ods(tmp_path / "uk.ods", data_row(repeat=5))
    assert len(read_first_sheet(path, OdsLimits(max_repeat=5))) == 5
    with pytest.raises(SourceFileError, match="at most 4 are read"):
        read_first_sheet(path, OdsLimits(max_repeat=4))


def test_content_unpacking_beyond_the_limit_is_refused_unread(tmp_path):
    path = write_ods(tmp_path / "uk.ods", header_row(), data_row())
    with pytest.raises(SourceFileError, match="content.xml unpacks to"):
        read_first_sheet(path, OdsLimits(max_content_bytes=100))


def test_import_uk_ods_refuses_the_hostile_file_with_exit_1_and_the_row(app, tmp_path):
    path = write_ods(tmp_path / "uk.ods", header_row(), data_row(repeat=200_000_000))
    result = app.test_cli_runner().invoke(args=["import", "uk-ods", str(path)])
    assert result.exit_code != 0
    assert "row 2 asks for 200,000,000 copies of a row" in result.output


def test_the_setting_reaches_the_import(app, tmp_path):
    app.config["ODS_MAX_REPEAT"] = 1
    path = write_ods(tmp_path / "uk.ods", header_row(), data_row(repeat=2))
    result = app.test_cli_runner().invoke(args=["import", "uk-ods", str(path)])
    assert "at most 1 are read (ODS_MAX_REPEAT)" in result.output
