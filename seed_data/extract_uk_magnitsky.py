"""Rebuild seed_data/uk/ from a full UK Sanctions List export (CSV).

Keeps the header and, byte for byte, every row of the two Magnitsky-style regimes:
Global Human Rights and Global Anti-Corruption.

    python seed_data/extract_uk_magnitsky.py \
        ../shared/data/uk/uk_sanctions_list_2025-08-11.csv \
        seed_data/uk/uk_magnitsky_2025-08-11.csv
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

MAGNITSKY_REGIMES = {"Global Human Rights", "Global Anti-Corruption"}
REGIME_COLUMN = "Regime Name"


def _records(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each CSV record as (its original text, its cells); a quoted cell may span lines."""
    lines = iter(text.splitlines(keepends=True))
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    for cells in csv.reader(feed()):
        yield "".join(consumed), cells
        consumed.clear()


def main(source: Path, target: Path) -> None:
    records = list(_records(source.read_bytes().decode("utf-8")))
    (header_text, header), rows = records[0], records[1:]
    regime = header.index(REGIME_COLUMN)
    kept = [text for text, cells in rows if cells[regime] in MAGNITSKY_REGIMES]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((header_text + "".join(kept)).encode("utf-8"))
    print(f"{target.name}: {len(kept)} rows of {len(rows)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
