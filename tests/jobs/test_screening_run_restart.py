"""A stored screening run survives its worker: killed mid-way, a worker started again
screens the rows still pending, and every row ends with its hits recorded once."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.jobs.screening_jobs import SCREENING_RUN
from app.models import ScreeningHit, ScreeningRow, ScreeningRun
from app.services import accounts, screening
from app.services import screening_records as records
from app.services.audit import CLI
from tests.conftest import SQLITE_ONLY, _close, _make_app
from tests.jobs.test_restart import NAMES, _environment, _record, _wait, _worker

pytestmark = SQLITE_ONLY


def _queue_run(app) -> tuple[str, str]:  # noqa: ANN001
    with app.app_context():
        user = accounts.create_user(
            db.session, "analyst@example.org", "correct horse battery staple", "analyst", 12, CLI
        )
        rows = [
            screening.row_from_json(i, {"name": f"Artem Kuznetsov {i}", "reference": f"R{i}"}, 300)
            for i in range(NAMES)
        ]
        job_id = jobs.new_token()
        run = records.create_run(
            db.session,
            user=user,
            origin="api",
            label="restart",
            rows=rows,
            threshold=0.8,
            job_id=job_id,
        )
        jobs.submit(SCREENING_RUN, run.label, {"run_id": run.id}, job_id=job_id, total=NAMES)
        return run.id, job_id


def _screened(app, run_id: str) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(ScreeningRow)
            .where(ScreeningRow.run_id == run_id, ScreeningRow.status != "pending")
        )


def test_a_stored_run_killed_with_its_worker_finishes_after_a_restart(
    seeded_db_template: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "db.sqlite"
    shutil.copy(seeded_db_template, db_path)
    environment = _environment(tmp_path, db_path)
    app = _make_app(db_path, JOBS_URL=environment["JOBS_URL"])
    log = tmp_path / "worker.log"
    run_id, job_id = _queue_run(app)
    workers = []
    try:
        workers.append(_worker(environment, log))
        _wait(lambda: _screened(app, run_id) >= 20, "the first rows")
        workers[-1].send_signal(signal.SIGKILL)
        workers[-1].wait(timeout=30)
        assert _screened(app, run_id) < NAMES, "the run ended before the worker was killed"
        workers.append(_worker(environment, log))
        _wait(lambda: _record(app, job_id).state in ("done", "failed"), "the restarted run")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=30)
    with app.app_context():
        run = db.session.get(ScreeningRun, run_id)
        hits = db.session.execute(
            select(ScreeningHit.row_id, ScreeningHit.rank).where(ScreeningHit.run_id == run_id)
        ).all()
        matched = db.session.scalar(
            select(func.count())
            .select_from(ScreeningRow)
            .where(ScreeningRow.run_id == run_id, ScreeningRow.status == "match")
        )
        assert run.status == "done", (run.error, log.read_text())
        assert _screened(app, run_id) == NAMES
        assert len(set(hits)) == len(hits)  # no row's hits recorded twice
        assert len({row for row, _rank in hits}) == matched == run.counts["match"]
    _close(app)
