"""Batch screening speed: 10,000 names against the full OFAC SDN list.

    .venv/bin/python benchmarks/screening_speed.py [--rows 10000] [--runs 3] [--workers 2]

1. Imports ../shared/data/ofac (the full SDN list) into a fresh SQLite database
   (--database reuses one already imported, to iterate faster).
2. Writes benchmarks/out/screening_input.csv: half variants of listed names
   (exact, typo, reordered, lower case, given name only + surname; some with the
   listed birth year), half generated people who are not listed; each row's
   reference says what it is.
3. Runs `flask --app app screen` on it --runs times, each in a fresh process (cold
   caches, as a user would run it), and reports the median wall time (and CPU time,
   which a busy machine does not inflate), with the
   share of listed variants whose designation was among the matches and the
   share of generated names that matched anything.

Target on the 2-core machine: under 60 s for 10,000 names.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import OFAC_DIR, OUT_DIR, REPO_ROOT, close, fresh_app, machine, median  # noqa: E402
from benchmarks._corpus import generate_names, listed_designations  # noqa: E402
from benchmarks.search_speed import _typo  # noqa: E402

SEED = 20121214


def _variant(name: str, kind: str, rng: random.Random) -> tuple[str, str]:
    """A way a client's file might write a listed name, and what kind of variant it is."""
    if kind == "individual" and ", " in name:
        surname, given = name.split(", ", 1)
        choice = rng.choice(["exact", "typo", "reordered", "lower", "first_given"])
        if choice == "exact":
            return f"{given} {surname}", choice
        if choice == "typo":
            return f"{given} {_typo(surname, rng)}", choice
        if choice == "reordered":
            return f"{surname} {given}", choice
        if choice == "lower":
            return f"{given} {surname}".lower(), choice
        return f"{given.split()[0]} {surname}", choice
    return (name, "exact") if rng.random() < 0.5 else (name.title(), "title_case")


def build_input(database_uri: str, rows: int, path: Path) -> None:
    rng = random.Random(SEED)
    listed, given_names = listed_designations(database_uri)
    rng.shuffle(listed)
    half = rows // 2
    out_rows = []
    for index in range(half):
        designation_id, name, kind, earliest = listed[index % len(listed)]
        query, variant = _variant(name, kind, rng)
        birth = earliest[:4] if earliest and rng.random() < 0.3 else ""
        out_rows.append([query, birth, "", f"listed:{designation_id}:{variant}"])
    for index, generated in enumerate(generate_names(rows - half, given_names)):
        surname, given = generated.split(", ", 1)
        birth = str(rng.randint(1940, 2000)) if rng.random() < 0.3 else ""
        out_rows.append([f"{given} {surname.title()}", birth, "", f"generated:{index}"])
    rng.shuffle(out_rows)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "date_of_birth", "country", "reference"])
        writer.writerows(out_rows)


def run_screen(database_uri: str, source: Path, target: Path, workers: int) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, all processes) of one `flask screen`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = dict(os.environ, APP_ENV="testing", TEST_DATABASE_URL=database_uri)
    flask = Path(sys.executable).parent / "flask"
    started = time.perf_counter()
    subprocess.run(
        [str(flask), "--app", "app", "screen", str(source), "-o", str(target)]
        + ["--workers", str(workers)],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def quality(target: Path) -> dict[str, float]:
    found: dict[str, set[str]] = {}
    matched_generated: set[str] = set()
    listed: set[str] = set()
    generated: set[str] = set()
    with target.open(encoding="utf-8", newline="") as result:
        for row in csv.DictReader(result):
            reference = row["reference"]
            if reference.startswith("listed:"):
                listed.add(reference)
                expected = reference.split(":")[1]
                if row["designation_id"] == expected:
                    found.setdefault(reference, set()).add(expected)
            else:
                generated.add(reference)
                if row["status"] == "match":
                    matched_generated.add(reference)
    return {
        "listed_found": len(found) / max(1, len(listed)),
        "generated_matched": len(matched_generated) / max(1, len(generated)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", type=Path, help="an SQLite file already holding the SDN")
    args = parser.parse_args()

    if args.database:
        database_uri = f"sqlite:///{args.database.resolve()}"
    else:
        from benchmarks._common import run_import

        app = fresh_app("screening_speed")
        with app.app_context():
            started = time.perf_counter()
            run_import("ofac-csv", OFAC_DIR)
            print(
                f"imported the SDN list in {time.perf_counter() - started:.1f} s", file=sys.stderr
            )
        close(app)
        database_uri = f"sqlite:///{OUT_DIR / 'screening_speed.sqlite'}"
    source = OUT_DIR / "screening_input.csv"
    target = OUT_DIR / "screening_output.csv"
    build_input(database_uri, args.rows, source)
    load_before = os.getloadavg()[0]
    timings, cpu_times = [], []
    for run in range(args.runs):
        seconds, cpu = run_screen(database_uri, source, target, args.workers)
        timings.append(seconds)
        cpu_times.append(cpu)
        print(f"  run {run + 1}: {seconds:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr)
    result = quality(target)
    print(
        f"\nscreened {args.rows:,} names against the full SDN list with {args.workers} worker(s): "
        f"median {median(timings):.1f} s over {args.runs} runs "
        f"({', '.join(f'{t:.1f}' for t in timings)}; target < 60 s)"
    )
    print(
        f"  CPU time (all processes): median {median(cpu_times):.1f} s, "
        f"{median(cpu_times) / args.rows * 1000:.1f} ms per name; "
        f"load average before the runs {load_before:.1f}"
    )
    print(
        f"  listed variants whose designation was among the matches: {result['listed_found']:.1%}"
    )
    print(f"  generated (not listed) names with any match: {result['generated_matched']:.1%}")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
