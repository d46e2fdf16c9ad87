"""Write DesignationRecords to the database: create, update or leave unchanged.

The loader never commits; ``run_import`` wraps it in the one transaction of an
import so that a failure leaves the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import Designation, DesignationLink, DesignationName, Program, SourceRef
from app.services import search_index
from app.services.audit import ImportAudit
from app.services.programs import get_or_create_program
from app.services.record_writer import apply_record
from app.services.records import DesignationRecord, RowError

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


# Record fields a reader never sets: left out of the fingerprint while empty, so adding
# them to the record type did not change the fingerprint of any stored import.
_EDITOR_ONLY = {"primary_script": None, "source_refs": []}


def fingerprint(record: DesignationRecord) -> str:
    """A hash of what the source says about a record (not where in the file it was)."""
    content = asdict(record)
    content.pop("source_file", None)
    content.pop("source_line", None)
    for key, empty in _EDITOR_ONLY.items():
        if content.get(key) == empty:
            content.pop(key)
    for link in content["links"]:
        if link.get("target_id") is None:
            link.pop("target_id", None)
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def load_records(
    session: Session,
    records: Sequence[DesignationRecord],
    source: str,
    progress: ProgressCallback | None = None,
    audit: ImportAudit | None = None,
    key_workers: int = 0,
    key_workers_min_names: int = 5000,
) -> ImportSummary:
    """Create or update a designation per record; index what changed. Never commits.

    With ``audit``, each created and updated designation is reported to it. With
    ``key_workers``, the index keys of the changed records' names are computed in that
    many processes while the rows are written (when there are at least
    ``key_workers_min_names`` names: a process costs about a second to start).
    """
    existing = _existing_by_ref(session, source)
    digests = [fingerprint(record) for record in records]
    changed_names = (
        (name.full_name, record.kind)
        for record, digest in zip(records, digests, strict=True)
        if (ref := existing.get(record.ref)) is None or ref.content_hash != digest
        for name in record.names
    )
    keys = search_index.KeyPrecomputation(changed_names, key_workers, key_workers_min_names)
    try:
        return _load(session, records, digests, existing, source, progress, audit, keys)
    finally:
        keys.close()


def _load(
    session: Session,
    records: Sequence[DesignationRecord],
    digests: list[str],
    existing: dict[str, SourceRef],
    source: str,
    progress: ProgressCallback | None,
    audit: ImportAudit | None,
    keys: search_index.KeyPrecomputation,
) -> ImportSummary:
    summary = ImportSummary(source=source)
    now = datetime.now(UTC)
    programs: dict[str, Program] = {}
    touched: list[Designation] = []

    for done, (record, digest) in enumerate(zip(records, digests, strict=True), start=1):
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
    search_index.index_designations(session, touched, keys)
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
    """Make the designation say what the record says; the list's programs are created."""
    apply_record(
        session,
        designation,
        record,
        lambda code: _program(session, programs, code, record.source),
        default_measures=True,
    )


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
