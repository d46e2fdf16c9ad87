"""Exports that stream: the whole database (or part of it) and search results.

Designations are read by keyset pagination on the id, a batch at a time with
everything they show eager-loaded, turned into the one JSON shape
(``designations.designation_dict``) and let go: memory stays constant however
large the database. CSV rows are the same records flattened.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Designation
from app.services.designations import (
    designation_dict,
    full_designation_options,
    listing_conditions,
)
from app.services.subject_view import subject_ids

STATUSES = ("active", "delisted", "all")

CSV_COLUMNS = [
    "id",
    "url",
    "kind",
    "name",
    "status",
    "listed_on",
    "delisted_on",
    "other_names",
    "birth_dates",
    "birth_places",
    "nationalities",
    "citizenships",
    "identifiers",
    "addresses",
    "programs",
    "measures",
    "source_refs",
    "remarks",
    "updated_at",
    "subject_id",  # the same for the designations of one subject on several lists
]


@dataclass(frozen=True)
class ExportFilters:
    status: str = "all"
    program: str | None = None
    kind: str | None = None


def csv_cell(value: object) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def designation_records(
    session: Session,
    filters: ExportFilters,
    url_for_id: Callable[[int], str],
    batch_size: int,
) -> Iterator[dict]:
    """Every designation the filters keep, by id, as designation_dict records."""
    conditions = listing_conditions(filters.status, filters.kind, filters.program)
    last_id = 0
    while True:
        ids = session.scalars(
            select(Designation.id)
            .where(Designation.id > last_id, *conditions)
            .order_by(Designation.id)
            .limit(batch_size)
        ).all()
        if not ids:
            return
        batch = session.scalars(
            select(Designation)
            .where(Designation.id.in_(ids))
            .order_by(Designation.id)
            .options(*full_designation_options())
        ).all()
        subjects = subject_ids(session, ids)
        records = [
            {**designation_dict(d, url_for_id(d.id)), "subject_id": subjects[d.id]} for d in batch
        ]
        for designation in batch:
            session.expunge(designation)
        del batch
        yield from records
        last_id = ids[-1]


def jsonl_lines(records: Iterable[dict]) -> Iterator[str]:
    """JSON Lines: one record per line."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _joined(values: Iterable[object]) -> str:
    return "; ".join(str(v) for v in values if v)


def csv_row(record: dict) -> list[str]:
    """A designation_dict record flattened to CSV_COLUMNS."""
    values = {
        **record,
        "other_names": _joined(n["name"] for n in record["names"][1:]),
        "birth_dates": _joined(b["text"] for b in record["birth_dates"]),
        "birth_places": _joined(record["birth_places"]),
        "nationalities": _joined(record["nationalities"]),
        "citizenships": _joined(record["citizenships"]),
        "identifiers": _joined(
            f"{i['type']} {i['number']}" + (f" ({i['country']})" if i["country"] else "")
            for i in record["identifiers"]
        ),
        "addresses": _joined(
            ", ".join(p for p in (a["address"], a["city"], a["country"]) if p)
            for a in record["addresses"]
        ),
        "programs": _joined(p["code"] for p in record["programs"]),
        "measures": _joined(
            f"{m['jurisdiction']} {m['label']} ({m['program']})" for m in record["measures"]
        ),
        "source_refs": _joined(f"{s['source']}:{s['ref']}" for s in record["source_refs"]),
    }
    return [csv_cell(values[column]) for column in CSV_COLUMNS]


def csv_lines(columns: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text, the header then a line per row (streamable)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate(0)
        writer.writerow(row)
        yield buffer.getvalue()


def designation_csv_lines(records: Iterable[dict]) -> Iterator[str]:
    return csv_lines(CSV_COLUMNS, (csv_row(record) for record in records))
