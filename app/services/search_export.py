"""One shape for a search result, shared by the JSON API, JSON and CSV downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Designation
from app.services.designations import measure_dict, search_result_options
from app.services.search import SearchHit, SearchResults

CSV_COLUMNS = [
    "rank",
    "score",
    "id",
    "url",
    "name",
    "matched_name",
    "matched_name_quality",
    "kind",
    "status",
    "programs",
    "measures",
    "birth_dates",
    "nationalities",
    "source_refs",
    "why",
]


def load_designations(session: Session, hits: Iterable[SearchHit]) -> dict[int, Designation]:
    ids = [hit.designation_id for hit in hits]
    if not ids:
        return {}
    rows = session.scalars(
        select(Designation).where(Designation.id.in_(ids)).options(*search_result_options())
    )
    return {d.id: d for d in rows}


def hit_dict(hit: SearchHit, designation: Designation, url: str) -> dict:
    match = hit.match
    return {
        "id": designation.id,
        "url": url,
        "name": designation.primary_name,
        "kind": designation.kind,
        "score": round(match.score, 4),
        "matched_name": match.matched_name,
        "matched_name_quality": match.matched_name_quality,
        "explanation": match.to_dict(),
        "why": match.summary(),
        "programs": [p.code for p in designation.programs],
        "measures": [measure_dict(m) for m in designation.measures],
        "status": designation.status,
        "delisted_on": designation.delisted_on.isoformat() if designation.delisted_on else None,
        "birth_dates": [b.text for b in designation.birth_dates],
        "nationalities": [n.country for n in designation.nationalities],
        "source_refs": [{"source": s.source, "ref": s.ref} for s in designation.source_refs],
    }


def results_dicts(
    session: Session,
    results: SearchResults,
    hits: list[SearchHit],
    url_for_id: Callable[[int], str],
) -> list[dict]:
    designations = load_designations(session, hits)
    return [
        hit_dict(hit, designations[hit.designation_id], url_for_id(hit.designation_id))
        for hit in hits
        if hit.designation_id in designations
    ]


def _cell(value: object) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(records: list[dict]) -> Iterator[str]:
    """CSV text, a line at a time (streamable)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for rank, record in enumerate(records, start=1):
        writer.writerow(
            _cell(value)
            for value in [
                rank,
                f"{record['score']:.4f}",
                record["id"],
                record["url"],
                record["name"],
                record["matched_name"],
                record["matched_name_quality"],
                record["kind"],
                record["status"],
                "; ".join(record["programs"]),
                "; ".join(
                    f"{m['jurisdiction']} {m['label']} ({m['program']})" for m in record["measures"]
                ),
                "; ".join(record["birth_dates"]),
                "; ".join(record["nationalities"]),
                "; ".join(f"{s['source']}:{s['ref']}" for s in record["source_refs"]),
                record["why"],
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
