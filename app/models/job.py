"""Background jobs: one row per piece of long work (an import, a screening, ...).

The row is the job's record for people and for recovery: what it is, who queued
it, when it started and finished, how far it got, its result or error, how many
times it was attempted. The queue itself (app.jobs, Huey) only carries the job's id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.designation import utcnow

QUEUED, RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED = (
    "queued",
    "running",
    "done",
    "failed",
    "cancelled",
    "interrupted",
)
JOB_STATES = (QUEUED, RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED)
# States a job never leaves by itself (a person may retry a failed one).
FINISHED_STATES = (DONE, FAILED, CANCELLED)


class Job(db.Model):
    __tablename__ = "jobs"

    # Random and unguessable: it appears in URLs (/screen/<id>, /admin/jobs/<id>).
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    state: Mapped[str] = mapped_column(String(16), default=QUEUED, index=True)
    # What a person reads in the list: "Screening clients.csv", "Import sdn.csv".
    label: Mapped[str] = mapped_column(String(300), default="")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    # Who queued it: an account, and/or a browser (hash of its owner cookie), and a
    # word for the rest ("cli", "schedule", "anonymous").
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    owner_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    queued_by: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(String(500), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # The process running it ("host:pid:nonce"), so another one can tell it died.
    worker: Mapped[str | None] = mapped_column(String(200))

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state}>"
