"""Load test: searches while an export, a 1,000-name screening and a full-list import run.

    python benchmarks/load_test.py [--seconds 60] [--clients 4]

Loopback only and bounded: the production server (gunicorn with deploy/gunicorn.conf.py,
2 workers) serves a copy of a database holding the seed and the full OFAC SDN list on
127.0.0.1 for a fixed number of seconds, while at the same time

- ``--clients`` keep-alive clients search ``/api/v1/search`` in a loop (what is measured);
- two clients download ``/export.csv`` in a loop (the first request builds the file, the
  others are served from it; the import below makes a new data version, built once more);
- one client screens 1,000 names through ``POST /api/v1/screen``: first in one request
  (refused with 413 by the budget, before any work), then in requests within the budget;
- ``flask import un-xml`` imports the full UN list into the same database (at nice 10, as
  README "Deploying" advises for imports and other batch work; ``--import-niceness 0`` not).

It reports requests/s, p50/p95/p99 and errors of the searches (targets: 0 errors, p99
under 1 s) and what the background work did; the figures go to benchmarks/out/load_test.json.
Rate limits are off for the run (RATELIMIT_ENABLED=false): every client is 127.0.0.1, and
the point is capacity, not the limits. The base database is built once (seed + OFAC,
a few minutes) into benchmarks/out/load-base.sqlite and copied for each run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import OFAC_DIR, OUT_DIR, REPO_ROOT, UN_FILE, machine, percentile  # noqa: E402
from config import Config  # noqa: E402

BIN = Path(sys.executable).parent
GUNICORN_CONFIG = REPO_ROOT / "deploy" / "gunicorn.conf.py"
SEED = 20261201


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flask(
    database: Path, *args: str, check: bool = True, niceness: int = 0
) -> subprocess.CompletedProcess:
    env = dict(os.environ, APP_ENV="testing", TEST_DATABASE_URL=f"sqlite:///{database}")
    nice = ["nice", "-n", str(niceness)] if niceness else []
    return subprocess.run(
        [*nice, str(BIN / "flask"), "--app", "app", *args],
        cwd=REPO_ROOT,
        env=env,
        check=check,
        capture_output=True,
        text=True,
    )


def prepare_base(base: Path, ofac_dir: Path) -> None:
    """The seed and the full OFAC list, built once (the import takes a few minutes)."""
    if base.exists():
        return
    partial = base.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print(f"building {base.name}: seed + full OFAC list ...", file=sys.stderr)
    _flask(partial, "db", "upgrade")
    _flask(partial, "seed")
    _flask(partial, "import", "ofac-csv", str(ofac_dir))
    os.replace(partial, base)


def _queries(database: Path, count: int) -> list[str]:
    rng = random.Random(SEED)
    with sqlite3.connect(database) as connection:
        names = [row[0] for row in connection.execute("SELECT primary_name FROM designations")]
    picked = rng.sample(names, min(count, len(names)))
    queries = []
    for name in picked:
        words = name.replace(",", " ").split()
        if len(words) > 1 and rng.random() < 0.5:
            words = words[1:] + words[:1]  # given names first
        queries.append(" ".join(words)[:100].lower())
    return queries


class Server:
    def __init__(self, database: Path) -> None:
        self.port = free_port()
        env = dict(
            os.environ,
            APP_ENV="production",
            SECRET_KEY="load-test-only",
            TRUSTED_HOSTS="127.0.0.1",
            DATABASE_URL=f"sqlite:///{database}",
            EXPORT_CACHE_DIR=str(database.parent / "load-exports"),
            RATELIMIT_ENABLED="false",
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS="2",
            GUNICORN_ACCESS_LOG="",
            GUNICORN_LOG_LEVEL="warning",
        )
        shutil.rmtree(database.parent / "load-exports", ignore_errors=True)
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(GUNICORN_CONFIG)], cwd=REPO_ROOT, env=env
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/api/v1/openapi.json")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not start")

    def get(self, path: str, timeout: float = 30) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def post_json(self, path: str, body: dict, timeout: float = 120) -> tuple[int, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = json.dumps(body)
            connection.request("POST", path, data, {"Content-Type": "application/json"})
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def search_client(server: Server, queries: list[str], stop: threading.Event, out: dict) -> None:
    rng = random.Random(threading.get_ident())
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    while not stop.is_set():
        path = "/api/v1/search?" + urllib.parse.urlencode({"q": rng.choice(queries)})
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        elapsed = time.perf_counter() - started
        with out["lock"]:
            out["latencies"].append(elapsed)
            if not ok:
                out["errors"] += 1
    connection.close()


def exporter(server: Server, stop: threading.Event, out: list) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            status, body = server.get("/export.csv", timeout=600)
        except OSError as error:
            status, body = str(error), b""
        out.append({"status": status, "seconds": time.perf_counter() - started, "bytes": len(body)})


def screener(server: Server, names: list[str], out: dict) -> None:
    items = [{"name": name} for name in names]
    started = time.perf_counter()
    status, body = server.post_json("/api/v1/screen", {"names": items})
    out["one_request"] = {"status": status, "seconds": round(time.perf_counter() - started, 3)}
    minimum, budget = Config.SCREENING_API_NAME_MIN_CHARS, Config.SCREENING_API_MAX_CHARS
    batches, batch, used = [], [], 0
    for item in items:
        cost = max(len(item["name"]), minimum)
        if used + cost > budget:
            batches.append(batch)
            batch, used = [], 0
        batch.append(item)
        used += cost
    batches.append(batch)
    started = time.perf_counter()
    statuses, screened, longest = [], 0, 0.0
    for batch in batches:
        began = time.perf_counter()
        status, body = server.post_json("/api/v1/screen", {"names": batch})
        longest = max(longest, time.perf_counter() - began)
        statuses.append(status)
        screened += body.get("total", 0) if status == 200 else 0
    out["batches"] = {
        "requests": len(batches),
        "statuses": statuses,
        "names_screened": screened,
        "seconds": round(time.perf_counter() - started, 2),
        "longest_request_seconds": round(longest, 2),
    }


def importer(database: Path, un_file: Path, niceness: int, out: dict) -> None:
    started = time.perf_counter()
    result = _flask(database, "import", "un-xml", str(un_file), check=False, niceness=niceness)
    out.update(
        exit_code=result.returncode,
        seconds=round(time.perf_counter() - started, 1),
        summary=(result.stdout.strip().splitlines() or [""])[0][:200],
        error=result.stderr.strip()[-300:] if result.returncode else "",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--import-niceness",
        type=int,
        default=10,
        help="run the import at this lower CPU priority, as README 'Deploying' advises (0: not)",
    )
    parser.add_argument(
        "--searches-only", action="store_true", help="the baseline: no export, screening, import"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("SHARED_DATA_DIR") or OFAC_DIR.parent),
        help="the shared data folder (ofac/, un/); default: ../shared/data",
    )
    args = parser.parse_args()
    ofac_dir, un_file = args.data / "ofac", args.data / "un" / UN_FILE.name
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    base = OUT_DIR / "load-base.sqlite"
    prepare_base(base, ofac_dir)
    database = OUT_DIR / "load-run.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copy(base, database)
    queries = _queries(database, 2000)
    screening_names = _queries(database, 1000)
    server = Server(database)
    stop = threading.Event()
    searches = {"lock": threading.Lock(), "latencies": [], "errors": 0}
    exports: list = [[], []]
    screening: dict = {}
    imported: dict = {}
    try:
        for query in queries[:20]:  # warm both workers
            server.get("/api/v1/search?" + urllib.parse.urlencode({"q": query}))
        threads = [
            threading.Thread(target=search_client, args=(server, queries, stop, searches))
            for _ in range(args.clients)
        ]
        background = []
        if not args.searches_only:
            threads += [threading.Thread(target=exporter, args=(server, stop, e)) for e in exports]
            background = [
                threading.Thread(target=screener, args=(server, screening_names, screening)),
                threading.Thread(
                    target=importer, args=(database, un_file, args.import_niceness, imported)
                ),
            ]
        started = time.perf_counter()
        for thread in threads + background:
            thread.start()
        time.sleep(args.seconds)
        stop.set()
        elapsed = time.perf_counter() - started
        for thread in threads + background:
            thread.join(timeout=300)
    finally:
        stop.set()
        server.stop()
    latencies = searches["latencies"]
    result = {
        "seconds": round(elapsed, 1),
        "background_work": not args.searches_only,
        "search_clients": args.clients,
        "searches": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "errors": searches["errors"],
        "exports": [
            {
                "downloads": len(e),
                "statuses": sorted({str(d["status"]) for d in e}),
                "slowest_s": round(max((d["seconds"] for d in e), default=0), 2),
                "fastest_s": round(min((d["seconds"] for d in e), default=0), 3),
            }
            for e in exports
        ],
        "screening": screening,
        "import_un_xml": {**imported, "niceness": args.import_niceness},
        "machine": machine(),
        "load_average_1_5_15_min_after": [round(x, 1) for x in os.getloadavg()],
    }
    name = "load_test_baseline.json" if args.searches_only else "load_test.json"
    (OUT_DIR / name).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    target_met = result["errors"] == 0 and result["p99_ms"] < 1000
    print(f"\ntarget (0 errors, p99 < 1 s): {'met' if target_met else 'NOT met'}")


if __name__ == "__main__":
    main()
