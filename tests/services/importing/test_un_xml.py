"""The UN Security Council Consolidated List reader."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from app.services.importing.dates import CIRCA_YEARS
from app.services.importing.errors import SourceFileError
from app.services.importing.records import AddressRecord, IdentifierRecord, NameRecord
from app.services.importing.un_xml import read_un_xml

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"

# --- builders: hand-written XML in the list's own shape -----------------------------------


def un_individual(dataid: int = 6908555, ref: str = "QDi.001", body: str = "") -> str:
    names = "<FIRST_NAME>MOHAMMED</FIRST_NAME><SECOND_NAME>SALAHALDIN</SECOND_NAME>"
    return (
        f"<INDIVIDUAL><DATAID>{dataid}</DATAID>{names}<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER><LISTED_ON>2001-01-25</LISTED_ON>"
        f"{body}</INDIVIDUAL>"
    )


def un_entity(dataid: int = 6908024, ref: str = "QDe.001", body: str = "") -> str:
    return (
        f"<ENTITY><DATAID>{dataid}</DATAID><FIRST_NAME>AL-QAIDA</FIRST_NAME>"
        f"<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>"
        f"<LISTED_ON>2001-10-06</LISTED_ON>{body}</ENTITY>"
    )


def un_list(individuals: Sequence[str] = (), entities: Sequence[str] = ()) -> str:
    # One entry per line, so an entry's line number is easy to predict.
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n'
        + "".join(f"{entry}\n" for entry in individuals)
        + "</INDIVIDUALS>\n<ENTITIES>\n"
        + "".join(f"{entry}\n" for entry in entities)
        + "</ENTITIES>\n</CONSOLIDATED_LIST>\n"
    )


def read(tmp_path: Path, xml: str):
    path = tmp_path / "un.xml"
    path.write_text(xml, encoding="utf-8")
    return read_un_xml(path)


def read_one(tmp_path: Path, body: str):
    (record,) = read(tmp_path, un_list([un_individual(body=body)])).records
    return record


def alias(quality: str, name: str, note: str = "", tag: str = "INDIVIDUAL_ALIAS") -> str:
    return f"<{tag}><QUALITY>{quality}</QUALITY><ALIAS_NAME>{name}</ALIAS_NAME>{note}</{tag}>"


def birth(element_body: str) -> str:
    return f"<INDIVIDUAL_DATE_OF_BIRTH>{element_body}</INDIVIDUAL_DATE_OF_BIRTH>"


# --- reading --------------------------------------------------------------------------------


def test_an_individual_has_its_reference_program_and_listing_date(tmp_path):
    record = read_one(tmp_path, "")
    assert (record.source, record.ref, record.kind) == ("un-consolidated", "QDi.001", "individual")
    assert (record.program_codes, record.listed_on) == (["UN Al-Qaida"], date(2001, 1, 25))
    assert (record.source_file, record.source_line) == ("un.xml", 4)


def test_the_primary_name_joins_the_name_parts_in_order(tmp_path):
    record = read_one(
        tmp_path, "<THIRD_NAME>ABD EL HALIM</THIRD_NAME><FOURTH_NAME>ZIDANE</FOURTH_NAME>"
    )
    assert record.primary_name == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"


def test_the_name_in_original_script_is_a_strong_alias_with_script_left_to_the_loader(tmp_path):
    record = read_one(tmp_path, "<NAME_ORIGINAL_SCRIPT>محمد صلاح الدين</NAME_ORIGINAL_SCRIPT>")
    assert record.names[1] == NameRecord("محمد صلاح الدين", "aka", "strong", None)


def test_alias_quality_good_is_strong_low_is_weak_and_empty_aliases_are_skipped(tmp_path):
    record = read_one(
        tmp_path,
        alias("Good", "Sayf-Al Adl") + alias("Low", "Seif al Adel") + alias("", ""),
    )
    assert record.names[1:] == [
        NameRecord("Sayf-Al Adl", "aka", "strong"),
        NameRecord("Seif al Adel", "aka", "weak"),
    ]


def test_an_alias_previously_listed_is_a_former_name(tmp_path):
    record = read_one(
        tmp_path,
        alias("Good", "OLD NAME", note="<NOTE>previously listed as</NOTE>"),
    )
    assert record.names[1] == NameRecord("OLD NAME", "fka", "strong")


@pytest.mark.parametrize(
    ("body", "text", "earliest", "latest"),
    [
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1963-04-11</DATE>",
         "11 Apr 1963", date(1963, 4, 11), date(1963, 4, 11)),
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR>",
         "1971", date(1971, 1, 1), date(1971, 12, 31)),
        ("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1960</YEAR>",
         "circa 1960", date(1960 - CIRCA_YEARS, 1, 1), date(1960 + CIRCA_YEARS, 12, 31)),
        ("<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1955</FROM_YEAR><TO_YEAR>1958</TO_YEAR>",
         "1955 to 1958", date(1955, 1, 1), date(1958, 12, 31)),
        ("<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1955</FROM_YEAR><TO_YEAR>1958</TO_YEAR>"
         "<NOTE>Approximately</NOTE>",
         "circa 1955 to 1958", date(1955 - CIRCA_YEARS, 1, 1), date(1958 + CIRCA_YEARS, 12, 31)),
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE>",
         "Nov. 1973", date(1973, 11, 1), date(1973, 11, 30)),
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1958</YEAR><NOTE>Sep.</NOTE>",
         "1958 (Sep.)", date(1958, 1, 1), date(1958, 12, 31)),
    ],
)  # fmt: skip
def test_dates_of_birth_become_readable_ranges(tmp_path, body, text, earliest, latest):
    (born,) = read_one(tmp_path, birth(body)).birth_dates
    assert (born.text, born.earliest, born.latest) == (text, earliest, latest)


def test_an_empty_date_of_birth_element_is_no_birth_date(tmp_path):
    assert read_one(tmp_path, birth("<TYPE_OF_DATE/>")).birth_dates == []


def test_birth_places_nationalities_titles_gender_and_comments(tmp_path):
    record = read_one(
        tmp_path,
        "<INDIVIDUAL_PLACE_OF_BIRTH><CITY>Shebin El-Kom</CITY><STATE_PROVINCE>Monufia Governate"
        "</STATE_PROVINCE><COUNTRY>Egypt</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH>"
        "<NATIONALITY><VALUE>Egypt</VALUE></NATIONALITY>"
        "<TITLE><VALUE>Maulavi</VALUE></TITLE><DESIGNATION><VALUE>FARDC General </VALUE>"
        "<VALUE>\n        </VALUE></DESIGNATION><GENDER>Male</GENDER>"
        "<COMMENTS1> Responsible for security.\nHair: Dark. </COMMENTS1>",
    )
    assert record.birth_places == ["Shebin El-Kom, Monufia Governate, Egypt"]
    assert (record.nationalities, record.titles) == (["Egypt"], ["Maulavi", "FARDC General"])
    assert (record.gender, record.remarks) == ("Male", "Responsible for security.\nHair: Dark.")


def test_documents_become_identifiers(tmp_path):
    record = read_one(
        tmp_path,
        "<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>954242</NUMBER>"
        "<ISSUING_COUNTRY>Morocco</ISSUING_COUNTRY><DATE_OF_ISSUE>1995-06-28</DATE_OF_ISSUE>"
        "<CITY_OF_ISSUE>Meknas</CITY_OF_ISSUE><NOTE>expired</NOTE></INDIVIDUAL_DOCUMENT>"
        "<INDIVIDUAL_DOCUMENT/>",
    )
    assert record.identifiers == [
        IdentifierRecord("Passport", "954242", "Morocco", date(1995, 6, 28), None,
                         "issued in Meknas; expired")
    ]  # fmt: skip


def test_addresses_keep_street_city_country_and_note(tmp_path):
    record = read_one(
        tmp_path,
        "<INDIVIDUAL_ADDRESS><STREET>18 Mediterranean Street</STREET><CITY>Kinshasa</CITY>"
        "<COUNTRY>Democratic Republic of the Congo</COUNTRY><NOTE>as of June 2016</NOTE>"
        "</INDIVIDUAL_ADDRESS><INDIVIDUAL_ADDRESS/>",
    )
    assert record.addresses == [
        AddressRecord("18 Mediterranean Street", "Kinshasa", "Democratic Republic of the Congo",
                      "as of June 2016")
    ]  # fmt: skip


def test_a_listing_date_with_a_time_zone_is_read_as_its_day(tmp_path):
    xml = un_list([un_individual().replace("2001-01-25", "2015-04-07-04:00")])
    assert read(tmp_path, xml).records[0].listed_on == date(2015, 4, 7)


def test_an_entity_with_aka_and_fka_aliases(tmp_path):
    body = alias("a.k.a.", "THE BASE", tag="ENTITY_ALIAS") + alias(
        "f.k.a.", "OLD BASE", tag="ENTITY_ALIAS"
    )
    (record,) = read(tmp_path, un_list(entities=[un_entity(body=body)])).records
    assert (record.kind, record.ref, record.primary_name) == ("entity", "QDe.001", "AL-QAIDA")
    assert record.names[1:] == [
        NameRecord("THE BASE", "aka", "strong"),
        NameRecord("OLD BASE", "fka", "strong"),
    ]


def test_the_reference_falls_back_to_the_dataid(tmp_path):
    xml = un_list([un_individual(ref="")])
    assert read(tmp_path, xml).records[0].ref == "6908555"


# --- bad entries: reported with line and DATAID, then skipped ------------------------------


def many_individuals(count: int) -> list[str]:
    return [un_individual(7000000 + n, f"QDi.{n:03}") for n in range(count)]


def test_an_entry_without_a_name_is_reported_with_line_and_dataid(tmp_path):
    entries = many_individuals(150)
    entries[100] = (
        entries[100]
        .replace("<FIRST_NAME>MOHAMMED</FIRST_NAME>", "")
        .replace("<SECOND_NAME>SALAHALDIN</SECOND_NAME>", "")
    )
    result = read(tmp_path, un_list(entries))
    (error,) = result.errors
    assert (error.file, error.line) == ("un.xml", 104)
    assert (
        error.message == "INDIVIDUAL DATAID 7000100: no name (FIRST_NAME to FOURTH_NAME are empty)"
    )
    assert len(result.records) == 149


def test_a_duplicate_reference_number_is_reported_and_skipped(tmp_path):
    entries = [*many_individuals(150), un_individual(7999999, "QDi.000")]
    (error,) = read(tmp_path, un_list(entries)).errors
    assert (
        error.message
        == "INDIVIDUAL DATAID 7999999: duplicate REFERENCE_NUMBER QDi.000 (first on line 4)"
    )


# --- files refused as a whole ----------------------------------------------------------------


def refusal(tmp_path: Path, content: str | bytes) -> str:
    path = tmp_path / "un.xml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(SourceFileError) as refused:
        read_un_xml(path)
    return str(refused.value)


def test_a_cut_off_file_is_refused_with_the_line_of_the_problem(tmp_path):
    xml = un_list(many_individuals(3))
    message = refusal(tmp_path, xml[: len(xml) // 2])
    assert message.startswith("un.xml is not well-formed XML (line 5,")


def test_a_file_that_is_not_xml_is_refused(tmp_path):
    assert refusal(tmp_path, bytes(range(256))).startswith("un.xml is not well-formed XML")


def test_a_doctype_is_refused(tmp_path):
    xml = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<CONSOLIDATED_LIST/>'
    assert "declares a DOCTYPE" in refusal(tmp_path, xml)


def test_another_kind_of_xml_file_is_refused(tmp_path):
    assert refusal(tmp_path, "<rss><channel/></rss>").startswith(
        "un.xml is not a UN consolidated list: its root element is <rss>"
    )


def test_a_list_without_entries_is_refused(tmp_path):
    assert refusal(tmp_path, un_list()) == "un.xml has no INDIVIDUAL or ENTITY elements"


def test_a_list_with_many_malformed_entries_is_refused_as_garbled(tmp_path):
    nameless = "<INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>X</REFERENCE_NUMBER></INDIVIDUAL>"
    message = refusal(tmp_path, un_list([*many_individuals(10), nameless]))
    assert message.startswith("un.xml looks garbled: 1 of 11 rows are malformed (first: line 14,")


# --- the real list -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_list():
    path = SHARED_DATA / "un" / "UN_consolidated_2026-02.xml"
    if not path.is_file():
        pytest.skip(f"the shared UN data is not at {path}")
    return read_un_xml(path)


def test_the_real_list_has_730_individuals_and_273_entities(real_list):
    kinds = [record.kind for record in real_list.records]
    assert (kinds.count("individual"), kinds.count("entity"), real_list.errors) == (730, 273, [])


def test_the_real_list_reads_qdi_001_with_dates_and_weak_aliases(real_list):
    (record,) = [r for r in real_list.records if r.ref == "QDi.001"]
    assert record.primary_name == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"
    assert [b.text for b in record.birth_dates] == ["11 Apr 1963", "11 Apr 1960"]
    assert NameRecord("Seif al Adel", "aka", "weak") in record.names
    assert (record.program_codes, record.listed_on) == (["UN Al-Qaida"], date(2001, 1, 25))
