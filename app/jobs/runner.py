"""The job runner: Huey carries job ids, this module claims, runs and records the jobs.

* ``JobRunner.submit`` writes the job's record (table ``jobs``) and puts its id on the
  queue; any consumer (threads of the web process, or ``flask worker``) takes it.
* A consumer claims the record (one conditional UPDATE: a job runs once even if its id
  is on the queue twice), runs the handler of its kind and records how it ended.
* While a job runs, its live progress and the process's heartbeat are kept in the
  queue's storage (Huey's key-value store: the same SQLite file or Redis as the queue),
  not in the database: on SQLite an import holds the database's one write lock for
  its whole transaction, and progress must still be readable meanwhile.
* Recovery: a process that stops marks its running jobs interrupted; one that died
  (killed) stops beating. Every consumer queues such jobs again (``JOBS_MAX_ATTEMPTS``).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import Flask
from huey import Huey, MemoryHuey, SqliteHuey
from huey.constants import EmptyData
from huey.consumer import Consumer

from app.extensions import db
from app.models.job import CANCELLED, DONE, FAILED, INTERRUPTED, Job
from app.services import job_records

log = logging.getLogger(__name__)
HOST = socket.gethostname()


class JobCancelled(Exception):
    """Raised at a checkpoint of a job someone cancelled."""


class JobInterrupted(Exception):
    """Raised at a checkpoint while the process stops: the job runs again later."""


class JobRefused(Exception):
    """A job that cannot be done, with a message for people (no stack trace logged)."""


Handler = Callable[["JobContext"], dict | None]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of ``kind``."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


def make_huey(url: str) -> Huey:
    """The queue named by JOBS_URL: ``sqlite:///path``, ``redis://...`` or ``immediate``."""
    if url in ("immediate", "memory://"):
        return MemoryHuey("sanctions", immediate=True, results=False)
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        return SqliteHuey("sanctions", filename=path, results=False, timeout=30)
    if url.startswith(("redis://", "rediss://", "unix://")):
        try:
            import redis  # noqa: F401
            from huey import RedisHuey
        except ImportError:
            raise RuntimeError(
                "JOBS_URL names Redis, but the redis package is not installed: "
                "pip install -e '.[redis]'"
            ) from None
        return RedisHuey("sanctions", url=url, results=False)
    raise RuntimeError(f"JOBS_URL must be sqlite:///PATH, redis://HOST or immediate, not {url!r}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class JobContext:
    """What a handler gets: its job's parameters, progress reports and checkpoints."""

    runner: JobRunner
    job_id: str
    kind: str
    params: dict
    user_id: int | None
    attempt: int
    done: int = 0
    total: int | None = None
    message: str = ""
    extra: dict = field(default_factory=dict)
    _last_write: float = 0.0
    _last_cancel_check: float = 0.0

    @property
    def app(self) -> Flask:
        return self.runner.app

    @property
    def config(self):  # noqa: ANN201
        return self.runner.app.config

    def progress(
        self,
        done: int | None = None,
        total: int | None = None,
        message: str | None = None,
        **extra: object,
    ) -> None:
        """Report how far the job is (visible to the job's pages), then checkpoint."""
        if done is not None:
            self.done = done
        if total is not None:
            self.total = total
        if message is not None:
            self.message = message
        self.extra.update(extra)
        now = time.monotonic()
        if message is not None or now - self._last_write >= self.config["JOBS_PROGRESS_SECONDS"]:
            self._last_write = now
            self.runner.put_live(self.job_id, self.live())
        self.checkpoint()

    def live(self) -> dict:
        return {"done": self.done, "total": self.total, "message": self.message, **self.extra}

    def checkpoint(self) -> None:
        """Stop here if the process is stopping or someone cancelled the job."""
        if self.runner.stopping.is_set():
            raise JobInterrupted
        now = time.monotonic()
        if now - self._last_cancel_check >= self.config["JOBS_CANCEL_CHECK_SECONDS"]:
            self._last_cancel_check = now
            if self.runner.cancel_flagged(self.job_id):
                raise JobCancelled


class _Consumer(Consumer):
    """Huey's consumer; in the web process it leaves the signals to the web server."""

    def __init__(self, runner: JobRunner, in_process: bool, **options: object) -> None:
        self._runner = runner
        self._in_process = in_process
        super().__init__(runner.huey, **options)

    def _set_signal_handlers(self) -> None:
        if not self._in_process:
            super()._set_signal_handlers()

    def stop(self, graceful: bool = False) -> None:
        self._runner.stopping.set()  # running jobs stop at their next checkpoint
        super().stop(graceful=graceful)


class JobRunner:
    """One per app: the queue, the task that runs job ids, and (when consuming) the
    consumer threads and the heartbeat / recovery thread."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.config = app.config
        self.huey = make_huey(app.config["JOBS_URL"])
        self.worker_id = f"{HOST}:{os.getpid()}:{os.urandom(4).hex()}"
        self.stopping = threading.Event()
        self.running: set[str] = set()
        self.consumer: _Consumer | None = None
        self._stopped = False
        self._task = self.huey.task(name="run_job")(self._run)

    # --- the queue ----------------------------------------------------------------

    @property
    def immediate(self) -> bool:
        return self.huey.immediate

    def enqueue(self, job_id: str) -> None:
        self._task(job_id)

    def submit(self, job_id: str, kind: str, label: str, params: dict, **record: object) -> Job:
        """Record a new job and queue it. ``record``: user_id, owner_token, queued_by, total."""
        job = job_records.create(
            db.session,
            job_id,
            kind,
            label,
            params,
            retry_seconds=self.config["JOBS_DB_RETRY_SECONDS"],
            **record,
        )
        self.enqueue(job.id)
        return job

    # --- live state in the queue's storage -------------------------------------------

    def _put(self, key: str, value: object) -> None:
        try:
            self.huey.storage.put_data(key, json.dumps(value).encode("utf-8"))
        except Exception:  # progress is best effort: the job goes on without it
            log.warning("Could not store %s in the job queue's storage", key, exc_info=True)

    def _peek(self, key: str) -> object | None:
        try:
            data = self.huey.storage.peek_data(key)
        except Exception:
            log.warning("Could not read %s from the job queue's storage", key, exc_info=True)
            return None
        return None if data is EmptyData else json.loads(data)

    def _delete(self, key: str) -> None:
        try:
            self.huey.storage.delete_data(key)
        except Exception:
            log.warning("Could not delete %s from the job queue's storage", key, exc_info=True)

    def put_live(self, job_id: str, live: dict) -> None:
        self._put(f"job:{job_id}:live", live)

    def live(self, job_id: str) -> dict | None:
        value = self._peek(f"job:{job_id}:live")
        return value if isinstance(value, dict) else None

    def flag_cancel(self, job_id: str) -> None:
        self._put(f"job:{job_id}:cancel", True)

    def clear_cancel(self, job_id: str) -> None:
        self._delete(f"job:{job_id}:cancel")

    def cancel_flagged(self, job_id: str) -> bool:
        return bool(self._peek(f"job:{job_id}:cancel"))

    def beat(self) -> None:
        self._put(f"worker:{self.worker_id}", time.time())

    def worker_is_gone(self, worker: str | None) -> bool:
        """Whether the process named ``worker`` ("host:pid:nonce") no longer runs jobs."""
        if not worker:
            return True
        if worker == self.worker_id:
            return False
        host, _, rest = worker.partition(":")
        pid = rest.partition(":")[0]
        if host == HOST and pid.isdigit() and not _pid_alive(int(pid)):
            return True
        last = self._peek(f"worker:{worker}")
        return not isinstance(last, int | float) or (
            time.time() - last > self.config["JOBS_STALE_SECONDS"]
        )

    # --- running one job --------------------------------------------------------------

    def _run(self, job_id: str) -> None:
        with self.app.app_context():
            try:
                self._run_claimed(job_id)
            finally:
                db.session.remove()

    def _run_claimed(self, job_id: str) -> None:
        # The worker waits as long as it takes for a database another writer holds.
        retry_seconds = float("inf")
        if self.cancel_flagged(job_id):  # cancelled while queued, the record still says so
            job_records.cancel_queued(db.session, job_id, retry_seconds)
            self._delete(f"job:{job_id}:cancel")
            return
        job = job_records.claim(db.session, job_id, self.worker_id, retry_seconds)
        if job is None:
            return  # cancelled, or another process has it: nothing to do
        context = JobContext(
            self, job.id, job.kind, dict(job.params or {}), job.user_id, job.attempts,
            total=job.total,
        )
        db.session.commit()  # end the read; the handler opens its own transactions
        self.running.add(job_id)
        result, error, state = None, None, DONE
        try:
            run = HANDLERS.get(job.kind)
            if run is None:
                raise JobRefused(f"This version of the app has no jobs of kind {job.kind!r}.")
            context.message = "Starting…"
            self.put_live(job_id, context.live())
            result = run(context) or {}
        except JobCancelled:
            state, context.message = CANCELLED, "Cancelled; nothing of it was kept."
        except JobInterrupted:
            state, context.message = INTERRUPTED, "Interrupted: the server stopped. It runs again."
        except JobRefused as refused:
            state, error = FAILED, str(refused)
        except Exception:
            log.exception("Job %s (%s) failed", job_id, job.kind)
            state, error = FAILED, "The job stopped on an unexpected error; it has been logged."
        finally:
            db.session.rollback()
            if result is not None:
                result = {**context.extra, **result}
            finished = job_records.finish(
                db.session,
                job_id,
                self.worker_id,
                state,
                result=result,
                error=error,
                done=context.done,
                total=context.total,
                message=context.message if state != DONE else (context.message or "Done."),
                retry_seconds=retry_seconds,
            )
            if not finished:
                log.warning("Job %s ended (%s) after it was taken from this process", job_id, state)
            self._delete(f"job:{job_id}:live")
            self._delete(f"job:{job_id}:cancel")
            self.running.discard(job_id)

    # --- consuming --------------------------------------------------------------------

    def start(self, in_process: bool = True) -> _Consumer:
        """Start the consumer threads and the heartbeat / recovery thread.

        In the web process the consumer's threads just run; ``run_worker`` instead
        blocks on the consumer and stops on SIGINT / SIGTERM."""
        if self.consumer is not None:
            return self.consumer
        self.beat()
        self.consumer = _Consumer(
            self,
            in_process,
            workers=self.config["JOBS_WORKERS"],
            periodic=bool(self.config["JOBS_SCHEDULE"]),
            worker_type="thread",
            initial_delay=0.1,
            backoff=1.5,
            max_delay=self.config["JOBS_POLL_SECONDS"],
            check_worker_health=not in_process,
        )
        try:
            self.recover()
        except Exception:  # e.g. a database not migrated yet: the sweep tries again
            log.exception("Could not look for interrupted jobs at start")
        if in_process:
            self.consumer.start()
        # Two threads: a sweep waiting for the database must not stop the heartbeat.
        for target, name in ((self._beat_loop, "jobs-heartbeat"), (self._sweep_loop, "jobs-sweep")):
            threading.Thread(target=target, name=name, daemon=True).start()
        return self.consumer

    def run_worker(self) -> None:
        """Consume in this process until it is told to stop (``flask worker``)."""
        consumer = self.start(in_process=False)
        try:
            consumer.run()
        finally:
            self.stop()

    def _beat_loop(self) -> None:
        while not self.stopping.wait(self.config["JOBS_HEARTBEAT_SECONDS"]):
            self.beat()

    def _sweep_loop(self) -> None:
        sweep_every = self.config["JOBS_SWEEP_SECONDS"]
        while not self.stopping.wait(sweep_every):
            try:
                self.recover()
                self.sweep_files()
            except Exception:
                log.exception("Job recovery failed; trying again in %ss", sweep_every)

    def recover(self) -> list[str]:
        """Queue again the jobs of processes that are gone; their ids."""
        with self.app.app_context():
            try:
                ids = job_records.recover(
                    db.session,
                    self.worker_is_gone,
                    self.config["JOBS_MAX_ATTEMPTS"],
                    self.config["JOBS_DB_RETRY_SECONDS"],
                )
                # A queued job whose queue message was lost (the process died between
                # writing the record and queueing it) is queued again; a duplicate is
                # harmless, the claim lets one of them run.
                lost_before = datetime.now(UTC) - timedelta(
                    seconds=self.config["JOBS_LOST_QUEUED_SECONDS"]
                )
                if not self.huey.pending_count():
                    ids += [i for i in job_records.queued_ids(db.session, lost_before)]
            finally:
                db.session.remove()
        for job_id in ids:
            log.info("Queueing job %s again", job_id)
            self.enqueue(job_id)
        return ids

    def sweep_files(self) -> None:
        from app.jobs import stores

        for store, max_age in stores(self.app):
            store.discard_stale(max_age)

    def stop(self) -> None:
        """Stop consuming: running jobs stop at a checkpoint and are marked interrupted."""
        if self._stopped or self.consumer is None:
            return
        self._stopped = True
        self.stopping.set()
        self.consumer.stop_flag.set()
        deadline = time.monotonic() + self.config["JOBS_SHUTDOWN_SECONDS"]
        while self.running and time.monotonic() < deadline:
            time.sleep(0.05)
        try:
            with self.app.app_context():
                try:
                    job_records.interrupt_worker(db.session, self.worker_id, retry_seconds=2)
                finally:
                    db.session.remove()
        except Exception:
            log.warning("Could not mark this process's jobs interrupted", exc_info=True)
        self._delete(f"worker:{self.worker_id}")

