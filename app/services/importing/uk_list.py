"""Turn the rows of the UK Sanctions List export (FCDO) into designation records.

The export comes as CSV and as ODS with the same columns (``uk_csv`` and ``uk_ods``
read the files; this module reads the rows, so both give identical records):
``Unique ID, OFSI Group ID, Name, Regime Name, Type, Designation source,
Date Designated, Sanctions Imposed``. Each row is one designation under one regime;
a person under several regimes has several rows (Unique IDs) sharing an OFSI Group ID,
which is kept as an identifier so the rows can be told apart from namesakes.

Names are kept as the list writes them: the order of surname and given names varies
from row to row ("KUZNETSOV Artem", "Mutlu COBANOGLU"), so reordering would guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.services.importing.dates import parse_date
from app.services.importing.errors import MAX_MALFORMED_SHARE, SourceFileError, refuse_if_garbled
from app.services.importing.records import (
    DesignationRecord,
    IdentifierRecord,
    MeasureRecord,
    ReadResult,
    RowError,
)

SOURCE = "uk-sanctions-list"
JURISDICTION = "UK"
COLUMNS = (
    "Unique ID",
    "OFSI Group ID",
    "Name",
    "Regime Name",
    "Type",
    "Designation source",
    "Date Designated",
    "Sanctions Imposed",
)
# The regime's program code is "UK-" + the letters of the Unique ID (GHR0001 -> UK-GHR):
# the FCDO numbers each regime's designations behind its own abbreviation.
PROGRAM_PREFIX = "UK-"
_UNIQUE_ID = re.compile(r"([A-Z]+)\d+")
_KINDS = {"individual": "individual", "entity": "entity", "ship": "vessel"}
# "Sanctions Imposed" items (lower case, text before any ":") -> measure type. Items such as
# 'Shipping sanctions: (see "Other information")' point at a column the export leaves out.
MEASURES = {
    "asset freeze": "asset_freeze",
    "travel ban": "travel_ban",
    "director disqualification sanction": "director_disqualification",
    "trust services sanctions": "trust_services_sanctions",
    "arms embargo": "arms_embargo",
    "targeted arms embargo": "targeted_arms_embargo",
    "shipping sanctions": "shipping_sanctions",
    "transport sanctions": "transport_sanctions",
    "internet services sanctions": "internet_services_sanctions",
    "prohibition of port entry": "port_entry_ban",
    "prevention of business arrangements": "business_arrangements_ban",
    "chartering of ships": "ship_chartering_ban",
    "crew servicing of ships and aircraft": "crew_servicing_ban",
    "closure of representative offices": "representative_office_closure",
    "technical assistance related to aircraft": "aircraft_technical_assistance_ban",
    "prohibition on correspondent banking relationships and processing payments": (
        "correspondent_banking_ban"
    ),
    "prohibition on correspondent banking and clearing": "correspondent_banking_ban",
    "de-flag": "deflagging",
}
# Placeholders some rows carry in front of their real measures ("-, Asset freeze, ...").
_NO_MEASURE = {"", "-"}
_MEASURE_TYPE_LENGTH = 64  # Measure.measure_type's column width


UkReadResult = ReadResult  # the readers' one result type

class _MalformedRow(Exception):
    """A row the reader cannot use; reported as a RowError and skipped."""


Row = tuple[int, list[str]]  # (1-based line or spreadsheet row, cells)


def read_uk_rows(
    file_name: str,
    header: list[str] | None,
    rows: Iterable[Row],
    *,
    max_malformed_share: float = MAX_MALFORMED_SHARE,
) -> UkReadResult:
    """Records from the header and data rows of an export; SourceFileError refuses it."""
    if header is None:
        raise SourceFileError(f"{file_name} is empty: no header row")
    positions = _column_positions(file_name, header)
    result = UkReadResult()
    lines_by_ref: dict[str, int] = {}
    unknown_measures: dict[str, int] = {}
    total = 0
    for line, cells in rows:
        total += 1
        values = {name: _cell(cells, index) for name, index in positions.items()}
        try:
            record = _record(values, file_name, line, unknown_measures)
            if (first := lines_by_ref.get(record.ref)) is not None:
                raise _MalformedRow(f"duplicate Unique ID {record.ref} (first on line {first})")
        except _MalformedRow as problem:
            result.errors.append(RowError(file_name, line, str(problem)))
            if values["Unique ID"]:
                result.skipped_refs.add(values["Unique ID"])
            continue
        lines_by_ref[record.ref] = line
        result.records.append(record)
    if total == 0:
        raise SourceFileError(f"{file_name} has a header but no rows: is it the right file?")
    refuse_if_garbled(file_name, result.errors, total, max_malformed_share)
    result.warnings.extend(
        f"{count} row(s) impose {text!r}, a measure the importer does not know: kept as "
        "written; add it to uk_list.MEASURES and MEASURE_TYPES"
        for text, count in unknown_measures.items()
    )
    return result


def _column_positions(file_name: str, header: list[str]) -> dict[str, int]:
    # Columns are found by name, so a reordered export still reads.
    found = {" ".join(name.split()).casefold(): index for index, name in enumerate(header)}
    missing = [name for name in COLUMNS if name.casefold() not in found]
    if missing:
        raise SourceFileError(
            f"{file_name} is not a UK Sanctions List export: no column {', '.join(missing)} "
            f"(its header is {', '.join(h for h in header if h)[:200]!r})"
        )
    return {name: found[name.casefold()] for name in COLUMNS}


def _cell(cells: list[str], index: int) -> str:
    # The export pads empty cells with a line break and indentation.
    return " ".join(cells[index].split()) if index < len(cells) else ""


def _record(
    values: dict[str, str], file_name: str, line: int, unknown_measures: dict[str, int]
) -> DesignationRecord:
    ref = values["Unique ID"]
    match = _UNIQUE_ID.fullmatch(ref)
    if match is None:
        raise _MalformedRow(f"Unique ID {ref!r} is not letters then digits (like GHR0001)")
    name = values["Name"]
    if not name:
        raise _MalformedRow(f"{ref} has an empty Name")
    kind = _KINDS.get(values["Type"].casefold())
    if kind is None:
        raise _MalformedRow(f"{ref} has an unknown Type {values['Type']!r}")
    designated = values["Date Designated"]
    listed_on = parse_date(designated) if designated else None
    if designated and listed_on is None:
        raise _MalformedRow(f"{ref} has a Date Designated {designated!r} that is not DD-MM-YYYY")
    program_code = PROGRAM_PREFIX + match[1]
    group_id = values["OFSI Group ID"]
    source = values["Designation source"].replace("|", ", ")
    return DesignationRecord(
        source=SOURCE,
        ref=ref,
        kind=kind,
        primary_name=name,
        identifiers=[IdentifierRecord("OFSI Group ID", group_id)] if group_id else [],
        remarks=f"Designation source: {source}" if source else None,
        program_codes=[program_code],
        measures=[
            MeasureRecord(measure_type, JURISDICTION, program_code, start_date=listed_on)
            for measure_type in _measure_types(values["Sanctions Imposed"], unknown_measures)
        ],
        listed_on=listed_on,
        source_file=file_name,
        source_line=line,
    )


def _measure_types(text: str, unknown: dict[str, int]) -> list[str]:
    types = []
    for item in text.split(","):
        item = item.strip()
        if item in _NO_MEASURE:
            continue
        key = item.split(":")[0].strip().casefold()
        measure_type = MEASURES.get(key)
        if measure_type is None:
            unknown[item] = unknown.get(item, 0) + 1
            measure_type = re.sub(r"[^a-z0-9]+", "_", key).strip("_")[:_MEASURE_TYPE_LENGTH]
        types.append(measure_type)
    return list(dict.fromkeys(types))
