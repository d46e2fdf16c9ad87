"""Reading a screening input: a liberal CSV (or a JSON request) into ScreeningRows.

    CSV bytes -> inspect_csv (encoding, delimiter, which column is what)
              -> read_rows (one ScreeningRow per line, input errors kept on the row)

The encoding is the one ``importing.csv_source.decode_text`` gives the file's first
line with non-ASCII text (UTF-8, else Windows-1252, else Latin-1), so the lists and
the screening files are read alike; a line of a UTF-8 file that is not UTF-8 becomes
an error on its row instead of turning the whole file into Windows-1252.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from app.services.identifiers import ID_NUMBER_HEADERS
from app.services.importing.csv_source import decode_text

# Header spellings accepted for each role, compared after folding case, spaces and dashes.
COLUMN_ROLES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full_name", "fullname", "names", "party_name", "subject"),
    "birth_date": ("dob", "date_of_birth", "birth_date", "birthdate", "born", "birth_year"),
    "country": ("country", "nationality", "citizenship", "country_of_nationality"),
    "reference": ("reference", "ref", "id", "own_reference", "your_reference", "customer_id"),
    "id_number": ID_NUMBER_HEADERS,  # passport, national id, tax id, IMO, ...
}
DELIMITERS = ",;\t"
# A header with none of DELIMITERS has one column: read each line whole.
SINGLE_COLUMN = "\x1f"
SAMPLE_BYTES = 64 * 1024

_MONTHS = {
    m: i for i, m in enumerate(("jan feb mar apr may jun jul aug sep oct nov dec").split(), 1)
}
_SURROGATES = re.compile("[\udc80-\udcff]")


class ScreeningFileError(ValueError):
    """A file that cannot be screened at all; the message says why."""


@dataclass(frozen=True)
class CsvLayout:
    """How to read one uploaded file: its encoding, delimiter and columns."""

    encoding: str
    delimiter: str
    columns: list[str]
    roles: dict[str, int]  # role -> column index


@dataclass
class ScreeningRow:
    line: int
    values: list[str]
    name: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    country: str | None = None
    reference: str | None = None
    id_number: str | None = None
    error: str | None = None


def detect_encoding(stream: BinaryIO) -> str:
    """The encoding ``decode_text`` reads the first line with non-ASCII text in (or UTF-8).

    A line of valid UTF-8 anywhere settles it as UTF-8: a UTF-8 file with a few broken
    rows stays UTF-8, and those rows are reported as errors.
    """
    encoding = None
    pending = b""
    while chunk := stream.read(SAMPLE_BYTES):
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        for line in lines:
            if line.isascii():
                continue
            warnings: list[str] = []
            decode_text(line, "line", warnings)
            if not warnings:
                stream.seek(0)
                return "utf-8-sig"
            encoding = encoding or warnings[0].rsplit(" ", 1)[-1]
    if pending and not pending.isascii():
        warnings = []
        decode_text(pending, "line", warnings)
        if not warnings:
            encoding = None
        else:
            encoding = encoding or warnings[0].rsplit(" ", 1)[-1]
    stream.seek(0)
    return encoding or "utf-8-sig"


def open_text(stream: BinaryIO, encoding: str) -> TextIO:
    """Text over ``stream``; undecodable bytes survive as surrogates for read_rows to report."""
    return io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")


def open_text_file(path: Path, encoding: str) -> TextIO:
    """The file at ``path`` as text for read_rows (see open_text)."""
    return path.open(encoding=encoding, errors="surrogateescape", newline="")


def _fold_header(text: str) -> str:
    return re.sub(r"[\s\-.]+", "_", text.strip().lstrip("\ufeff").casefold()).strip("_")


def _delimiter(header_line: str, sample: str) -> str:
    present = [d for d in DELIMITERS if d in header_line]
    if not present:
        return SINGLE_COLUMN
    if len(present) == 1:
        return present[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(present)).delimiter
    except csv.Error:
        return max(present, key=header_line.count)


def inspect_csv(stream: BinaryIO) -> CsvLayout:
    """The file's layout; ScreeningFileError if it has no column of names."""
    encoding = detect_encoding(stream)
    sample = stream.read(SAMPLE_BYTES).decode(encoding, errors="replace")
    stream.seek(0)
    header_line = sample.splitlines()[0] if sample.strip() else ""
    if not header_line.strip():
        raise ScreeningFileError("The file is empty: it needs a header row with a name column.")
    delimiter = _delimiter(header_line, sample)
    columns = [
        c.strip().lstrip("\ufeff") for c in next(csv.reader([header_line], delimiter=delimiter))
    ]
    folded = [_fold_header(c) for c in columns]
    roles: dict[str, int] = {}
    for role, spellings in COLUMN_ROLES.items():
        for spelling in spellings:
            if spelling in folded and folded.index(spelling) not in roles.values():
                roles[role] = folded.index(spelling)
                break
    if "name" not in roles:
        found = ", ".join(f'"{c}"' for c in columns) or "none"
        accepted = ", ".join(COLUMN_ROLES["name"])
        raise ScreeningFileError(
            f"No column of names: the columns found are {found}. "
            f"Name the column of names one of: {accepted}."
        )
    return CsvLayout(encoding, delimiter, columns, roles)


