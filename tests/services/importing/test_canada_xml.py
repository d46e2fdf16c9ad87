"""The Consolidated Canadian Autonomous Sanctions List reader."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.services.importing.canada_xml import read_canada_xml
from app.services.importing.errors import SourceFileError

SHARED_CANADA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "canada"
JVCFOR = (
    "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) /\u00a0 Règlement "
    "relatif à la justice pour les victimes de dirigeants étrangers corrompus (RJVDEC)"
)


KUZNETSOV = "<LastName>KUZNETSOV</LastName><GivenName>Artem</GivenName>"


def ca_record(
    country: str = JVCFOR, item: int = 1, schedule: str | None = "1", body: str = ""
) -> str:
    schedule_xml = f"<Schedule>{schedule}</Schedule>" if schedule is not None else ""
    return (
        f"<record><Country>{country}</Country>{body or KUZNETSOV}"
        f"{schedule_xml}<Item>{item}</Item></record>"
    )


def read(tmp_path: Path, *records: str):
    path = tmp_path / "ca.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<data-set>\n'
        + "".join(f"{r}\n" for r in records)
        + "</data-set>\n",
        encoding="utf-8",
    )
    return read_canada_xml(path)


def test_a_jvcfor_record_is_a_magnitsky_designation_with_freeze_and_entry_ban(tmp_path):
    (record,) = read(tmp_path, ca_record(item=34)).records
    assert (record.source, record.ref, record.kind) == (
        "ca-sema-jvcfoa",
        "CA-JVCFOA:1:34",
        "individual",
    )
    assert record.primary_name == "KUZNETSOV, Artem"
    assert [(m.measure_type, m.jurisdiction, m.program_code) for m in record.measures] == [
        ("asset_freeze", "CA", "CA-JVCFOA"),
        ("entry_ban", "CA", "CA-JVCFOA"),
    ]
    assert (record.source_file, record.source_line) == ("ca.xml", 3)


def test_a_sema_record_is_an_asset_freeze_under_its_countrys_regulations(tmp_path):
    aliases = "Air Bagan Holdings Pte. Ltd., Air Bagan Limited"
    body = f"<Entity>Air Bagan</Entity><Aliases>{aliases}</Aliases>"
    (record,) = read(tmp_path, ca_record("Burma / Birmanie", body=body)).records
    assert (record.ref, record.kind, record.program_codes) == (
        "CA-SEMA-BURMA:1:1", "entity", ["CA-SEMA-BURMA"],
    )  # fmt: skip
    assert [n.full_name for n in record.names] == [
        "Air Bagan", "Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited",
    ]  # fmt: skip
    assert [m.measure_type for m in record.measures] == ["asset_freeze"]


def test_russias_debt_schedules_are_not_a_freeze(tmp_path):
    (record,) = read(
        tmp_path, ca_record("Russia / Russie", schedule="2", body="<Entity>VEB</Entity>")
    ).records
    assert [m.measure_type for m in record.measures] == ["debt_restrictions"]


def test_the_ref_ignores_how_a_missing_schedule_is_written(tmp_path):
    result = read(
        tmp_path,
        ca_record("Venezuela ", item=1, schedule="N/A"),
        ca_record("Venezuela", item=2, schedule=None),
        ca_record("Russia / Russie", item=3, schedule="1, Part 2"),
    )
    assert [r.ref for r in result.records] == [
        "CA-SEMA-VENEZUELA:-:1", "CA-SEMA-VENEZUELA:-:2", "CA-SEMA-RUSSIA:1 Part 2:3",
    ]  # fmt: skip


def test_names_lose_their_no_break_spaces_and_birth_dates_split_on_or(tmp_path):
    body = (
        "<LastName>ALBOSTANI\u00a0</LastName><GivenName>Meshal Saad </GivenName>"
        "<DateOfBirth>1972-08-10 or 1972-08-11</DateOfBirth><Title>Colonel</Title>"
    )
    (record,) = read(tmp_path, ca_record(body=body)).records
    assert record.primary_name == "ALBOSTANI, Meshal Saad"
    assert [(b.text, b.earliest) for b in record.birth_dates] == [
        ("1972-08-10", date(1972, 8, 10)), ("1972-08-11", date(1972, 8, 11)),
    ]  # fmt: skip
    assert record.titles == ["Colonel"]


def test_a_record_without_a_name_is_reported_with_its_line_and_skipped(tmp_path):
    records = [ca_record(item=n) for n in range(1, 150)] + [
        ca_record(item=150, body="<Title>x</Title>")
    ]
    result = read(tmp_path, *records)
    assert len(result.records) == 149
    assert [str(e) for e in result.errors] == [
        "ca.xml, line 152: CA-JVCFOA:1:150 has no Entity, LastName or GivenName"
    ]
    assert result.skipped_refs == {"CA-JVCFOA:1:150"}


def test_a_duplicate_listing_is_reported(tmp_path):
    records = [ca_record(item=n) for n in range(1, 150)] + [ca_record(item=7)]
    result = read(tmp_path, *records)
    assert "duplicate listing CA-JVCFOA:1:7 (first on line 9)" in str(result.errors[0])


def test_a_cut_off_file_is_refused(tmp_path):
    path = tmp_path / "ca.xml"
    path.write_text("<data-set><record><Country>Iran</Country><Ite", encoding="utf-8")
    with pytest.raises(SourceFileError, match="cut off"):
        read_canada_xml(path)


def test_another_xml_document_is_refused(tmp_path):
    path = tmp_path / "ca.xml"
    path.write_text("<CONSOLIDATED_LIST></CONSOLIDATED_LIST>", encoding="utf-8")
    with pytest.raises(SourceFileError, match="root element"):
        read_canada_xml(path)


@pytest.fixture(scope="module")
def real_list():
    path = SHARED_CANADA / "sema-lmes_2020-04.xml"
    if not path.exists():
        pytest.skip(f"the shared Canadian data is not at {SHARED_CANADA}")
    return read_canada_xml(path)


def test_the_real_list_reads_every_record_70_of_them_jvcfor(real_list):
    assert (len(real_list.records), real_list.errors) == (1369, [])
    assert sum(r.program_codes == ["CA-JVCFOA"] for r in real_list.records) == 70
