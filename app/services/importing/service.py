"""Run an import: read a source, load it in one transaction, report a summary.

Each reader turns its files into DesignationRecords; the loader writes them.
All or nothing: if anything fails, the transaction is rolled back and the
database is exactly as it was.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import SourceRef
from app.services.audit import CLI, Actor, ImportAudit
from app.services.importing.loader import (
    ImportSummary,
    ProgressCallback,
    fingerprint,
    load_records,
)
from app.services.importing.records import DesignationRecord, RowError

# Every import format the app reads: name -> (source id, "module:reader function").
# Readers are imported when used, so the CLI starts fast.
READERS: dict[str, tuple[str, str]] = {
    "ofac-csv": ("ofac-sdn", "app.services.importing.ofac_csv:read_ofac_csv"),
    "un-xml": ("un-consolidated", "app.services.importing.un_xml:read_un_xml"),
}


def _reader(format_name: str) -> tuple[str, Callable[[Path], Any]]:
    source, target = READERS[format_name]
    module_name, function_name = target.split(":")
    return source, getattr(importlib.import_module(module_name), function_name)


def run_import(
    format_name: str,
    path: Path,
    progress: ProgressCallback | None = None,
    actor: Actor = CLI,
    file_name: str | None = None,
) -> ImportSummary:
    """Import one source file (or directory) in one transaction, recorded in the audit trail.

    ``actor`` is who ran it ("cli" by default); ``file_name`` what the trail calls the
    file (default: the path's name). Raises SourceFileError (nothing written) when the
    file must be refused.
    """
    source, reader = _reader(format_name)
    result = reader(Path(path))
    audit = ImportAudit(actor, file_name or Path(path).name)
    try:
        summary = load_records(
            db.session, result.records, source=source, progress=progress, audit=audit
        )
        summary.errors = list(result.errors)
        summary.skipped = len(result.errors) + sum(
            getattr(result, "unknown_entry_rows", {}).values()
        )
        summary.unknown_entry_rows = dict(getattr(result, "unknown_entry_rows", {}))
        summary.warnings = list(getattr(result, "warnings", []))
        if summary.changed:
            audit.write(db.session, source, _counts(summary))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return summary


def _counts(summary: ImportSummary) -> dict[str, int]:
    return {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "skipped": summary.skipped,
        "links_resolved": summary.links_resolved,
    }


@dataclass
class ImportPreview:
    """What an import would do, worked out without writing anything."""

    source: str
    created: list[DesignationRecord] = field(default_factory=list)
    updated: list[DesignationRecord] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.created or self.updated)


def preview_import(format_name: str, path: Path) -> ImportPreview:
    """Read the file and compare each record's fingerprint with the stored one.

    Raises SourceFileError when the file must be refused.
    """
    source, reader = _reader(format_name)
    result = reader(Path(path))
    stored = dict(
        db.session.execute(
            select(SourceRef.ref, SourceRef.content_hash).where(SourceRef.source == source)
        ).all()
    )
    preview = ImportPreview(source=source, errors=list(result.errors))
    preview.warnings = list(getattr(result, "warnings", []))
    for file_name, count in getattr(result, "unknown_entry_rows", {}).items():
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
