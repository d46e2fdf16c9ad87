"""Monitoring speed: 10,000 monitored names re-screened after an import, and in full.

    .venv/bin/python benchmarks/monitoring_speed.py [--rows 10000] [--changes 200] [--runs 3]

1. Imports ../shared/data/ofac (the full SDN list) into a fresh SQLite database
   (--database reuses one already imported; it is copied, never changed).
2. Saves a monitored list of --rows names (as benchmarks/screening_speed.py's input: half
   variants of listed names, half generated people who are not listed) and makes the
   names' index keys, as adding rows does.
3. Writes a changed copy of the SDN files: --changes designations changed (half of them
   delisted by leaving them out, half renamed), imports it (not timed), then times the
   re-screen against what that import changed (``rescreen_after_import``), --runs times.
4. Full re-screen: every name searched for against the whole list, in --workers
   processes as ``flask screen --workers`` does (``monitor_full.full_rescreen``),
   --full-runs times (1: it takes minutes); the share of listed variants found.

Targets on the 2-core machine: under 10 s after an import changing 200 designations;
under 60 s for a full re-screen.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import OFAC_DIR, OUT_DIR, close, fresh_app, machine, median  # noqa: E402
from benchmarks._corpus import generate_names, listed_designations  # noqa: E402
from benchmarks.search_speed import _typo  # noqa: E402

SEED = 20121214


def _variant(name: str, kind: str, rng: random.Random) -> str:
    """A way a client's file might write a listed name (as benchmarks/screening_speed.py)."""
    if kind == "individual" and ", " in name:
        surname, given = name.split(", ", 1)
        choice = rng.choice(["exact", "typo", "reordered", "lower", "first_given"])
        return {
            "exact": f"{given} {surname}",
            "typo": f"{given} {_typo(surname, rng)}",
            "reordered": f"{surname} {given}",
            "lower": f"{given} {surname}".lower(),
            "first_given": f"{given.split()[0]} {surname}",
        }[choice]
    return name if rng.random() < 0.5 else name.title()


def build_input(database_uri: str, rows: int, path: Path) -> None:
    """Half variants of listed names (reference ``listed:<id>``), half generated people."""
    rng = random.Random(SEED)
    listed, given_names = listed_designations(database_uri)
    rng.shuffle(listed)
    half = rows // 2
    out_rows = []
    for index in range(half):
        designation_id, name, kind, earliest = listed[index % len(listed)]
        birth = str(earliest)[:4] if earliest and rng.random() < 0.3 else ""
        out_rows.append([_variant(name, kind, rng), birth, f"listed:{designation_id}"])
    for index, generated in enumerate(generate_names(rows - half, given_names)):
        surname, given = generated.split(", ", 1)
        birth = str(rng.randint(1940, 2000)) if rng.random() < 0.3 else ""
        out_rows.append([f"{given} {surname.title()}", birth, f"generated:{index}"])
    rng.shuffle(out_rows)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "date_of_birth", "reference"])
        writer.writerows(out_rows)


