"""Screening jobs: an uploaded file screened in a background thread, its progress on disk.

Each job is a folder ``<SCREENING_JOB_DIR>/<id>/`` under a random, unguessable id:
``input.csv`` as uploaded, ``job.json`` (owner, layout, state, counts; rewritten
atomically after each chunk, so any process can answer "how far is it?") and
``result.csv``, written a chunk at a time. Only the session that uploaded a job
(its random owner token) can see it. Memory stays bounded: rows are read, screened
and written a chunk at a time. A job lives in the threads of the server process that
took the upload: if that process is gone (a restart) before the job finished, the job
is reported as interrupted instead of "running" for ever.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flask import Flask, current_app

from app.extensions import db
from app.runners import screening_settings
from app.services import screening

_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STATE_FILE = "job.json"
INPUT_FILE = "input.csv"
RESULT_FILE = "result.csv"
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
_executor_lock = threading.Lock()


@dataclass
class Job:
    id: str
    owner: str
    file_name: str
    encoding: str
    delimiter: str
    columns: list[str]
    roles: dict[str, int]
    total: int
    threshold: float
    url_prefix: str
    state: str = QUEUED
    done: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(screening.STATUSES, 0))
    message: str = ""
    created: float = field(default_factory=time.time)
    # The server process whose threads run the job, and its host (jobs folders may be
    # shared): a job that process no longer runs will never finish.
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    @property
    def layout(self) -> screening.CsvLayout:
        return screening.CsvLayout(self.encoding, self.delimiter, self.columns, self.roles)


def jobs_dir() -> Path:
    configured = current_app.config.get("SCREENING_JOB_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "screening"


def folder(base: Path, job_id: str) -> Path:
    return base / job_id


def save(base: Path, job: Job) -> None:
    """Write the job's state atomically: a reader never sees half a file."""
    path = folder(base, job.id) / STATE_FILE
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(job)), encoding="utf-8")
    os.replace(temporary, path)


def load(base: Path, job_id: str, owner: str | None) -> Job | None:
    """The job under ``job_id`` if it exists and belongs to ``owner``."""
    if not owner or not _ID.match(job_id or ""):
        return None
    try:
        data = json.loads((folder(base, job_id) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    job = Job(**data)
    if job.owner != owner:
        return None
    if not job.finished and job.host == socket.gethostname() and not _process_alive(job.pid):
        job.state = FAILED
        job.message = (
            "The screening was interrupted (the server restarted) after "
            f"{job.done:,} of {job.total:,} rows. Please upload the file again."
        )
        save(base, job)
    return job


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def discard_stale(base: Path, max_age_seconds: int) -> None:
    """Remove jobs (and their files) older than ``max_age_seconds``."""
    if not base.is_dir():
        return
    limit = time.time() - max_age_seconds
    for path in base.iterdir():
        if path.is_dir() and path.stat().st_mtime < limit:
            shutil.rmtree(path, ignore_errors=True)


def run(app: Flask, base: Path, job_id: str, owner: str) -> None:
    """Screen the job's input into result.csv, saving progress after each chunk."""
    with app.app_context():
        job = load(base, job_id, owner)
        if job is None:
            return
        job.state = RUNNING
        save(base, job)
        config = app.config
        settings = screening_settings(job.threshold)
        layout = job.layout

        def progress(summary: screening.ScreeningSummary) -> None:
            job.done = summary.rows
            job.counts = dict(summary.counts)
            save(base, job)

        try:
            input_path = folder(base, job.id) / INPUT_FILE
            with (
                screening.open_text_file(input_path, layout.encoding) as text,
                (folder(base, job.id) / RESULT_FILE).open("w", encoding="utf-8", newline="") as out,
            ):
                rows = screening.read_rows(text, layout, settings.max_name_length)
                chunks = screening.screen_in_session(
                    db.session, rows, settings, config["SCREENING_CHUNK_ROWS"]
                )
                screening.write_results(
                    chunks, layout, out, lambda i: f"{job.url_prefix}{i}", progress
                )
            job.state = DONE
        except Exception:
            app.logger.exception("Screening job %s failed", job.id)
            job.state = FAILED
            job.message = "The screening stopped on an unexpected error; it has been logged."
        finally:
            db.session.remove()
        save(base, job)


def executor(app: Flask) -> ThreadPoolExecutor:
    """The app's job threads (SCREENING_JOB_THREADS of them): jobs beyond them wait queued."""
    with _executor_lock:
        if "screening_jobs" not in app.extensions:
            app.extensions["screening_jobs"] = ThreadPoolExecutor(
                max_workers=app.config["SCREENING_JOB_THREADS"], thread_name_prefix="screening"
            )
        return app.extensions["screening_jobs"]
