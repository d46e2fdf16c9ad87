"""Read the UK Sanctions List export saved as ODS (the format the FCDO publishes).

The first sheet holds the same header and rows as the CSV export; ``ods_table`` reads
the spreadsheet and ``uk_list`` the rows, so the CSV and ODS of one export give the
same records. Errors name the spreadsheet row (the header is row 1).
"""

from __future__ import annotations

from pathlib import Path

from app.services.importing.errors import MAX_MALFORMED_SHARE
from app.services.importing.ods_table import OdsLimits, read_first_sheet
from app.services.importing.uk_list import UkReadResult, read_uk_rows


def read_uk_ods(
    path: Path,
    *,
    max_malformed_share: float = MAX_MALFORMED_SHARE,
    limits: OdsLimits = OdsLimits(),  # noqa: B008
) -> UkReadResult:
    """Read a UK Sanctions List ODS export; raise SourceFileError to refuse it.

    ``limits`` bound what the spreadsheet may unpack to (settings ODS_MAX_*; see ods_table).
    """
    path = Path(path)
    rows = read_first_sheet(path, limits)
    header = rows[0][1] if rows else None
    return read_uk_rows(path.name, header, rows[1:], max_malformed_share=max_malformed_share)
