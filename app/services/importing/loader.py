"""Write DesignationRecords to the database: create, update or leave unchanged.

The loader never commits; ``run_import`` wraps it in the one transaction of an
import so that a failure leaves the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    BirthDate,
    Designation,
    DesignationLink,
    DesignationName,
    Measure,
    Program,
    SourceRef,
)
from app.services import search_index
from app.services.audit import ImportAudit
from app.services.designation_facts import replace_facts, replace_names
from app.services.importing.records import DesignationRecord, NameRecord, RowError
from app.services.programs import fits_kind, get_or_create_program, measures_for_kind

ProgressCallback = Callable[[int, int], None]


@dataclass
class ImportSummary:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    links_resolved: int = 0
    delisted: int = 0  # by a full-list import: left the list
    relisted: int = 0  # by a full-list import: back on the list after an import delisted them
    subjects_linked: int = 0  # pairs with designations of other lists, linked at once
    subjects_proposed: int = 0  # pairs waiting for an editor's decision
    errors: list[RowError] = field(default_factory=list)
    unknown_entry_rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.created or self.updated or self.links_resolved or self.delisted or self.relisted
        )

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "links_resolved": self.links_resolved,
            "delisted": self.delisted,
            "relisted": self.relisted,
            "errors": [str(e) for e in self.errors],
            "unknown_entry_rows": dict(self.unknown_entry_rows),
            "warnings": list(self.warnings),
        }


def fingerprint(record: DesignationRecord) -> str:
    """A hash of what the source says about a record (not where in the file it was)."""
    content = asdict(record)
    content.pop("source_file", None)
    content.pop("source_line", None)
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def load_records(
    session: Session,
    records: Sequence[DesignationRecord],
    source: str,
    progress: ProgressCallback | None = None,
    audit: ImportAudit | None = None,
) -> ImportSummary:
    """Create or update a designation per record; index what changed. Never commits.

    With ``audit``, each created and updated designation is reported to it.
    """
    summary = ImportSummary(source=source)
    now = datetime.now(UTC)
    existing = _existing_by_ref(session, source)
    programs: dict[str, Program] = {}
    touched: list[Designation] = []

    for done, record in enumerate(records, start=1):
        digest = fingerprint(record)
        source_ref = existing.get(record.ref)
        if source_ref is not None and source_ref.content_hash == digest:
            summary.unchanged += 1
        else:
            if source_ref is None:
                designation = Designation(status="active", titles=[])
                source_ref = SourceRef(source=source, ref=record.ref)
                designation.source_refs.append(source_ref)
                session.add(designation)
                existing[record.ref] = source_ref
                summary.created += 1
                before = None
            else:
                designation = source_ref.designation
                before = audit.before_update(designation) if audit is not None else None
                designation.updated_at = now  # children changed: bump the row version too
                summary.updated += 1
            _apply_record(session, designation, record, programs)
            if audit is not None:
                if before is None:
                    audit.created(designation)
                else:
                    audit.updated(designation, before)
            source_ref.content_hash = digest
            source_ref.last_imported_at = now
            touched.append(designation)
        if progress is not None:
            progress(done, len(records))

    session.flush()
    search_index.index_designations(session, touched)
    summary.links_resolved = resolve_links(session)
    return summary


def _existing_by_ref(session: Session, source: str) -> dict[str, SourceRef]:
    refs = session.scalars(
        select(SourceRef)
        .where(SourceRef.source == source)
        .options(selectinload(SourceRef.designation))
    )
    return {ref.ref: ref for ref in refs}


def _program(session: Session, programs: dict[str, Program], code: str, source: str) -> Program:
    if code not in programs:
        programs[code] = get_or_create_program(session, code, source)
    return programs[code]


def _apply_record(
    session: Session,
    designation: Designation,
    record: DesignationRecord,
    programs: dict[str, Program],
) -> None:
    """Make the designation say what the record says, replacing its child rows."""
    designation.kind = record.kind
    designation.primary_name = record.primary_name
    designation.gender = record.gender
    designation.titles = list(record.titles)
    designation.remarks = record.remarks
    designation.listed_on = record.listed_on

    names = record.names or []
    if not any(n.name_type == "primary" for n in names):
        names = [NameRecord(full_name=record.primary_name), *names]
    replace_names(designation, _unique_names(names))
    designation.birth_dates = [
        BirthDate(text=b.text, earliest=b.earliest, latest=b.latest) for b in record.birth_dates
    ]
    replace_facts(
        designation,
        birth_places=record.birth_places,
        nationalities=record.nationalities,
        citizenships=record.citizenships,
        identifiers=record.identifiers,
        addresses=record.addresses,
    )
    designation.links = [
        DesignationLink(target_name=link.target_name, relation=link.relation)
        for link in record.links
    ]

    program_list = [
        _program(session, programs, code, record.source) for code in record.program_codes
    ]
    designation.programs = list({p.code: p for p in program_list}.values())
    designation.measures = _measures(session, programs, record, designation.status)


def _unique_names(names: Iterable) -> list:
    seen: set[tuple[str, str]] = set()
    unique = []
    for name in names:
        key = (name.full_name.strip().casefold(), name.name_type)
        if name.full_name.strip() and key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def _measures(
    session: Session, programs: dict[str, Program], record: DesignationRecord, status: str
) -> list[Measure]:
    state = "ended" if status == "delisted" else "active"
    if record.measures:
        return [
            Measure(
                measure_type=m.measure_type,
                jurisdiction=m.jurisdiction,
                program=_program(session, programs, m.program_code, record.source),
                start_date=m.start_date or record.listed_on,
                end_date=m.end_date,
                status=state,
            )
            for m in record.measures
            if fits_kind(m.measure_type, record.kind)
        ]
    measures = []
    for code in dict.fromkeys(record.program_codes):
        program = _program(session, programs, code, record.source)
        for measure_type in measures_for_kind(program, record.kind):
            measures.append(
                Measure(
                    measure_type=measure_type,
                    jurisdiction=program.jurisdiction,
                    program=program,
                    start_date=record.listed_on,
                    status=state,
                )
            )
    return measures


def resolve_links(session: Session) -> int:
    """Point unresolved links at the designation whose name they give, where one exists."""
    unresolved = session.scalars(
        select(DesignationLink).where(DesignationLink.target_id.is_(None))
    ).all()
    if not unresolved:
        return 0
    wanted = {link.target_name.strip().casefold() for link in unresolved}
    by_name: dict[str, int] = {}
    rows = session.execute(
        select(func.lower(DesignationName.full_name), DesignationName.designation_id)
        .where(func.lower(DesignationName.full_name).in_(_lower_variants(wanted)))
        .order_by(DesignationName.name_type != "primary", DesignationName.designation_id)
    )
    for lowered, designation_id in rows:
        by_name.setdefault(lowered.casefold(), designation_id)
    resolved = 0
    for link in unresolved:
        target = by_name.get(link.target_name.strip().casefold())
        if target is not None and target != link.designation_id:
            link.target_id = target
            resolved += 1
    return resolved


def _lower_variants(names: set[str]) -> list[str]:
    # SQL lower() folds ASCII only on SQLite; casefold() may differ for other scripts,
    # so ask for both spellings.
    return sorted(names | {n.lower() for n in names})
