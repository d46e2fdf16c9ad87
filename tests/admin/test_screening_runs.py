"""Screening runs in the admin area: stored uploads, the run page, review, access, tokens."""

from __future__ import annotations

import io
import json
import re

import pytest
from flask import Flask
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.jobs.screening_jobs import SCREENING_RUN
from app.models import ScreeningRun, User
from app.runners import run_import
from app.services import job_records, screening
from app.services import screening_records as records
from tests.admin.helpers import csrf_token, page_token, signed_in
from tests.builders import sdn_row, write_ofac_set

NAMES_CSV = b"name,reference,dob\nRustam Karimov,C-1,1962\nZebulon Quxworthy,C-2,\n"


@pytest.fixture
def review_app(admin_app: Flask, tmp_path) -> Flask:
    admin_app.config["SCREENING_JOB_DIR"] = str(tmp_path / "screening")
    with admin_app.app_context():
        run_import("ofac-csv", write_ofac_set(tmp_path / "v1", [sdn_row(101, "KARIMOV, Rustam")]))
    return admin_app


def _upload(client) -> str:
    """Upload NAMES_CSV as the signed-in account; the id of the run it stored."""
    token = page_token(client, "/screen")
    response = client.post(
        "/screen",
        data={"file": (io.BytesIO(NAMES_CSV), "clients.csv"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    listing = client.get("/admin/screenings").get_data(as_text=True)
    return re.search(r'href="/admin/screenings/([\w-]+)"', listing).group(1)


def _hit_id(client, run_id: str) -> int:
    page = client.get(f"/admin/screenings/{run_id}").get_data(as_text=True)
    return int(re.search(r'id="hit-(\d+)"', page).group(1))


def _decide(client, run_id: str, hit_id: int, reason: str = "Born 1990, not 1962"):
    token = csrf_token(client.get(f"/admin/screenings/{run_id}").get_data(as_text=True))
    return client.post(
        f"/admin/screenings/{run_id}/hits/{hit_id}/decision",
        data={"decision": "false_positive", "reason": reason, "csrf_token": token},
    )


def test_an_upload_by_a_signed_in_analyst_is_stored_with_its_rows_and_hits(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _upload(client)
    page = client.get(f"/admin/screenings/{run_id}").get_data(as_text=True)
    assert "KARIMOV, Rustam" in page and "Zebulon Quxworthy" in page
    with review_app.app_context():
        run = db.session.get(ScreeningRun, run_id)
        assert (run.status, run.origin, run.total_rows) == ("done", "browser", 2)


def test_an_anonymous_upload_stores_no_run(review_app):
    client = review_app.test_client()
    token = page_token(client, "/screen")
    client.post(
        "/screen",
        data={"file": (io.BytesIO(NAMES_CSV), "clients.csv"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    with review_app.app_context():
        assert db.session.scalars(select(ScreeningRun)).all() == []


def test_the_upload_of_a_signed_in_account_still_gives_its_csv_result(review_app):
    client = signed_in(review_app, "analyst")
    _upload(client)
    with review_app.app_context():
        job_id = db.session.scalar(select(ScreeningRun.job_id))
    status = client.get(f"/screen/{job_id}/status").get_json()
    assert (status["state"], status["done"]) == ("done", 2)
    with client.get(status["result_url"]) as download:
        assert "KARIMOV" in download.get_data(as_text=True)


def test_a_hit_decided_on_the_run_page_shows_its_decision(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _upload(client)
    hit_id = _hit_id(client, run_id)
    assert _decide(client, run_id, hit_id).status_code == 303
    page = client.get(f"/admin/screenings/{run_id}?show=decided").get_data(as_text=True)
    assert "False positive" in page and "Born 1990, not 1962" in page


def test_a_decision_without_a_reason_is_refused_with_a_message(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _upload(client)
    response = _decide(client, run_id, _hit_id(client, run_id), reason="  ")
    assert response.status_code == 400
    assert "Give the reason" in response.get_data(as_text=True)


def test_a_decision_without_the_csrf_token_is_refused(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _upload(client)
    response = client.post(
        f"/admin/screenings/{run_id}/hits/{_hit_id(client, run_id)}/decision",
        data={"decision": "false_positive", "reason": "x"},
    )
    assert response.status_code == 400


def test_the_open_filter_leaves_out_decided_hits(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _upload(client)
    _decide(client, run_id, _hit_id(client, run_id))
    page = client.get(f"/admin/screenings/{run_id}?show=open").get_data(as_text=True)
    assert 'id="hit-' not in page and "No hits here" in page


def test_the_downloads_carry_the_decisions(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _upload(client)
    _decide(client, run_id, _hit_id(client, run_id))
    csv_text = client.get(f"/admin/screenings/{run_id}/export.csv").get_data(as_text=True)
    document = json.loads(client.get(f"/admin/screenings/{run_id}/export.json").data)
    assert "false_positive" in csv_text
    assert document["rows"][0]["hits"][0]["decision"]["reason"] == "Born 1990, not 1962"


def test_another_analyst_gets_404_on_a_run_that_is_not_theirs(review_app):
    run_id = _upload(signed_in(review_app, "analyst"))
    other = signed_in(review_app, "analyst", "other@example.org")
    assert other.get(f"/admin/screenings/{run_id}").status_code == 404
    assert other.get(f"/admin/screenings/{run_id}/export.json").status_code == 404
    assert run_id not in other.get("/admin/screenings").get_data(as_text=True)


def test_an_admin_sees_everyones_runs(review_app):
    run_id = _upload(signed_in(review_app, "analyst"))
    admin = signed_in(review_app, "admin")
    assert admin.get(f"/admin/screenings/{run_id}").status_code == 200
    assert run_id in admin.get("/admin/screenings?all=1").get_data(as_text=True)


def test_an_analyst_gets_403_on_designation_editing(review_app):
    client = signed_in(review_app, "analyst")
    assert client.get("/admin/designations/new").status_code == 403
    token = csrf_token(client.get("/admin/screenings").get_data(as_text=True))
    response = client.post("/admin/designations/new", data={"csrf_token": token})
    assert response.status_code == 403


def test_an_analyst_reaches_the_admin_start_page_without_editing_links(review_app):
    page = signed_in(review_app, "analyst").get("/admin/").get_data(as_text=True)
    assert "/admin/screenings" in page and "/admin/designations/new" not in page


def test_a_token_created_on_the_account_page_is_shown_once_and_works(review_app):
    client = signed_in(review_app, "analyst")
    token = csrf_token(client.get("/admin/account").get_data(as_text=True))
    response = client.post("/admin/account/tokens", data={"name": "batch", "csrf_token": token})
    assert response.status_code == 201
    text = re.search(r"(sl_[\w-]{40,})", response.get_data(as_text=True)).group(1)
    assert text not in client.get("/admin/account").get_data(as_text=True)
    api = review_app.test_client().post(
        "/api/v1/screen",
        json={"names": [{"name": "Rustam Karimov"}]},
        headers={"Authorization": f"Bearer {text}"},
    )
    assert api.status_code == 200 and api.get_json()["screening_id"]
    assert "never" not in client.get("/admin/account").get_data(as_text=True)


def test_a_token_revoked_on_the_account_page_stops_working(review_app):
    client = signed_in(review_app, "analyst")
    token = csrf_token(client.get("/admin/account").get_data(as_text=True))
    page = client.post("/admin/account/tokens", data={"name": "batch", "csrf_token": token})
    html = page.get_data(as_text=True)
    text = re.search(r"(sl_[\w-]{40,})", html).group(1)
    revoke = re.search(r'action="(/admin/account/tokens/\d+/revoke)"', html).group(1)
    assert client.post(revoke, data={"csrf_token": csrf_token(html)}).status_code == 303
    api = review_app.test_client().post(
        "/api/v1/screen", json={"names": []}, headers={"Authorization": f"Bearer {text}"}
    )
    assert api.status_code == 401


def test_a_token_without_a_name_is_refused(review_app):
    client = signed_in(review_app, "analyst")
    token = csrf_token(client.get("/admin/account").get_data(as_text=True))
    response = client.post("/admin/account/tokens", data={"name": " ", "csrf_token": token})
    assert response.status_code == 400 and "Give the token a name" in response.get_data(True)


def test_a_decision_must_be_chosen(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _upload(client)
    token = csrf_token(client.get(f"/admin/screenings/{run_id}").get_data(as_text=True))
    response = client.post(
        f"/admin/screenings/{run_id}/hits/{_hit_id(client, run_id)}/decision",
        data={"decision": "", "reason": "Looked at it", "csrf_token": token},
    )
    assert response.status_code == 400 and "Decision" in response.get_data(as_text=True)


def test_the_progress_page_of_a_stored_run_links_to_its_review(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _upload(client)
    with review_app.app_context():
        job_id = db.session.scalar(select(ScreeningRun.job_id))
    status = client.get(f"/screen/{job_id}/status").get_json()
    assert (status["screening_id"], status["run_url"]) == (run_id, f"/admin/screenings/{run_id}")
    assert f'href="/admin/screenings/{run_id}"' in client.get(f"/screen/{job_id}").get_data(True)


def _waiting_run(app: Flask, email: str) -> str:
    """A stored run of ``email`` whose job is recorded but not queued: it waits."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        job_id = jobs.new_token()
        rows = [screening.row_from_json(0, {"name": "Rustam Karimov"}, 300)]
        run = records.create_run(
            db.session,
            user=user,
            origin="api",
            label="waiting",
            rows=rows,
            threshold=0.8,
            job_id=job_id,
        )
        job_records.create(db.session, job_id, SCREENING_RUN, "waiting", {"run_id": run.id})
        return run.id


def _run_status(app: Flask, run_id: str) -> tuple[str, int]:
    with app.app_context():
        run = db.session.get(ScreeningRun, run_id)
        return run.status, run.counts.get("match", 0)


def test_a_waiting_run_is_cancelled_then_retried_to_the_end_from_its_page(review_app):
    client = signed_in(review_app, "analyst")
    run_id = _waiting_run(review_app, "analyst@example.org")
    token = csrf_token(client.get(f"/admin/screenings/{run_id}").get_data(as_text=True))
    client.post(f"/admin/screenings/{run_id}/cancel", data={"csrf_token": token})
    assert _run_status(review_app, run_id) == ("cancelled", 0)
    client.post(f"/admin/screenings/{run_id}/retry", data={"csrf_token": token})
    assert _run_status(review_app, run_id) == ("done", 1)
