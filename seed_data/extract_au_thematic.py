"""Rebuild seed_data/au/ from Australia's full Consolidated List (DFAT, .xlsx).

Keeps the header and every row (primary names, aliases and original-script names) of
the two Magnitsky-style thematic regimes, `Autonomous (Thematic - Human Rights)` and
`Autonomous (Thematic – Corruption)` (an en dash: the list spells them so), with the
same columns and cell values (dates stay dates, yes/no stay booleans). An .xlsx cannot
be cut byte for byte: the subset is written anew with openpyxl, one sheet named as the
original's.

    python seed_data/extract_au_thematic.py \
        ../shared/data/au/australia_consolidated_list_2026-02.xlsx \
        seed_data/au/au_thematic_2026-02.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

THEMATIC_REGIMES = {
    "Autonomous (Thematic - Human Rights)",
    "Autonomous (Thematic \u2013 Corruption)",
}
REGIME_COLUMN = "Committees"


def main(source: Path, target: Path) -> None:
    workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    regime = header.index(REGIME_COLUMN)
    out = openpyxl.Workbook()
    out_sheet = out.active
    out_sheet.title = sheet.title
    out_sheet.append(header)
    kept = 0
    for row in rows:
        if row[regime] in THEMATIC_REGIMES:
            out_sheet.append(row)
            kept += 1
    workbook.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    out.save(target)
    print(f"{kept} rows of {', '.join(sorted(THEMATIC_REGIMES))} written to {target}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
