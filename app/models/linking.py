"""Links between designations of different lists that are the same subject.

Linking proposes pairs (matcher score plus birth date and nationality); sure pairs
are linked at once, unsure ones wait for an editor. Decisions are kept across
re-imports because designations keep their ids when a source re-imports them.
``SubjectMember`` rows are derived from the linked pairs (subject id = the smallest
designation id of each connected group) so search can show one result per subject;
they live outside the designations table so that linking never bumps a
designation's row version under an editor's feet.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.designation import Designation, utcnow

LINK_STATUSES = ("linked", "proposed", "rejected")


class SubjectLink(db.Model):
    __tablename__ = "subject_links"
    __table_args__ = (
        UniqueConstraint("designation_a_id", "designation_b_id", name="uq_subject_links_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The pair is stored once, smaller id first.
    designation_a_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    designation_b_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), index=True)  # linked | proposed | rejected
    method: Mapped[str] = mapped_column(String(16), default="automatic")  # | editor
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(254))

    designation_a: Mapped[Designation] = relationship(foreign_keys=[designation_a_id])
    designation_b: Mapped[Designation] = relationship(foreign_keys=[designation_b_id])


class SubjectMember(db.Model):
    """A designation's subject: only designations linked to others have a row."""

    __tablename__ = "subject_members"

    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), primary_key=True
    )
    subject_id: Mapped[int] = mapped_column(Integer, index=True)
