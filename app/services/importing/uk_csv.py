"""Read the UK Sanctions List export saved as CSV (header row, then one row per designation).

Empty cells of the export hold a line break and indentation inside quotes, so a row may
span several lines: errors name the line the row starts on. The rows themselves are
read by ``uk_list``, exactly as the ODS reader's are.
"""

from __future__ import annotations

from pathlib import Path

from app.services.importing.csv_source import csv_rows, decode_text
from app.services.importing.errors import MAX_MALFORMED_SHARE, SourceFileError
from app.services.importing.records import RowError
from app.services.importing.uk_list import UkReadResult, read_uk_rows


def read_uk_csv(path: Path, *, max_malformed_share: float = MAX_MALFORMED_SHARE) -> UkReadResult:
    """Read a UK Sanctions List CSV export; raise SourceFileError to refuse it."""
    path = Path(path)
    warnings: list[str] = []
    text = _decode(path, warnings)
    if text and not text.endswith("\n"):
        raise SourceFileError(
            f"{path.name} is cut off: its last line does not end with a line break; "
            "download it again"
        )
    bad_rows: list[RowError] = []
    rows = list(csv_rows(path.name, text, bad_rows))
    header = rows[0][1] if rows else None
    result = read_uk_rows(path.name, header, rows[1:], max_malformed_share=max_malformed_share)
    result.errors[:0] = bad_rows
    result.warnings[:0] = warnings
    return result


def _decode(path: Path, warnings: list[str]) -> str:
    if not path.is_file():
        raise SourceFileError(f"{path} not found")
    data = path.read_bytes()
    if b"\x00" in data:
        raise SourceFileError(f"{path.name} is not a text file (it holds binary data)")
    return decode_text(data, path.name, warnings)
