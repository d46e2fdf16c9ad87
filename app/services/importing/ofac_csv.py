"""Read OFAC's legacy SDN CSV set (sdn.csv, alt.csv, add.csv, sdn_comments.csv).

The files have no header; ``-0-`` (often padded: ``-0- ``) means empty; they end with
``\\r\\n`` and a DOS end-of-file mark (``\\x1a``), which every file must carry: without
it the file is refused as cut off. sdn.csv holds one row per entry;
the other files refer to it by ``ent_num``: alt.csv its names (aka/fka/nka),
add.csv its addresses, sdn_comments.csv the rest of remarks too long for sdn.csv.

A bad row is reported (``RowError``) and skipped; rows of the other files naming an
entry sdn.csv does not have are counted (the files are often downloaded at different
times) and skipped. A file that is missing (sdn.csv), cut off or garbled is refused
with ``SourceFileError``: importing half a list would silently delist the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.services.importing.csv_source import csv_rows, decode_text
from app.services.importing.errors import MAX_MALFORMED_SHARE, SourceFileError, refuse_if_garbled
from app.services.importing.ofac_remarks import ParsedRemarks, parse_remarks
from app.services.importing.records import (
    AddressRecord,
    DesignationRecord,
    IdentifierRecord,
    NameRecord,
    ReadResult,
    RowError,
)

SOURCE = "ofac-sdn"
SDN_FILE = "sdn.csv"
ALT_FILE = "alt.csv"
ADDRESS_FILE = "add.csv"
COMMENTS_FILE = "sdn_comments.csv"
COLUMNS = {SDN_FILE: 12, ALT_FILE: 5, ADDRESS_FILE: 6, COMMENTS_FILE: 2}

# Text files hold almost no control characters; a file with more than this share of
# them (NUL, ESC, ...) is binary, whatever its name says.
MAX_CONTROL_CHARACTER_SHARE = 0.01

EMPTY_CELL = "-0-"
END_OF_FILE_MARK = "\x1a"  # Ctrl-Z, appended by OFAC's DOS-era export
# Control bytes a text file should not hold: all below 0x20 but tab, LF, CR and Ctrl-Z.
_CONTROL_BYTES = bytes(byte for byte in range(0x20) if byte not in b"\t\n\r\x1a")
_KINDS = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}
_ALT_TYPES = {"aka": "aka", "fka": "fka", "nka": "nka"}
# sdn.csv columns 5-10 describe vessels; each is stored as an identifier of this type.
_VESSEL_COLUMNS = {
    5: "Call Sign", 6: "Vessel Type", 7: "Vessel Tonnage", 8: "Vessel GRT",
    9: "Vessel Flag", 10: "Vessel Owner",
}  # fmt: skip
_VESSEL_FLAG_COLUMN = 9

Cells = list[str | None]


OfacReadResult = ReadResult  # the readers' one result type

@dataclass
class _Entry:
    """One sdn.csv row and what the other files add to it."""

    line: int
    cells: Cells
    raw_remarks: str  # remarks cell unstripped; sdn_comments.csv rows are appended
    names: list[NameRecord] = field(default_factory=list)
    addresses: list[AddressRecord] = field(default_factory=list)


def read_ofac_csv(
    directory: Path, *, max_malformed_share: float = MAX_MALFORMED_SHARE
) -> OfacReadResult:
    """Read an OFAC legacy CSV set from ``directory``; raise SourceFileError to refuse it."""
    directory = Path(directory)
    result = OfacReadResult()
    sdn_path = directory / SDN_FILE
    if not sdn_path.is_file():
        raise SourceFileError(f"{SDN_FILE} not found in {directory}: it holds the list itself")
    entries = _read_entries(sdn_path, result, max_malformed_share)
    related_files = [
        (COMMENTS_FILE, _add_comment),
        (ALT_FILE, _add_name),
        (ADDRESS_FILE, _add_address),
    ]
    for file_name, add_row in related_files:
        path = directory / file_name
        if path.is_file():
            _read_related(path, entries, add_row, result, max_malformed_share)
        else:
            result.warnings.append(f"{file_name} not found in {directory}: read without it")
    result.records = [_record(ent_num, entry) for ent_num, entry in entries.items()]
    _resolve_links(result.records)
    return result


def _read_entries(
    path: Path, result: OfacReadResult, max_malformed_share: float
) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    table = _read_table(path, result.warnings)
    for line, cells in table.rows:
        if problem := _sdn_row_problem(cells, entries):
            table.errors.append(RowError(SDN_FILE, line, problem))
            if (ent_num := _entry_number(cells[0])) is not None:
                result.skipped_refs.add(ent_num)
            continue
        ent_num = _entry_number(cells[0])
        assert ent_num is not None  # checked by _sdn_row_problem
        raw_remarks = table.raw_last_cells[line] if cells[-1] is not None else ""
        entries[ent_num] = _Entry(line, cells, raw_remarks)
    table.refuse_if_garbled(max_malformed_share)
    if not entries:
        raise SourceFileError(f"{SDN_FILE} has no valid rows: is it the right file?")
    result.errors.extend(table.errors)
    return entries


def _read_related(
    path: Path,
    entries: dict[str, _Entry],
    add_row: Callable[[_Entry, Cells], str | None],
    result: OfacReadResult,
    max_malformed_share: float,
) -> None:
    """Add the rows of alt.csv, add.csv or sdn_comments.csv to the entries they name."""
    table = _read_table(path, result.warnings)
    unknown = 0
    for line, cells in table.rows:
        ent_num = _entry_number(cells[0])
        if ent_num is None:
            table.errors.append(RowError(path.name, line, f"ent_num {cells[0]!r} is not a number"))
        elif ent_num not in entries:
            unknown += 1
        elif problem := add_row(entries[ent_num], cells):
            table.errors.append(RowError(path.name, line, problem))
    table.refuse_if_garbled(max_malformed_share)
    result.errors.extend(table.errors)
    result.unknown_entry_rows[path.name] = unknown


def _sdn_row_problem(cells: Cells, entries: dict[str, _Entry]) -> str | None:
    ent_num = _entry_number(cells[0])
    if ent_num is None:
        return f"ent_num {cells[0]!r} is not a number"
    if cells[1] is None:
        return f"entry {ent_num} has an empty SDN_Name"
    if cells[2] is not None and cells[2].lower() not in _KINDS:
        return f"entry {ent_num} has an unknown SDN_Type {cells[2]!r}"
    if ent_num in entries:
        return f"duplicate ent_num {ent_num} (first on line {entries[ent_num].line})"
    return None


def _add_comment(entry: _Entry, cells: Cells) -> str | None:
    entry.raw_remarks += cells[1] or ""
    return None


def _add_name(entry: _Entry, cells: Cells) -> str | None:
    _, _, alt_type, alt_name, _ = cells
    name_type = _ALT_TYPES.get((alt_type or "").lower().replace(".", ""))
    if name_type is None:
        return f"unknown alt_type {alt_type!r}"
    if alt_name is None:
        return "empty alt_name"
    # alt.csv names are OFAC's strong aliases; the weak ones are in the remarks.
    entry.names.append(NameRecord(alt_name, name_type, "strong"))
    return None


def _add_address(entry: _Entry, cells: Cells) -> str | None:
    _, _, address, city, country, note = cells
    if address or city or country or note:  # OFAC writes an all-empty row for "none"
        entry.addresses.append(AddressRecord(address, city, country, note))
    return None


def _record(ent_num: str, entry: _Entry) -> DesignationRecord:
    name, sdn_type, programs, title = entry.cells[1:5]
    assert name is not None  # checked by _sdn_row_problem
    remarks = entry.raw_remarks.strip() or None
    parsed = parse_remarks(remarks) if remarks else ParsedRemarks()
    return DesignationRecord(
        source=SOURCE,
        ref=ent_num,
        kind=_KINDS.get((sdn_type or "").lower(), "entity"),
        primary_name=name,
        names=_unique_names([NameRecord(name, "primary", "strong"), *entry.names, *parsed.names]),
        gender=parsed.gender,
        titles=_unique([title, *parsed.titles]),
        remarks=remarks,
        birth_dates=parsed.birth_dates,
        birth_places=parsed.birth_places,
        nationalities=parsed.nationalities,
        citizenships=parsed.citizenships,
        identifiers=_vessel_identifiers(entry.cells) + parsed.identifiers,
        addresses=entry.addresses,
        links=parsed.links,
        program_codes=_program_codes(programs),
        source_file=SDN_FILE,
        source_line=entry.line,
    )


def _program_codes(cell: str | None) -> list[str]:
    """``"SDNTK] [ILLICIT-DRUGS-EO14059"`` -> ``["SDNTK", "ILLICIT-DRUGS-EO14059"]``."""
    if cell is None:
        return []
    return _unique([code.strip(" []") for code in cell.split("] [")])


def _vessel_identifiers(cells: Cells) -> list[IdentifierRecord]:
    flag = cells[_VESSEL_FLAG_COLUMN]
    return [
        IdentifierRecord(id_type, value, country=flag if id_type == "Call Sign" else None)
        for column, id_type in _VESSEL_COLUMNS.items()
        if (value := cells[column]) is not None
    ]


def _unique_names(names: list[NameRecord]) -> list[NameRecord]:
    """Drop repeated names; the first (primary, then alt.csv's strong ones) wins."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for name in names:
        key = (name.full_name.casefold(), "primary" if name.name_type == "primary" else "alias")
        if key not in seen and (name.full_name.casefold(), "primary") not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def _unique(values: list[str | None]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _resolve_links(records: list[DesignationRecord]) -> None:
    """Point "Linked To: NAME" at the entry listed under exactly that name, if only one."""
    refs_by_name: dict[str, list[str]] = {}
    for record in records:
        refs_by_name.setdefault(record.primary_name, []).append(record.ref)
    for record in records:
        for link in record.links:
            refs = refs_by_name.get(link.target_name, [])
            if len(refs) == 1:
                link.target_ref = refs[0]


def _entry_number(cell: str | None) -> str | None:
    if cell is None or not (cell.isascii() and cell.isdigit()):
        return None
    return str(int(cell))  # "0015886" and "15886" are the same entry


# --- reading the CSV text -----------------------------------------------------------


@dataclass
class _Table:
    """One file's rows of the right width, as (1-based line, cells), and its bad rows.

    Cells are stripped and ``-0-`` becomes None. ``raw_last_cells`` keeps each row's
    last cell unstripped: remarks continue in sdn_comments.csv exactly where the cell
    was cut, sometimes right after a space.
    """

    file_name: str
    rows: list[tuple[int, Cells]] = field(default_factory=list)
    raw_last_cells: dict[int, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0  # every row read, good or bad

    def refuse_if_garbled(self, max_share: float) -> None:
        refuse_if_garbled(self.file_name, self.errors, self.row_count, max_share)


def _read_table(path: Path, warnings: list[str]) -> _Table:
    text = _decode(path, warnings)
    _refuse_without_end_mark(path.name, text)
    text = text.rstrip(END_OF_FILE_MARK)
    _refuse_if_truncated(path.name, text)
    table = _Table(path.name)
    columns = COLUMNS[path.name]
    invalid: list[RowError] = []
    for line, cells in csv_rows(path.name, text, invalid):
        table.row_count += 1
        if len(cells) != columns:
            message = f"expected {columns} columns, found {len(cells)}"
            table.errors.append(RowError(path.name, line, message))
            continue
        table.rows.append((line, [_cell(cell) for cell in cells]))
        table.raw_last_cells[line] = cells[-1]
    table.row_count += len(invalid)
    table.errors = sorted(table.errors + invalid, key=lambda error: error.line)
    return table


def _cell(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", EMPTY_CELL) else value


def _decode(path: Path, warnings: list[str]) -> str:
    data = path.read_bytes()
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if b"\x00" in data or controls > MAX_CONTROL_CHARACTER_SHARE * len(data):
        raise SourceFileError(f"{path.name} is not a text file (it holds binary data)")
    return decode_text(data, path.name, warnings)


def _refuse_without_end_mark(file_name: str, text: str) -> None:
    # OFAC ends every file of the set with Ctrl-Z, even an empty sdn_comments.csv. A file
    # cut at a line boundary reads as a shorter list; only the missing mark tells.
    if not text.endswith(END_OF_FILE_MARK):
        raise SourceFileError(
            f"{file_name} is cut off: it does not end with the end-of-file mark OFAC writes "
            "after the last row (a Ctrl-Z byte, \\x1a), so rows may be missing and importing "
            "it would delist them; download it again"
        )


def _refuse_if_truncated(file_name: str, text: str) -> None:
    if text and not text.endswith("\n"):
        last_line = text.rsplit("\n", 1)[-1]
        raise SourceFileError(
            f"{file_name} is cut off: its last line does not end with a line break "
            f"({last_line[:60]!r}...); download it again"
        )
