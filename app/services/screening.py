"""Batch screening: many names against the lists, each with its best matches.

    CSV bytes -> inspect_csv (encoding, delimiter, which column is what)
              -> read_rows (one ScreeningRow per line, input errors kept on the row)
              -> Screener.screen_rows (services.search per name, the same search as
                 the pages; match details loaded once per designation and cached)
              -> output_columns / output_rows (CSV) or screened_dict (JSON)

Pure of Flask: callers pass a Session and the settings. A bad row never stops
the batch: it becomes an output row with status "error" and the reason.
"""

from __future__ import annotations

import codecs
import csv
import io
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.models import Designation
from app.services.designations import measure_dict, search_result_options
from app.services.exports import csv_cell
from app.services.search import SearchFilters, search

MATCH = "match"
NO_MATCH = "no match"
ERROR = "error"
STATUSES = (MATCH, NO_MATCH, ERROR)

# Header spellings accepted for each role, compared after folding case, spaces and dashes.
COLUMN_ROLES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full_name", "fullname", "names", "party_name", "subject"),
    "birth_date": ("dob", "date_of_birth", "birth_date", "birthdate", "born", "birth_year"),
    "country": ("country", "nationality", "citizenship", "country_of_nationality"),
    "reference": ("reference", "ref", "id", "own_reference", "your_reference", "customer_id"),
}
DELIMITERS = ",;\t"
# A header with none of DELIMITERS has one column: read each line whole.
SINGLE_COLUMN = "\x1f"
SAMPLE_BYTES = 64 * 1024

# Columns each output row adds after the input row's own columns.
RESULT_COLUMNS = [
    "line",
    "status",
    "message",
    "score",
    "designation_id",
    "designation_name",
    "matched_name",
    "programs",
    "measures",
    "source_refs",
    "url",
    "list_dates",  # the data date of each list of the match (issue 13): "ofac-sdn=2024-05-03"
]

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
    error: str | None = None


@dataclass(frozen=True)
class MatchDetails:
    """What an output row shows of a designation; loaded once per designation."""

    id: int
    name: str
    kind: str
    status: str
    programs: list[str]
    measures: list[dict]
    source_refs: list[dict]


@dataclass(frozen=True)
class ScreeningMatch:
    score: float
    matched_name: str
    matched_name_quality: str
    designation: MatchDetails


@dataclass
class ScreenedRow:
    row: ScreeningRow
    status: str
    message: str = ""
    matches: list[ScreeningMatch] = field(default_factory=list)


@dataclass(frozen=True)
class ScreeningSettings:
    threshold: float
    candidate_limit: int
    max_matches: int
    max_name_length: int


@dataclass
class ScreeningSummary:
    rows: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    def add(self, screened: ScreenedRow) -> None:
        self.rows += 1
        self.counts[screened.status] += 1

    def to_dict(self) -> dict:
        return {"rows": self.rows, **self.counts}


# --- reading the input ---------------------------------------------------------------


def detect_encoding(stream: BinaryIO) -> str:
    """UTF-8 (with or without BOM) if any non-ASCII text in it is UTF-8, else Windows-1252.

    A UTF-8 file with a few broken rows stays UTF-8: those rows are reported as errors.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    saw_utf8 = saw_invalid = False
    while chunk := stream.read(SAMPLE_BYTES):
        text = decoder.decode(chunk)
        if any(ord(char) > 0x7F and not 0xDC80 <= ord(char) <= 0xDCFF for char in text):
            saw_utf8 = True
            break
        saw_invalid = saw_invalid or bool(_SURROGATES.search(text))
    stream.seek(0)
    return "cp1252" if saw_invalid and not saw_utf8 else "utf-8-sig"


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
    name_column = layout.columns[layout.roles["name"]]
    if not row.name:
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


# --- screening -----------------------------------------------------------------------


class Screener:
    """Screens rows on one session; keeps the details of each matched designation."""

    def __init__(self, session: Session, settings: ScreeningSettings) -> None:
        self.session = session
        self.settings = settings
        # Bounded by the number of designations in the database.
        self._details: dict[int, MatchDetails] = {}

    def screen_rows(self, rows: Iterable[ScreeningRow]) -> list[ScreenedRow]:
        """Screen a chunk of rows; details of newly matched designations load in one query."""
        pending: list[tuple[ScreeningRow, list]] = []
        for row in rows:
            hits = [] if row.error else self._hits(row)
            pending.append((row, hits))
        self._load_details({hit.designation_id for _row, hits in pending for hit in hits})
        return [self._screened(row, hits) for row, hits in pending]

    def _hits(self, row: ScreeningRow) -> list:
        settings = self.settings
        results = search(
            self.session,
            query=row.name,
            filters=SearchFilters(
                birth_date=row.birth_date, birth_year=row.birth_year, country=row.country
            ),
            threshold=settings.threshold,
            candidate_limit=settings.candidate_limit,
            max_results=settings.max_matches,
        )
        return results.hits

    def _screened(self, row: ScreeningRow, hits: list) -> ScreenedRow:
        if row.error:
            return ScreenedRow(row, ERROR, row.error)
        matches = [
            ScreeningMatch(
                score=hit.score,
                matched_name=hit.match.matched_name,
                matched_name_quality=hit.match.matched_name_quality,
                designation=self._details[hit.designation_id],
            )
            for hit in hits
            if hit.designation_id in self._details
        ]
        return ScreenedRow(row, MATCH if matches else NO_MATCH, matches=matches)

    def _load_details(self, ids: set[int]) -> None:
        missing = [i for i in ids if i not in self._details]
        if not missing:
            return
        for d in self.session.scalars(
            select(Designation).where(Designation.id.in_(missing)).options(*search_result_options())
        ):
            self._details[d.id] = MatchDetails(
                id=d.id,
                name=d.primary_name,
                kind=d.kind,
                status=d.status,
                programs=[p.code for p in d.programs],
                measures=[measure_dict(m) for m in d.measures],
                source_refs=[{"source": s.source, "ref": s.ref} for s in d.source_refs],
            )


def chunks(rows: Iterable[ScreeningRow], size: int) -> Iterator[list[ScreeningRow]]:
    chunk: list[ScreeningRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_worker_screener: Screener | None = None


def _start_worker(database_uri: str, settings: ScreeningSettings) -> None:
    global _worker_screener
    engine = create_engine(database_uri)
    _worker_screener = Screener(Session(engine), settings)


def _screen_in_worker(rows: list[ScreeningRow]) -> list[ScreenedRow]:
    assert _worker_screener is not None
    return _worker_screener.screen_rows(rows)


def screen_in_processes(
    database_uri: str,
    rows: Iterable[ScreeningRow],
    settings: ScreeningSettings,
    workers: int,
    chunk_size: int,
) -> Iterator[list[ScreenedRow]]:
    """Screen chunks in ``workers`` processes, each with its own connection; input order kept."""
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, _start_worker, (database_uri, settings)) as pool:
        yield from pool.imap(_screen_in_worker, chunks(rows, chunk_size))


# --- output --------------------------------------------------------------------------


def output_columns(layout: CsvLayout) -> list[str]:
    """The input's columns (renamed input_X where they clash with ours), then ours."""
    return [f"input_{c}" if c in RESULT_COLUMNS else c for c in layout.columns] + RESULT_COLUMNS


