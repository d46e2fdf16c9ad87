"""How long the full OFAC SDN import takes (target: under 60 s on the 2-core machine).

    .venv/bin/python benchmarks/import_speed.py [--runs 3]

Each run imports ../shared/data/ofac into a fresh, migrated SQLite database through
the same service as `flask --app app import ofac-csv`, then imports it again (which
must change nothing). Prints each run and the median.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import OFAC_DIR, close, fresh_app, machine, median  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ofac-dir", type=Path, default=OFAC_DIR)
    args = parser.parse_args()

    from benchmarks._common import run_import

    firsts, seconds, cpus = [], [], []
    for run in range(1, args.runs + 1):
        app = fresh_app("import_speed")
        with app.app_context():
            started, cpu_started = time.perf_counter(), time.process_time()
            summary = run_import("ofac-csv", args.ofac_dir)
            firsts.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu_started)
            started = time.perf_counter()
            again = run_import("ofac-csv", args.ofac_dir)
            seconds.append(time.perf_counter() - started)
        close(app)
        print(
            f"run {run}: first import {firsts[-1]:.1f} s (CPU of the importing process "
            f"{cpus[-1]:.1f} s; created {summary.created}), "
            f"re-import {seconds[-1]:.1f} s (unchanged {again.unchanged}, "
            f"created {again.created}, updated {again.updated})"
        )
    print(f"machine: {machine()}")
    print(
        f"median of {args.runs}: full import {median(firsts):.1f} s "
        f"(CPU of the importing process {median(cpus):.1f} s), "
        f"re-import {median(seconds):.1f} s"
    )
    print("target: full import under 60 s:", "MET" if median(firsts) < 60 else "MISSED")


if __name__ == "__main__":
    main()
