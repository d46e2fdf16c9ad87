"""The one record type for a designation and its parts, whoever writes it.

Readers (OFAC CSV, UN XML, ...) turn a source file into ``DesignationRecord``
objects, the admin designation form turns what an editor typed into one, and
``app.services.record_writer.apply_record`` makes a designation say what a record
says, for both. ``app.services.validation.check_record`` is the one validator
both call. Keeping the record free of SQLAlchemy lets readers be tested without
a database.
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
    target_id: int | None = None  # the designation linked to, when an editor chose it


@dataclass
class MeasureRecord:
    measure_type: str  # asset_freeze | visa_ban | travel_ban | entry_ban | ...
    jurisdiction: str  # "US", "UK", "CA", "UN"
    program_code: str | None = None  # readers always give one; an editor may not
    start_date: date | None = None
    end_date: date | None = None


@dataclass(kw_only=True)
class DesignationRecord:
    kind: str  # individual | entity | vessel | aircraft
    primary_name: str
    source: str = ""  # "ofac-sdn", "un-consolidated", ...; "" for an editor's record
    ref: str = ""  # the identifier within that source: "15886"
    # Every name; the primary one is added from primary_name (and primary_script)
    # when no name here has the type "primary".
    names: list[NameRecord] = field(default_factory=list)
    primary_script: str | None = None  # None: detected from the name
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
    # Where the designation is listed (source, ref); only an editor's record sets them,
    # an import owns the one ref it is read under.
    source_refs: list[tuple[str, str]] = field(default_factory=list)
    source_file: str | None = None
    source_line: int | None = None


@dataclass
class ReadResult:
    """What every reader returns (the one interface a new reader implements).

    A reader is a function ``read(path, *, max_malformed_share) -> ReadResult``: it
    refuses a garbled file (more than ``max_malformed_share`` of its rows malformed)
    with ``SourceFileError``, reports each row it could not use in ``errors`` and skips
    it, and lists in ``skipped_refs`` the refs of skipped rows (they are still on the
    list, so a full import must not delist them).
    """

    records: list[DesignationRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_refs: set[str] = field(default_factory=set)
    # OFAC: rows of alt.csv, add.csv, ... naming an entry not in sdn.csv, per file.
    unknown_entry_rows: dict[str, int] = field(default_factory=dict)
    # The date the publisher gives its data in the file, where it gives one (Australia:
    # the latest Control Date); list_metadata falls back to other evidence without it.
    data_date: date | None = None
