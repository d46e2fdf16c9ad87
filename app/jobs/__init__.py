"""Background jobs for the whole app (Huey underneath; see README "Background jobs").

``init_app`` builds the app's JobRunner from JOBS_URL and, in a process that serves
requests (``flask run``, gunicorn), starts the consumer in threads unless
JOBS_RUN_IN_PROCESS is off: one machine needs no extra command. ``flask worker``
consumes in a process of its own. Blueprints queue work with ``submit`` and read
it back with ``status``; the handlers of each kind live in ``app.jobs.handlers``.
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.jobs.files import FileStore, new_token  # noqa: F401  (new_token: job ids)
from app.jobs.runner import JobRunner
from app.models.job import CANCELLED, FINISHED_STATES, RUNNING, Job
from app.services import job_records

_started_in_process: set[int] = set()


def init_app(app: Flask) -> None:
    if not app.config.get("JOBS_URL"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["JOBS_URL"] = "sqlite:///" + os.path.join(app.instance_path, "jobs.sqlite")
    from app.jobs import handlers, schedule  # noqa: F401  (registers the kinds)

    runner = JobRunner(app)
    schedule.register(runner)
    app.extensions["jobs"] = runner
    if app.config["JOBS_RUN_IN_PROCESS"] and not runner.immediate and serving_process():
        start_in_process(runner)


def serving_process() -> bool:
    """Whether this process serves requests: not a CLI command other than ``flask run``,
    and not the reloader's watching parent (only its child serves)."""
    context = click.get_current_context(silent=True)
    if context is None:
        return True  # a WSGI server (gunicorn) or a script calling create_app
    if context.info_name != "run":
        return False
    if os.environ.get("WERKZEUG_RUN_MAIN") == "true":
        return True
    from flask.helpers import get_debug_flag

    reload = context.params.get("reload")
    return not (get_debug_flag() if reload is None else reload)


def start_in_process(runner: JobRunner) -> None:
    """The consumer in threads of this process; stopped (jobs marked interrupted) at exit."""
    if os.getpid() in _started_in_process:
        return  # one consumer per process, even if create_app runs twice
    _started_in_process.add(os.getpid())
    runner.start(in_process=True)
    atexit.register(runner.stop)
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    ):
        # A plain SIGTERM would end the process without atexit: end it as Ctrl-C does.
        signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum, frame) -> None:  # noqa: ANN001
    raise KeyboardInterrupt


def runner(app: Flask | None = None) -> JobRunner:
    return (app or current_app).extensions["jobs"]


def stores(app: Flask) -> list[tuple[FileStore, float]]:
    """Each file store with the age after which its entries are discarded."""
    return [
        (upload_store(app), app.config["IMPORT_UPLOAD_MAX_AGE_SECONDS"]),
        (screening_store(app), app.config["SCREENING_JOB_MAX_AGE_SECONDS"]),
    ]


def upload_store(app: Flask | None = None) -> FileStore:
    """Uploaded import files waiting for their preview and confirmation."""
    app = app or current_app
    configured = app.config.get("IMPORT_UPLOAD_DIR")
    return FileStore(configured or Path(app.instance_path) / "uploads")


def screening_store(app: Flask | None = None) -> FileStore:
    """Screening inputs and results."""
    app = app or current_app
    configured = app.config.get("SCREENING_JOB_DIR")
    return FileStore(configured or Path(app.instance_path) / "screening")


def submit(kind: str, label: str, params: dict, job_id: str | None = None, **record) -> Job:
    """Record a job and queue it; ``record``: user_id, owner_token, queued_by, total."""
    return runner().submit(job_id or new_token(), kind, label, params, **record)


def find(job_id: str) -> Job | None:
    from app.jobs.files import valid_token

    if not valid_token(job_id):
        return None
    return db.session.get(Job, job_id, populate_existing=True)


def status(job: Job) -> dict:
    """The job as JSON for its pages: state, progress (live while it runs), outcome."""
    done, total, message, extra = job.done, job.total, job.message, {}
    if job.state == RUNNING:
        live = runner().live(job.id) or {}
        done = live.pop("done", done)
        total = live.pop("total", total)
        message = live.pop("message", message)
        extra = live
    elif job.result:
        extra = {k: v for k, v in job.result.items() if k == "counts"}
    return {
        "id": job.id,
        "kind": job.kind,
        "label": job.label,
        "state": job.state,
        "finished": job.state in FINISHED_STATES,
        "done": done or 0,
        "total": total,
        "message": message or "",
        "error": job.error,
        "attempts": job.attempts,
        "cancel_requested": job.cancel_requested
        or (job.state not in FINISHED_STATES and runner().cancel_flagged(job.id)),
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        **extra,
    }


def cancel(job: Job) -> str | None:
    """Cancel ``job``: at once if it has not started, at its next checkpoint if it runs.

    Its state afterwards ("cancelled", "running" while it stops), or None if it had
    finished. The request goes through the queue's storage, never waiting for the
    database (on SQLite a running import holds it until its end): a job that has not
    started is also marked cancelled in its record when the database is free now, else
    by the consumer that takes it."""
    db.session.refresh(job)
    if job.finished:
        return None
    runner().flag_cancel(job.id)
    if job.state == RUNNING:
        return RUNNING
    try:
        job_records.cancel_queued(db.session, job.id, retry_seconds=1)
    except OperationalError:
        db.session.rollback()
    token = (job.params or {}).get("token")
    if token and job.kind in ("import", "import-preview"):
        upload_store().discard_files(token)  # never read now: the files go at once
    return CANCELLED


def retry(job: Job) -> bool:
    if not job_records.retry(db.session, job.id, current_app.config["JOBS_DB_RETRY_SECONDS"]):
        return False
    runner().clear_cancel(job.id)
    runner().enqueue(job.id)
    return True
