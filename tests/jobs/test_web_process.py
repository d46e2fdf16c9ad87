"""No extra command on one machine: a real ``flask run`` consumes the queue in its own
threads, so an import queued from the terminal is done by the running app."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from app.extensions import db
from app.models.job import Job
from tests.builders import sdn_row, write_ofac_set
from tests.conftest import (
    REPO_ROOT,
    SQLITE_ONLY,
    _close,
    _make_app,
)
from tests.jobs.test_restart import TIMEOUT_SECONDS, _environment

pytestmark = SQLITE_ONLY


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_import_queued_from_the_cli_is_done_by_the_running_web_process(
    empty_db_template: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "db.sqlite"
    shutil.copy(empty_db_template, db_path)
    environment = {
        **_environment(tmp_path, db_path),
        "IMPORT_UPLOAD_DIR": str(tmp_path / "uploads"),
        "JOBS_RUN_IN_PROCESS": "1",
    }
    port = _free_port()
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "flask", "run", "--host", "127.0.0.1", "--port", str(port)],
            env=environment,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    app = _make_app(
        db_path,
        JOBS_URL=environment["JOBS_URL"],
        IMPORT_UPLOAD_DIR=environment["IMPORT_UPLOAD_DIR"],
    )
    try:
        folder = write_ofac_set(tmp_path / "set", [sdn_row(900001, "SERVEROV, Ivan")])
        result = app.test_cli_runner().invoke(args=["import", "ofac-csv", str(folder), "--queue"])
        assert result.exit_code == 0, result.output
        job_id = result.output.split("Queued import job ")[1].split(":")[0]
        deadline = time.monotonic() + TIMEOUT_SECONDS
        state = "queued"
        while state not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
            with app.app_context():
                state = db.session.get(Job, job_id).state
    finally:
        server.terminate()
        server.wait(timeout=30)
        _close(app)
    assert state == "done", (tmp_path / "server.log").read_text()
