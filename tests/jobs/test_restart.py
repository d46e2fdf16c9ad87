"""A job survives its process: stopped (SIGTERM) or killed (SIGKILL) mid-way, a real
``flask worker`` started again finishes it, and the result is whole."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from app import jobs
from app.extensions import db
from app.models.job import Job
from app.services import screening
from tests.conftest import (
    REPO_ROOT,
    SQLITE_ONLY,
    _close,
    _make_app,
)

pytestmark = SQLITE_ONLY

NAMES = 150
TIMEOUT_SECONDS = 90


def _environment(tmp_path: Path, db_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FLASK_APP": "app",
        "APP_ENV": "development",
        "SECRET_KEY": "restart-test",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "JOBS_URL": f"sqlite:///{tmp_path / 'queue.sqlite'}",
        "SCREENING_JOB_DIR": str(tmp_path / "screening"),
        "SCREENING_CHUNK_ROWS": "10",
        "JOBS_WORKERS": "1",
        "JOBS_POLL_SECONDS": "0.2",
        "JOBS_HEARTBEAT_SECONDS": "0.2",
        "JOBS_PROGRESS_SECONDS": "0",
    }


def _worker(environment: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "worker"],
            env=environment,
            cwd=REPO_ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _queue_screening(app, tmp_path: Path) -> str:  # noqa: ANN001
    source = tmp_path / "names.csv"
    lines = ["name,reference"] + [f"Artem Kuznetsov {i},R{i}" for i in range(NAMES)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with app.app_context(), source.open("rb") as stream:
        layout = screening.inspect_csv(stream)
        store = jobs.screening_store()
        token = store.create({"file_name": "names.csv"})
        shutil.copyfile(source, store.folder(token) / "input.csv")
        params = {
            "token": token,
            "file_name": "names.csv",
            "encoding": layout.encoding,
            "delimiter": layout.delimiter,
            "columns": layout.columns,
            "roles": layout.roles,
            "threshold": 0.8,
            "url_prefix": "/designations/",
        }
        return jobs.submit("screening", "restart test", params, total=NAMES).id


def _record(app, job_id: str) -> Job:  # noqa: ANN001
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def _wait(predicate, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _screening_under_way(app, job_id: str) -> bool:  # noqa: ANN001
    live = jobs.runner(app).live(job_id) or {}
    return _record(app, job_id).state == "running" and live.get("done", 0) >= 10


def test_a_screening_stopped_then_killed_with_its_worker_finishes_after_a_restart(
    seeded_db_template: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "db.sqlite"
    shutil.copy(seeded_db_template, db_path)
    environment = _environment(tmp_path, db_path)
    app = _make_app(
        db_path,
        JOBS_URL=environment["JOBS_URL"],
        SCREENING_JOB_DIR=environment["SCREENING_JOB_DIR"],
    )
    log = tmp_path / "worker.log"
    job_id = _queue_screening(app, tmp_path)
    workers: list[subprocess.Popen] = []
    try:
        # Stopped: the worker marks the job interrupted on its way out.
        workers.append(_worker(environment, log))
        _wait(lambda: _screening_under_way(app, job_id), "the first run")
        workers[-1].send_signal(signal.SIGTERM)
        workers[-1].wait(timeout=30)
        assert _record(app, job_id).state == "interrupted", log.read_text()

        # Killed: nothing runs on the way out, the record is left "running".
        workers.append(_worker(environment, log))
        _wait(lambda: _screening_under_way(app, job_id), "the second run")
        workers[-1].send_signal(signal.SIGKILL)
        workers[-1].wait(timeout=30)
        assert _record(app, job_id).state == "running"
        result = Path(environment["SCREENING_JOB_DIR"]) / _record(app, job_id).params["token"]
        assert not (result / "result.csv").exists()  # never half a result

        # Started again: the dead process's job runs again, to the end.
        workers.append(_worker(environment, log))
        _wait(lambda: _record(app, job_id).state in ("done", "failed"), "the last run")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=30)
        _close(app)

    job = _record(app, job_id)
    assert job.state == "done", (job.error, log.read_text())
    assert job.attempts == 3 and job.done == NAMES
    rows = list(csv.DictReader(io.StringIO((result / "result.csv").read_text(encoding="utf-8"))))
    assert sorted({int(r["line"]) for r in rows}) == list(range(2, NAMES + 2))
