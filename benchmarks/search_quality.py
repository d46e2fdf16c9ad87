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
"""

from __future__ import annotations

import argparse
import csv
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

TARGETS = {"un first": 0.99, "un top 5": 0.995, "negatives false alarms": 0.005}


def _dob(text: str) -> tuple[int | None, date | None]:
    text = (text or "").strip()
    if len(text) == 4 and text.isdigit():
        return int(text), None
    try:
        return None, date.fromisoformat(text)
    except ValueError:
        return None, None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


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
    first = top5 = total = 0
    missing = 0
    timings: list[float] = []
    for row in _rows(eval_dir / "un_perturbations_dev.csv"):
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
        total += 1
        first += bool(subjects[:1]) and bool(subjects[0] & expected)
        top5 += any(subject & expected for subject in subjects[:5])
    print(
        f"\nun_perturbations_dev.csv through the search service "
        f"({missing} originals not on the list)"
    )
    print(
        f"  queries {total}, right first {first / total:.4f}, top 5 {top5 / total:.4f}, "
        f"median {median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms"
    )
    return {"un first": first / total, "un top 5": top5 / total}


def bench_negatives(session, eval_dir: Path) -> dict[str, float]:
    from app.runners import run_search
    from app.services.search import SearchFilters

    rows = _rows(eval_dir / "negatives_dev.csv")
    alarms_name_only: list[str] = []
    alarms_with_facts = 0
    for row in rows:
        hits = run_search(row["full_name"], SearchFilters(status="all")).hits
        if hits:
            alarms_name_only.append(
                f"{row['full_name']!r} -> {hits[0].primary_name!r} {hits[0].score:.2f}"
            )
        birth_year, birth_date = _dob(row["date_of_birth"])
        filters = SearchFilters(
            status="all",
            birth_year=birth_year,
            birth_date=birth_date,
            country=row["nationality"] or None,
        )
        alarms_with_facts += bool(run_search(row["full_name"], filters).hits)
    share = len(alarms_name_only) / len(rows)
    print(f"\nnegatives_dev.csv through the search service ({len(rows)} people on no list)")
    print(
        f"  any result at or above the threshold: name only {share:.4f} "
        f"({len(alarms_name_only)}), with date of birth and nationality "
        f"{alarms_with_facts / len(rows):.4f} ({alarms_with_facts})"
    )
    for alarm in alarms_name_only[:15]:
        print(f"    {alarm}")
    return {"negatives false alarms": share}


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
    print(f"\nSummary (threshold {DEFAULT_THRESHOLD}; machine: {machine()})")
    for name, target in TARGETS.items():
        value = figures[name]
        ok = value <= target if "alarms" in name else value >= target
        print(
            f"  {name:<26} {value:.4f}  target {'<=' if 'alarms' in name else '>='} "
            f"{target}  {'ok' if ok else 'SHORT'}"
        )


if __name__ == "__main__":
    main()
