"""Sanctions programs (the laws) and the measures they impose on a designation."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

if TYPE_CHECKING:
    from app.models.designation import Designation

# The measure types we know, with the label shown to people. Sources name them
# differently ("Travel Ban", "suspension of entry"); importers map onto these.
MEASURE_TYPES: dict[str, str] = {
    "asset_freeze": "Asset freeze",
    "visa_ban": "Visa ban",
    "travel_ban": "Travel ban",
    "entry_ban": "Entry ban",
    "arms_embargo": "Arms embargo",
    "director_disqualification": "Director disqualification",
    "trust_services_sanctions": "Trust services sanctions",
    # UK Sanctions List measures beyond the above (see importing/uk_list.py).
    "targeted_arms_embargo": "Targeted arms embargo",
    "shipping_sanctions": "Shipping sanctions",
    "transport_sanctions": "Transport sanctions",
    "internet_services_sanctions": "Internet services sanctions",
    "port_entry_ban": "Prohibition of port entry",
    "business_arrangements_ban": "Prevention of business arrangements",
    "ship_chartering_ban": "Chartering of ships prohibited",
    "crew_servicing_ban": "Crew servicing of ships and aircraft prohibited",
    "representative_office_closure": "Closure of representative offices",
    "aircraft_technical_assistance_ban": "Technical assistance related to aircraft prohibited",
    "correspondent_banking_ban": "Correspondent banking prohibited",
    "deflagging": "De-flagging",
    # Canada, Russia Regulations Schedules 2 and 3: no new debt or financing (sectoral).
    "debt_restrictions": "Debt and financing restrictions",
    # Australia's Consolidated List (importing/au_xlsx.py): a per-row yes/no column.
    "maritime_restriction": "Maritime restriction",
}


def measure_label(measure_type: str) -> str:
    return MEASURE_TYPES.get(measure_type, measure_type.replace("_", " ").capitalize())


class Program(db.Model):
    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    jurisdiction: Mapped[str] = mapped_column(String(8))  # "US", "UK", "CA", "UN"
    legal_basis: Mapped[str | None] = mapped_column(Text)
    reference_url: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    # Measure types (keys of MEASURE_TYPES) a designation under this program gets
    # unless its source says otherwise.
    default_measures: Mapped[list[str]] = mapped_column(JSON, default=list)

    @property
    def names_more_than_code(self) -> bool:
        """Whether the name says more than the code (UN programs are named by their code)."""
        return bool(self.name) and self.name.strip().casefold() != self.code.casefold()

    @property
    def label(self) -> str:
        """ "MAGNIT — Sergei Magnitsky ...", or just "UN GB" where the name is the code."""
        return f"{self.code} — {self.name}" if self.names_more_than_code else self.code

    def __repr__(self) -> str:
        return f"<Program {self.code}>"


class Measure(db.Model):
    """One measure (asset freeze, visa ban, ...) on one designation under one program."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"), index=True)
    measure_type: Mapped[str] = mapped_column(String(64))
    jurisdiction: Mapped[str] = mapped_column(String(8))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | ended

    designation: Mapped[Designation] = relationship(back_populates="measures")
    program: Mapped[Program | None] = relationship(lazy="joined")

    @property
    def label(self) -> str:
        return measure_label(self.measure_type)
