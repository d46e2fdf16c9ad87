"""The OFAC legacy CSV reader: sdn.csv plus alt.csv, add.csv and sdn_comments.csv."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from app.services.importing.errors import SourceFileError
from app.services.importing.ofac_csv import read_ofac_csv
from app.services.importing.records import (
    AddressRecord,
    IdentifierRecord,
    LinkRecord,
    NameRecord,
    RowError,
)

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
Cell = str | int | None

# --- builders: files written the way OFAC writes them --------------------------------


def ofac_cell(value: Cell) -> str:
    """OFAC's cell format: numbers bare, text quoted, empty as a padded ``-0-``."""
    if value is None:
        return "-0- "
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace('"', '""') + '"'


def ofac_line(*cells: Cell) -> str:
    return ",".join(ofac_cell(cell) for cell in cells) + "\r\n"


def sdn_row(
    ent_num: Cell = 15886,
    name: Cell = "KUZNETSOV, Artem",
    sdn_type: Cell = "individual",
    programs: Cell = "MAGNIT",
    title: Cell = None,
    vessel: Sequence[Cell] = (None,) * 6,
    remarks: Cell = "DOB 28 Feb 1975; POB Baku, Azerbaijan.",
) -> str:
    return ofac_line(ent_num, name, sdn_type, programs, title, *vessel, remarks)


def alt_row(ent_num: Cell, name: Cell, alt_type: Cell = "aka", alt_num: int = 1) -> str:
    return ofac_line(ent_num, alt_num, alt_type, name, None)


def add_row(ent_num: Cell, address: Cell, city: Cell, country: Cell, add_num: int = 1) -> str:
    return ofac_line(ent_num, add_num, address, city, country, None)


def comment_row(ent_num: Cell, text: str) -> str:
    return ofac_line(ent_num, text)


def write_file(path: Path, lines: Sequence[str], *, end: str = "\x1a", encoding="utf-8") -> None:
    path.write_bytes(("".join(lines) + end).encode(encoding))


def write_ofac(
    directory: Path,
    sdn: Sequence[str] = (sdn_row(),),
    alt: Sequence[str] | None = (),
    add: Sequence[str] | None = (),
    comments: Sequence[str] | None = (),
) -> Path:
    """Write an OFAC CSV set; a None file is left out."""
    for name, lines in [("sdn.csv", sdn), ("alt.csv", alt), ("add.csv", add),
                        ("sdn_comments.csv", comments)]:  # fmt: skip
        if lines is not None:
            write_file(directory / name, lines)
    return directory


def entities(count: int, first: int = 1000) -> list[str]:
    return [sdn_row(first + n, f"COMPANY {n}", None, "SDGT", remarks=None) for n in range(count)]


# --- reading ---------------------------------------------------------------------------


def test_an_individual_row_becomes_a_record_with_its_primary_name(tmp_path):
    (record,) = read_ofac_csv(write_ofac(tmp_path)).records
    assert (record.source, record.ref, record.kind) == ("ofac-sdn", "15886", "individual")
    assert record.names == [NameRecord("KUZNETSOV, Artem", "primary", "strong")]
    assert (record.source_file, record.source_line) == ("sdn.csv", 1)


def test_dash_zero_cells_are_empty_and_an_empty_type_is_an_entity(tmp_path):
    write_ofac(tmp_path, sdn=[sdn_row(306, "BANCO NACIONAL DE CUBA", None, "CUBA", remarks=None)])
    (record,) = read_ofac_csv(tmp_path).records
    assert (record.kind, record.titles, record.remarks, record.identifiers) == (
        "entity", [], None, []
    )  # fmt: skip


def test_remarks_are_kept_whole_and_parsed(tmp_path):
    (record,) = read_ofac_csv(write_ofac(tmp_path)).records
    assert record.remarks == "DOB 28 Feb 1975; POB Baku, Azerbaijan."
    assert record.birth_dates[0].earliest == date(1975, 2, 28)
    assert record.birth_places == ["Baku, Azerbaijan"]


def test_programs_joined_with_brackets_are_split(tmp_path):
    write_ofac(tmp_path, sdn=[sdn_row(programs="DPRK3] [CYBER2")])
    assert read_ofac_csv(tmp_path).records[0].program_codes == ["DPRK3", "CYBER2"]


def test_the_title_column_becomes_a_title(tmp_path):
    write_ofac(tmp_path, sdn=[sdn_row(title="Major General")])
    assert read_ofac_csv(tmp_path).records[0].titles == ["Major General"]


def test_vessel_columns_become_identifiers(tmp_path):
    vessel = ("CL2192", "Tug", None, "212", "Cuba", "Samir de Navegacion S.A.")
    write_ofac(
        tmp_path, sdn=[sdn_row(4238, "MAR AZUL", "vessel", "CUBA", vessel=vessel, remarks=None)]
    )
    (record,) = read_ofac_csv(tmp_path).records
    assert record.kind == "vessel"
    assert record.identifiers == [
        IdentifierRecord("Call Sign", "CL2192", country="Cuba"),
        IdentifierRecord("Vessel Type", "Tug"),
        IdentifierRecord("Vessel GRT", "212"),
        IdentifierRecord("Vessel Flag", "Cuba"),
        IdentifierRecord("Vessel Owner", "Samir de Navegacion S.A."),
    ]


