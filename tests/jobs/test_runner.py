"""The job runner: records, a real consumer, recovery of interrupted jobs, cancelling."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import click
import pytest
from flask import Flask

from app import jobs
from app.extensions import db
from app.jobs import serving_process
from app.jobs.files import new_token
from app.models.job import Job
from app.services import job_records
from tests.builders import sdn_row, write_ofac_set
from tests.conftest import (
    SQLITE_ONLY,
    _close,
    _make_app,
)

pytestmark = SQLITE_ONLY

TIMEOUT_SECONDS = 30


def _exited_pid() -> int:
    """The id of a process that has run and exited (and been reaped)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _command_job(app: Flask, args: list[str], **record) -> str:  # noqa: ANN003
    with app.app_context():
        return jobs.submit("command", "test command", {"args": args}, **record).id


def _job(app: Flask, job_id: str) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def _wait_for(app: Flask, job_id: str, *states: str) -> Job:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        job = _job(app, job_id)
        if job.state in states:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} is {job.state}, not {states}")


@pytest.fixture
def queue_app(empty_db_template: Path, tmp_path: Path):
    """An app whose jobs go through a real SQLite queue (no consumer until a test starts one)."""
    path = tmp_path / "db.sqlite"
    path.write_bytes(empty_db_template.read_bytes())
    app = _make_app(
        path,
        JOBS_URL=f"sqlite:///{tmp_path / 'jobs.sqlite'}",
        IMPORT_UPLOAD_DIR=str(tmp_path / "uploads"),
        JOBS_HEARTBEAT_SECONDS=0.1,
        JOBS_SWEEP_SECONDS=0.2,
        JOBS_POLL_SECONDS=0.1,
    )
    yield app
    jobs.runner(app).stop()
    _close(app)


def test_a_job_waits_queued_until_a_consumer_runs_it(queue_app):
    job_id = _command_job(queue_app, ["reindex"])
    assert _job(queue_app, job_id).state == "queued"

    jobs.runner(queue_app).start(in_process=True)

    job = _wait_for(queue_app, job_id, "done", "failed")
    assert job.state == "done", job.error
    assert "Indexed" in job.result["output"]
    assert job.attempts == 1 and job.started_at and job.finished_at


def test_an_import_queued_from_the_cli_is_run_by_the_consumer(queue_app, tmp_path):
    folder = write_ofac_set(tmp_path / "set", [sdn_row(900001, "QUEUEDOV, Ivan")])
    result = queue_app.test_cli_runner().invoke(args=["import", "ofac-csv", str(folder), "--queue"])
    assert result.exit_code == 0, result.output
    job_id = result.output.split("Queued import job ")[1].split(":")[0]

    jobs.runner(queue_app).start(in_process=True)

    job = _wait_for(queue_app, job_id, "done", "failed")
    assert job.state == "done", job.error
    assert job.queued_by == "cli" and job.result["created"] == 1
    assert not any((tmp_path / "uploads").glob("*/sdn.csv"))  # the copied files are gone


def test_a_job_left_running_by_a_dead_process_runs_again(app):
    job_id = _command_job(app, ["reindex"])
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.worker, job.attempts = "running", f"{_host()}:{_exited_pid()}:dead", 1
        db.session.commit()

    assert jobs.runner(app).recover() == [job_id]

    job = _job(app, job_id)
    assert job.state == "done" and job.attempts == 2


def test_a_job_whose_process_is_alive_is_left_running(app):
    job_id = _command_job(app, ["reindex"])
    runner = jobs.runner(app)
    runner.beat()
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.worker = "running", runner.worker_id
        db.session.commit()

    assert runner.recover() == []
    assert _job(app, job_id).state == "running"


def test_a_job_that_keeps_killing_its_process_fails_after_max_attempts(app):
    job_id = _command_job(app, ["reindex"])
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.worker = "running", f"{_host()}:{_exited_pid()}:dead"
        job.attempts = app.config["JOBS_MAX_ATTEMPTS"]
        db.session.commit()

    assert jobs.runner(app).recover() == []

    job = _job(app, job_id)
    assert job.state == "failed" and "retry it" in job.error


def test_a_job_stopped_by_a_shutdown_runs_again_whatever_its_attempts(app):
    job_id = _command_job(app, ["reindex"])
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.attempts = "interrupted", app.config["JOBS_MAX_ATTEMPTS"]
        db.session.commit()

    jobs.runner(app).recover()

    assert _job(app, job_id).state == "done"


def test_stopping_marks_the_running_jobs_of_the_process_interrupted(queue_app):
    runner = jobs.runner(queue_app)
    job_id = _command_job(queue_app, ["reindex"])
    with queue_app.app_context():
        job = job_records.claim(db.session, job_id, runner.worker_id, 1)
        assert job is not None
    runner.start(in_process=True)

    runner.stop()

    assert _job(queue_app, job_id).state == "interrupted"