def _measure_text(m: dict) -> str:
    return f"{m['jurisdiction']} {m['label']} ({m['program']})"


def output_rows(
    screened: ScreenedRow,
    url_for_id: Callable[[int], str],
    list_dates: Mapping[str, str] | None = None,
) -> Iterator[list[str]]:
    """One CSV row per match (best first), or one row saying no match or what was wrong.

    ``list_dates`` maps a source to its data date as the ``list_dates`` column shows it.
    """
    row = screened.row
    base = [*row.values, str(row.line), screened.status, screened.message]
    if not screened.matches:
        yield [csv_cell(v) for v in base + [""] * (len(RESULT_COLUMNS) - 3)]
        return
    for match in screened.matches:
        d = match.designation
        yield [
            csv_cell(v)
            for v in [
                *base,
                f"{match.score:.4f}",
                d.id,
                d.name,
                match.matched_name,
                "; ".join(d.programs),
                "; ".join(_measure_text(m) for m in d.measures),
                "; ".join(f"{s['source']}:{s['ref']}" for s in d.source_refs),
                url_for_id(d.id),
                "; ".join(
                    f"{source}={(list_dates or {}).get(source, 'unknown')}"
                    for source in dict.fromkeys(s["source"] for s in d.source_refs)
                ),
            ]
        ]


def match_dict(match: ScreeningMatch, url_for_id: Callable[[int], str]) -> dict:
    d = match.designation
    return {
        "score": round(match.score, 4),
        "id": d.id,
        "url": url_for_id(d.id),
        "name": d.name,
        "kind": d.kind,
        "status": d.status,
        "matched_name": match.matched_name,
        "matched_name_quality": match.matched_name_quality,
        "programs": d.programs,
        "measures": d.measures,
        "source_refs": d.source_refs,
    }


def screen_in_session(
    session: Session, rows: Iterable[ScreeningRow], settings: ScreeningSettings, chunk_size: int
) -> Iterator[list[ScreenedRow]]:
    """Screen chunks one after another on ``session`` (no extra processes)."""
    screener = Screener(session, settings)
    for chunk in chunks(rows, chunk_size):
        yield screener.screen_rows(chunk)


def write_results(
    screened_chunks: Iterable[list[ScreenedRow]],
    layout: CsvLayout,
    out: TextIO,
    url_for_id: Callable[[int], str],
    progress: Callable[[ScreeningSummary], None] | None = None,
    list_dates: Mapping[str, str] | None = None,
) -> ScreeningSummary:
    """Write the output CSV a chunk at a time; ``progress`` hears after each chunk."""
    writer = csv.writer(out)
    writer.writerow(output_columns(layout))
    summary = ScreeningSummary()
    for chunk in screened_chunks:
        for screened in chunk:
            summary.add(screened)
            writer.writerows(output_rows(screened, url_for_id, list_dates))
        if progress:
            progress(summary)
    return summary


# --- JSON (POST /api/v1/screen) --------------------------------------------------------

JSON_FIELDS = ("name", "birth_date", "country", "reference")


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
    if not row.name:
        row.error = f"{where}.name: is required and must not be empty"
    elif len(row.name) > max_name_length:
        row.error = f"{where}.name: must be at most {max_name_length} characters"
    elif birth := (item.get("birth_date") or "").strip():
        try:
            row.birth_date, row.birth_year = parse_birth(birth)
        except ValueError:
            row.error = f"{where}.birth_date: {birth!r} is not a date (use YYYY-MM-DD or YYYY)"
    return row


def screened_dict(screened: ScreenedRow, url_for_id: Callable[[int], str]) -> dict:
    row = screened.row
    birth = row.birth_date.isoformat() if row.birth_date else row.birth_year
    record = {
        "index": row.line,
        "reference": row.reference,
        "name": row.name,
        "birth_date": str(birth) if birth else None,
        "country": row.country,
        "status": screened.status,
        "matches": [match_dict(match, url_for_id) for match in screened.matches],
    }
    if screened.message:
        record["message"] = screened.message
    return record