def test_alt_names_are_strong_aliases_and_remark_akas_weak(tmp_path):
    write_ofac(
        tmp_path,
        sdn=[sdn_row(remarks="a.k.a. 'TEMA'.")],
        alt=[alt_row(15886, "KUZNETSOV, Artyom"), alt_row(15886, "KUZNETSOV, Artem Old", "fka", 2)],
    )
    assert read_ofac_csv(tmp_path).records[0].names[1:] == [
        NameRecord("KUZNETSOV, Artyom", "aka", "strong"),
        NameRecord("KUZNETSOV, Artem Old", "fka", "strong"),
        NameRecord("TEMA", "aka", "weak"),
    ]


def test_addresses_come_from_add_csv_and_all_empty_rows_are_ignored(tmp_path):
    write_ofac(
        tmp_path,
        add=[add_row(15886, "Zweierstrasse 35", "Zurich CH-8022", "Switzerland"),
             add_row(15886, None, None, None, 2)],
    )  # fmt: skip
    assert read_ofac_csv(tmp_path).records[0].addresses == [
        AddressRecord("Zweierstrasse 35", "Zurich CH-8022", "Switzerland")
    ]


def test_comments_continue_the_remarks_where_they_were_cut(tmp_path):
    # OFAC cuts long remarks anywhere, even inside a word or right after a space.
    write_ofac(
        tmp_path,
        sdn=[
            sdn_row(28263, "TIAN, Yinyin", remarks="Gender Male; a.k.a. 'tianyinyin0404'; a.k.a. ")
        ],
        comments=[
            comment_row(28263, "'snowsjo"),
            comment_row(28263, "hn'; Linked To: LAZARUS GROUP."),
        ],
    )
    (record,) = read_ofac_csv(tmp_path).records
    assert record.remarks.endswith("a.k.a. 'snowsjohn'; Linked To: LAZARUS GROUP.")
    assert record.names[-1] == NameRecord("snowsjohn", "aka", "weak")
    assert record.links == [LinkRecord("LAZARUS GROUP")]


def test_a_link_points_at_the_entry_listed_under_that_name(tmp_path):
    write_ofac(
        tmp_path,
        sdn=[sdn_row(23252, "GERTLER, Dan", remarks=None),
             sdn_row(24670, "ORIENTAL IRON COMPANY SPRL", None, "GLOMAG",
                     remarks="a.k.a. 'ORICO'; Linked To: GERTLER, Dan.")],
    )  # fmt: skip
    assert read_ofac_csv(tmp_path).records[1].links == [
        LinkRecord("GERTLER, Dan", target_ref="23252")
    ]


def test_measures_are_left_for_the_loader(tmp_path):
    assert read_ofac_csv(write_ofac(tmp_path)).records[0].measures == []


def test_rows_naming_entries_not_in_sdn_csv_are_counted_and_skipped(tmp_path):
    write_ofac(
        tmp_path,
        alt=[alt_row(99999, "GHOST"), alt_row(15886, "KUZNETSOV, Artyom")],
        add=[add_row(99999, None, "Havana", "Cuba")],
        comments=[comment_row(99998, "more.")],
    )
    result = read_ofac_csv(tmp_path)
    assert result.unknown_entry_rows == {"alt.csv": 1, "add.csv": 1, "sdn_comments.csv": 1}
    assert (result.errors, len(result.records[0].names)) == ([], 2)


def test_missing_optional_files_are_warnings(tmp_path):
    result = read_ofac_csv(write_ofac(tmp_path, alt=None, add=None, comments=None))
    assert len(result.records) == 1
    assert [w.split()[0] for w in result.warnings] == ["sdn_comments.csv", "alt.csv", "add.csv"]


def test_a_cp1252_file_is_read_with_a_warning(tmp_path):
    write_file(tmp_path / "sdn.csv", [sdn_row(name="MÜLLER, Jürgen")], encoding="cp1252")
    result = read_ofac_csv(tmp_path)
    assert result.records[0].primary_name == "MÜLLER, Jürgen"
    assert "sdn.csv is not UTF-8; read as cp1252" in result.warnings


# --- bad rows: reported with file and line, then skipped -------------------------------


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ('15886,"KUZNETSOV, Artem","individual"\r\n', "expected 12 columns, found 3"),
        (sdn_row(ent_num="A15"), "ent_num 'A15' is not a number"),
        (sdn_row(ent_num=77, name=None), "entry 77 has an empty SDN_Name"),
        (sdn_row(ent_num=1000), "duplicate ent_num 1000 (first on line 1)"),
        (sdn_row(ent_num=78, sdn_type="spaceship"), "entry 78 has an unknown SDN_Type 'spaceship'"),
        ('15886,"KUZNETSOV, "Artem"",-0-\r\n', "not valid CSV: ',' expected after '\"'"),
    ],
)
def test_a_malformed_sdn_row_is_reported_with_file_and_line_and_skipped(tmp_path, bad_row, message):
    rows = entities(150)
    rows.insert(120, bad_row)
    result = read_ofac_csv(write_ofac(tmp_path, sdn=rows))
    assert result.errors == [RowError("sdn.csv", 121, message)]
    assert len(result.records) == 150


