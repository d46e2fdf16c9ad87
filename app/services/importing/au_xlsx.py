"""Read Australia's Consolidated List (DFAT, .xlsx) into designation records.

One sheet, one row per name. ``Reference`` is a number for a listing's primary name
and the same number with a letter for each alias or original-script name (``6832``,
``6832a``, ``6832b``): one designation per number, its names from all its rows.
The other columns repeat on every row of a listing: ``Type``, ``Date of Birth`` (a date
cell, a year, or text such as ``1945, 1946`` or ``Approximately 1960``), ``Place of
Birth``, ``Citizenship``, ``Address``, ``Additional Information``, ``Listing
Information``, ``IMO Number``, ``Committees`` (the regime, kept as the program),
``Control Date`` (the listing's last change), ``Instrument of Designation`` and four
yes/no measures: ``Targeted Financial Sanction`` (asset freeze), ``Travel Ban``, ``Arms
Embargo`` and ``Maritime Restriction``, all under jurisdiction AU.

The regime's program code is ``AU-`` and the regime in capitals: ``Autonomous (Thematic -
Human Rights)`` -> ``AU-THEMATIC-HUMAN-RIGHTS`` (the en dash of ``Autonomous (Thematic –
Corruption)`` counts as a hyphen), ``1267 Committee (ISIL & Al-Qaida)`` -> ``AU-UNSC-1267``.
The file's data date is its latest ``Control Date``: DFAT's own date of its last change.
Row errors name the sheet and its row (the header is row 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.services.importing.dates import parse_date, parse_date_range
from app.services.importing.errors import MAX_MALFORMED_SHARE, SourceFileError, refuse_if_garbled
from app.services.importing.records import (
    AddressRecord,
    BirthDateRecord,
    DesignationRecord,
    IdentifierRecord,
    MeasureRecord,
    NameRecord,
    RowError,
)
from app.services.importing.xlsx_table import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    first_sheet,
)
from app.services.records import ReadResult

SOURCE = "au-dfat-consolidated"
JURISDICTION = "AU"
PROGRAM_PREFIX = "AU-"
COLUMNS = (
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Alias Strength",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "IMO Number",
    "Committees",
    "Control Date",
    "Instrument of Designation",
    "Targeted Financial Sanction",
    "Travel Ban",
    "Arms Embargo",
    "Maritime Restriction",
)
MEASURE_COLUMNS = {
    "Targeted Financial Sanction": "asset_freeze",
    "Travel Ban": "travel_ban",
    "Arms Embargo": "arms_embargo",
    "Maritime Restriction": "maritime_restriction",
}
_KINDS = {"individual": "individual", "entity": "entity", "vessel": "vessel"}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}
_REFERENCE = re.compile(r"(\d+)([a-z]*)")
_UN_REGIME = re.compile(r"(\d{3,4})\b")
_AUTONOMOUS = re.compile(r"autonomous\s*\((.+)\)", re.IGNORECASE)
# Lettered lists inside a cell: "a) Sudan b) South Sudan".
_LETTERED = re.compile(r"(?:^|\s|;)[a-z]\)\s+")
_LISTED_ON = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_BETWEEN = re.compile(r"between\s+(.+?)\s+and\s+(.+)", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")
_NUMERIC_DATES = re.compile(r"[\d/.\-]+(?:\s+[\d/.\-]+)+")
_BIRTH_DATE_LENGTH = 100  # BirthDate.text's column width


AuReadResult = ReadResult  # the readers' one result type


class _MalformedRow(Exception):
    """A row (or listing) the reader cannot use; reported as a RowError and skipped."""


@dataclass
class _Listing:
    number: str
    rows: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # (row, ref, values)


def read_au_xlsx(
    path: Path,
    *,
    max_malformed_share: float = MAX_MALFORMED_SHARE,
    max_bytes: int = MAX_BYTES,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_rows: int = MAX_ROWS,
) -> AuReadResult:
    """Read the DFAT consolidated list; raise SourceFileError to refuse the file."""
    path = Path(path)
    with first_sheet(
        path, max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes, max_rows=max_rows
    ) as (sheet, rows):
        where = f"{path.name}, sheet {sheet!r}"
        header = next(rows, None)
        if header is None:
            raise SourceFileError(f"{path.name} is empty: no header row")
        positions = _column_positions(path.name, header[1])
        result = AuReadResult()
        listings, total = _group(where, rows, positions, result)
    if total == 0:
        raise SourceFileError(f"{path.name} has a header but no rows: is it the right file?")
    for listing in listings.values():
        try:
            result.records.append(_record(listing, where))
        except _MalformedRow as problem:
            result.errors.append(RowError(where, listing.rows[0][0], str(problem)))
            result.skipped_refs.add(listing.number)
    refuse_if_garbled(path.name, result.errors, total, max_malformed_share)
    result.data_date = _latest_control_date(listings.values())
    return result


def program_code(committee: str) -> str:
    """``Committees`` text -> program code (``AU-THEMATIC-HUMAN-RIGHTS``, ``AU-UNSC-1267``)."""
    text = " ".join(committee.replace("\u2013", "-").replace("\u2014", "-").split())
    autonomous = _AUTONOMOUS.fullmatch(text)
    if autonomous:
        return PROGRAM_PREFIX + _slug(autonomous[1])
    regime = _UN_REGIME.match(text)
    if regime:
        return f"{PROGRAM_PREFIX}UNSC-{regime[1]}"
    return PROGRAM_PREFIX + _slug(text)


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[A-Z0-9]+", text.upper()))[:60]


def _column_positions(file_name: str, header: tuple[Any, ...]) -> dict[str, int]:
    found = {" ".join(str(name or "").split()).casefold(): i for i, name in enumerate(header)}
    missing = [name for name in COLUMNS if name.casefold() not in found]
    if missing:
        shown = ", ".join(str(h) for h in header if h)[:200]
        raise SourceFileError(
            f"{file_name} is not Australia's Consolidated List: no column {', '.join(missing)} "
            f"(its header is {shown!r})"
        )
    return {name: found[name.casefold()] for name in COLUMNS}


def _group(
    where: str, rows: Iterable, positions: dict[str, int], result: AuReadResult
) -> tuple[dict[str, _Listing], int]:
    """Rows by reference number, in file order; rows without a usable Reference are errors."""
    listings: dict[str, _Listing] = {}
    first_row: dict[str, int] = {}
    total = 0
    for number, cells in rows:
        total += 1
        values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
        ref = _text(values["Reference"]).lower()
        match = _REFERENCE.fullmatch(ref)
        problem = None
        if match is None:
            problem = f"Reference {ref!r} is not a number with an optional letter (like 6832a)"
        elif ref in first_row:
            problem = f"duplicate Reference {ref} (first on row {first_row[ref]})"
        elif not _text(values["Name of Individual or Entity"]):
            problem = f"{ref} has an empty Name of Individual or Entity"
        if problem is not None:
            result.errors.append(RowError(where, number, problem))
            if match is not None:
                result.skipped_refs.add(match[1])
            continue
        first_row[ref] = number
        listing = listings.setdefault(match[1], _Listing(match[1]))
        listing.rows.append((number, ref, values))
    return listings, total


def _record(listing: _Listing, where: str) -> DesignationRecord:
    main_row, _, main = _main_row(listing)
    kind = _KINDS.get(_text(main["Type"]).casefold()) or next(
        (_KINDS[t] for _, _, v in listing.rows if (t := _text(v["Type"]).casefold()) in _KINDS),
        None,
    )
    if kind is None:
        raise _MalformedRow(f"{listing.number} has an unknown Type {_text(main['Type'])!r}")
    committee = _text(main["Committees"])
    if not committee:
        raise _MalformedRow(f"{listing.number} has no Committees (the regime)")
    program = program_code(committee)
    listed_on = _listed_on(main["Listing Information"])
    measures = []
    for column, measure_type in MEASURE_COLUMNS.items():
        if _yes_no(main[column], listing.number, column):
            measures.append(MeasureRecord(measure_type, JURISDICTION, program, listed_on))
    if not measures:
        raise _MalformedRow(f"{listing.number} has none of the four measures marked")
    primary = _text(main["Name of Individual or Entity"])
    # Every other row's name is an alias (an alias row repeating the primary name is not).
    names = [NameRecord(primary, "primary")] + [
        _alias(values)
        for _, _, values in listing.rows
        if _text(values["Name of Individual or Entity"]).casefold() != primary.casefold()
    ]
    imo = _text(main["IMO Number"])
    return DesignationRecord(
        source=SOURCE,
        ref=listing.number,
        kind=kind,
        primary_name=primary,
        names=names,
        remarks=_remarks(main, committee),
        birth_dates=_birth_dates(_values(listing, "Date of Birth")),
        birth_places=_split_all(_values(listing, "Place of Birth"), commas=False),
        citizenships=_split_all(_values(listing, "Citizenship"), commas=True),
        identifiers=[IdentifierRecord("IMO", imo)] if imo else [],
        addresses=[
            AddressRecord(address=a) for a in _split_all(_values(listing, "Address"), commas=False)
        ],
        program_codes=[program],
        measures=measures,
        listed_on=listed_on,
        source_file=where,
        source_line=main_row,
    )


def _main_row(listing: _Listing) -> tuple[int, str, dict[str, Any]]:
    """The primary-name row; else the row whose Reference has no letter; else the first."""
    for row in listing.rows:
        if _text(row[2]["Name Type"]).casefold() == "primary name":
            return row
    return next((row for row in listing.rows if row[1] == listing.number), listing.rows[0])


def _alias(values: dict[str, Any]) -> NameRecord:
    """An alias or original-script name ("Alias Strength" Weak -> a weak alias)."""
    weak = _text(values["Alias Strength"]).casefold() == "weak"
    name = _text(values["Name of Individual or Entity"])
    return NameRecord(name, "aka", "weak" if weak else "strong")


def _values(listing: _Listing, column: str) -> list[Any]:
    """The column's distinct values over the listing's rows, in order."""
    seen: dict[str, Any] = {}
    for _, _, values in listing.rows:
        value = values[column]
        key = value.isoformat() if isinstance(value, datetime) else _text(value)
        if key and key not in seen:
            seen[key] = value
    return list(seen.values())


def _split_all(values: list[Any], *, commas: bool) -> list[str]:
    """Cells split at "a) ... b) ..." (and at commas for countries), each part once."""
    parts: dict[str, None] = {}
    for value in values:
        for piece in _LETTERED.split(_text(value)):
            for part in piece.split(",") if commas else [piece]:
                part = part.strip(" ;,")
                if part:
                    parts.setdefault(part[:300], None)
    return list(parts)


def _birth_dates(values: list[Any]) -> list[BirthDateRecord]:
    dates: dict[str, BirthDateRecord] = {}
    for value in values:
        for text in _birth_date_texts(value):
            span = parse_date_range(_readable(text))
            dates.setdefault(
                text, BirthDateRecord(text[:_BIRTH_DATE_LENGTH], span.earliest, span.latest)
            )
    return list(dates.values())


def _birth_date_texts(value: Any) -> list[str]:
    if isinstance(value, datetime):
        return [value.date().isoformat()]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [str(int(value))]
    texts = []
    for part in re.split(r"[,;]|\s+or\s+", _text(value)):
        part = part.strip()
        if _NUMERIC_DATES.fullmatch(part):  # "16/11/1977 16/11/1974": dates side by side
            texts.extend(part.split())
        elif part:
            texts.append(part)
    return texts


def _readable(text: str) -> str:
    """DFAT's forms in the forms ``parse_date_range`` reads: "Between A and B", "08/1977"."""
    between = _BETWEEN.fullmatch(text)
    if between:
        return f"{between[1]} to {between[2]}"
    month_year = _MONTH_YEAR.fullmatch(text)
    if month_year:
        return f"{month_year[2]}-{int(month_year[1]):02d}"
    return text


