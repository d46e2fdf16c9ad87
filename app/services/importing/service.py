"""Run an import: read a source, load it in one transaction, report a summary.

Each reader turns its files into DesignationRecords; the loader writes them.
All or nothing: if anything fails, the transaction is rolled back and the
database is exactly as it was.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import SourceRef
from app.services import list_metadata
from app.services.audit import CLI, Actor, ImportAudit
from app.services.importing import delisting
from app.services.importing.errors import refuse_if_garbled
from app.services.importing.loader import (
    ImportSummary,
    ProgressCallback,
    fingerprint,
    load_records,
)
from app.services.linking import link_source
from app.services.records import DesignationRecord, ReadResult, RowError
from app.services.settings import ImportSettings
from app.services.validation import refuse_invalid

# A reader: ``read(path, *, max_malformed_share) -> ReadResult`` (see ReadResult).
Reader = Callable[..., ReadResult]

# Every import format the app reads: name -> (source id, "module:reader function").
# Readers are imported when used, so the CLI starts fast. A new format is one line
# here and one module with its reader function.
READERS: dict[str, tuple[str, str]] = {
    "ofac-csv": ("ofac-sdn", "app.services.importing.ofac_csv:read_ofac_csv"),
    "un-xml": ("un-consolidated", "app.services.importing.un_xml:read_un_xml"),
    "uk-csv": ("uk-sanctions-list", "app.services.importing.uk_csv:read_uk_csv"),
    "uk-ods": ("uk-sanctions-list", "app.services.importing.uk_ods:read_uk_ods"),
    "canada-xml": ("ca-sema-jvcfoa", "app.services.importing.canada_xml:read_canada_xml"),
    "ftm": ("ftm", "app.services.ftm_import:read_ftm"),  # FollowTheMoney JSON Lines
    "au-xlsx": ("au-dfat-consolidated", "app.services.importing.au_xlsx:read_au_xlsx"),
}


def _reader(format_name: str, settings: ImportSettings) -> tuple[str, Reader]:
    """The format's list code and reader, with the limits the settings give that reader."""
    source, target = READERS[format_name]
    module_name, function_name = target.split(":")
    reader = getattr(importlib.import_module(module_name), function_name)
    options = settings.reader_options.get(format_name)
    return source, functools.partial(reader, **options) if options else reader


def read_source(format_name: str, path: Path, settings: ImportSettings) -> tuple[str, ReadResult]:
    """Read the file with its format's reader, then refuse the records the validator refuses.

    A refused record is reported like a malformed row (file, row, field) and counts
    towards the share of malformed rows above which the whole file is refused.
    """
    source, reader = _reader(format_name, settings)
    result = reader(Path(path), max_malformed_share=settings.max_malformed_share)
    total = len(result.records) + len(result.errors)
    result.records, errors, refused = refuse_invalid(result.records, settings.rules)
    if errors:
        result.errors = [*result.errors, *errors]
        result.skipped_refs = set(result.skipped_refs) | refused
        refuse_if_garbled(errors[0].file, result.errors, total, settings.max_malformed_share)
    return source, result


def run_import(
    format_name: str,
    path: Path,
    progress: ProgressCallback | None = None,
    actor: Actor = CLI,
    file_name: str | None = None,
    *,
    session: Session,
    settings: ImportSettings,
    full_list: bool = True,
    force: bool = False,
) -> ImportSummary:
    """Import one source file (or directory) in one transaction, recorded in the audit trail.

    ``actor`` is who ran it ("cli" by default); ``file_name`` what the trail calls the
    file (default: the path's name). A ``full_list`` delists the source's designations it
    leaves out and re-lists those an import delisted that are back; a partial file (the
    seed) does neither. Raises SourceFileError (nothing written) when the file must be
    refused, including when it would delist more than ``settings.max_delist_share`` of
    the list, unless ``force``. Commits on ``session`` (or rolls back).
    """
    source, result = read_source(format_name, path, settings)
    file_name = file_name or Path(path).name
    audit = ImportAudit(actor, file_name)
    try:
        changes = _delisting_plan(session, source, result, file_name, full_list, force, settings)
        delisting.relist(changes.to_relist, audit)
        summary = load_records(
            session,
            result.records,
            source=source,
            progress=progress,
            audit=audit,
            key_workers=settings.key_workers,
            key_workers_min_names=settings.key_workers_min_names,
        )
        delisting.delist(changes.to_delist, source, datetime.now(UTC).date(), audit)
        list_metadata.record_import(
            session, source, Path(path), file_name, result, full_list=full_list
        )
        summary.delisted, summary.relisted = len(changes.to_delist), len(changes.to_relist)
        summary.errors = list(result.errors)
        summary.skipped = len(result.errors) + sum(result.unknown_entry_rows.values())
        summary.unknown_entry_rows = dict(result.unknown_entry_rows)
        summary.warnings = list(result.warnings)
        if summary.changed and settings.link_on_import:
            # Same transaction: the links of a failed import vanish with it.
            linked = link_source(session, source, settings.linking, actor)
            summary.subjects_linked, summary.subjects_proposed = linked.linked, linked.proposed
        if summary.changed:
            audit.write(session, source, _counts(summary))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return summary


def _counts(summary: ImportSummary) -> dict[str, int]:
    return {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "skipped": summary.skipped,
        "links_resolved": summary.links_resolved,
        "delisted": summary.delisted,
        "relisted": summary.relisted,
    }


def _delisting_plan(
    session: Session,
    source: str,
    result: ReadResult,
    file_name: str,
    full_list: bool,
    force: bool,
    settings: ImportSettings,
) -> delisting.DelistingPlan:
    """Whom the file delists and re-lists (nobody for a partial file); refuses too many."""
    if not full_list:
        return delisting.DelistingPlan(source=source)
    # Rows the reader skipped are still on the list: their designations stay listed.
    present = {record.ref for record in result.records}
    present |= set(result.skipped_refs)
    plan = delisting.plan(session, source, present)
    if not force:
        plan.refuse_if_too_many(file_name, settings.max_delist_share)
    return plan


@dataclass
class ImportPreview:
    """What an import would do, worked out without writing anything."""

    source: str
    created: list[DesignationRecord] = field(default_factory=list)
    updated: list[DesignationRecord] = field(default_factory=list)
    unchanged: int = 0
    delisted: int = 0
    relisted: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.created or self.updated or self.delisted or self.relisted)


def preview_import(
    format_name: str,
    path: Path,
    *,
    session: Session,
    settings: ImportSettings,
    full_list: bool = True,
    force: bool = False,
) -> ImportPreview:
    """Read the file and compare each record's fingerprint with the stored one.

    Raises SourceFileError when the file must be refused, as ``run_import`` would.
    """
    source, result = read_source(format_name, path, settings)
    changes = _delisting_plan(session, source, result, Path(path).name, full_list, force, settings)
    stored = dict(
        session.execute(
            select(SourceRef.ref, SourceRef.content_hash).where(SourceRef.source == source)
        ).all()
    )
    preview = ImportPreview(source=source, errors=list(result.errors))
    preview.delisted, preview.relisted = len(changes.to_delist), len(changes.to_relist)
    preview.warnings = list(result.warnings)
    for file_name, count in result.unknown_entry_rows.items():
        if count:
            preview.warnings.append(f"{count} row(s) of {file_name} name an entry not in the list")
    for record in result.records:
        if record.ref not in stored:
            preview.created.append(record)
        elif stored[record.ref] != fingerprint(record):
            preview.updated.append(record)
        else:
            preview.unchanged += 1
    return preview
