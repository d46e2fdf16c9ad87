"""A designation: one listed subject under one or more sanctions programs.

The subject's repeating facts (names, birth dates, identifiers, ...) are child
rows owned by the designation and replaced together with it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.program import Measure, Program

KINDS = ("individual", "entity", "vessel", "aircraft")
NAME_TYPES = {"primary": "Primary name", "aka": "a.k.a.", "fka": "f.k.a.", "nka": "n.k.a."}


def utcnow() -> datetime:
    return datetime.now(UTC)


designation_programs = Table(
    "designation_programs",
    db.metadata,
    Column(
        "designation_id",
        Integer,
        ForeignKey("designations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("program_id", Integer, ForeignKey("programs.id"), primary_key=True),
)

_OWNED = "all, delete-orphan"


class Designation(db.Model):
    __tablename__ = "designations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    primary_name: Mapped[str] = mapped_column(String(500), index=True)
    gender: Mapped[str | None] = mapped_column(String(16))
    titles: Mapped[list[str]] = mapped_column(JSON, default=list)
    remarks: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    listed_on: Mapped[date | None] = mapped_column(Date)
    delisted_on: Mapped[date | None] = mapped_column(Date)
    delisting_reason: Mapped[str | None] = mapped_column(Text)
    delisting_reference: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    # Optimistic locking: SQLAlchemy adds "WHERE version = :old" to every UPDATE.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    names: Mapped[list[DesignationName]] = relationship(
        back_populates="designation", cascade=_OWNED, order_by="DesignationName.position"
    )
    birth_dates: Mapped[list[BirthDate]] = relationship(cascade=_OWNED, order_by="BirthDate.id")
    birth_places: Mapped[list[BirthPlace]] = relationship(cascade=_OWNED, order_by="BirthPlace.id")
    nationalities: Mapped[list[Nationality]] = relationship(
        cascade=_OWNED, order_by="Nationality.id"
    )
    identifiers: Mapped[list[Identifier]] = relationship(cascade=_OWNED, order_by="Identifier.id")
    addresses: Mapped[list[Address]] = relationship(cascade=_OWNED, order_by="Address.id")
    links: Mapped[list[DesignationLink]] = relationship(
        cascade=_OWNED,
        foreign_keys="DesignationLink.designation_id",
        order_by="DesignationLink.id",
    )
    measures: Mapped[list[Measure]] = relationship(
        back_populates="designation", cascade=_OWNED, order_by="Measure.id"
    )
    source_refs: Mapped[list[SourceRef]] = relationship(
        back_populates="designation", cascade=_OWNED, order_by="SourceRef.id"
    )
    programs: Mapped[list[Program]] = relationship(
        secondary=designation_programs, order_by="Program.code"
    )

    @property
    def is_delisted(self) -> bool:
        return self.status == "delisted"

    def mark_delisted(self, on: date, reason: str | None, reference: str | None) -> None:
        """Delisted on ``on``: its active measures end then (an editor's or an import's)."""
        self.status = "delisted"
        self.delisted_on = on
        self.delisting_reason = reason
        self.delisting_reference = reference
        for measure in self.measures:
            if measure.status == "active":
                measure.status = "ended"
                if measure.end_date is None or measure.end_date > on:
                    measure.end_date = on

    def mark_relisted(self) -> None:
        """Active again, with the measures its delisting ended."""
        for measure in self.measures:
            if measure.status == "ended" and measure.end_date == self.delisted_on:
                measure.status = "active"
                measure.end_date = None
        self.status = "active"
        self.delisted_on = None
        self.delisting_reason = None
        self.delisting_reference = None

    def __repr__(self) -> str:
        return f"<Designation {self.id} {self.primary_name!r}>"


# Browsing sorts by name without regard to case (mixed-case UK names among upper-case ones).
Index("ix_designations_primary_name_lower", func.lower(Designation.primary_name))


class DesignationName(db.Model):
    __tablename__ = "designation_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str] = mapped_column(String(500))
    name_type: Mapped[str] = mapped_column(String(8), default="primary")
    quality: Mapped[str] = mapped_column(String(8), default="strong")  # strong | weak
    script: Mapped[str | None] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)

    designation: Mapped[Designation] = relationship(back_populates="names")

    @property
    def type_label(self) -> str:
        return NAME_TYPES.get(self.name_type, self.name_type)


class BirthDate(db.Model):
    """A date of birth as the source wrote it, with the range of dates it allows."""

    __tablename__ = "birth_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(100))
    earliest: Mapped[date | None] = mapped_column(Date)
    latest: Mapped[date | None] = mapped_column(Date)


class BirthPlace(db.Model):
    __tablename__ = "birth_places"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    place: Mapped[str] = mapped_column(String(300))


class Nationality(db.Model):
    __tablename__ = "nationalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="nationality")  # | citizenship


class Identifier(db.Model):
    __tablename__ = "identifiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    id_type: Mapped[str] = mapped_column(String(100))
    number: Mapped[str] = mapped_column(String(200))
    # matching.identifier_key(number): what search by identifier looks up (issue 17).
    number_key: Mapped[str | None] = mapped_column(String(200), index=True)
    country: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class Address(db.Model):
    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class DesignationLink(db.Model):
    """A link the source draws to another subject (OFAC "Linked To:")."""

    __tablename__ = "designation_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    target_name: Mapped[str] = mapped_column(String(500))
    relation: Mapped[str] = mapped_column(String(100), default="linked to")
    # Resolved when the other subject is in the database; the text stays either way.
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("designations.id", ondelete="SET NULL"), index=True
    )

    target: Mapped[Designation | None] = relationship(foreign_keys=[target_id])


class SourceRef(db.Model):
    """Which list a designation came from and its identifier there (``ofac-sdn`` / ``15886``)."""

    __tablename__ = "source_refs"
    __table_args__ = (UniqueConstraint("source", "ref", name="uq_source_refs_source_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(64))
    ref: Mapped[str] = mapped_column(String(100))
    # Fingerprint of the source record as last imported: an unchanged record is skipped.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_imported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    designation: Mapped[Designation] = relationship(back_populates="source_refs")
