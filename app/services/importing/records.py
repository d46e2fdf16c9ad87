"""The one record type every reader produces and the loader consumes.

Readers (OFAC CSV, UN XML, ...) turn a source file into ``DesignationRecord``
objects; ``loader.load_records`` writes them to the database. Keeping the
record free of SQLAlchemy lets readers be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RowError:
    """A row a reader could not use: reported with file and line, then skipped."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.message}"


@dataclass
class NameRecord:
    full_name: str
    name_type: str = "primary"  # primary | aka | fka | nka
    quality: str = "strong"  # strong | weak
    script: str | None = None  # detected by the loader when None


@dataclass
class BirthDateRecord:
    text: str  # as the source said it: "28 Feb 1975", "circa 1960", "1975 to 1979"
    earliest: date | None
    latest: date | None


@dataclass
class IdentifierRecord:
    id_type: str  # "Passport", "National ID No.", "Tax ID No.", "IMO", ...
    number: str
    country: str | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    note: str | None = None


@dataclass
class AddressRecord:
    address: str | None = None
    city: str | None = None  # OFAC's "City/State/Province/Postal Code"
    country: str | None = None
    note: str | None = None


@dataclass
class LinkRecord:
    target_name: str  # as written in the source: "GERTLER, Dan"
    relation: str = "linked to"
    target_ref: str | None = None  # the other record's ref in the same source, when known


@dataclass
class MeasureRecord:
    measure_type: str  # asset_freeze | visa_ban | travel_ban | entry_ban | ...
    jurisdiction: str  # "US", "UK", "CA", "UN"
    program_code: str
    start_date: date | None = None
    end_date: date | None = None


@dataclass
class DesignationRecord:
    source: str  # "ofac-sdn", "un-consolidated", ...
    ref: str  # the identifier within that source: "15886"
    kind: str  # individual | entity | vessel | aircraft
    primary_name: str
    names: list[NameRecord] = field(default_factory=list)  # includes the primary name
    gender: str | None = None
    titles: list[str] = field(default_factory=list)
    remarks: str | None = None  # raw remarks, kept as the source wrote them
    birth_dates: list[BirthDateRecord] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    identifiers: list[IdentifierRecord] = field(default_factory=list)
    addresses: list[AddressRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    program_codes: list[str] = field(default_factory=list)
    measures: list[MeasureRecord] = field(default_factory=list)
    listed_on: date | None = None
    source_file: str | None = None
    source_line: int | None = None
