"""Write app/matching/data/name_part_frequency.txt: how common each name part is.

    .venv/bin/python benchmarks/name_part_frequency.py [--data-dir ../shared/data]

Reads the OFAC SDN, UN, UK and Canada lists with the app's own readers, prepares every
name of every listed person as the matcher does, and counts for each folded name part
how many people carry it (in any of their names, once per person). Parts held by at
least --min-people people are written with their share of all listed people; the
matcher (features.py) reads the file to weigh how much an agreeing part proves.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.matching import prepare_name  # noqa: E402
from app.matching.prepare import NAME  # noqa: E402
from app.services.importing.canada_xml import read_canada_xml  # noqa: E402
from app.services.importing.ofac_csv import read_ofac_csv  # noqa: E402
from app.services.importing.uk_csv import read_uk_csv  # noqa: E402
from app.services.importing.un_xml import read_un_xml  # noqa: E402

OUT = REPO / "app" / "matching" / "data" / "name_part_frequency.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--min-people", type=int, default=15)
    args = parser.parse_args()
    d = args.data_dir
    records = (
        read_ofac_csv(d / "ofac").records
        + read_un_xml(d / "un" / "UN_consolidated_2026-02.xml").records
        + read_uk_csv(d / "uk" / "uk_sanctions_list_2025-08-11.csv").records
        + read_canada_xml(d / "canada" / "sema-lmes_2020-04.xml").records
    )
    people = [r for r in records if r.kind == "individual"]
    counts: Counter[str] = Counter()
    for person in people:
        parts = set()
        for name in person.names:
            prepared = prepare_name(name.full_name, "individual")
            parts |= {t.folded for t in prepared.tokens if t.role == NAME and t.text.isalpha()}
        counts.update(parts)
    lines = [
        "# How many listed people carry each name part (folded, any of their names), from",
        f"# the OFAC SDN, UN, UK and Canada lists: {len(people)} people. Written by",
        "# benchmarks/name_part_frequency.py; parts held by fewer than",
        f"# {args.min_people} people are left out (rare). Format: part people share.",
    ]
    for part, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= args.min_people:
            lines.append(f"{part} {n} {n / len(people):.5f}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines) - 4} parts of {len(counts)}, {len(people)} people")


if __name__ == "__main__":
    main()
