"""A/B runs: one benchmark against several commits, interleaved in one run, medians.

    python benchmarks/ab.py --tree this=. --tree main=/tmp/ab/main --tree base=/tmp/ab/base \\
        --runs 3 import_speed.py -- --runs 1

Each tree is a checkout of a commit beside a ``shared`` folder (``git worktree add`` or
``git archive | tar -x``; link ../shared/data next to it). This script copies the
benchmarks of the tree it lives in into every other tree first, so all commits run the
same benchmark code, then runs the benchmark ``--runs`` times per tree, the trees taking
turns (A B C A B C ...): a machine that slows down during the run slows all of them.
It prints every figure the benchmark reports per run and the median per tree, and the
ratio of each tree's median to the last tree's. The load of the machine is stated.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The figures each benchmark prints, as (name, pattern with one number).
FIGURES = {
    "import_speed.py": [
        ("full import s", r"first import ([\d.]+) s"),
        ("import process CPU s", r"first import [\d.]+ s \(CPU of the importing process ([\d.]+)"),
        ("re-import s", r"re-import ([\d.]+) s \(unchanged"),
    ],
    "search_speed.py": [
        ("p50 ms", r"^  in-process: p50 ([\d.]+) ms"),
        ("p95 ms", r"^  in-process: p50 [\d.]+ ms, p95 ([\d.]+) ms"),
        ("cpu p50 ms", r"\(CPU p50 ([\d.]+) ms"),
        ("cpu p95 ms", r"\(CPU p50 [\d.]+ ms, p95 ([\d.]+) ms"),
        ("requests/s", r"over HTTP: ([\d.]+) requests/s"),
        ("pg p50 ms", r"PostgreSQL in-process: p50 ([\d.]+) ms"),
        ("pg p95 ms", r"PostgreSQL in-process: p50 [\d.]+ ms, p95 ([\d.]+) ms"),
    ],
    "screening_speed.py": [
        ("wall s", r"median ([\d.]+) s over"),
        ("cpu ms/name", r"s, ([\d.]+) ms per name"),
    ],
}


def _copy_benchmarks(tree: Path) -> None:
    target = tree / "benchmarks"
    if target.resolve() == HERE:
        return
    target.mkdir(exist_ok=True)
    for path in HERE.glob("*.py"):
        shutil.copy(path, target / path.name)


def _figures(script: str, output: str) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for name, pattern in FIGURES.get(script, []):
        values = [float(v) for v in re.findall(pattern, output, re.MULTILINE)]
        if values:
            found[name] = values
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", required=True, help="name=path")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    parser.add_argument("script")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    extra = args.args[1:] if args.args[:1] == ["--"] else args.args
    trees = [(name, Path(path).resolve()) for name, path in (t.split("=", 1) for t in args.tree)]
    for _name, tree in trees:
        _copy_benchmarks(tree)
    figures: dict[str, dict[str, list[float]]] = {name: {} for name, _ in trees}
    loads = [os.getloadavg()[0]]
    for run in range(1, args.runs + 1):
        for name, tree in trees:
            env = dict(os.environ, PYTHONPATH=str(tree))
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, str(tree / "benchmarks" / args.script), *extra],
                cwd=tree,
                env=env,
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - started
            if result.returncode != 0:
                print(f"[{name} run {run}] failed:\n{result.stderr[-3000:]}", file=sys.stderr)
                continue
            found = _figures(args.script, result.stdout)
            for key, values in found.items():
                figures[name].setdefault(key, []).extend(values)
            loads.append(os.getloadavg()[0])
            print(f"[{name} run {run}, {seconds:.0f} s] {found}", flush=True)
            print(result.stdout.strip(), flush=True)
    print(f"\nmedians ({args.script} {' '.join(extra)}; {args.runs} runs per tree, interleaved;")
    print(f"load average during the runs {min(loads):.1f}-{max(loads):.1f}):")
    medians = {
        name: {key: statistics.median(values) for key, values in found.items()}
        for name, found in figures.items()
    }
    reference = trees[-1][0]
    for name, found in medians.items():
        parts = []
        for key, value in found.items():
            base = medians[reference].get(key)
            faster = value / base if key.endswith("/s") else base / value if value else 0
            ratio = f" ({faster:.2f}x as fast as {reference})" if base and name != reference else ""
            parts.append(f"{key} {value:g}{ratio}")
        print(f"  {name:<8} " + ", ".join(parts))
    if args.out:
        args.out.write_text(json.dumps({"figures": figures, "medians": medians}, indent=2))


if __name__ == "__main__":
    main()
