"""Run an import: read a source, load it in one transaction, report a summary.

Each reader turns its files into DesignationRecords; the loader writes them.
All or nothing: if anything fails, the transaction is rolled back and the
database is exactly as it was.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.extensions import db
from app.services.importing.loader import ImportSummary, ProgressCallback, load_records

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
    format_name: str, path: Path, progress: ProgressCallback | None = None
) -> ImportSummary:
    """Import one source file (or directory) in one transaction.

    Raises SourceFileError (nothing written) when the file must be refused.
    """
    source, reader = _reader(format_name)
    result = reader(Path(path))
    try:
        summary = load_records(db.session, result.records, source=source, progress=progress)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    summary.errors = list(result.errors)
    summary.skipped = len(result.errors) + sum(getattr(result, "unknown_entry_rows", {}).values())
    summary.unknown_entry_rows = dict(getattr(result, "unknown_entry_rows", {}))
    summary.warnings = list(getattr(result, "warnings", []))
    return summary
