"""One shape for a search result, shared by the JSON API, JSON and CSV downloads."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Designation
from app.services.designations import measure_dict, search_result_options
from app.services.exports import csv_cell
from app.services.search import SearchHit, SearchResults
from app.services.subject_view import sanctions_grid

__all__ = [
    "csv_lines",
    "hit_dict",
    "load_designations",
    "results_dicts",
    "sanctions_grid",
    "shows_near",
]

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
    "jurisdictions",
]


def shows_near(results: SearchResults, page_size: int) -> bool:
    """Whether a page lists "Other people with this name" below the matches.

    It does for a query of one name part (a surname alone) and whenever the matches
    are fewer than a page, so that a partial name still leads to the person.
    """
    if not results.near_misses:
        return False
    return len(re.findall(r"\w+", results.query)) == 1 or results.total < page_size


def load_designations(session: Session, hits: Iterable[SearchHit]) -> dict[int, Designation]:
    """The designations of these hits, and of every subject they belong to."""
    ids = {i for hit in hits for i in (hit.subject_ids or [hit.designation_id])}
    if not ids:
        return {}
    rows = session.scalars(
        select(Designation).where(Designation.id.in_(ids)).options(*search_result_options())
    )
    return {d.id: d for d in rows}


def _unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))


def hit_dict(
    hit: SearchHit,
    designation: Designation,
    url: str,
    linked: list[Designation] = (),
    url_for_id: Callable[[int], str] | None = None,
) -> dict:
    """One result; a subject listed by several sources carries all their references."""
    match = hit.match
    subject = [designation, *linked]
    grid = sanctions_grid(subject)
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
        "programs": _unique(p.code for d in subject for p in d.programs),
        "measures": [measure_dict(m) for d in subject for m in d.measures],
        "status": designation.status,
        "delisted_on": designation.delisted_on.isoformat() if designation.delisted_on else None,
        "birth_dates": _unique(b.text for d in subject for b in d.birth_dates),
        "nationalities": _unique(n.country for d in subject for n in d.nationalities),
        "source_refs": [{"source": s.source, "ref": s.ref} for d in subject for s in d.source_refs],
        "sanctions_by_jurisdiction": grid,
        "jurisdictions": list(dict.fromkeys(c["jurisdiction"] for c in grid if c["active"])),
        "linked_designations": [
            {
                "id": d.id,
                "url": url_for_id(d.id) if url_for_id else None,
                "name": d.primary_name,
                "status": d.status,
                "source_refs": [{"source": s.source, "ref": s.ref} for s in d.source_refs],
            }
            for d in linked
        ],
    }


def results_dicts(
    session: Session,
    results: SearchResults,
    hits: list[SearchHit],
    url_for_id: Callable[[int], str],
) -> list[dict]:
    designations = load_designations(session, hits)
    return [
        hit_dict(
            hit,
            designations[hit.designation_id],
            url_for_id(hit.designation_id),
            [designations[i] for i in hit.subject_ids[1:] if i in designations],
            url_for_id,
        )
        for hit in hits
        if hit.designation_id in designations
    ]


def csv_lines(records: list[dict]) -> Iterator[str]:
    """CSV text, a line at a time (streamable)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()  # the header even when nothing matched
    buffer.seek(0)
    buffer.truncate(0)
    for rank, record in enumerate(records, start=1):
        writer.writerow(
            csv_cell(value)
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
                "; ".join(record["jurisdictions"]),
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