def test_a_malformed_alt_row_is_reported_and_skipped(tmp_path):
    alt = [alt_row(1000 + n, f"ALIAS {n}") for n in range(150)] + [alt_row(1001, "X", "alias")]
    result = read_ofac_csv(write_ofac(tmp_path, sdn=entities(150), alt=alt))
    assert result.errors == [RowError("alt.csv", 151, "unknown alt_type 'alias'")]


# --- files refused as a whole ------------------------------------------------------------


def refusal(directory: Path) -> str:
    with pytest.raises(SourceFileError) as refused:
        read_ofac_csv(directory)
    return str(refused.value)


def test_a_missing_sdn_csv_is_refused(tmp_path):
    assert refusal(write_ofac(tmp_path, sdn=None)).startswith("sdn.csv not found in")


def test_a_file_cut_off_in_its_last_row_is_refused(tmp_path):
    write_ofac(tmp_path)
    cut = (tmp_path / "sdn.csv").read_bytes()[:-30]
    (tmp_path / "sdn.csv").write_bytes(cut)
    assert refusal(tmp_path).startswith("sdn.csv is cut off")


def test_an_sdn_csv_cut_at_a_line_boundary_without_its_end_mark_is_refused(tmp_path):
    write_file(tmp_path / "sdn.csv", entities(150)[:100], end="")
    assert refusal(tmp_path).startswith(
        "sdn.csv is cut off: it does not end with the end-of-file mark OFAC writes"
    )


@pytest.mark.parametrize("name", ["alt.csv", "add.csv", "sdn_comments.csv"])
def test_every_file_of_the_set_must_carry_the_end_mark(tmp_path, name):
    write_ofac(tmp_path)
    write_file(tmp_path / name, [], end="")
    assert refusal(tmp_path).startswith(f"{name} is cut off")


def test_a_file_ending_inside_an_open_quote_is_refused(tmp_path):
    write_file(tmp_path / "sdn.csv", [sdn_row()])
    write_file(tmp_path / "alt.csv", ['15886,1,"aka","KUZNETSOV\r\n'])
    assert refusal(tmp_path).startswith("alt.csv ends inside a quoted value (from line 1)")


def test_a_binary_file_is_refused(tmp_path):
    write_ofac(tmp_path)
    (tmp_path / "add.csv").write_bytes(bytes(range(256)) * 20 + b"\r\n")
    assert refusal(tmp_path) == "add.csv is not a text file (it holds binary data)"


def test_a_file_with_many_malformed_rows_is_refused_as_garbled(tmp_path):
    rows = entities(150) + ["this is not,a sanctions list\r\n"] * 2
    assert refusal(write_ofac(tmp_path, sdn=rows)).startswith(
        "sdn.csv looks garbled: 2 of 152 rows are malformed (first: line 151, expected 12 columns"
    )


def test_a_file_without_valid_rows_is_refused(tmp_path):
    assert refusal(write_ofac(tmp_path, sdn=[])) == (
        "sdn.csv has no valid rows: is it the right file?"
    )


# --- the real list ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_list():
    directory = SHARED_DATA / "ofac"
    if not (directory / "sdn.csv").is_file():
        pytest.skip(f"the shared OFAC data is not at {directory}")
    return read_ofac_csv(directory)


def test_the_real_list_reads_every_sdn_row_without_errors(real_list):
    assert (len(real_list.records), real_list.errors, real_list.warnings) == (14965, [], [])


def test_the_real_list_counts_rows_of_newer_files_naming_unknown_entries(real_list):
    assert real_list.unknown_entry_rows == {"sdn_comments.csv": 2, "alt.csv": 1468, "add.csv": 2474}


def test_the_real_list_has_757_magnitsky_entries_296_of_them_individuals(real_list):
    magnitsky = [r for r in real_list.records if {"MAGNIT", "GLOMAG"} & set(r.program_codes)]
    assert (len(magnitsky), sum(r.kind == "individual" for r in magnitsky)) == (757, 296)


def test_the_real_list_has_kuznetsov_with_alias_birth_date_and_place(real_list):
    (record,) = [r for r in real_list.records if r.ref == "15886"]
    assert record.primary_name == "KUZNETSOV, Artem"
    assert NameRecord("KUZNETSOV, Artyom", "aka", "strong") in record.names
    assert [(b.text, b.earliest) for b in record.birth_dates] == [
        ("28 Feb 1975", date(1975, 2, 28))
    ]
    assert (record.birth_places, record.program_codes) == (["Baku, Azerbaijan"], ["MAGNIT"])
