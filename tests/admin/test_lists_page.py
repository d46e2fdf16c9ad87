"""Admin -> Lists: data dates, update attempts, and "update now" (CSRF, signed in): a job
on the app's job runner (run at once by the tests' immediate queue), whose page shows it."""

from __future__ import annotations

import pytest
from flask import Flask

from app.extensions import db
from app.jobs import list_update_jobs, new_token
from app.models import Designation, ListUpdate
from app.models.job import Job
from app.services import job_records
from tests import list_server
from tests.admin.helpers import csrf_token, signed_in
from tests.conftest import REPO_ROOT, Template, _close, _make_app, copy_database

CANADA_SEED = REPO_ROOT / "seed_data" / "canada" / "jvcfor_2020-04.xml"


@pytest.fixture
def server(admin_app: Flask):
    state, httpd = list_server.start()
    admin_app.config["LIST_SOURCES"] = {
        code: f"{state.base_url}/{code}" for code in ("ofac", "un", "uk", "canada", "au")
    }
    yield state
    httpd.shutdown()
    httpd.server_close()


def _update_now(client, source: str):  # noqa: ANN001, ANN202
    token = csrf_token(client.get("/admin/lists").get_data(as_text=True))
    return client.post("/admin/lists/update", data={"csrf_token": token, "source": source})


def test_update_now_queues_a_job_and_shows_its_page(admin_app: Flask, server) -> None:
    server.serve("/canada", CANADA_SEED)
    client = signed_in(admin_app)
    response = _update_now(client, "canada")
    assert response.status_code == 302 and response.location.startswith("/admin/jobs/")
    page = client.get(response.location).get_data(as_text=True)
    assert "Update canada from the official sources" in page
    assert "canada: imported: created 70" in page
    with admin_app.app_context():
        job = db.session.scalar(db.select(Job))
        assert (job.kind, job.state, job.queued_by) == ("list-update", "done", "editor@example.org")
        assert response.location == f"/admin/jobs/{job.id}"


def test_an_update_job_imports_the_list_as_the_editor(admin_app: Flask, server) -> None:
    server.serve("/canada", CANADA_SEED)
    client = signed_in(admin_app)
    _update_now(client, "canada")
    page = client.get("/admin/lists").get_data(as_text=True)
    assert "Consolidated Canadian Autonomous Sanctions List" in page
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Designation.id))) == 70
        assert db.session.scalar(db.select(ListUpdate.actor)) == "editor@example.org"


def test_update_now_does_not_wait_for_the_download(empty_db_template: Template, tmp_path) -> None:
    # A real queue with no consumer running: the request only queues the job.
    app = _make_app(
        copy_database(empty_db_template, tmp_path),
        JOBS_URL=f"sqlite:///{tmp_path / 'jobs.sqlite'}",
        LIST_SOURCES={"canada": "http://127.0.0.1:9/never-fetched"},
    )
    try:
        client = signed_in(app)
        response = _update_now(client, "canada")
        assert response.location.startswith("/admin/jobs/")
        assert "Update canada from the official sources: <strong>queued</strong>" in (
            client.get("/admin/lists").get_data(as_text=True)
        )
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(ListUpdate.id))) == 0
    finally:
        _close(app)


def test_the_lists_page_shows_an_update_that_is_running(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    with admin_app.app_context():
        job_id = new_token()
        job_records.create(
            db.session,
            job_id,
            list_update_jobs.LIST_UPDATE,
            "Update un from the official sources",
            {"sources": ["un"]},
            queued_by="other@example.org",
        )
    page = client.get("/admin/lists").get_data(as_text=True)
    assert "Update un from the official sources: <strong>queued</strong>" in page
    assert f'href="/admin/jobs/{job_id}"' in page


def test_update_now_while_an_update_runs_shows_that_one(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    with admin_app.app_context():
        job_id = new_token()
        job_records.create(db.session, job_id, list_update_jobs.LIST_UPDATE, "Update all", {})
    response = _update_now(client, "ofac")
    assert response.location == f"/admin/jobs/{job_id}"
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Job.id))) == 1
        assert db.session.scalar(db.select(db.func.count(ListUpdate.id))) == 0


def test_update_now_without_the_csrf_token_does_nothing(admin_app: Flask, server) -> None:
    server.serve("/canada", CANADA_SEED)
    client = signed_in(admin_app)
    client.post("/admin/lists/update", data={"source": "canada"})
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(ListUpdate.id))) == 0


def test_the_lists_page_needs_a_signed_in_account(admin_app: Flask) -> None:
    client = admin_app.test_client()
    assert client.get("/admin/lists").status_code == 302
    assert client.post("/admin/lists/update", data={"source": "all"}).status_code in (302, 400)
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(ListUpdate.id))) == 0


def test_a_failed_update_is_shown_with_its_reason(admin_app: Flask, server) -> None:
    client = signed_in(admin_app)
    response = _update_now(client, "un")
    job_page = client.get(response.location).get_data(as_text=True)
    assert "Update failed for un" in job_page and "HTTP 404" in job_page
    page = client.get("/admin/lists").get_data(as_text=True)
    assert "HTTP 404" in page.split("Latest update attempts")[1]
    with admin_app.app_context():
        assert db.session.scalar(db.select(Job.state)) == "failed"