def parse_birth(text: str) -> tuple[date | None, int | None]:
    """A birth date or year as YYYY-MM-DD, YYYY, DD.MM.YYYY or '28 Feb 1975'; ValueError if not."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if 1800 <= year <= date.today().year:
            return None, year
        raise ValueError(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text), None
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
        return datetime.strptime(text, "%d.%m.%Y").date(), None
    match = re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})", text)
    if match and match.group(2).lower() in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match[3])
        return date(year, month, day), None
    raise ValueError(text)


def read_rows(text: TextIO, layout: CsvLayout, max_name_length: int) -> Iterator[ScreeningRow]:
    """One ScreeningRow per data line (blank lines skipped); input errors kept on the row."""
    reader = csv.reader(text, delimiter=layout.delimiter)
    next(reader, None)  # the header, already read by inspect_csv
    width = len(layout.columns)
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        row = ScreeningRow(line=reader.line_num, values=values)
        if len(values) != width:
            row.error = (
                f"the line has {len(values)} fields but the header has {width}"
                " (a value with the delimiter in it must be in double quotes)"
            )
            row.values = (values + [""] * width)[:width]
        elif any(_SURROGATES.search(value) for value in values):
            row.error = "the line is not valid UTF-8 (nor Windows-1252) text"
            row.values = [_SURROGATES.sub("\ufffd", value) for value in values]
        else:
            _fill_row(row, layout, max_name_length)
        yield row


def _fill_row(row: ScreeningRow, layout: CsvLayout, max_name_length: int) -> None:
    def value(role: str) -> str:
        index = layout.roles.get(role)
        return row.values[index].strip() if index is not None else ""

    row.name = value("name")
    row.country = value("country") or None
    row.reference = value("reference") or None
    row.id_number = value("id_number")[:max_name_length] or None
    name_column = layout.columns[layout.roles["name"]]
    if not row.name and not row.id_number:
        row.error = f"{name_column}: empty"
    elif len(row.name) > max_name_length:
        row.error = f"{name_column}: longer than {max_name_length} characters"
    birth = value("birth_date")
    if birth and row.error is None:
        try:
            row.birth_date, row.birth_year = parse_birth(birth)
        except ValueError:
            column = layout.columns[layout.roles["birth_date"]]
            row.error = f"{column}: {birth!r} is not a date (use YYYY-MM-DD or YYYY)"


JSON_FIELDS = ("name", "birth_date", "country", "reference", "id_number")


def row_from_json(index: int, item: object, max_name_length: int) -> ScreeningRow:
    """One item of a JSON request as a ScreeningRow; what is wrong with it goes on the row."""
    row = ScreeningRow(line=index, values=[])
    where = f"names[{index}]"
    if not isinstance(item, dict):
        row.error = f"{where}: must be an object with a name"
        return row
    for key in JSON_FIELDS:
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            row.error = f"{where}.{key}: must be a string"
            return row
    row.name = (item.get("name") or "").strip()
    row.country = (item.get("country") or "").strip() or None
    row.reference = item.get("reference")
    row.id_number = (item.get("id_number") or "").strip()[:max_name_length] or None
    if not row.name and not row.id_number:
        row.error = f"{where}.name: is required and must not be empty"
    elif len(row.name) > max_name_length:
        row.error = f"{where}.name: must be at most {max_name_length} characters"
    elif birth := (item.get("birth_date") or "").strip():
        try:
            row.birth_date, row.birth_year = parse_birth(birth)
        except ValueError:
            row.error = f"{where}.birth_date: {birth!r} is not a date (use YYYY-MM-DD or YYYY)"
    return row
