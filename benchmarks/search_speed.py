"""Search latency and throughput, on the full SDN list and on a million names.

    .venv/bin/python benchmarks/search_speed.py [--names 1000000] [--skip-large]

1. Imports ../shared/data/ofac (the full SDN list) into a fresh SQLite database.
2. Builds a fixed mix of queries from listed individuals: exact, typo, reordered,
   other romanisation, Cyrillic. Each query knows the designation it must find.
3. Measures the search service in-process (p50/p95 over several passes) and its
   recall (the right designation first / among the results); the queries whose
   right designation was not first go to benchmarks/out/search_misses.tsv.
4. Serves the app with gunicorn on 127.0.0.1 and measures requests/s of
   /api/v1/search over real HTTP with keep-alive clients.
5. With TEST_POSTGRES_URL set (an empty PostgreSQL database this script may wipe, e.g.
   postgresql+pg8000://integ_ci:integ_ci@127.0.0.1/speed_ci), imports the same list
   there and runs the same query mix, reported beside the SQLite figures (the full SDN
   only: the generated million is written with SQLite's bulk path).
6. Adds a generated corpus of --names synthetic people (the generator is below),
   indexed with the same key functions, and measures latency and recall again.

Targets on the 2-core machine: full SDN p50 <= 10 ms, p95 <= 30 ms in-process,
>= 200 requests/s over HTTP; 1M names p50 <= 50 ms, p95 <= 150 ms, same recall.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (  # noqa: E402
    OFAC_DIR,
    OUT_DIR,
    REPO_ROOT,
    close,
    fresh_app,
    fresh_postgres_app,
    machine,
    median,
    percentile,
    to_cyrillic,
)
from benchmarks._corpus import add_generated_corpus  # noqa: E402

SEED = 20121214  # the day the Magnitsky Act was signed: any fixed seed will do
PASSES = 3


@dataclass(frozen=True)
class Case:
    kind: str  # exact | typo | reordered | romanisation | cyrillic
    query: str
    expected_id: int


# --- the query mix -------------------------------------------------------------------

# Other romanisations of the same Russian sounds: German, French, scholarly, passport.
_ROMANISATIONS = [
    [("kh", "ch"), ("v", "w"), ("ts", "z"), ("zh", "sch"), ("y", "j")],
    [("u", "ou"), ("kh", "kh"), ("zh", "j"), ("y", "i"), ("ev", "iev")],
    [("ts", "c"), ("kh", "h"), ("zh", "ž"), ("sh", "š"), ("ch", "č"), ("y", "j")],
    [("iy", "ii"), ("yu", "iu"), ("ya", "ia"), ("ye", "e"), ("y", "i")],
]


def _typo(token: str, rng: random.Random) -> str:
    if len(token) < 5:
        return token
    i = rng.randrange(1, len(token) - 2)
    return token[:i] + token[i + 1] + token[i] + token[i + 2 :]


def build_cases(app, count: int) -> list[Case]:
    """Query variants of listed individuals, each with the designation it must find."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Designation, Program
    from app.models.designation import designation_programs

    rng = random.Random(SEED)
    with app.app_context():
        russian = set(
            db.session.scalars(
                select(designation_programs.c.designation_id)
                .join(Program, Program.id == designation_programs.c.program_id)
                .where(
                    Program.code.in_(
                        [
                            "RUSSIA-EO14024",
                            "UKRAINE-EO13660",
                            "UKRAINE-EO13661",
                            "MAGNIT",
                            "CYBER2",
                            "BELARUS-EO14038",
                        ]
                    )
                )
            )
        )
        people = db.session.execute(
            select(Designation.id, Designation.primary_name)
            .where(Designation.kind == "individual", Designation.primary_name.contains(", "))
            .order_by(Designation.id)
        ).all()
    plain = [(i, n) for i, n in people if n.replace(", ", " ").replace(" ", "").isalpha()]
    rng.shuffle(plain)
    russian_people = [(i, n) for i, n in plain if i in russian]
    cases: list[Case] = []
    for designation_id, name in plain[:count]:
        surname, given = name.split(", ", 1)
        given_first = given.split()[0]
        cases.append(Case("exact", f"{given} {surname}", designation_id))
        cases.append(Case("typo", f"{given_first} {_typo(surname, rng)}", designation_id))
        cases.append(Case("reordered", f"{surname} {given}", designation_id))
    for designation_id, name in russian_people[:count]:
        surname, given = name.split(", ", 1)
        given_first = given.split()[0]
        rules = rng.choice(_ROMANISATIONS)
        variant = f"{given_first} {surname}".lower()
        for old, new in rules:
            variant = variant.replace(old, new)
        cases.append(Case("romanisation", variant.title(), designation_id))
        cases.append(Case("cyrillic", to_cyrillic(f"{surname} {given_first}"), designation_id))
    return cases


