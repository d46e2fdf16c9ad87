"""Rebuild seed_data/ofac/ from a full OFAC legacy CSV set.

Keeps, byte for byte, the rows of every SDN entry whose programs include
MAGNIT or GLOMAG, and the alt/add/comment rows that belong to them.

    python seed_data/extract_magnitsky.py ../shared/data/ofac seed_data/ofac
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

MAGNITSKY_PROGRAMS = {"MAGNIT", "GLOMAG"}
FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
END_OF_FILE = b"\x1a"  # OFAC ends each file with a DOS end-of-file mark


def _rows(raw: bytes) -> list[tuple[bytes, list[str]]]:
    """Each physical record as (its original bytes, its parsed cells)."""
    text = raw.rstrip(END_OF_FILE).decode("utf-8")
    records: list[tuple[bytes, list[str]]] = []
    for line in text.splitlines(keepends=True):
        # A quoted cell never spans lines in OFAC's files, so a line is a record.
        cells = next(csv.reader(io.StringIO(line)), [])
        if cells:
            records.append((line.encode("utf-8"), cells))
    return records


def main(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    sdn = _rows((source / "sdn.csv").read_bytes())
    keep = {
        cells[0]
        for _, cells in sdn
        if {p.strip(" []") for p in cells[3].split("] [")} & MAGNITSKY_PROGRAMS
    }
    for name in FILES:
        rows = sdn if name == "sdn.csv" else _rows((source / name).read_bytes())
        kept = b"".join(line for line, cells in rows if cells[0] in keep)
        (target / name).write_bytes(kept + END_OF_FILE)
        print(f"{name}: {sum(1 for _, c in rows if c[0] in keep)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