def test_a_queued_job_is_cancelled_at_once_and_never_runs(queue_app):
    job_id = _command_job(queue_app, ["reindex"])
    with queue_app.app_context():
        assert jobs.cancel(db.session.get(Job, job_id)) == "cancelled"

    jobs.runner(queue_app).start(in_process=True)
    time.sleep(0.5)

    job = _job(queue_app, job_id)
    assert job.state == "cancelled" and job.started_at is None


def test_a_job_cancelled_while_queued_never_starts(app):
    job_id = new_token()
    jobs.runner(app).flag_cancel(job_id)  # what cancelling leaves when the database is busy

    jobs.submit("command", "cancelled while queued", {"args": ["reindex"]}, job_id=job_id)

    job = _job(app, job_id)
    assert job.state == "cancelled" and job.started_at is None


def _copy(folder: Path):  # noqa: ANN202
    def save(target: Path) -> None:
        (target / "sdn.csv").write_bytes((folder / "sdn.csv").read_bytes())

    return save


def _host() -> str:
    from app.jobs.runner import HOST

    return HOST


def test_the_consumer_starts_only_in_a_process_that_serves_requests():
    group = click.Group("flask")
    with click.Context(click.Command("seed"), info_name="seed"):
        assert not serving_process()
    with click.Context(click.Command("run"), info_name="run", parent=click.Context(group)) as ctx:
        ctx.params["reload"] = False
        assert serving_process()
        ctx.params["reload"] = True  # the reloader's watching parent
        assert not serving_process()
    assert serving_process()  # no command at all: a WSGI server


def test_a_job_of_an_unknown_kind_fails_with_a_clear_message(app):
    with app.app_context():
        job = jobs.submit("no-such-kind", "?", {})
    assert "no jobs of kind 'no-such-kind'" in _job(app, job.id).error


def test_only_one_process_can_claim_a_job(app, tmp_path):
    with app.app_context():
        job = job_records.create(db.session, new_token(), "command", "x", {"args": []})
        first = job_records.claim(db.session, job.id, "host:1:a", 1)
        second = job_records.claim(db.session, job.id, "host:2:b", 1)
    assert first is not None and second is None


def test_a_second_app_can_be_built_without_starting_a_second_consumer(tmp_path, empty_db_template):
    path = tmp_path / "db.sqlite"
    path.write_bytes(empty_db_template.read_bytes())
    app = _make_app(path, JOBS_URL=f"sqlite:///{tmp_path / 'q.sqlite'}")
    assert jobs.runner(app).consumer is None  # testing turns JOBS_RUN_IN_PROCESS off
    _close(app)


def _earlier_import(app, tmp_path):  # noqa: ANN001, ANN202
    """A running import that started a minute ago, and an upload for another one."""
    from datetime import UTC, datetime, timedelta

    from app.jobs import import_jobs

    runner = jobs.runner(app)
    runner.beat()
    earlier = job_records.create(db.session, new_token(), "import", "the earlier import", {})
    earlier.state, earlier.worker = "running", runner.worker_id
    earlier.started_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    folder = write_ofac_set(tmp_path / "set", [sdn_row(900001, "WAITOV, Ivan")])
    token = import_jobs.store_upload(app, "ofac-csv", {"sdn.csv": "sdn.csv"}, None, _copy(folder))
    return earlier.id, token


def _import_in_thread(app, token: str, job_id: str):  # noqa: ANN001, ANN202
    import threading

    from app.jobs import import_jobs

    def queue() -> None:
        with app.app_context():
            jobs.submit(
                import_jobs.IMPORT,
                "the later import",
                {"token": token, "format": "ofac-csv", "files": {"sdn.csv": "sdn.csv"}},
                job_id=job_id,
            )

    thread = threading.Thread(target=queue)
    thread.start()
    runner = jobs.runner(app)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while "Waiting" not in (runner.live(job_id) or {}).get("message", ""):
        assert time.monotonic() < deadline, "the later import never waited"
        time.sleep(0.05)
    return thread


def test_a_running_import_stops_at_its_next_checkpoint_when_cancelled(app, tmp_path):
    _, token = _earlier_import(app, tmp_path)
    job_id = new_token()
    thread = _import_in_thread(app, token, job_id)  # running, waiting for the earlier one

    with app.app_context():
        assert jobs.cancel(db.session.get(Job, job_id)) == "running"
    thread.join(TIMEOUT_SECONDS)

    assert _job(app, job_id).state == "cancelled"
    assert db.session.scalar(db.text("select count(*) from designations")) == 0
    assert not (Path(app.config["IMPORT_UPLOAD_DIR"]) / token / "sdn.csv").exists()


def test_an_import_waits_for_an_import_that_started_before_it(app, tmp_path):
    earlier_id, token = _earlier_import(app, tmp_path)
    job_id = new_token()
    thread = _import_in_thread(app, token, job_id)
    runner = jobs.runner(app)
    assert "the earlier import" in runner.live(job_id)["message"]
    with app.app_context():
        db.session.get(Job, earlier_id).state = "done"
        db.session.commit()
    thread.join(TIMEOUT_SECONDS)

    assert _job(app, job_id).state == "done"
