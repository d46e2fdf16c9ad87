"""The candidate index: matching keys of every listed name.

Rows are derived data, rebuilt from DesignationName by services.search_index
whenever a designation is saved or imported (and by ``flask reindex``).
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.designation import utcnow


class NameKey(db.Model):
    __tablename__ = "name_keys"
    # Covering: the candidate query reads (key, designation, name) from the index alone.
    __table_args__ = (
        Index("ix_name_keys_key_designation_name", "key", "designation_id", "name_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    name_id: Mapped[int] = mapped_column(
        ForeignKey("designation_names.id", ondelete="CASCADE"), index=True
    )
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )


class SearchIndexState(db.Model):
    """Which version of the matcher's keys the index holds (one row).

    ``keys_fingerprint`` is ``matching.keys_fingerprint()`` when the index was last
    rebuilt; a matcher upgrade that changes keys makes it differ, and ``flask reindex
    --if-stale`` (run by ``make run``) rebuilds the index.
    """

    __tablename__ = "search_index_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    keys_fingerprint: Mapped[str] = mapped_column(String(32))
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
