"""Stored screening rows and hits as the screening service gives and takes them.

``input_of`` / ``row_of``: a screening row's input as stored, and back (to screen a
pending row); ``hit_of``: a match as a stored hit; ``screened_rows``: the stored rows and
hits as ScreenedRows again (to write a run's result CSV from what was stored). Flask-free.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ScreeningHit, ScreeningRow, ScreeningRun
from app.services import decisions, screening
from app.services.screening import ScreenedRow
from app.services.screening_input import ScreeningRow as InputRow
from app.services.screening_input import parse_birth


def input_of(row: InputRow) -> dict:
    """A screening row's input as stored: its fields, and its CSV cells if it had any."""
    birth = row.birth_date.isoformat() if row.birth_date else row.birth_year
    stored = {
        "reference": row.reference,
        "name": row.name or None,
        "birth_date": str(birth) if birth else None,
        "country": row.country,
        "id_number": row.id_number,
    }
    if row.values:
        stored["cells"] = list(row.values)
    return stored


def row_of(stored: ScreeningRow) -> InputRow:
    """A stored pending row as the screener takes it."""
    given = stored.input or {}
    row = InputRow(line=stored.line, values=list(given.get("cells") or []))
    row.name = given.get("name") or ""
    row.reference = given.get("reference")
    row.country = given.get("country")
    row.id_number = given.get("id_number")
    if given.get("birth_date"):
        try:
            row.birth_date, row.birth_year = parse_birth(given["birth_date"])
        except ValueError:
            row.error = f"birth_date: {given['birth_date']!r} is not a date"
    return row


def screened_rows(
    session: Session, run: ScreeningRun, chunk_size: int
) -> Iterator[list[ScreenedRow]]:
    """The stored rows and hits as the screening service gives them, a chunk at a time
    (to write the result CSV of a run from what was stored)."""
    last_line = -1
    while True:
        rows = session.scalars(
            select(ScreeningRow)
            .where(ScreeningRow.run_id == run.id, ScreeningRow.line > last_line)
            .order_by(ScreeningRow.line)
            .limit(chunk_size)
        ).all()
        if not rows:
            return
        last_line = rows[-1].line
        hits: dict[int, list[ScreeningHit]] = {}
        for hit in session.scalars(
            select(ScreeningHit)
            .where(ScreeningHit.row_id.in_([r.id for r in rows]))
            .order_by(ScreeningHit.row_id, ScreeningHit.rank)
        ):
            hits.setdefault(hit.row_id, []).append(hit)
        yield [
            ScreenedRow(
                row_of(row),
                row.status,
                row.message,
                [_match_of(hit) for hit in hits.get(row.id, [])],
            )
            for row in rows
        ]


def _match_of(hit: ScreeningHit) -> screening.ScreeningMatch:
    subject = hit.subject or {}
    return screening.ScreeningMatch(
        score=hit.score,
        matched_name=subject.get("matched_name", ""),
        matched_name_quality=subject.get("matched_name_quality", ""),
        designation=screening.MatchDetails(
            id=hit.designation_id,
            name=subject.get("name", ""),
            kind=subject.get("kind", ""),
            status=subject.get("status", ""),
            programs=list(subject.get("programs") or []),
            measures=list(hit.measures or []),
            source_refs=list(subject.get("source_refs") or []),
            jurisdictions=list(subject.get("jurisdictions") or []),
            subject_id=subject.get("subject_id"),
            linked=list(subject.get("linked_designations") or []),
        ),
        why=hit.why,
    )


def hit_of(run_id: str, row_id: int, rank: int, match: screening.ScreeningMatch) -> ScreeningHit:
    d = match.designation
    members = [d.id, *(linked["id"] for linked in d.linked)]
    return ScreeningHit(
        run_id=run_id,
        row_id=row_id,
        rank=rank,
        subject_key=decisions.subject_key_of([d.subject_id or d.id, *members]),
        designation_id=d.id,
        score=round(match.score, 4),
        why=match.why,
        subject={
            "designation_id": d.id,
            "subject_id": d.subject_id,
            "name": d.name,
            "kind": d.kind,
            "status": d.status,
            "matched_name": match.matched_name,
            "matched_name_quality": match.matched_name_quality,
            "programs": d.programs,
            "jurisdictions": d.jurisdictions,
            "source_refs": d.source_refs,
            "linked_designations": d.linked,
        },
        measures=d.measures,
    )