def _listed_on(value: Any) -> date | None:
    """The first date written in Listing Information ("Listed on 2 Sep. 2014 ..."), if any."""
    if isinstance(value, datetime):
        return value.date()
    match = _LISTED_ON.search(_text(value))
    return parse_date(" ".join(match.groups())) if match else None


def _remarks(main: dict[str, Any], committee: str) -> str:
    control = main["Control Date"]
    control_text = control.date().isoformat() if isinstance(control, datetime) else _text(control)
    parts = [
        ("Regime", committee),
        ("Listing information", _text_or_date(main["Listing Information"])),
        ("Instrument of designation", _text_or_date(main["Instrument of Designation"])),
        ("Additional information", _text(main["Additional Information"])),
        ("Control date", control_text),
    ]
    return "\n".join(f"{label}: {value}" for label, value in parts if value)


def _text_or_date(value: Any) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else _text(value)


def _yes_no(value: Any, ref: str, column: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _MalformedRow(f"{ref} has {value!r} under {column}, not yes or no")


def _latest_control_date(listings: Iterable[_Listing]) -> date | None:
    dates = [
        values["Control Date"].date()
        for listing in listings
        for _, _, values in listing.rows
        if isinstance(values["Control Date"], datetime)
    ]
    return max(dates, default=None)


def _text(value: Any) -> str:
    """A cell as tidy text: white space (no-break spaces, line breaks) run together."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("_x000D_", " ")
    return " ".join(text.split())
