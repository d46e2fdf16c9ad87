"""Parallel export requests to two gunicorn workers: every client gets the same built file."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from tests.conftest import SQLITE_ONLY  # noqa: E402
from tests.live_server import Browser, gunicorn

pytestmark = SQLITE_ONLY


def test_parallel_requests_across_workers_all_get_the_one_built_file(
    seeded_db_template: Path, tmp_path: Path
) -> None:
    database = tmp_path / "live.sqlite"
    shutil.copy(seeded_db_template, database)
    exports_dir = tmp_path / "exports"
    results: list[tuple[int, str]] = [(0, "")] * 6
    with gunicorn(database, EXPORT_CACHE_DIR=str(exports_dir), RATELIMIT_ENABLED="false") as port:
        start = threading.Barrier(len(results))

        def download(index: int) -> None:
            start.wait()
            results[index] = Browser(port).request("GET", "/export.jsonl")

        threads = [threading.Thread(target=download, args=(i,)) for i in range(len(results))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    statuses = [status for status, _ in results]
    bodies = {body for _, body in results}
    assert statuses == [200] * len(results)
    assert len(bodies) == 1 and len(next(iter(bodies)).splitlines()) > 700
    assert len(list(exports_dir.glob("*.jsonl"))) == 1
