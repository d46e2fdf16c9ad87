"""The candidate index: matching keys of every listed name.

Rows are derived data, rebuilt from DesignationName by services.search_index
whenever a designation is saved or imported (and by ``flask reindex``).
"""

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class NameKey(db.Model):
    __tablename__ = "name_keys"
    __table_args__ = (Index("ix_name_keys_key_designation", "key", "designation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    name_id: Mapped[int] = mapped_column(
        ForeignKey("designation_names.id", ondelete="CASCADE"), index=True
    )
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
