"""Matching quality through the whole application: real imports, the search service.

    .venv/bin/python benchmarks/search_quality.py [--eval-dir ../shared/eval]

Where benchmarks/matching_quality.py measures the matcher on its own (in memory),
this measures what a user of /api/v1/search gets: the OFAC SDN list and the UN list
are imported with the app's importers into a fresh SQLite database, and every query
goes through app.services.search (key index in SQL, candidate limits, filters,
qualifiers, threshold from config), exactly as the API runs it.

* un_perturbations_dev.csv: perturbed UN names (with the perturbed date of birth as a
  qualifier): share with the listed person first, and in the top 5.
* negatives_dev.csv: people on no list: share of queries with any result at or above
  the default threshold (name only, and with their date of birth and nationality).

Each set is reported for its tuning and its checking part (benchmarks/_quality_common.py);
the targets apply to the checking part.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (  # noqa: E402
    OFAC_DIR,
    REPO_ROOT,
    UN_FILE,
    close,
    fresh_app,
    machine,
    median,
    percentile,
)
from benchmarks._quality_common import CHECK, PARTS, read_parts  # noqa: E402

TARGETS = {"un first": 0.99, "un top 5": 0.995, "negatives false alarms": 0.005}


def _dob(text: str) -> tuple[int | None, date | None]:
    text = (text or "").strip()
    if len(text) == 4 and text.isdigit():
        return int(text), None
    try:
        return None, date.fromisoformat(text)
    except ValueError:
        return None, None


def _un_ids_by_name(session) -> dict[str, set[int]]:
    from sqlalchemy import select

    from app.models import DesignationName, SourceRef

    by_name: dict[str, set[int]] = {}
    rows = session.execute(
        select(DesignationName.full_name, DesignationName.designation_id)
        .join(SourceRef, SourceRef.designation_id == DesignationName.designation_id)
        .where(SourceRef.source == "un-consolidated")
    )
    for full_name, designation_id in rows:
        by_name.setdefault(" ".join(full_name.upper().split()), set()).add(designation_id)
    return by_name


def bench_un(session, eval_dir: Path) -> dict[str, float]:
    from app.runners import run_search
    from app.services.search import SearchFilters

    by_name = _un_ids_by_name(session)
    first = dict.fromkeys(PARTS, 0)
    top5 = dict.fromkeys(PARTS, 0)
    total = dict.fromkeys(PARTS, 0)
    missing = 0
    timings: list[float] = []
    for part, row in read_parts(eval_dir, "un_perturbations_dev.csv"):
        expected = by_name.get(" ".join(row["original_full_name"].upper().split()))
        if not expected:
            missing += 1
            continue
        birth_year, birth_date = _dob(row["perturbed_dob"])
        filters = SearchFilters(status="all", birth_year=birth_year, birth_date=birth_date)
        started = time.perf_counter()
        results = run_search(row["perturbed_full_name"], filters, threshold=0.0)
        timings.append((time.perf_counter() - started) * 1000)
        # A hit is a subject: the listed person may be any of its linked designations.
        subjects = [set(hit.subject_ids or [hit.designation_id]) for hit in results.hits]
        total[part] += 1
        first[part] += bool(subjects[:1]) and bool(subjects[0] & expected)
        top5[part] += any(subject & expected for subject in subjects[:5])
    print(
        f"\nun_perturbations_dev.csv through the search service "
        f"({missing} originals not on the list)"
    )
    figures = {}
    for part in PARTS:
        n = total[part]
        print(
            f"  [{part}] queries {n}, right first {first[part] / n:.4f}, top 5 {top5[part] / n:.4f}"
        )
        figures[f"un first [{part}]"] = first[part] / n
        figures[f"un top 5 [{part}]"] = top5[part] / n
    print(f"  median {median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms")
    return figures


def bench_negatives(session, eval_dir: Path) -> dict[str, float]:
    from app.runners import run_search
    from app.services.search import SearchFilters

    alarms: dict[str, list[str]] = {part: [] for part in PARTS}
    with_facts = dict.fromkeys(PARTS, 0)
    total = dict.fromkeys(PARTS, 0)
    for part, row in read_parts(eval_dir, "negatives_dev.csv"):
        total[part] += 1
        hits = run_search(row["full_name"], SearchFilters(status="all")).hits
        if hits:
            alarms[part].append(
                f"{row['full_name']!r} -> {hits[0].primary_name!r} {hits[0].score:.2f}"
            )
        birth_year, birth_date = _dob(row["date_of_birth"])
        filters = SearchFilters(
            status="all",
            birth_year=birth_year,
            birth_date=birth_date,
            country=row["nationality"] or None,
        )
        with_facts[part] += bool(run_search(row["full_name"], filters).hits)
    print(f"\nnegatives_dev.csv through the search service ({sum(total.values())} people)")
    figures = {}
    for part in PARTS:
        n = total[part]
        share = len(alarms[part]) / n
        print(
            f"  [{part}] any result at or above the threshold: name only {share:.4f} "
            f"({len(alarms[part])}), with date of birth and nationality "
            f"{with_facts[part] / n:.4f} ({with_facts[part]})"
        )
        figures[f"negatives false alarms [{part}]"] = share
    # Only the tuning part's alarms are listed: the checking part is read as figures.
    for alarm in alarms[PARTS[0]][:15]:
        print(f"    {alarm}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO_ROOT.parent / "shared" / "eval")
    args = parser.parse_args()

    from app.extensions import db
    from app.matching import DEFAULT_THRESHOLD
    from app.runners import run_import

    app = fresh_app("search_quality")
    with app.app_context():
        started = time.perf_counter()
        run_import("ofac-csv", OFAC_DIR)
        run_import("un-xml", UN_FILE)
        print(
            f"imported OFAC SDN and UN lists in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        figures = bench_un(db.session, args.eval_dir)
        figures |= bench_negatives(db.session, args.eval_dir)
    close(app)
    print(f"\nSummary, checking part (threshold {DEFAULT_THRESHOLD}; machine: {machine()})")
    for name, target in TARGETS.items():
        value = figures[f"{name} [{CHECK}]"]
        ok = value <= target if "alarms" in name else value >= target
        print(
            f"  {name:<26} {value:.4f}  target {'<=' if 'alarms' in name else '>='} "
            f"{target}  {'ok' if ok else 'SHORT'}"
        )


if __name__ == "__main__":
    main()