def _changed_copy(source: Path, target: Path, changes: int) -> None:
    """The SDN files with ``changes`` entries changed: half left out, half renamed."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    lines = (source / "sdn.csv").read_bytes().decode("latin-1").splitlines(keepends=True)
    entries = [i for i, line in enumerate(lines) if line[:1].isdigit() and ',"' in line]
    chosen = random.Random(SEED).sample(entries, changes)
    delisted, renamed = set(chosen[: changes // 2]), set(chosen[changes // 2 :])
    out = []
    for index, line in enumerate(lines):
        if index in delisted:
            continue
        if index in renamed:
            number, rest = line.split(',"', 1)
            line = f'{number},"{rest.replace(chr(34), " MONITORED" + chr(34), 1)}'
        out.append(line)
    (target / "sdn.csv").write_bytes("".join(out).encode("latin-1"))


def _monitored_list(app, names_csv: Path) -> int:  # noqa: ANN001
    from app.extensions import db
    from app.models.monitoring import MonitoredList, MonitoredRow
    from app.services import accounts
    from app.services.audit import CLI
    from app.services.decisions import client_key

    with app.app_context():
        user = accounts.create_user(db.session, "bench@example.org", "x" * 12, "analyst", 8, CLI)
        monitored = MonitoredList(user_id=user.id, name="bench", threshold=0.8, keys_fingerprint="")
        db.session.add(monitored)
        db.session.flush()
        with names_csv.open(encoding="utf-8", newline="") as source:
            for line, row in enumerate(csv.DictReader(source), start=1):
                given = {
                    "reference": row["reference"],
                    "name": row["name"],
                    "birth_date": row["date_of_birth"] or None,
                    "country": None,
                    "id_number": None,
                }
                db.session.add(
                    MonitoredRow(
                        list_id=monitored.id,
                        line=line,
                        input=given,
                        name=row["name"],
                        client_key=client_key(given),
                    )
                )
        db.session.commit()
        return monitored.id


def _prepare_keys(app, list_id: int) -> float:  # noqa: ANN001
    from app.extensions import db
    from app.models.monitoring import MonitoredList
    from app.services.monitor_rescreen import ensure_keys

    with app.app_context():
        started = time.perf_counter()
        ensure_keys(db.session, db.session.get(MonitoredList, list_id))
        db.session.commit()
        return time.perf_counter() - started


def _full(app, list_id: int, workers: int) -> tuple[float, dict]:  # noqa: ANN001
    from app.extensions import db
    from app.models.monitoring import MonitoredHit, MonitoredList
    from app.runners import screening_settings
    from app.services import monitor_full, screening
    from app.services.monitoring import MonitorSettings

    with app.app_context():
        db.session.execute(db.delete(MonitoredHit))  # each run starts from no known hit
        db.session.commit()
        settings = MonitorSettings.from_config(app.config)
        scan = screening_settings(0.8)
        uri = app.config["SQLALCHEMY_DATABASE_URI"]

        def in_processes(rows):  # noqa: ANN001, ANN202
            return screening.screen_in_processes(uri, rows, scan, workers, 200)

        screen = in_processes if workers > 1 else monitor_full.in_session(db.session, scan)
        started, cpu = time.perf_counter(), time.process_time()
        children = os.times()
        digest = monitor_full.full_rescreen(
            db.session, db.session.get(MonitoredList, list_id), screen, settings, 7
        )
        seconds = time.perf_counter() - started
        after = os.times()
        used = (time.process_time() - cpu) + (after.children_user - children.children_user)
        print(f"    ({used:.1f} s CPU, this process and its workers)", file=sys.stderr)
        return seconds, dict(digest.body) if digest else {}


def _recall(body: dict) -> tuple[float, float]:
    """Listed variants whose designation was found; generated names with any hit."""
    found: dict[str, bool] = {}
    generated_hits = set()
    for hit in body.get("new_hits", []):
        reference = hit["row"]["reference"] or ""
        if reference.startswith("listed:"):
            expected = int(reference.split(":")[1])
            ids = {hit["subject"]["designation_id"]} | {
                d["id"] for d in hit["subject"]["linked_designations"]
            }
            found[reference] = found.get(reference, False) or expected in ids
        else:
            generated_hits.add(reference)
    return sum(found.values()), len(generated_hits)


def _incremental(app, list_id: int, import_id: int) -> tuple[float, dict]:  # noqa: ANN001
    from app.extensions import db
    from app.models.monitoring import MonitoredList
    from app.services.monitor_rescreen import rescreen_after_import
    from app.services.monitoring import MonitorSettings

    with app.app_context():
        monitored = db.session.get(MonitoredList, list_id)
        monitored.checked_import_id = None  # check it again (each run)
        db.session.commit()
        settings = MonitorSettings.from_config(app.config)
        started, cpu = time.perf_counter(), time.process_time()
        digests = rescreen_after_import(db.session, import_id, settings, stale_after_days=7)
        seconds = time.perf_counter() - started
        print(f"    ({time.process_time() - cpu:.2f} s CPU)", file=sys.stderr)
        db.session.rollback()
        return seconds, dict(digests[0].counts) if digests else {}


def _import_changed(app, folder: Path) -> tuple[int, dict]:  # noqa: ANN001
    from sqlalchemy import select

    from app.extensions import db
    from app.models import AuditEntry
    from app.runners import settings as app_settings
    from app.services.importing import service as import_service

    with app.app_context():
        started = time.perf_counter()
        # The service itself: the app's hook would queue (here: run) the re-screen at once.
        summary = import_service.run_import(
            "ofac-csv", folder, session=db.session, settings=app_settings().imports, force=True
        )
        print(
            f"  imported the changed copy in {time.perf_counter() - started:.1f} s", file=sys.stderr
        )
        entry = db.session.scalar(
            select(AuditEntry.id)
            .where(AuditEntry.action == "import")
            .order_by(AuditEntry.id.desc())
        )
        return entry, {"updated": summary.updated, "delisted": summary.delisted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full-runs", type=int, default=1, help="runs of the full re-screen")
    parser.add_argument("--workers", type=int, default=2, help="processes of the full re-screen")
    parser.add_argument("--database", type=Path, help="an SQLite file already holding the SDN")
    args = parser.parse_args()

    app = fresh_app("monitoring_speed")
    path = OUT_DIR / "monitoring_speed.sqlite"
    if args.database:
        close(app)
        shutil.copyfile(args.database, path)
        from app import create_app

        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()
    else:
        from app.services.importing import service as import_service

        with app.app_context():
            from app.extensions import db
            from app.runners import settings as app_settings

            started = time.perf_counter()
            import_service.run_import(
                "ofac-csv", OFAC_DIR, session=db.session, settings=app_settings().imports
            )
            print(
                f"imported the SDN list in {time.perf_counter() - started:.1f} s", file=sys.stderr
            )
    names_csv = OUT_DIR / "monitoring_input.csv"
    build_input(f"sqlite:///{path}", args.rows, names_csv)
    list_id = _monitored_list(app, names_csv)
    keys_seconds = _prepare_keys(app, list_id)
    load_before = os.getloadavg()[0]

    changed = OUT_DIR / "sdn_changed"
    _changed_copy(OFAC_DIR, changed, args.changes)
    import_id, summary = _import_changed(app, changed)
    incremental_times, counts = [], {}
    for run in range(args.runs):
        seconds, counts = _incremental(app, list_id, import_id)
        incremental_times.append(seconds)
        print(f"  re-screen after the import {run + 1}: {seconds:.2f} s", file=sys.stderr)
    full_times, body = [], {}
    for run in range(args.full_runs):
        seconds, body = _full(app, list_id, args.workers)
        full_times.append(seconds)
        print(f"  full re-screen {run + 1}: {seconds:.1f} s", file=sys.stderr)
    found, generated = _recall(body)

    close(app)

    listed = args.rows // 2
    print(
        f"\n{args.rows:,} monitored names against the full SDN list "
        f"(load average {load_before:.1f} before the runs)"
    )
    print(f"  index keys of the names, made once when they are added: {keys_seconds:.1f} s")
    print(
        f"  re-screen after an import that updated {summary['updated']} and delisted "
        f"{summary['delisted']} designations: median {median(incremental_times):.2f} s over "
        f"{args.runs} runs ({', '.join(f'{t:.2f}' for t in incremental_times)}; target < 10 s); "
        f"digest: {counts}"
    )
    print(
        f"  full re-screen: median {median(full_times):.1f} s over {args.full_runs} run(s) "
        f"({', '.join(f'{t:.1f}' for t in full_times)}; target < 60 s)"
    )
    print(
        f"  listed variants whose designation was found: {found / max(1, listed):.1%}; "
        f"generated (not listed) names with any hit: {generated / max(1, args.rows - listed):.1%}"
    )
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