# --- in-process latency and recall ---------------------------------------------------


def measure_service(app, cases: list[Case]) -> dict:
    from app.services.search import SearchFilters
    from benchmarks._common import run_search

    timings: list[float] = []
    cpu_timings: list[float] = []  # CPU time: what a loaded machine does not inflate much
    found_first: dict[str, list[bool]] = {}
    found_any: dict[str, list[bool]] = {}
    misses: list[str] = []
    with app.app_context():
        for case in cases[:20]:  # warm caches the way a running server has them
            run_search(case.query, SearchFilters())
        for pass_number in range(PASSES):
            for case in cases:
                started, cpu_started = time.perf_counter(), time.process_time()
                results = run_search(case.query, SearchFilters())
                timings.append((time.perf_counter() - started) * 1000)
                cpu_timings.append((time.process_time() - cpu_started) * 1000)
                if pass_number == 0:
                    ids = [hit.designation_id for hit in results.hits]
                    found_first.setdefault(case.kind, []).append(ids[:1] == [case.expected_id])
                    found_any.setdefault(case.kind, []).append(case.expected_id in ids)
                    if ids[:1] != [case.expected_id]:
                        top = [(h.primary_name, round(h.score, 2)) for h in results.hits[:3]]
                        misses.append(f"{case.kind}\t{case.query}\t#{case.expected_id}\t{top}")
    (OUT_DIR / "search_misses.tsv").write_text("\n".join(misses) + "\n", encoding="utf-8")
    return {
        "p50_ms": median(timings),
        "p95_ms": percentile(timings, 0.95),
        "cpu_p50_ms": median(cpu_timings),
        "cpu_p95_ms": percentile(cpu_timings, 0.95),
        "queries": len(timings),
        "first": {k: sum(v) / len(v) for k, v in found_first.items()},
        "found": {k: sum(v) / len(v) for k, v in found_any.items()},
    }


# --- over HTTP -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_http(db_path: Path, cases: list[Case], seconds: float, clients: int) -> dict:
    port = _free_port()
    env = dict(
        os.environ,
        APP_ENV="production",
        SECRET_KEY="benchmark-only",
        TRUSTED_HOSTS="127.0.0.1",
        RATELIMIT_ENABLED="false",  # one client address measuring throughput
        DATABASE_URL=f"sqlite:///{db_path}",
    )
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    workers = str(os.cpu_count() or 2)
    server = subprocess.Popen(
        [
            gunicorn,
            "-w",
            workers,
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app:create_app()",
        ],
        cwd=REPO_ROOT,
        env=env,
    )
    try:
        _wait_for(port)
        paths = ["/api/v1/search?" + urllib.parse.urlencode({"q": case.query}) for case in cases]
        for path in paths[:20]:
            _get(port, path)
        if shutil.which("wrk"):
            result = _load_with_wrk(port, paths, seconds, clients)
        else:
            result = _load_with_python(port, paths, seconds, clients)
        result["workers"] = int(workers)
        return result
    finally:
        server.terminate()
        server.wait(timeout=20)


_WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def _load_with_wrk(port: int, paths: list[str], seconds: float, clients: int) -> dict:
    """wrk (C, keep-alive) as the load generator: it barely competes for the CPU."""
    paths_file = OUT_DIR / "search_paths.txt"
    script = OUT_DIR / "search_paths.lua"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    script.write_text(_WRK_SCRIPT, encoding="utf-8")
    output = subprocess.run(
        [
            "wrk",
            "-t",
            "1",
            "-c",
            str(clients),
            "-d",
            f"{int(seconds)}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        env=dict(os.environ, PATHS_FILE=str(paths_file)),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = next(line for line in output.splitlines() if line.startswith("Requests/sec"))
    errors = [line.strip() for line in output.splitlines() if "Non-2xx" in line or "errors" in line]
    return {
        "requests_per_s": float(rate.split()[1]),
        "errors": "; ".join(errors) or 0,
        "clients": clients,
        "seconds": seconds,
        "client": "wrk",
    }


def _load_with_python(port: int, paths: list[str], seconds: float, clients: int) -> dict:
    """Keep-alive clients in threads: used when wrk is missing (it understates the rate)."""
    counts = [0] * clients
    errors = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        rng = random.Random(index)
        while time.perf_counter() < deadline:
            connection.request("GET", rng.choice(paths))
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                counts[index] += 1
            else:
                errors[index] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests_per_s": sum(counts) / elapsed,
        "errors": sum(errors),
        "clients": clients,
        "seconds": elapsed,
        "client": "python threads",
    }


def _get(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


def _wait_for(port: int) -> None:
    for _ in range(200):
        try:
            json.loads(_get(port, "/api/v1/openapi.json"))
            return
        except (OSError, ValueError, http.client.HTTPException):
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


# --- report ----------------------------------------------------------------------------


def _report(title: str, result: dict, label: str = "in-process") -> None:
    print(f"\n{title}")
    print(
        f"  {label}: p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms "
        f"over {result['queries']} searches (CPU p50 {result['cpu_p50_ms']:.1f} ms, "
        f"p95 {result['cpu_p95_ms']:.1f} ms)"
    )
    for kind in result["first"]:
        print(
            f"  {kind:<13} right designation first {result['first'][kind]:.1%}, "
            f"among results {result['found'][kind]:.1%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100, help="listed people per variant kind")
    parser.add_argument("--http-seconds", type=float, default=15.0)
    parser.add_argument("--http-clients", type=int, default=8)
    parser.add_argument("--skip-large", action="store_true", help="only the SDN list")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="start from the SDN database a previous run imported (A/B runs: import once)",
    )
    args = parser.parse_args()

    from benchmarks._common import run_import

    db_path = OUT_DIR / "search_speed.sqlite"
    kept = OUT_DIR / "search_speed_sdn.sqlite"  # the imported list, for --reuse
    if args.reuse and kept.exists():
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        shutil.copy(kept, db_path)
        from app import create_app

        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}")
    else:
        app = fresh_app("search_speed")
        with app.app_context():
            started = time.perf_counter()
            run_import("ofac-csv", OFAC_DIR)
            print(
                f"imported the SDN list in {time.perf_counter() - started:.1f} s", file=sys.stderr
            )
        shutil.copy(db_path, kept)
    cases = build_cases(app, args.cases)
    small = measure_service(app, cases)
    close(app)
    _report("full SDN list", small)
    if not args.skip_http:
        http_result = measure_http(db_path, cases, args.http_seconds, args.http_clients)
        print(
            f"  over HTTP: {http_result['requests_per_s']:.0f} requests/s "
            f"({http_result['client']}, {http_result['clients']} keep-alive connections, "
            f"gunicorn {http_result['workers']} workers, "
            f"{http_result['errors']} errors)"
        )
    postgres_url = os.environ.get("TEST_POSTGRES_URL")
    if postgres_url:
        pg_app = fresh_postgres_app(postgres_url)
        with pg_app.app_context():
            started = time.perf_counter()
            run_import("ofac-csv", OFAC_DIR)
            print(
                f"imported into PostgreSQL in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
        pg = measure_service(pg_app, cases)
        close(pg_app)
        _report("full SDN list on PostgreSQL (TEST_POSTGRES_URL)", pg, "PostgreSQL in-process")
        print(
            f"  side by side: PostgreSQL p50 {pg['p50_ms']:.1f} ms / SQLite {small['p50_ms']:.1f}"
            f" ms = {pg['p50_ms'] / small['p50_ms']:.2f}x; p95 {pg['p95_ms']:.1f} / "
            f"{small['p95_ms']:.1f} ms = {pg['p95_ms'] / small['p95_ms']:.2f}x"
        )
    if not args.skip_large:
        seconds = add_generated_corpus(db_path, args.names)
        print(f"\nadded {args.names:,} generated names in {seconds:.0f} s", file=sys.stderr)
        from app import create_app

        large_app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}")
        large = measure_service(large_app, cases)
        close(large_app)
        _report(f"full SDN list + {args.names:,} generated names", large)
    print(f"\nmachine: {machine()}")


if __name__ == "__main__":
    main()
