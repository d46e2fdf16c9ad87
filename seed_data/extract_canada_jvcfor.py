"""Rebuild seed_data/canada/ from a full Consolidated Canadian Autonomous Sanctions List.

Keeps, byte for byte and in the file's own XML shape, every <record> listed under the
Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR): the records whose
Country names those Regulations, marked "(JVCFOR)".

    python seed_data/extract_canada_jvcfor.py \
        ../shared/data/canada/sema-lmes_2020-04.xml seed_data/canada/jvcfor_2020-04.xml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

JVCFOR_MARK = "(JVCFOR)"
# The list writes one <record> per indented block; a record never nests another.
RECORD = re.compile(r"[ \t]*<record>.*?</record>\n?", re.DOTALL)
COUNTRY = re.compile(r"<Country>(.*?)</Country>", re.DOTALL)


def main(source: Path, target: Path) -> None:
    text = source.read_bytes().decode("utf-8")
    records = list(RECORD.finditer(text))
    head, tail = text[: records[0].start()], text[records[-1].end() :]
    kept = [m[0] for m in records if JVCFOR_MARK in (COUNTRY.search(m[0]) or ["", ""])[1]]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((head + "".join(kept) + tail).encode("utf-8"))
    print(f"{target.name}: {len(kept)} records of {len(records)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
