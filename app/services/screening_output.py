"""Writing screening results: the output CSV (one row per matched subject) and JSON.

Each match is a subject: the measures, programs, jurisdictions and source references
of every list it is on, as search gives them. ``excel_bom`` starts the CSV with a
UTF-8 byte order mark so that spreadsheet programs read Cyrillic names correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from app.services.exports import csv_cell

if TYPE_CHECKING:
    from app.services.screening import ScreenedRow, ScreeningMatch
    from app.services.screening_input import CsvLayout

MATCH = "match"
NO_MATCH = "no match"
ERROR = "error"
STATUSES = (MATCH, NO_MATCH, ERROR)
EXCEL_BOM = "\ufeff"

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
    "jurisdictions",
    "source_refs",
    "url",
    "list_dates",  # the data date of each list of the match: "ofac-sdn=2024-05-03"
]


@dataclass
class ScreeningSummary:
    rows: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    def add(self, screened: ScreenedRow) -> None:
        self.rows += 1
        self.counts[screened.status] += 1

    def to_dict(self) -> dict:
        return {"rows": self.rows, **self.counts}


def output_columns(layout: CsvLayout) -> list[str]:
    """The input's columns (renamed input_X where they clash with ours), then ours."""
    return [f"input_{c}" if c in RESULT_COLUMNS else c for c in layout.columns] + RESULT_COLUMNS


def measure_text(m: dict) -> str:
    return f"{m['jurisdiction']} {m['label']} ({m['program']})"


def output_rows(
    screened: ScreenedRow,
    url_for_id: Callable[[int], str],
    list_dates: Mapping[str, str] | None = None,
) -> Iterator[list[str]]:
    """One CSV row per matched subject (best first), or one row saying no match or why not.

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
                "; ".join(measure_text(m) for m in d.measures),
                "; ".join(d.jurisdictions),
                "; ".join(f"{s['source']}:{s['ref']}" for s in d.source_refs),
                url_for_id(d.id),
                "; ".join(
                    f"{source}={(list_dates or {}).get(source, 'unknown')}"
                    for source in dict.fromkeys(s["source"] for s in d.source_refs)
                ),
            ]
        ]


def write_results(
    screened_chunks: Iterable[list[ScreenedRow]],
    layout: CsvLayout,
    out: TextIO,
    url_for_id: Callable[[int], str],
    progress: Callable[[ScreeningSummary], None] | None = None,
    list_dates: Mapping[str, str] | None = None,
    excel_bom: bool = False,
) -> ScreeningSummary:
    """Write the output CSV a chunk at a time; ``progress`` hears after each chunk.

    With ``excel_bom`` the text starts with a byte order mark (Excel-friendly UTF-8).
    """
    if excel_bom:
        out.write(EXCEL_BOM)
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


def match_dict(match: ScreeningMatch, url_for_id: Callable[[int], str]) -> dict:
    """A matched subject: the keys of one designation as before, for all its lists."""
    d = match.designation
    return {
        "score": round(match.score, 4),
        "id": d.id,
        "url": url_for_id(d.id),
        "subject_id": d.subject_id,
        "name": d.name,
        "kind": d.kind,
        "status": d.status,
        "matched_name": match.matched_name,
        "matched_name_quality": match.matched_name_quality,
        "programs": d.programs,
        "measures": d.measures,
        "jurisdictions": d.jurisdictions,
        "source_refs": d.source_refs,
        "sanctions_by_jurisdiction": d.grid,
        "linked_designations": [{**linked, "url": url_for_id(linked["id"])} for linked in d.linked],
    }


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


def screen_response(
    screened_chunks: Iterable[list[ScreenedRow]],
    threshold: float,
    url_for_id: Callable[[int], str],
) -> dict:
    """The body of POST /api/v1/screen: every row with its matched subjects, and counts."""
    summary = ScreeningSummary()
    results = []
    for chunk in screened_chunks:
        for screened in chunk:
            summary.add(screened)
            results.append(screened_dict(screened, url_for_id))
    return {
        "threshold": threshold,
        "total": summary.rows,
        "summary": summary.to_dict(),
        "results": results,
    }
