"""Periodic jobs: off unless JOBS_SCHEDULE names them; each scheduled minute queued once."""

from __future__ import annotations

import pytest

from app import jobs
from app.extensions import db
from app.jobs.schedule import PERIODIC_JOBS, parse_schedule, queue_periodic
from app.models.job import Job
from tests.conftest import (
    SQLITE_ONLY,
    _close,
    _make_app,
)

pytestmark = SQLITE_ONLY


def test_a_schedule_reads_as_names_and_cron_fields():
    assert parse_schedule("update-lists=0 4 * * *; reindex-if-stale = */30  * * * *") == {
        "update-lists": "0 4 * * *",
        "reindex-if-stale": "*/30 * * * *",
    }
    assert parse_schedule("") == {}
    with pytest.raises(ValueError, match="NAME=MIN HOUR DAY MONTH DOW"):
        parse_schedule("update-lists=daily")


def test_the_lists_update_command_is_schedulable():
    assert PERIODIC_JOBS["update-lists"] == ["update"]


def test_nothing_is_scheduled_unless_the_setting_names_it(app):
    assert not [n for n in jobs.runner(app).huey._registry._registry if "periodic" in n]


def test_a_scheduled_name_must_be_a_periodic_job(empty_db_template, tmp_path):
    path = tmp_path / "db.sqlite"
    path.write_bytes(empty_db_template.read_bytes())
    with pytest.raises(RuntimeError, match="the periodic jobs are"):
        _make_app(path, JOBS_SCHEDULE="make-coffee=0 4 * * *")


def test_a_scheduled_job_is_queued_once_per_minute_and_recorded(empty_db_template, tmp_path):
    path = tmp_path / "db.sqlite"
    path.write_bytes(empty_db_template.read_bytes())
    app = _make_app(path, JOBS_SCHEDULE="reindex-if-stale=*/5 * * * *")
    try:
        runner = jobs.runner(app)
        assert any("periodic:reindex-if-stale" in n for n in runner.huey._registry._registry)
        first = queue_periodic(runner, "reindex-if-stale")
        second = queue_periodic(runner, "reindex-if-stale")  # another consumer, same minute
        with app.app_context():
            job = db.session.get(Job, first)
            assert second is None
            assert job.kind == "command" and job.queued_by == "schedule"
            assert job.state == "done", job.error
    finally:
        _close(app)
