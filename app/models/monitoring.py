"""Ongoing monitoring: client lists re-screened when the lists change.

* ``MonitoredList``: a client portfolio saved from a screening run, owned by an account,
  with an optional webhook; when it was last checked and against which list versions.
* ``MonitoredRow``: one client (name and the facts the matcher weighs).
* ``MonitoredHit``: a (row, subject) pair known to match: what later imports are
  compared with (a new pair is a new hit; a known pair delisted is a delisting).
* ``AlertDigest``: what one import changed for one list: new hits, changed hits,
  delistings; written only when there is something in it.
* ``WebhookDelivery`` / ``WebhookAttempt``: a digest's delivery and each try at it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.designation import utcnow

# A known hit's state: its subject listed, or delisted by a later import.
HIT_LISTED, HIT_DELISTED = "listed", "delisted"
# A webhook delivery's state.
DELIVERY_PENDING, DELIVERY_DELIVERED, DELIVERY_FAILED = "pending", "delivered", "failed"


class MonitoredList(db.Model):
    __tablename__ = "monitored_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The screening run it was saved from (no FK: the list outlives the run).
    screening_id: Mapped[str | None] = mapped_column(String(40), index=True)
    threshold: Mapped[float] = mapped_column(Float)
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    # Needed in clear to sign each delivery; never shown back.
    webhook_secret: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # services.list_versions.ListVersion.as_dict() of every list, at the last check.
    checked_versions: Mapped[list] = mapped_column(JSON, default=list)
    # The audit trail's import entry of the last check.
    checked_import_id: Mapped[int | None] = mapped_column(Integer)
    # The matcher's keys fingerprint the rows' stored keys were made with.
    keys_fingerprint: Mapped[str] = mapped_column(String(32), default="")

    user = relationship("User", lazy="joined")
    rows = relationship(
        "MonitoredRow",
        back_populates="monitored_list",
        cascade="all, delete-orphan",
        order_by="MonitoredRow.id",
    )


class MonitoredRow(db.Model):
    __tablename__ = "monitored_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("monitored_lists.id", ondelete="CASCADE"), index=True
    )
    # {"reference", "name", "birth_date", "country", "id_number"} as given (None if absent).
    input: Mapped[dict] = mapped_column(JSON, default=dict)
    line: Mapped[int] = mapped_column(Integer, default=0)  # its place in the list
    name: Mapped[str] = mapped_column(String(500))
    client_key: Mapped[str] = mapped_column(String(400), index=True, default="")
    # The name's search keys (matching.query_keys), made once: the list's key index.
    keys: Mapped[list | None] = mapped_column(JSON)
    # Added after the list was made and not yet screened against the whole database.
    baseline_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    monitored_list = relationship("MonitoredList", back_populates="rows")


class MonitoredHit(db.Model):
    __tablename__ = "monitored_hits"
    __table_args__ = (UniqueConstraint("row_id", "subject_key", name="uq_monitored_hit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("monitored_lists.id", ondelete="CASCADE"), index=True
    )
    row_id: Mapped[int] = mapped_column(
        ForeignKey("monitored_rows.id", ondelete="CASCADE"), index=True
    )
    subject_key: Mapped[str] = mapped_column(String(100), index=True)
    designation_id: Mapped[int] = mapped_column(Integer, index=True)  # no FK, as in runs
    score: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(16), default=HIT_LISTED)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AlertDigest(db.Model):
    __tablename__ = "alert_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("monitored_lists.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The import it follows: the audit trail's entry, the list's code, file and data date.
    import_id: Mapped[int | None] = mapped_column(Integer, index=True)
    source: Mapped[str] = mapped_column(String(64), default="")
    data_date: Mapped[str | None] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(500), default="")
    # {"new_hits": [...], "changed_hits": [...], "delisted": [...]}: see monitor_digests.
    body: Mapped[dict] = mapped_column(JSON, default=dict)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)


class WebhookDelivery(db.Model):
    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_id: Mapped[int] = mapped_column(
        ForeignKey("alert_digests.id", ondelete="CASCADE"), index=True
    )
    list_id: Mapped[int] = mapped_column(
        ForeignKey("monitored_lists.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    state: Mapped[str] = mapped_column(String(16), default=DELIVERY_PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    attempts = relationship(
        "WebhookAttempt", cascade="all, delete-orphan", order_by="WebhookAttempt.id"
    )


class WebhookAttempt(db.Model):
    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text, default="")
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    job_id: Mapped[str | None] = mapped_column(String(40))
