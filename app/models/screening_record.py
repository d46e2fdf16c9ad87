"""Screening records: stored runs, their rows and hits, decisions on hits, API tokens.

* ``ScreeningRun``: one screening by a signed-in account (browser upload, CLI, API):
  who, when, the threshold, the matcher version and the list versions it ran against.
  Its id is random and unguessable (it appears in URLs).
* ``ScreeningRow``: one input row (its fields as given) and how it ended; ``client_key``
  is who the row is about for remembering decisions (``services.decisions.client_key``).
* ``ScreeningHit``: one matched subject of a row, with score, explanation and a snapshot
  of the subject as it was listed at the time of the run.
* ``HitDecision``: a reviewer's decision on (client key x subject key); append only,
  like the audit trail: a new decision supersedes, none is ever changed or removed.
* ``ApiToken``: a Bearer token of an account, kept as the SHA-256 of its text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.append_only import append_only
from app.models.designation import utcnow

# A run's life: rows are stored first ("queued"), screened ("running"), then "done".
RUN_QUEUED, RUN_RUNNING, RUN_DONE, RUN_FAILED, RUN_CANCELLED = (
    "queued",
    "running",
    "done",
    "failed",
    "cancelled",
)
RUN_STATUSES = (RUN_QUEUED, RUN_RUNNING, RUN_DONE, RUN_FAILED, RUN_CANCELLED)
# Where a run came from.
RUN_ORIGINS = ("browser", "cli", "api")
# A row not screened yet; the others are those of services.screening (match, ...).
ROW_PENDING = "pending"

TRUE_MATCH, FALSE_POSITIVE, ESCALATED = "true_match", "false_positive", "escalated"
DECISIONS: dict[str, str] = {
    TRUE_MATCH: "True match",
    FALSE_POSITIVE: "False positive",
    ESCALATED: "Escalated",
}
# Decisions the four-eyes rule (REVIEW_FOUR_EYES) holds until a second reviewer confirms.
CONFIRMED_DECISIONS = (TRUE_MATCH, FALSE_POSITIVE)


class ScreeningRun(db.Model):
    __tablename__ = "screening_runs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    origin: Mapped[str] = mapped_column(String(16), default="api")
    label: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default=RUN_QUEUED, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    threshold: Mapped[float] = mapped_column(Float)
    # {"keys_fingerprint": ..., "app_version": ...}
    matcher_version: Mapped[dict] = mapped_column(JSON, default=dict)
    # services.list_versions.ListVersion.as_dict() of every list, when screened.
    list_versions: Mapped[list] = mapped_column(JSON, default=list)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    # The background job screening it (None when screened in the request).
    job_id: Mapped[str | None] = mapped_column(String(40), index=True)
    error: Mapped[str | None] = mapped_column(Text)

    user = relationship("User", lazy="joined")

    def __repr__(self) -> str:
        return f"<ScreeningRun {self.id} {self.status}>"


class ScreeningRow(db.Model):
    __tablename__ = "screening_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(
        ForeignKey("screening_runs.id", ondelete="CASCADE"), index=True
    )
    line: Mapped[int] = mapped_column(Integer)
    # {"reference", "name", "birth_date", "country", "id_number"} as given (None if absent),
    # and "values": the CSV row's own cells for uploads.
    input: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=ROW_PENDING)
    message: Mapped[str] = mapped_column(Text, default="")
    client_key: Mapped[str] = mapped_column(String(400), index=True, default="")


class ScreeningHit(db.Model):
    __tablename__ = "screening_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(
        ForeignKey("screening_runs.id", ondelete="CASCADE"), index=True
    )
    row_id: Mapped[int] = mapped_column(
        ForeignKey("screening_rows.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column(Integer, default=0)  # 0: the row's best match
    subject_key: Mapped[str] = mapped_column(String(100), index=True)
    designation_id: Mapped[int] = mapped_column(Integer)  # no FK: the record outlives it
    score: Mapped[float] = mapped_column(Float)
    why: Mapped[str] = mapped_column(Text, default="")
    # The subject as listed when screened: id, name, kind, status, programs, source_refs...
    subject: Mapped[dict] = mapped_column(JSON, default=dict)
    measures: Mapped[list] = mapped_column(JSON, default=list)


class HitDecision(db.Model):
    __tablename__ = "hit_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_key: Mapped[str] = mapped_column(String(400), index=True)
    subject_key: Mapped[str] = mapped_column(String(100), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(254))  # the reviewer's email at the time
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Where it was made (no FK: a decision outlives the run it was made on).
    run_id: Mapped[str | None] = mapped_column(String(40))
    hit_id: Mapped[int | None] = mapped_column(Integer)
    # Set on a second reviewer's confirmation of decision ``confirms_id``.
    confirms_id: Mapped[int | None] = mapped_column(Integer, index=True)


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    prefix: Mapped[str] = mapped_column(String(12), default="")  # shown to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user = relationship("User", lazy="joined")

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class DecisionsAreAppendOnly(Exception):
    """Raised on any attempt to change or remove a hit decision."""


append_only(HitDecision, DecisionsAreAppendOnly, "hit decision")
