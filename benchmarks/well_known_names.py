"""Well-known listed people as other languages and scripts write them: right person in top 5.

    .venv/bin/python benchmarks/matching_quality.py --only known [-v]

``well_known_names.csv`` is this project's own probe (written by hand from the usual
spellings in each language's press and encyclopaedias, not from the held-back set):
the listed OFAC name, a query as another language or script writes it (Hangul, kana,
Chinese characters, Arabic and Persian script, Greek, Hebrew, Georgian, Armenian,
German, Dutch, Lithuanian, Latvian, Hungarian, Polish and French spellings, titles in
other languages). Each query is searched among all OFAC + UN names like the other
benchmarks; the figure is the share with the listed person in the top 5 (and first).
It is a probe of kinds, not a dev set: it is all "tuning", and the issue's held-back
set of the same kind is the check.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from app.matching import Query

PROBE = Path(__file__).resolve().parent / "well_known_names.csv"


def bench_well_known(corpus, rank_of, verbose: bool) -> dict[str, float]:
    """Share of probe queries with the listed person first and in the top 5."""
    by_name = {}
    for ref, designation in corpus.designations.items():
        for listed in designation.names:
            by_name.setdefault(listed.text, ref)
    first = top5 = total = 0
    by_how: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    with PROBE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            ref = by_name.get(row["listed"])
            if ref is None:
                raise SystemExit(f"{PROBE.name}: {row['listed']!r} is not a listed name")
            ranked = corpus.ranked_refs(Query(row["query"], kind="individual"))
            rank = rank_of(ranked, ref)
            total += 1
            first += rank == 1
            found = rank is not None and rank <= 5
            top5 += found
            how = row["how"].split()[-1] if row["how"].endswith("title") else row["how"]
            by_how[how][0] += 1
            by_how[how][1] += found
            if not found:
                misses.append(f"  {row['how']:20} {row['query']} -> rank {rank} ({row['listed']})")
    print(
        f"\n{PROBE.name}: {total} queries, right person first {first / total:.3f}, "
        f"top 5 {top5 / total:.3f}"
    )
    print("  " + ", ".join(f"{how} {ok}/{n}" for how, (n, ok) in sorted(by_how.items())))
    if verbose:
        print("\n".join(misses))
    return {
        "well_known right first": first / total,
        "well_known top 5": top5 / total,
    }
