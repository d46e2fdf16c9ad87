"""What the app knows about each list as a whole: its data date, and every update attempt."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.designation import utcnow

# What became of an update attempt.
UPDATE_OUTCOMES = {
    "running": "Running",
    "imported": "Imported",  # downloaded, changed, imported
    "unchanged": "Unchanged",  # 304 Not Modified, or the same content as last time
    "failed": "Failed",  # the download failed (HTTP error, cut short, timeout, too large)
    "refused": "Refused",  # downloaded, but the importer refused the file
    "skipped": "Skipped",  # another update of the same list was still running
}


class ListMetadata(db.Model):
    """One row per list (``source`` as in source_refs), written by every import."""

    __tablename__ = "list_metadata"

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The publisher's date in the file where it gives one, else the file's date.
    data_date: Mapped[date | None] = mapped_column(Date)
    # Where data_date came from: publisher, file name, stated (data_date.txt) or file.
    data_date_basis: Mapped[str | None] = mapped_column(String(16))
    file_name: Mapped[str | None] = mapped_column(String(300))
    imported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Last time an update from the official source succeeded (imported or found unchanged).
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ListUpdate(db.Model):
    """One attempt of ``flask update`` (or the admin's "update now") at one list."""

    __tablename__ = "list_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16), index=True)  # ofac | un | uk | canada | au
    url: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(254), default="cli")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    http_status: Mapped[int | None] = mapped_column(Integer)
    bytes: Mapped[int | None] = mapped_column(BigInteger)
    digest: Mapped[str | None] = mapped_column(String(64))  # sha256 of what was downloaded
    outcome: Mapped[str] = mapped_column(String(16), default="running", index=True)
    summary: Mapped[dict | None] = mapped_column(JSON)  # the import's summary
    error: Mapped[str | None] = mapped_column(Text)
    # ETag / Last-Modified per downloaded URL, for the next conditional request.
    validators: Mapped[dict | None] = mapped_column(JSON)

    @property
    def outcome_label(self) -> str:
        return UPDATE_OUTCOMES.get(self.outcome, self.outcome)
