"""Where a search, an import and a screening row spend their time (cProfile).

    .venv/bin/python benchmarks/profile_hot_paths.py [--top 15] [--only search,import,screening]

1. Imports ../shared/data/ofac (the full SDN list) into a fresh SQLite database under
   cProfile: the import's profile.
2. Runs the search benchmark's query mix (exact, typo, reordered, other romanisation,
   Cyrillic) through the search service under cProfile: the search profile.
3. Screens 1,000 rows of the screening benchmark's input (half listed variants, half
   generated people) through the Screener under cProfile: the screening profile.

For each, prints the functions with the largest own time ("tottime") and the largest
cumulative time, each as a share of the whole run, grouped by where they live (our
matcher, our services, SQLAlchemy, the database driver, the standard library).
The full profiles go to benchmarks/out/profile_<part>.prof (open with ``python -m pstats``
or snakeviz). cProfile inflates the cost of many small calls; the shares, not the
absolute times, are what to read.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import OFAC_DIR, OUT_DIR, close, fresh_app, machine  # noqa: E402


def _where(filename: str) -> str:
    if "/app/matching/" in filename:
        return "matcher"
    if "/app/" in filename:
        return "app"
    if "sqlalchemy" in filename:
        return "sqlalchemy"
    if "sqlite" in filename or "pg8000" in filename:
        return "driver"
    if filename.startswith("~") or "python3" in filename:
        return "stdlib/builtin"
    return "other"


def _label(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    short = filename.split("/app/")[-1] if "/app/" in filename else Path(filename).name
    return f"{short}:{line}({name})"


def report(title: str, profile: cProfile.Profile, top: int, part: str) -> None:
    path = OUT_DIR / f"profile_{part}.prof"
    profile.dump_stats(str(path))
    stats = pstats.Stats(profile)
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in entries.values()) or 1e-9
    print(f"\n== {title}: {total:.2f} s profiled ({path.name})")
    by_area: dict[str, float] = defaultdict(float)
    for func, (_cc, _nc, tt, _ct, _callers) in entries.items():
        by_area[_where(func[0])] += tt
    print(
        "  own time by area: "
        + ", ".join(
            f"{area} {share / total:.0%}"
            for area, share in sorted(by_area.items(), key=lambda item: -item[1])
        )
    )
    print("  largest own time:")
    for func, (_cc, calls, tt, _ct, _callers) in sorted(
        entries.items(), key=lambda item: -item[1][2]
    )[:top]:
        print(f"    {tt / total:6.1%}  {calls:>9,} calls  {_label(func)}")
    print("  largest cumulative time (our code):")
    ours = [(func, row) for func, row in entries.items() if "/app/" in func[0]]
    for func, (_cc, calls, _tt, ct, _callers) in sorted(ours, key=lambda item: -item[1][3])[:top]:
        print(f"    {ct / total:6.1%}  {calls:>9,} calls  {_label(func)}")


def profile_import(top: int):
    from benchmarks._common import run_import

    app = fresh_app("profile_hot_paths")
    with app.app_context():
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        run_import("ofac-csv", OFAC_DIR)
        profile.disable()
        print(f"import: {time.perf_counter() - started:.1f} s under the profiler", file=sys.stderr)
    report("import of the full SDN list", profile, top, "import")
    return app


def _fresh_imported_app():
    from benchmarks._common import run_import

    app = fresh_app("profile_hot_paths")
    with app.app_context():
        run_import("ofac-csv", OFAC_DIR)
    return app


def profile_search(app, top: int) -> None:
    from app.services.search import SearchFilters
    from benchmarks._common import run_search
    from benchmarks.search_speed import build_cases

    cases = build_cases(app, 100)
    with app.app_context():
        for case in cases[:20]:
            run_search(case.query, SearchFilters())
        profile = cProfile.Profile()
        profile.enable()
        for case in cases:
            run_search(case.query, SearchFilters())
        profile.disable()
    report(f"search ({len(cases)} queries of the search benchmark's mix)", profile, top, "search")


def profile_screening(app, top: int, rows: int) -> None:
    from app.extensions import db
    from app.runners import screening_settings
    from app.services import screening
    from benchmarks.screening_speed import build_input

    source = OUT_DIR / "profile_screening_input.csv"
    with app.app_context():
        build_input(db.engine.url.render_as_string(hide_password=False), rows, source)
        settings = screening_settings()
        with source.open("rb") as stream:
            layout = screening.inspect_csv(stream)
        with screening.open_text_file(source, layout.encoding) as text:
            screen_rows = list(screening.read_rows(text, layout, settings.max_name_length))
        screener = screening.Screener(db.session, settings)
        profile = cProfile.Profile()
        profile.enable()
        screener.screen_rows(screen_rows)
        profile.disable()
    report(f"screening ({rows:,} rows)", profile, top, "screening")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--rows", type=int, default=1000, help="screening rows to profile")
    parser.add_argument("--only", default="import,search,screening")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    app = profile_import(args.top) if "import" in parts else _fresh_imported_app()
    if "search" in parts:
        profile_search(app, args.top)
    if "screening" in parts:
        profile_screening(app, args.top, args.rows)
    close(app)
    print(f"\nmachine: {machine()}")


if __name__ == "__main__":
    main()
