"""Monitoring on the job runner: re-screens queued by the CLI and run by a consumer, webhook
deliveries retried with back-off, and webhooks that fail or hang never holding an import.

A real SQLite queue and a consumer in this process's threads, a real receiver on 127.0.0.1.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.models import Designation
from app.models.job import Job
from app.models.monitoring import AlertDigest, WebhookAttempt, WebhookDelivery
from app.services import monitoring
from app.services.monitoring import MonitorSettings
from tests.conftest import SQLITE_ONLY, _close, _make_app
from tests.monitoring_support import SECRET, Receiver, analyst, import_ofac, signature, stored_run

pytestmark = SQLITE_ONLY

TIMEOUT_SECONDS = 30
FIRST = [(201, "VOLKOV, Pavel Andreevich", "MAGNIT"), (202, "SOKOLOV, Ilya", "MAGNIT")]
SECOND = [*FIRST, (203, "MOROZOVA, Elena", "GLOMAG")]
CLIENTS = ["Pavel Andreevich Volkov", "Elena Morozova", "Oleg Popov"]


@pytest.fixture
def queue_app(empty_db_template: Path, tmp_path: Path):
    """An app on a real SQLite queue, with short webhook delays and timeouts."""
    path = tmp_path / "db.sqlite"
    path.write_bytes(empty_db_template.read_bytes())
    app = _make_app(
        path,
        JOBS_URL=f"sqlite:///{tmp_path / 'jobs.sqlite'}",
        JOBS_HEARTBEAT_SECONDS=0.1,
        JOBS_SWEEP_SECONDS=0.2,
        JOBS_POLL_SECONDS=0.1,
        WEBHOOK_RETRY_DELAYS_SECONDS="0.3,0.6",
        WEBHOOK_READ_TIMEOUT_SECONDS=1.0,
        WEBHOOK_TOTAL_TIMEOUT_SECONDS=2.0,
        WTF_CSRF_ENABLED=False,
    )
    yield app
    jobs.runner(app).stop()
    _close(app)


@pytest.fixture
def receiver():
    started = Receiver().start()
    yield started
    started.stop()


def _monitor(app, tmp_path: Path, url: str) -> int:
    """Clients screened against FIRST and monitored with a webhook to ``url``."""
    with app.app_context():
        import_ofac(app, tmp_path / "first", FIRST)
        person = analyst()
        run_id = stored_run(person.user, CLIENTS)
        monitored = monitoring.create_from_run(
            db.session,
            person.user,
            name="Clients",
            screening_id=run_id,
            webhook_url=url,
            webhook_secret=SECRET,
            settings=MonitorSettings.from_config(app.config),
        )
        return monitored.id


def _wait(app, condition, what: str):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        with app.app_context():
            found = condition()
            db.session.rollback()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _attempts(app) -> list[WebhookAttempt]:  # noqa: ANN001
    with app.app_context():
        found = list(db.session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id)))
        db.session.expunge_all()
        return found


def test_an_import_from_the_cli_is_re_screened_by_the_running_consumer(
    queue_app, tmp_path: Path, receiver
):
    list_id = _monitor(queue_app, tmp_path, receiver.url)
    with queue_app.app_context():
        import_ofac(queue_app, tmp_path / "second", SECOND)
        queued = db.session.scalars(select(Job.kind).where(Job.state == "queued")).all()
        assert "monitor-rescreen" in queued
        assert db.session.scalar(select(AlertDigest.id)) is None  # the CLI only queued it
    jobs.runner(queue_app).start(in_process=True)

    _wait(
        queue_app,
        lambda: db.session.scalar(select(AlertDigest.id).where(AlertDigest.list_id == list_id)),
        "the digest",
    )
    (received,) = receiver.wait_for(1)
    assert received.headers["X-Signature-SHA256"] == signature(received.body)
    assert [h["row"]["name"] for h in received.json()["new_hits"]] == ["Elena Morozova"]


def test_a_failed_delivery_is_retried_with_back_off_and_every_attempt_is_recorded(
    queue_app, tmp_path: Path, receiver
):
    receiver.statuses = [500, 503, 200]
    _monitor(queue_app, tmp_path, receiver.url)
    jobs.runner(queue_app).start(in_process=True)
    with queue_app.app_context():
        import_ofac(queue_app, tmp_path / "second", SECOND)

    received = receiver.wait_for(3)
    assert len({r.body for r in received}) == 1  # the same digest each time
    assert all(r.headers["X-Signature-SHA256"] == signature(r.body) for r in received)
    state = _wait(
        queue_app,
        lambda: db.session.scalar(
            select(WebhookDelivery.state).where(WebhookDelivery.state == "delivered")
        ),
        "the delivery",
    )
    assert state == "delivered"
    attempts = _attempts(queue_app)
    assert [a.status_code for a in attempts] == [500, 503, 200]
    gaps = [(b.at - a.at).total_seconds() for a, b in zip(attempts, attempts[1:], strict=False)]
    assert gaps[0] >= 0.3 and gaps[1] >= 0.6


def test_a_delivery_that_keeps_failing_stops_after_its_retries(queue_app, tmp_path, receiver):
    receiver.statuses = [500]
    _monitor(queue_app, tmp_path, receiver.url)
    jobs.runner(queue_app).start(in_process=True)
    with queue_app.app_context():
        import_ofac(queue_app, tmp_path / "second", SECOND)

    state = _wait(
        queue_app,
        lambda: db.session.scalar(
            select(WebhookDelivery.state).where(WebhookDelivery.state == "failed")
        ),
        "the delivery to fail",
    )
    assert state == "failed"
    assert [a.error for a in _attempts(queue_app)] == ["the receiver answered 500"] * 3


def test_a_hanging_webhook_neither_slows_nor_undoes_the_import(queue_app, tmp_path, receiver):
    receiver.delay = 10.0  # far beyond the read timeout of 1 s
    _monitor(queue_app, tmp_path, receiver.url)
    jobs.runner(queue_app).start(in_process=True)
    with queue_app.app_context():
        started = time.monotonic()
        import_ofac(queue_app, tmp_path / "second", SECOND)
        took = time.monotonic() - started
        assert db.session.scalar(
            select(Designation.id).where(Designation.primary_name == "MOROZOVA, Elena")
        )
    assert took < receiver.delay

    _wait(queue_app, lambda: db.session.scalar(select(WebhookAttempt.id)), "an attempt")
    attempt = _attempts(queue_app)[0]
    assert attempt.error == "timed out" and attempt.status_code is None
    assert attempt.seconds < receiver.delay
