"""Each list's data date and last update: written by every import, shown wherever it answers.

The **data date** is the publisher's own date in the file where it gives one (the UN's
``dateGenerated``, the latest ``Control Date`` of Australia's list), otherwise a date in
the file's name (``uk_sanctions_list_2025-08-11.csv``), otherwise the file's date (for a
download, the server's Last-Modified). The **last update** is the last time the list was
imported or confirmed current by an update from its official source.

A list is **stale** when neither its data date nor its last confirmation by the official
source (``flask update``) is within ``stale_after_days``: an import of an old file does
not make old data fresh, and a check that finds the list unchanged does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Designation, ListMetadata, SourceRef
from app.services.lists import LISTS as KNOWN_LISTS

# The lists the app imports: source id (as in source_refs) -> (name, jurisdiction),
# from the one catalogue of lists (services/lists.py).
LISTS: dict[str, tuple[str, str]] = {
    code: (info.name, info.jurisdiction) for code, info in KNOWN_LISTS.items()
}
BASIS_LABELS = {
    "publisher": "the publisher's date",
    "file name": "the date in the file's name",
    "stated": "the date stated with the files",
    "file": "the file's date",
}
_UN_GENERATED = re.compile(rb'dateGenerated="(\d{4})-(\d{2})-(\d{2})')
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")
# A folder (OFAC's set of four files, which carry no date) may say its data's date in
# this file: one ISO date, as the seed's OFAC folder does.
FOLDER_DATE_FILE = "data_date.txt"
_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class ListDates:
    """What a page or the API shows about one list."""

    source: str
    name: str
    jurisdiction: str
    data_date: date | None
    data_date_basis: str | None
    last_update: datetime | None
    checked_at: datetime | None
    stale: bool
    designations: int

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS.get(self.data_date_basis or "", "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "name": self.name,
            "jurisdiction": self.jurisdiction,
            "data_date": self.data_date.isoformat() if self.data_date else None,
            "data_date_basis": self.data_date_basis,
            "last_update": self.last_update.isoformat() if self.last_update else None,
            "last_checked": self.checked_at.isoformat() if self.checked_at else None,
            "stale": self.stale,
            "designations": self.designations,
        }


def data_date_of(path: Path, file_name: str, publisher_date: date | None) -> tuple[date, str]:
    """The data date of a source file (or OFAC folder) and its basis."""
    path = Path(path)
    if publisher_date is None and path.is_file():
        publisher_date = _sniffed_publisher_date(path)
    if publisher_date is not None:
        return publisher_date, "publisher"
    stated = path / FOLDER_DATE_FILE
    basis = "stated" if path.is_dir() and stated.is_file() else "file name"
    text = stated.read_text(encoding="utf-8", errors="replace")[:100] if basis == "stated" else ""
    named = _DATE_IN_NAME.search(text or file_name)
    if named:
        year, month, day = named.groups()
        try:
            return date(int(year), int(month), int(day or 1)), basis
        except ValueError:
            pass
    probe = path / "sdn.csv" if path.is_dir() else path
    stamp = (probe if probe.exists() else path).stat().st_mtime
    return datetime.fromtimestamp(stamp, UTC).date(), "file"


def _sniffed_publisher_date(path: Path) -> date | None:
    """The UN list's ``dateGenerated`` (in its root element, at the top of the file)."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    match = _UN_GENERATED.search(head)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return None
    return None


def record_import(
    session: Session,
    source: str,
    path: Path,
    file_name: str,
    reader_result: Any,
    *,
    full_list: bool,
    now: datetime | None = None,
) -> None:
    """Note an import of ``source`` (in the import's transaction; never commits).

    A partial file (the seed) only sets the dates of a list that has none yet: it must
    not make a full list imported before look older or newer than it is.
    """
    row = session.get(ListMetadata, source)
    if row is not None and not full_list:
        return
    data_date, basis = data_date_of(path, file_name, getattr(reader_result, "data_date", None))
    if row is None:
        row = ListMetadata(source=source)
        session.add(row)
    row.data_date, row.data_date_basis = data_date, basis
    row.file_name = file_name[:300]
    row.imported_at = now or datetime.now(UTC)


def record_check(session: Session, source: str, now: datetime | None = None) -> None:
    """Note that the official source was fetched and the list is what we hold (never commits)."""
    row = session.get(ListMetadata, source)
    if row is None:
        row = ListMetadata(source=source)
        session.add(row)
    row.checked_at = now or datetime.now(UTC)


def list_dates(
    session: Session, stale_after_days: int, today: date | None = None
) -> list[ListDates]:
    """Every list in the database (or with metadata), in LISTS order then by source."""
    today = today or datetime.now(UTC).date()
    rows = {row.source: row for row in session.scalars(select(ListMetadata))}
    counts = dict(
        session.execute(
            select(SourceRef.source, func.count(SourceRef.id))
            .join(Designation, Designation.id == SourceRef.designation_id)
            .where(Designation.status == "active")
            .group_by(SourceRef.source)
        ).all()
    )
    imported = dict(
        session.execute(
            select(SourceRef.source, func.max(SourceRef.last_imported_at)).group_by(
                SourceRef.source
            )
        ).all()
    )
    sources = [s for s in LISTS if s in rows or s in imported]
    sources += sorted((set(rows) | set(imported)) - set(LISTS))
    return [
        _dates(source, rows.get(source), imported.get(source), counts.get(source, 0),
               stale_after_days, today)
        for source in sources
    ]  # fmt: skip


def _dates(
    source: str,
    row: ListMetadata | None,
    last_import: datetime | None,
    designations: int,
    stale_after_days: int,
    today: date,
) -> ListDates:
    name, jurisdiction = LISTS.get(source, (source, ""))
    data_date = row.data_date if row else None
    checked = _aware(row.checked_at) if row else None
    imported_at = _aware(row.imported_at) if row and row.imported_at else _aware(last_import)
    last_update = max((d for d in (imported_at, checked) if d is not None), default=None)
    fresh = [d for d in (data_date, checked.date() if checked else None) if d is not None]
    stale = not fresh or today - max(fresh) > timedelta(days=stale_after_days)
    return ListDates(
        source, name, jurisdiction, data_date, row.data_date_basis if row else None,
        last_update, checked, stale, designations,
    )  # fmt: skip


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands timezone-aware columns back naive: they were written in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def by_source(dates: list[ListDates]) -> dict[str, ListDates]:
    return {entry.source: entry for entry in dates}
