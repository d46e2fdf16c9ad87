"""Admin job pages: who sees which job, live status, cancel and retry (with CSRF)."""

from __future__ import annotations

import io

from flask import Flask

from app import jobs
from app.extensions import db
from app.models import User
from app.models.job import Job
from tests.admin.helpers import csrf_token, signed_in


def _job(app: Flask, kind: str, args: list[str] | None = None, email: str | None = None) -> str:
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email)) if email else None
        job = jobs.submit(
            kind,
            f"a {kind} job",
            {"args": args or ["reindex"]},
            user_id=user.id if user else None,
            queued_by=email or "cli",
        )
        return job.id


def _state(app: Flask, job_id: str) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def test_the_job_list_needs_a_signed_in_account(admin_app: Flask) -> None:
    response = admin_app.test_client().get("/admin/jobs")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_an_editor_sees_imports_and_their_own_jobs_not_others_screenings(admin_app) -> None:
    editor = signed_in(admin_app, "editor", "editor@example.org")
    signed_in(admin_app, "editor", "other@example.org")
    shared = _job(admin_app, "command")
    own = _job(admin_app, "no-such-kind", email="editor@example.org")
    others = _job(admin_app, "screening", email="other@example.org")

    page = editor.get("/admin/jobs").get_data(as_text=True)

    assert f"/admin/jobs/{shared}" in page and f"/admin/jobs/{own}" in page
    assert f"/admin/jobs/{others}" not in page
    assert editor.get(f"/admin/jobs/{others}").status_code == 404
    assert editor.get(f"/admin/jobs/{others}/status").status_code == 404


def test_an_admin_sees_every_job(admin_app: Flask) -> None:
    signed_in(admin_app, "editor", "other@example.org")
    others = _job(admin_app, "screening", email="other@example.org")
    admin = signed_in(admin_app, "admin")
    assert f"/admin/jobs/{others}" in admin.get("/admin/jobs").get_data(as_text=True)


def test_a_job_page_shows_its_outcome_and_its_status_as_json(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    job_id = _job(admin_app, "command", ["reindex"])

    page = client.get(f"/admin/jobs/{job_id}").get_data(as_text=True)
    status = client.get(f"/admin/jobs/{job_id}/status").get_json()

    assert "Indexed" in page  # the command's output
    assert status["state"] == "done" and status["finished"] is True
    assert status["attempts"] == 1 and status["finished_at"]


def test_a_failed_job_can_be_retried_and_runs_again(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    job_id = _job(admin_app, "command", ["no-such-command"])
    first = _state(admin_app, job_id)
    assert first.state == "failed" and "no command `flask no-such-command`" in first.error
    token = csrf_token(client.get(f"/admin/jobs/{job_id}").get_data(as_text=True))

    response = client.post(f"/admin/jobs/{job_id}/retry", data={"csrf_token": token})

    assert response.status_code == 302
    again = _state(admin_app, job_id)
    assert again.state == "failed" and again.finished_at > first.finished_at


def test_retry_and_cancel_need_the_csrf_token(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    job_id = _job(admin_app, "command", ["no-such-command"])
    finished_at = _state(admin_app, job_id).finished_at
    assert client.post(f"/admin/jobs/{job_id}/retry").status_code == 400
    assert client.post(f"/admin/jobs/{job_id}/cancel").status_code == 400
    assert _state(admin_app, job_id).finished_at == finished_at


def test_a_queued_job_can_be_cancelled_from_its_page(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    with admin_app.app_context():
        from app.services import job_records

        job = job_records.create(db.session, jobs.new_token(), "command", "waiting", {"args": []})
        job_id = job.id  # recorded but not queued: it waits
    token = csrf_token(client.get(f"/admin/jobs/{job_id}").get_data(as_text=True))

    client.post(f"/admin/jobs/{job_id}/cancel", data={"csrf_token": token})

    assert _state(admin_app, job_id).state == "cancelled"


def test_an_import_from_the_browser_has_a_job_record(admin_app: Flask, tmp_path) -> None:
    from tests.builders import sdn_row, write_ofac_set

    client = signed_in(admin_app)
    folder = write_ofac_set(tmp_path / "set", [sdn_row(900001, "JOBOV, Petr")])
    token = csrf_token(client.get("/admin/imports").get_data(as_text=True))
    data = {
        "csrf_token": token,
        "format": "ofac-csv",
        "sdn": (io.BytesIO((folder / "sdn.csv").read_bytes()), "sdn.csv"),
    }
    preview_url = client.post(
        "/admin/imports", data=data, content_type="multipart/form-data"
    ).headers["Location"]
    token = csrf_token(client.get(preview_url).get_data(as_text=True))
    job_url = client.post(preview_url + "/confirm", data={"csrf_token": token}).headers["Location"]

    page = client.get(job_url).get_data(as_text=True)

    assert "Imported ofac-sdn: created 1" in page
    assert "editor@example.org" in page  # who queued it


def test_the_job_list_takes_any_page_and_filter_without_an_error(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    for query in ("page=0", "page=99999999999", "page=-1", "state=bogus&kind=<x>", "page=2"):
        assert client.get(f"/admin/jobs?{query}").status_code == 200, query
